import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { adapterProps } from '../core/istio-target';
import { Bootstrap } from '../core/envoy/types';
import {
  buildEnvoyDirectPods,
  DiscoveryMode,
  EnvoyDirectPodsManifests,
  EnvoyDirectPodsProps,
  IpFamily,
  resolveEnvoyTarget,
} from '../core/envoy-direct-pods';
import { ScrapeTarget, scrapeTargetFromEnvoy } from '../core/scraping';
import { atResource, defaultObjectName } from './component-names';
import { createResource, KubeResource } from './resources';

export { EnvoyDirectPodsProps } from '../core/envoy-direct-pods';

/** The Pulumi type token of {@link EnvoyDirectPods}. */
export const ENVOY_DIRECT_PODS_TYPE = 'istio-direct:index:EnvoyDirectPods';

/**
 * An Envoy proxy that balances straight across pod IPs the way Istio's
 * sidecars do: a ConfigMap (key `envoy.yaml`), a Deployment and a LoadBalancer
 * Service, all named `props.name` (by default the resource name, made a DNS-1035
 * label when it is not one), cluster `echo_cluster_direct_pods`. Admin listens on loopback only (127.0.0.1:9901,
 * or [::1]:9901 with `ipFamily: 'IPv6'`). The Pulumi
 * twin of the cdk8s `EnvoyDirectPods`.
 *
 * Children: `<name>-configmap`, `<name>-deployment` and `<name>-service`, and with versions in `dns` or
 * `service` discovery `<name>-service-<version>` for each version's Service.
 *
 * @example
 * new EnvoyDirectPods('envoy', {
 *   target: echo,
 *   podIps: ['10.244.0.26', '10.244.1.26', '10.244.2.12'],
 * });
 */
export class EnvoyDirectPods extends pulumi.ComponentResource {
  /** ConfigMap holding `envoy.yaml`. */
  public readonly configMap: k8s.core.v1.ConfigMap;
  /** The Envoy Deployment. */
  public readonly deployment: k8s.apps.v1.Deployment;
  /** The Service in front of Envoy. */
  public readonly service: k8s.core.v1.Service;
  /** With versions in `dns` or `service` discovery: the Service of each version (`<name>-service-<version>`); else none. */
  public readonly versionServices: readonly k8s.core.v1.Service[];
  /** Every resource this component created, in apply order. */
  public readonly resources: readonly KubeResource[];
  /** The bootstrap Envoy runs, deep-frozen (it is what the ConfigMap holds: change the props, not this object). */
  public readonly bootstrap: Bootstrap;
  /** SHA-256 of `envoy.yaml`, on the pod template so a config change rolls the pods. */
  public readonly configChecksum: string;
  /** The Envoy cluster name (with versions, the first version's). */
  public readonly clusterName: string;
  /** Every upstream cluster name: one per version (`outbound|<port>|<version>|<host>`), else `clusterName` alone. */
  public readonly clusterNames: readonly string[];
  /** Discovery mode in use. */
  public readonly discovery: DiscoveryMode;
  /** IP family in use. */
  public readonly ipFamily: IpFamily;
  /** Name of the Deployment and the Service. */
  public readonly name: string;
  /** The Envoy Service's name, namespace (when set) and port. */
  public readonly endpoint: EnvoyDirectPodsManifests['endpoint'];
  /** The plain objects, as the core built them. */
  public readonly manifests: EnvoyDirectPodsManifests;
  /**
   * The Envoy pods as a `MetricsScraping` target: with `statsListener`, its metrics endpoint is the stats
   * listener (`GET /stats/prometheus` on the container port `http-stats`). No Service: the proxy's Service is
   * its clients' and does not carry the stats port (scrape with a PodMonitor or a scrape job).
   */
  public readonly scrapeTarget: ScrapeTarget;

  /**
   * @param name the component's Pulumi name (prefix of its children's logical names)
   * @param props the same props as the cdk8s `EnvoyDirectPods`
   * @param opts component options (`provider`, `providers`, `dependsOn`, ...); children inherit them through `parent`
   * @throws IstioDirectError on bad props, before anything is registered
   */
  constructor(name: string, props: EnvoyDirectPodsProps, opts: pulumi.ComponentResourceOptions = {}) {
    const { given: safe, manifests } = atResource(name, () => {
      const given = adapterProps('EnvoyDirectPods', props, buildEnvoyDirectPods);
      const named = { ...given, name: given.name ?? defaultObjectName(name, 'envoy') };
      return { given, manifests: buildEnvoyDirectPods(named) };
    });
    const namespace = manifests.endpoint.namespace;
    // Components as targets go to the engine as their plain endpoints; the
    // namespace as resolved (the target's, when unset).
    super(ENVOY_DIRECT_PODS_TYPE, name, { ...safe, target: resolveEnvoyTarget(safe.target), ...(namespace !== undefined ? { namespace } : {}) }, opts);
    this.manifests = manifests;
    const m = manifests;
    const versionNames = (m.spec.versionServices ?? []).map((v) => v.version);
    this.configMap = createResource(name, m.configMap, { parent: this }) as k8s.core.v1.ConfigMap;
    this.deployment = createResource(name, m.deployment, { parent: this }) as k8s.apps.v1.Deployment;
    this.service = createResource(name, m.service, { parent: this }) as k8s.core.v1.Service;
    this.versionServices = m.versionServices.map((service, i) => createResource(name, service, { parent: this }, versionNames[i]) as k8s.core.v1.Service);
    this.resources = [this.configMap, this.deployment, this.service, ...this.versionServices];
    this.bootstrap = m.bootstrap;
    this.configChecksum = m.configChecksum;
    this.clusterName = m.clusterName;
    this.clusterNames = m.clusterNames;
    this.discovery = m.discovery;
    this.ipFamily = m.ipFamily;
    this.name = m.endpoint.name;
    this.endpoint = m.endpoint;
    this.scrapeTarget = scrapeTargetFromEnvoy(m);
    this.registerOutputs({
      serviceName: m.endpoint.name,
      namespace: m.endpoint.namespace,
      port: m.endpoint.port,
      configMapName: m.configMap.metadata.name,
      configChecksum: m.configChecksum,
      clusterName: m.clusterName,
      discovery: m.discovery,
    });
  }
}
