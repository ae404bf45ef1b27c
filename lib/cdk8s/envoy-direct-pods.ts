import { ApiObject, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { checkCdk8sMapKeys } from './renderable';
import { adapterProps } from '../core/istio-target';
import { Bootstrap } from '../core/envoy/types';
import {
  buildEnvoyDirectPods,
  DiscoveryMode,
  EnvoyDirectPodsManifests,
  EnvoyDirectPodsProps,
  IpFamily,
  isServiceEndpoint,
  resolveEnvoyTarget,
} from '../core/envoy-direct-pods';
import { ScrapeTarget, scrapeTargetFromEnvoy } from '../core/scraping';
import { isPlainObject } from '../core/validate';
import { addApiObject } from './api-objects';
import { atConstruct } from './construct-errors';
import { defaultObjectName } from './default-name';
import { registerRulesPass } from './rules-pass';

export { EnvoyDirectPodsProps } from '../core/envoy-direct-pods';

/**
 * An Envoy proxy that balances straight across pod IPs the way Istio's
 * sidecars do: a ConfigMap (key `envoy.yaml`), a Deployment and a LoadBalancer
 * Service, all named `props.name` (by default a name from the construct path,
 * `<chart>-<id>-<hash>`, unique in the app), cluster `echo_cluster_direct_pods`. Admin listens on loopback only (127.0.0.1:9901,
 * or [::1]:9901 with `ipFamily: 'IPv6'`).
 *
 * `ApiObject.of(proxy)` is the Deployment.
 *
 * @example
 * new EnvoyDirectPods(chart, 'envoy', {
 *   target: echo,
 *   podIps: ['10.244.0.26', '10.244.1.26', '10.244.2.12'],
 * });
 */
export class EnvoyDirectPods extends Construct {
  /** ConfigMap holding `envoy.yaml`. */
  public readonly configMap: ApiObject;
  /** The Envoy Deployment (the default child). */
  public readonly deployment: ApiObject;
  /** The Service in front of Envoy. */
  public readonly service: ApiObject;
  /** With versions in `dns` or `service` discovery: the Service of each version (`<target>-<version>`); else none. */
  public readonly versionServices: readonly ApiObject[];
  /** Every object this construct added. */
  public readonly apiObjects: readonly ApiObject[];
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
  /** The Envoy Service: name, namespace and port clients use. */
  public readonly endpoint: EnvoyDirectPodsManifests['endpoint'];
  /** The plain objects, as the core built them. */
  public readonly manifests: EnvoyDirectPodsManifests;
  /**
   * The Envoy pods as a `MetricsScraping` target: with `statsListener`, its metrics endpoint is the stats
   * listener (`GET /stats/prometheus` on the container port `http-stats`). No Service: the proxy's Service is
   * its clients' and does not carry the stats port (scrape with a PodMonitor or a scrape job).
   */
  public readonly scrapeTarget: ScrapeTarget;

  constructor(scope: Construct, id: string, props: EnvoyDirectPodsProps) {
    super(scope, id);
    registerRulesPass(this);
    this.manifests = atConstruct(this, () => {
      const safe = adapterProps('EnvoyDirectPods', props, buildEnvoyDirectPods);
      const named = { ...safe, name: safe.name ?? defaultObjectName(this, 'envoy') };
      const manifests = buildEnvoyDirectPods(withNamespace(named, Chart.of(this).namespace));
      checkCdk8sMapKeys('EnvoyDirectPods', manifests.endpoint.name, { labels: safe.labels, podAnnotations: safe.podAnnotations });
      return manifests;
    });
    const m = this.manifests;
    this.configMap = addApiObject(this, 'ConfigMap', m.configMap);
    this.deployment = addApiObject(this, 'Resource', m.deployment);
    this.service = addApiObject(this, 'Service', m.service);
    this.versionServices = m.versionServices.map((service) => addApiObject(this, `Service-${service.metadata.name}`, service));
    this.apiObjects = [this.configMap, this.deployment, this.service, ...this.versionServices];
    this.bootstrap = m.bootstrap;
    this.configChecksum = m.configChecksum;
    this.clusterName = m.clusterName;
    this.clusterNames = m.clusterNames;
    this.discovery = m.discovery;
    this.ipFamily = m.ipFamily;
    this.name = m.endpoint.name;
    // Objects without a namespace land in the chart's.
    const namespace = m.endpoint.namespace ?? Chart.of(this).namespace;
    this.endpoint = { ...m.endpoint, ...(namespace !== undefined ? { namespace } : {}) };
    this.scrapeTarget = { ...scrapeTargetFromEnvoy(m), ...(namespace !== undefined ? { namespace } : {}) };
  }
}

/**
 * The props the core gets: an unset namespace stays unset for a Service target,
 * so the core takes the target's (an Envoy in namespace A resolves nothing by
 * a short name in B, and Istio scopes Services by namespace); for an explicit
 * `{ host, port }` it is the chart's.
 */
function withNamespace(props: EnvoyDirectPodsProps, chartNamespace: string | undefined): EnvoyDirectPodsProps {
  // `null` is "not given", as in the core (`withoutNulls`).
  if (!isPlainObject(props) || (props.namespace !== undefined && props.namespace !== null) || chartNamespace === undefined) {
    return props;
  }
  const target = props.target === undefined || props.target === null ? props.target : resolveEnvoyTarget(props.target);
  const serviceTarget = typeof target === 'object' && target !== null && isServiceEndpoint(target);
  return serviceTarget ? props : { ...props, namespace: chartNamespace };
}
