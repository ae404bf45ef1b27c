/** MetricsScraping spec -> annotations, monitors, policies and scrape jobs (pure: no checks, no defaults). */
import { objectMeta, sortKeys, standardLabels } from '../labels';
import { KubeObject } from '../types';
import {
  ISTIO_MERGED_METRICS_PORT,
  MetricsScrapingManifests,
  MetricsScrapingSpec,
  MONITORING_API_VERSION,
  PROMETHEUS_ANNOTATIONS,
  ResolvedMetricsEndpoint,
} from './props';

/** The sidecar's declared Envoy metrics port (`http-envoy-prom`, 15090), whose pod address a merge scrape re-points at 15020. */
export const ENVOY_PROM_PORT_NAME = 'http-envoy-prom';
/** The sidecar's container name (`manifests/charts/istio-control/istio-discovery/files/injection-template.yaml`). */
export const ISTIO_PROXY_CONTAINER = 'istio-proxy';
/** Path of the merged endpoint (`pilot/cmd/pilot-agent/status/server.go`). */
export const MERGED_METRICS_PATH = '/stats/prometheus';

/** Renders the output of a resolved spec. */
export function renderMetricsScraping(spec: MetricsScrapingSpec): MetricsScrapingManifests {
  const podAnnotations = spec.mode === 'merge' ? mergeAnnotations(spec) : {};
  const portLevelMtls: Record<number, 'DISABLE'> = {};
  if (spec.mode === 'plaintext-port') for (const e of spec.endpoints) portLevelMtls[e.port] = 'DISABLE';
  const policy = spec.mode === 'plaintext-port' && spec.peerAuthentication;
  const peerAuthentication = policy ? renderPeerAuthentication(spec) : undefined;
  const destinationRule = policy ? renderDestinationRule(spec) : undefined;
  const podMonitor = spec.monitor === 'PodMonitor' ? renderPodMonitor(spec) : undefined;
  const serviceMonitor = spec.monitor === 'ServiceMonitor' ? renderServiceMonitor(spec) : undefined;
  const scrapeConfigs = spec.monitor === 'scrape-config' ? renderScrapeConfigs(spec) : undefined;
  const objects = [peerAuthentication, destinationRule, podMonitor, serviceMonitor].filter((o): o is KubeObject => o !== undefined);
  return {
    mode: spec.mode,
    podAnnotations,
    portLevelMtls,
    ...(podMonitor !== undefined ? { podMonitor } : {}),
    ...(serviceMonitor !== undefined ? { serviceMonitor } : {}),
    ...(peerAuthentication !== undefined ? { peerAuthentication } : {}),
    ...(destinationRule !== undefined ? { destinationRule } : {}),
    ...(scrapeConfigs !== undefined ? { scrapeConfigs } : {}),
    objects,
    spec,
  };
}

/**
 * The pod-template annotations of metrics merging: one port as `prometheus.io/port` and `path`, several as
 * `prometheus.istio.io/scrape-targets` (`port:path,...`, Istio 1.31). Never `prometheus.io/scheme`: the injector
 * does not clear it, and `https` would make the scrape of the plaintext merged port fail.
 */
function mergeAnnotations(spec: MetricsScrapingSpec): Record<string, string> {
  const [first] = spec.endpoints;
  if (spec.endpoints.length > 1) {
    const targets = spec.endpoints.map((e) => `${e.port}:${e.path}`).join(',');
    return sortKeys({ [PROMETHEUS_ANNOTATIONS.scrape]: 'true', [PROMETHEUS_ANNOTATIONS.scrapeTargets]: targets });
  }
  return sortKeys({
    [PROMETHEUS_ANNOTATIONS.scrape]: 'true',
    [PROMETHEUS_ANNOTATIONS.port]: String(first.port),
    [PROMETHEUS_ANNOTATIONS.path]: first.path,
  });
}

function labelsOf(spec: MetricsScrapingSpec, component: string): Record<string, string> {
  return standardLabels({ app: spec.target.selectorLabels.app ?? spec.target.name, instance: spec.name, component, extra: spec.monitorLabels });
}

/** A PeerAuthentication selects pods of its own namespace only: the policies go to the target's namespace. */
function policyNamespace(spec: MetricsScrapingSpec): string | undefined {
  return spec.target.namespace ?? spec.namespace;
}

function policyLabels(spec: MetricsScrapingSpec): Record<string, string> {
  return standardLabels({ app: spec.target.selectorLabels.app ?? spec.target.name, instance: spec.name, component: 'metrics-policy' });
}

/** A workload-level PeerAuthentication: the workload's mode, and DISABLE at each metrics port (keyed by container port). */
function renderPeerAuthentication(spec: MetricsScrapingSpec): KubeObject {
  const portLevelMtls: Record<string, { mode: 'DISABLE' }> = {};
  for (const e of [...spec.endpoints].sort((a, b) => a.port - b.port)) portLevelMtls[String(e.port)] = { mode: 'DISABLE' };
  return {
    apiVersion: `security.istio.io/${spec.istioApiVersion}`,
    kind: 'PeerAuthentication',
    metadata: objectMeta(`${spec.name}-metrics`, policyNamespace(spec), policyLabels(spec)),
    spec: { selector: { matchLabels: sortKeys(spec.target.selectorLabels) }, mtls: { mode: 'STRICT' }, portLevelMtls },
  };
}

/**
 * In-mesh clients honour a port-level DISABLE only with a DestinationRule (keyed by Service port:
 * https://istio.io/latest/docs/reference/config/networking/destination-rule/#TrafficPolicy-PortTrafficPolicy,
 * https://github.com/istio/istio/issues/39439); a sidecar-less Prometheus needs none. Emitted when the
 * target has a Service with a port onto a metrics port.
 */
function renderDestinationRule(spec: MetricsScrapingSpec): KubeObject | undefined {
  const service = spec.target.service;
  if (service === undefined) return undefined;
  const metricsPorts = new Set(spec.endpoints.map((e) => e.port));
  const ports = [...new Set(service.ports.filter((port) => metricsPorts.has(port.targetPort)).map((port) => port.port))].sort((a, b) => a - b);
  if (ports.length === 0) return undefined;
  return {
    apiVersion: `networking.istio.io/${spec.istioApiVersion}`,
    kind: 'DestinationRule',
    metadata: objectMeta(`${spec.name}-metrics`, policyNamespace(spec), policyLabels(spec)),
    spec: {
      host: service.fqdn,
      trafficPolicy: { portLevelSettings: ports.map((number) => ({ port: { number }, tls: { mode: 'DISABLE' } })) },
    },
  };
}

/** `namespaceSelector` for a monitor outside the target's namespace. */
function namespaceSelector(spec: MetricsScrapingSpec): Record<string, unknown> {
  const ns = spec.target.namespace;
  return ns !== undefined && ns !== spec.namespace ? { namespaceSelector: { matchNames: [ns] } } : {};
}

function interval(spec: MetricsScrapingSpec): Record<string, string> {
  return spec.intervalSeconds !== undefined ? { interval: `${spec.intervalSeconds}s` } : {};
}

/** A relabeling that re-points a target at the merged port, keeping its address (IPv4 or bracketed IPv6). */
const TO_MERGED_PORT = { regex: '(.+):\\d+', replacement: `\${1}:${ISTIO_MERGED_METRICS_PORT}` };

function podMetricsEndpoint(spec: MetricsScrapingSpec, e: ResolvedMetricsEndpoint): Record<string, unknown> {
  const port = e.portName !== undefined ? { port: e.portName } : { portNumber: e.port };
  return { ...port, path: e.path, scheme: spec.mode === 'istio-certs' ? 'https' : 'http', ...interval(spec) };
}

/**
 * A PodMonitor. `merge`: Envoy's declared metrics port re-pointed at 15020, which is no container port, so
 * `port` cannot name it (prometheus-operator `podmonitor_types.go`). `istio-certs`: `https` with the scrape
 * class's TLS files (a PodMonitor's own `tlsConfig` is a `SafeTLSConfig`, without files).
 */
function renderPodMonitor(spec: MetricsScrapingSpec): KubeObject {
  const endpoints =
    spec.mode === 'merge'
      ? [
          {
            port: ENVOY_PROM_PORT_NAME,
            path: MERGED_METRICS_PATH,
            scheme: 'http',
            ...interval(spec),
            relabelings: [
              // Only the sidecar's port: another container may use the same port name.
              { action: 'keep', sourceLabels: ['__meta_kubernetes_pod_container_name'], regex: ISTIO_PROXY_CONTAINER },
              { action: 'replace', sourceLabels: ['__address__'], targetLabel: '__address__', ...TO_MERGED_PORT },
            ],
          },
        ]
      : spec.endpoints.map((e) => podMetricsEndpoint(spec, e));
  return {
    apiVersion: MONITORING_API_VERSION,
    kind: 'PodMonitor',
    metadata: objectMeta(spec.name, spec.namespace, labelsOf(spec, 'pod-monitor')),
    spec: {
      ...(spec.mode === 'istio-certs' ? { scrapeClass: spec.scrapeClass } : {}),
      selector: { matchLabels: sortKeys(spec.target.selectorLabels) },
      ...namespaceSelector(spec),
      podMetricsEndpoints: endpoints,
    },
  };
}

/** A ServiceMonitor over the target's Service: the Service port onto each metrics port; `istio-certs` names the files. */
function renderServiceMonitor(spec: MetricsScrapingSpec): KubeObject {
  const service = spec.target.service!;
  const tls = spec.mode === 'istio-certs' ? { scheme: 'https', tlsConfig: { ...spec.certFiles, insecureSkipVerify: true } } : { scheme: 'http' };
  const endpoints = spec.endpoints.map((e) => {
    const port = service.ports.find((sp) => sp.targetPort === e.port);
    const target = port?.name !== undefined ? { port: port.name } : e.portName !== undefined ? { targetPort: e.portName } : { targetPort: e.port };
    return { ...target, path: e.path, ...tls, ...interval(spec) };
  });
  return {
    apiVersion: MONITORING_API_VERSION,
    kind: 'ServiceMonitor',
    metadata: objectMeta(spec.name, spec.namespace, labelsOf(spec, 'service-monitor')),
    spec: {
      selector: { matchLabels: sortKeys(service.labels) },
      ...namespaceSelector(spec),
      endpoints,
    },
  };
}

/** `__meta_kubernetes_pod_label_<name>`: Prometheus writes every character outside `[a-zA-Z0-9_]` as `_`. */
function podLabelMeta(key: string): string {
  return `__meta_kubernetes_pod_label_${key.replace(/[^a-zA-Z0-9_]/g, '_')}`;
}

/** A regular expression matching exactly `text`. */
function literal(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Plain Prometheus jobs with pod discovery, one per endpoint (a job has one `metrics_path`). */
function renderScrapeConfigs(spec: MetricsScrapingSpec): ReadonlyArray<Readonly<Record<string, unknown>>> {
  const keepPods = Object.keys(spec.target.selectorLabels)
    .sort()
    .map((key) => ({ action: 'keep', source_labels: [podLabelMeta(key)], regex: literal(spec.target.selectorLabels[key]) }));
  const common = [
    { action: 'replace', source_labels: ['__meta_kubernetes_namespace'], target_label: 'namespace' },
    { action: 'replace', source_labels: ['__meta_kubernetes_pod_name'], target_label: 'pod' },
  ];
  const discovery = { kubernetes_sd_configs: [{ role: 'pod', ...(spec.target.namespace !== undefined ? { namespaces: { names: [spec.target.namespace] } } : {}) }] };
  const prefix = `${spec.target.namespace ?? spec.namespace ?? 'default'}/${spec.name}`;
  const every = spec.intervalSeconds !== undefined ? { scrape_interval: `${spec.intervalSeconds}s` } : {};
  if (spec.mode === 'merge') {
    const keepEnvoy = { action: 'keep', source_labels: ['__meta_kubernetes_pod_container_port_name'], regex: ENVOY_PROM_PORT_NAME };
    const keepSidecar = { action: 'keep', source_labels: ['__meta_kubernetes_pod_container_name'], regex: ISTIO_PROXY_CONTAINER };
    const toMerged = { action: 'replace', source_labels: ['__address__'], target_label: '__address__', ...TO_MERGED_PORT };
    return [{ job_name: prefix, ...every, scheme: 'http', metrics_path: MERGED_METRICS_PATH, ...discovery, relabel_configs: [...keepPods, keepEnvoy, keepSidecar, toMerged, ...common] }];
  }
  const certs = spec.certFiles;
  const tls =
    spec.mode === 'istio-certs'
      ? { scheme: 'https', tls_config: { ca_file: certs.caFile, cert_file: certs.certFile, key_file: certs.keyFile, insecure_skip_verify: true } }
      : { scheme: 'http' };
  return spec.endpoints.map((e, i) => ({
    job_name: spec.endpoints.length > 1 ? `${prefix}-${i}` : prefix,
    ...every,
    ...tls,
    metrics_path: e.path,
    ...discovery,
    relabel_configs: [...keepPods, { action: 'keep', source_labels: ['__meta_kubernetes_pod_container_port_number'], regex: String(e.port) }, ...common],
  }));
}
