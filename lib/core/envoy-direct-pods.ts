/**
 * An Envoy proxy that load-balances straight across pod IPs the way Istio's
 * sidecars do: a ConfigMap holding the bootstrap, a Deployment running Envoy,
 * and a Service in front of it. `buildEnvoyDirectPods` resolves the props into
 * a checked spec (`envoy/resolve.ts`), then renders it (`envoy/render.ts`).
 */
import { Problems } from './errors';
import { guardProps } from './istio-target';
import { MAX_CONFIG_MAP_BYTES } from './envoy/defaults';
import { DiscoveryMode, EnvoyDirectPodsProps, IpFamily } from './envoy/props';
import { renderEnvoyDirectPods } from './envoy/render';
import { resolveEnvoyDirectPodsSpec } from './envoy/resolve';
import { EnvoyDirectPodsSpec } from './envoy/spec';
import { Bootstrap } from './envoy/types';
import { KubeObject } from './types';

export {
  AccessLogFormat,
  CircuitBreakerOptions,
  DiscoveryMode,
  DnsOptions,
  EnvoyRouteOptions,
  EnvoyVersionOptions,
  HeaderMatchOptions,
  StatsListenerOptions,
  TracingOptions,
  EnvoyDirectPodsProps,
  EnvoyLogLevel,
  EnvoyServiceType,
  EnvoyTarget,
  HealthCheckOptions,
  IpFamily,
  OutlierDetectionOptions,
  RetryOptions,
  ServiceEndpointSource,
  StatusRange,
  UpstreamAddress,
} from './envoy/props';
export {
  CONFIG_CHECKSUM_ANNOTATION,
  DEFAULT_CIRCUIT_BREAKERS,
  DEFAULT_DNS,
  DEFAULT_HEALTH_CHECK,
  DEFAULT_OUTLIER_DETECTION,
  DEFAULT_RETRIES,
  DEFAULT_SERVICE_EXPORT_TO,
  DEFAULT_STATS_PORT,
  DEFAULT_TRACE_SAMPLING_PERCENT,
  ENVOY_CONFIG_PATH,
  ENVOY_DEFAULT_RESOURCES,
  ENVOY_IMAGE,
  ENVOY_UID,
  MAX_CONFIG_MAP_BYTES,
  MAX_POD_IPS,
} from './envoy/defaults';
export { EnvoyDirectPodsSpec } from './envoy/spec';
export { ENVOY_DIRECT_PODS_PROP_KEYS, resolveEnvoyDirectPodsSpec } from './envoy/resolve';
export { LB_POLICIES, RETRY_ON } from './envoy/resolve-policies';
export { EXPORT_TO_ANNOTATION, renderEnvoyDirectPods, RenderedEnvoyDirectPods, STATS_PORT_NAME } from './envoy/render';
export { ISTIO_ACCESS_LOG_FORMAT, JSON_ACCESS_LOG_FIELDS } from './envoy/extensions';
export { OTEL_COLLECTOR_CLUSTER, PROMETHEUS_STATS_PATH, STATS_LISTENER } from './envoy/observability';
export { isServiceEndpoint, resolveEnvoyTarget } from './envoy/target';

/** What {@link buildEnvoyDirectPods} returns. */
export interface EnvoyDirectPodsManifests {
  /** ConfigMap with `envoy.yaml`. */
  readonly configMap: KubeObject;
  /** The Envoy Deployment. */
  readonly deployment: KubeObject;
  /** The Service in front of Envoy. */
  readonly service: KubeObject;
  /** With versions in `dns` or `service` discovery: the Service of each version (`<target>-<version>`); else none. */
  readonly versionServices: readonly KubeObject[];
  /** Every object, in apply order. */
  readonly objects: readonly KubeObject[];
  /** The bootstrap as an object, deep-frozen: it is what `configYaml` says, for good (change the props, not this object). */
  readonly bootstrap: Bootstrap;
  /** The bootstrap as written into the ConfigMap. */
  readonly configYaml: string;
  /** SHA-256 of `configYaml`, also on the pod template. */
  readonly configChecksum: string;
  /** The discovery mode in use. */
  readonly discovery: DiscoveryMode;
  /** The IP family in use. */
  readonly ipFamily: IpFamily;
  /** The Envoy cluster name (with versions, the first version's). */
  readonly clusterName: string;
  /** Every upstream cluster name: one per version (`outbound|<port>|<version>|<host>`), else `clusterName` alone. */
  readonly clusterNames: readonly string[];
  /** The Envoy Service's name, namespace and port. */
  readonly endpoint: { readonly name: string; readonly namespace?: string; readonly port: number };
  /** The checked, defaulted spec the objects were rendered from. */
  readonly spec: EnvoyDirectPodsSpec;
}

/** Builds the proxy's ConfigMap, Deployment and Service. Throws an {@link IstioDirectError} on bad input. */
export function buildEnvoyDirectPods(props: EnvoyDirectPodsProps): EnvoyDirectPodsManifests {
  const spec = guardProps('EnvoyDirectPods', props, resolveEnvoyDirectPodsSpec);
  const rendered = renderEnvoyDirectPods(spec);
  checkConfigMapSize(spec, rendered.configMap);
  return {
    ...rendered,
    objects: [rendered.configMap, rendered.deployment, rendered.service, ...rendered.versionServices],
    discovery: spec.discovery,
    ipFamily: spec.ipFamily,
    clusterName: spec.bootstrap.clusterName,
    clusterNames: spec.bootstrap.versions?.map((v) => v.clusterName) ?? [spec.bootstrap.clusterName],
    endpoint: { name: spec.name, ...(spec.namespace !== undefined ? { namespace: spec.namespace } : {}), port: spec.servicePort },
    spec,
  };
}

/**
 * The API server refuses a ConfigMap over 1 MiB
 * (https://kubernetes.io/docs/concepts/configuration/configmap/#motivation).
 * `podIps` is bounded, so this trips only on huge labels or many IPs at once.
 */
function checkConfigMapSize(spec: EnvoyDirectPodsSpec, configMap: KubeObject): void {
  const bytes = Buffer.byteLength(JSON.stringify(configMap), 'utf8');
  if (bytes > MAX_CONFIG_MAP_BYTES) {
    const p = new Problems('EnvoyDirectPods', spec.name);
    p.add(
      'podIps',
      `${spec.bootstrap.endpoints.length} endpoints make ConfigMap ${JSON.stringify(spec.configMapName)} ${bytes} bytes, more than the ${MAX_CONFIG_MAP_BYTES} bytes Kubernetes stores: use "dns" discovery with a HeadlessMeshService, or fewer pod IPs`,
    );
    p.throwIfAny();
  }
}
