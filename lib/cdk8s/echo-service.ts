import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { checkCdk8sMapKeys } from './renderable';
import { adapterProps } from '../core/istio-target';
import { buildEchoService, EchoServiceManifests, EchoServiceProps } from '../core/echo-service';
import { ServiceEndpoint, WorkloadRef } from '../core/types';
import { addApiObject, namespaceOf } from './api-objects';
import { registerRulesPass } from './rules-pass';

export { EchoServiceProps } from '../core/echo-service';

/**
 * The example scenario's `echo-service`: a Deployment of `mendhak/http-https-echo`
 * (3 replicas, HTTP on 8080) and a ClusterIP Service (3000 -> 8080,
 * `appProtocol: http`).
 *
 * `ApiObject.of(echo)` is the Service; `echo.deployment` is the Deployment.
 *
 * @example
 * new EchoService(chart, 'echo'); // echo-service, 3 replicas
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
    const safe = adapterProps('EchoService', props, buildEchoService) ?? {};
    this.manifests = buildEchoService({ ...safe, namespace: namespaceOf(this, safe.namespace) });
    checkCdk8sMapKeys('EchoService', this.manifests.endpoint.name, { labels: safe.labels, podAnnotations: safe.podAnnotations });
    const versions = safe.versions !== undefined;
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
