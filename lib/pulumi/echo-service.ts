import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { adapterProps } from '../core/istio-target';
import { buildEchoService, EchoServiceManifests, EchoServiceProps } from '../core/echo-service';
import { KubeObject, ServiceEndpoint, WorkloadRef } from '../core/types';
import { atResource, defaultObjectName } from './component-names';
import { createResource, KubeResource } from './resources';

export { EchoServiceProps } from '../core/echo-service';

/** The Pulumi type token of {@link EchoService}. */
export const ECHO_SERVICE_TYPE = 'istio-direct:index:EchoService';

/**
 * The example scenario's `echo-service`: a Deployment of `mendhak/http-https-echo`
 * (3 replicas, HTTP on 8080) and a ClusterIP Service (3000 -> 8080,
 * `appProtocol: http`). The Pulumi twin of the cdk8s `EchoService`: the same
 * props give the same objects.
 *
 * Children: `<name>-deployment` (with `versions`, `<name>-deployment-<version>` each) and `<name>-service`.
 * The Kubernetes objects are named `props.name`, by default the resource name (made a DNS-1035 label
 * when it is not one).
 *
 * @example
 * const echo = new EchoService('echo'); // Deployment and Service "echo", 3 replicas
 * export const echoFqdn = echo.fqdn;
 */
export class EchoService extends pulumi.ComponentResource {
  /** The Deployment (with `versions`, the first version's). */
  public readonly deployment: k8s.apps.v1.Deployment;
  /** Every Deployment: one per version (`<name>-deployment-<version>`), or the one Deployment. */
  public readonly deployments: readonly k8s.apps.v1.Deployment[];
  /** The ClusterIP Service. */
  public readonly service: k8s.core.v1.Service;
  /** Every resource this component created, in apply order. */
  public readonly resources: readonly KubeResource[];
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

  /**
   * @param name the component's Pulumi name (prefix of its children's logical names)
   * @param props the same props as the cdk8s `EchoService`
   * @param opts component options (`provider`, `providers`, `dependsOn`, ...); children inherit them through `parent`
   * @throws IstioDirectError on bad props, before anything is registered
   */
  constructor(name: string, props: EchoServiceProps = {}, opts: pulumi.ComponentResourceOptions = {}) {
    // Built before `super`, so bad input registers nothing.
    const { given: safe, manifests } = atResource(name, () => {
      const given = adapterProps('EchoService', props, buildEchoService) ?? {};
      const named = { ...given, name: given.name ?? defaultObjectName(name, 'echo') };
      return { given, manifests: buildEchoService(named) };
    });
    super(ECHO_SERVICE_TYPE, name, { ...safe }, opts);
    this.manifests = manifests;
    const versions = safe.versions !== undefined;
    this.deployments = manifests.deployments.map(
      (d) => createResource(name, d, { parent: this }, versions ? versionOf(d) : undefined) as k8s.apps.v1.Deployment,
    );
    this.deployment = this.deployments[0];
    this.service = createResource(name, manifests.service, { parent: this }) as k8s.core.v1.Service;
    this.resources = [...this.deployments, this.service];
    this.endpoint = manifests.endpoint;
    this.workload = manifests.workload;
    this.name = this.endpoint.name;
    this.namespace = this.endpoint.namespace;
    this.selectorLabels = this.endpoint.selectorLabels;
    this.registerOutputs({
      serviceName: this.endpoint.name,
      namespace: this.endpoint.namespace,
      fqdn: this.endpoint.fqdn,
      port: this.endpoint.port,
      targetPort: this.endpoint.targetPort,
      selectorLabels: this.endpoint.selectorLabels,
      deploymentName: this.workload.name,
      replicas: this.workload.replicas,
    });
  }

  /** `<name>.<namespace>.svc.<clusterDomain>` */
  public get fqdn(): string {
    return this.endpoint.fqdn;
  }
}

/** The `version` label a versioned Deployment's pods carry. */
function versionOf(deployment: KubeObject): string {
  const spec = deployment.spec as { template: { metadata: { labels: Record<string, string> } } };
  return spec.template.metadata.labels.version;
}
