import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { checkCdk8sMapKeys } from './renderable';
import { adapterProps } from '../core/istio-target';
import { buildEchoService, EchoServiceManifests, EchoServiceProps } from '../core/echo-service';
import { ServiceEndpoint, WorkloadRef } from '../core/types';
import { addApiObject, namespaceOf } from './api-objects';
import { atConstruct } from './construct-errors';
import { defaultObjectName } from './default-name';
import { registerRulesPass } from './rules-pass';

export { EchoServiceProps } from '../core/echo-service';

/**
 * The example scenario's `echo-service`: a Deployment of `mendhak/http-https-echo`
 * (3 replicas, HTTP on 8080) and a ClusterIP Service (3000 -> 8080,
 * `appProtocol: http`).
 *
 * `ApiObject.of(echo)` is the Service; `echo.deployment` is the Deployment.
 *
 * Its objects are named `props.name`, by default a name from the construct path
 * (`<chart>-<id>-<hash>`), unique in the app.
 *
 * @example
 * new EchoService(chart, 'echo'); // chart-echo-<hash>, 3 replicas
 * new EchoService(chart, 'seed', { name: 'echo-service' }); // the example scenario's name
 */
export class EchoService extends Construct {
  /** The Deployment (with `versions`, the first version's). */
  public readonly deployment: ApiObject;
  /** Every Deployment: one per version, or the one Deployment. */
  public readonly deployments: readonly ApiObject[];
  /** The ClusterIP Service (the default child). */
  public readonly service: ApiObject;
  /** Every object this construct added. */
  public readonly apiObjects: readonly ApiObject[];
  /** Name of the Deployment and the Service. */
  public readonly name: string;
  /** Namespace DNS names assume. */
  public readonly namespace: string;
  /** The pods' selector labels. */
  public readonly selectorLabels: Readonly<Record<string, string>>;
  /** How to reach the Service: name, FQDN, port, container port. */
  public readonly endpoint: ServiceEndpoint;
  /** The Deployment as a workload (for a HeadlessMeshService target). */
  public readonly workload: WorkloadRef;
  /** The plain objects, as the core built them. */
  public readonly manifests: EchoServiceManifests;

  constructor(scope: Construct, id: string, props: EchoServiceProps = {}) {
    super(scope, id);
    registerRulesPass(this);
    let versions = false;
    this.manifests = atConstruct(this, () => {
      const safe = adapterProps('EchoService', props, buildEchoService) ?? {};
      versions = safe.versions !== undefined;
      const name = safe.name ?? defaultObjectName(this, 'echo');
      const manifests = buildEchoService({ ...safe, name, namespace: namespaceOf(this, safe.namespace) });
      checkCdk8sMapKeys('EchoService', manifests.endpoint.name, { labels: safe.labels, podAnnotations: safe.podAnnotations });
      return manifests;
    });
    this.deployments = this.manifests.deployments.map((d) => addApiObject(this, versions ? `Deployment-${d.metadata.name}` : 'Deployment', d));
    this.deployment = this.deployments[0];
    this.service = addApiObject(this, 'Resource', this.manifests.service);
    this.apiObjects = [...this.deployments, this.service];
    this.endpoint = this.manifests.endpoint;
    this.workload = this.manifests.workload;
    this.name = this.endpoint.name;
    this.namespace = this.endpoint.namespace;
    this.selectorLabels = this.endpoint.selectorLabels;
  }

  /** `<name>.<namespace>.svc.<clusterDomain>` */
  public get fqdn(): string {
    return this.endpoint.fqdn;
  }
}
