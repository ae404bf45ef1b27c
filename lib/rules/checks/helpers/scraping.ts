/**
 * Shared reading of Prometheus scraping for the ID6xx rules: the Prometheus servers of the input (workloads
 * running the Prometheus image, prometheus-operator `Prometheus` objects), the `prometheus.io/*` pod
 * annotations Istio's metrics merging reads, and the endpoints of PodMonitors and ServiceMonitors with the
 * pod ports they reach.
 *
 * Sources: istio/istio `pkg/kube/inject/webhook.go` (annotation rewrite), istio.io "Prometheus" integration
 * page; prometheus-operator `pkg/apis/monitoring/v1/podmonitor_types.go`, `servicemonitor_types.go`,
 * `tls_types.go`, `prometheus_types.go`. Pure; tolerates fields of wrong types.
 */
import { formatPath, joinPath } from '../../../base/paths';
import { CompiledSelector, compileSelector, LabelIndex } from '../../selectors';
import { ManifestObject, ResourceIndex, ServiceInfo, WorkloadInfo } from '../../types';
import { arrayOf, field, intOf, recordOf, stringMap, stringOf } from '../../values';
import { containerPortFor } from './policy';

/** Ports of the sidecar, outside inbound capture or its own (`pkg/kube/inject/webhook.go`): mTLS does not apply to them. */
export const ISTIO_RESERVED_PORTS: readonly number[] = [15000, 15001, 15004, 15006, 15008, 15020, 15021, 15053, 15090];

/** A Prometheus server of the input. */
export interface PrometheusInfo {
  readonly object: ManifestObject;
  /** Its pods get an Istio sidecar (known from pod or namespace labels). */
  readonly sidecar: boolean;
  /** Its pods are given Istio's certificates (`OUTPUT_CERTS` in `proxy.istio.io/config`, or a `userVolumeMount`). */
  readonly certs: boolean;
  /** Scrape classes (a `Prometheus` object's `spec.scrapeClasses`): name -> uses Istio's certificate files; `default` marks the default one. */
  readonly scrapeClasses: ReadonlyMap<string, { readonly istioFiles: boolean; readonly isDefault: boolean }>;
}

/** True for a file name Istio writes its certificates to (`root-cert.pem`, `cert-chain.pem`). */
export function isIstioCertFile(value: unknown): boolean {
  return typeof value === 'string' && /(^|\/)(root-cert|cert-chain)\.pem$/.test(value);
}

/** True when a TLS config (operator `TLSConfig`) names Istio's certificate files. */
export function usesIstioFiles(tlsConfig: unknown): boolean {
  const tls = recordOf(tlsConfig);
  return tls !== undefined && (isIstioCertFile(tls.caFile) || isIstioCertFile(tls.certFile));
}

function hasCerts(annotations: Readonly<Record<string, string>>): boolean {
  return (annotations['proxy.istio.io/config'] ?? '').includes('OUTPUT_CERTS') || annotations['sidecar.istio.io/userVolumeMount'] !== undefined;
}

/** True when one of the workload's containers runs the Prometheus server image (`prom/prometheus`, `quay.io/prometheus/prometheus`). */
function runsPrometheus(workload: WorkloadInfo): boolean {
  const containers = workload.podSpec.containers;
  if (!Array.isArray(containers)) return false;
  for (let i = 0; i < containers.length; i++) {
    const image = stringOf(field(containers[i], 'image'));
    // Run per container of every workload: the repository is read only from an image that names prometheus.
    if (image === undefined || !image.includes('prometheus')) continue;
    const repository = image.split('@')[0].replace(/:[^/]*$/, '');
    if (/(^|\/)prometheus$/.test(repository)) return true;
  }
  return false;
}

/** Sidecar injection as the injector decides it; a Namespace in the input without an injection label means none. */
function injected(index: ResourceIndex, namespace: string, labels: Readonly<Record<string, string>>, annotations: Readonly<Record<string, string>>): boolean {
  const pod = labels['sidecar.istio.io/inject'] ?? annotations['sidecar.istio.io/inject'];
  if (pod === 'false') return false;
  const ns = index.namespace(namespace);
  if (ns.injection === 'disabled') return false;
  return pod === 'true' || ns.injection === 'enabled';
}

/** What {@link prometheusesOf} and {@link monitorEndpoints} found in each index: several rules ask. */
const servers = new WeakMap<ResourceIndex, readonly PrometheusInfo[]>();
const endpoints = new WeakMap<ResourceIndex, readonly MonitorEndpoint[]>();

/** Every Prometheus server of the input. */
export function prometheusesOf(index: ResourceIndex): readonly PrometheusInfo[] {
  let found = servers.get(index);
  if (found === undefined) servers.set(index, (found = findPrometheuses(index)));
  return found;
}

function findPrometheuses(index: ResourceIndex): PrometheusInfo[] {
  const out: PrometheusInfo[] = [];
  for (let i = 0; i < index.workloads.length; i++) {
    const w = index.workloads[i];
    if (!runsPrometheus(w)) continue;
    out.push({ object: w.object, sidecar: w.sidecar === 'injected', certs: hasCerts(w.podAnnotations), scrapeClasses: new Map() });
  }
  for (const o of index.objectsOfKind('Prometheus')) {
    if (!o.apiVersion.startsWith('monitoring.coreos.com/')) continue;
    const spec = recordOf(o.raw.spec) ?? {};
    const podMetadata = recordOf(spec.podMetadata) ?? {};
    const labels = stringMap(podMetadata.labels);
    const annotations = stringMap(podMetadata.annotations);
    const classes = new Map<string, { istioFiles: boolean; isDefault: boolean }>();
    for (const c of arrayOf(spec.scrapeClasses)) {
      const entry = recordOf(c);
      const name = stringOf(entry?.name);
      if (name !== undefined) classes.set(name, { istioFiles: usesIstioFiles(entry?.tlsConfig), isDefault: entry?.default === true });
    }
    out.push({ object: o, sidecar: injected(index, o.namespace, labels, annotations), certs: hasCerts(annotations), scrapeClasses: classes });
  }
  return out;
}

/** The JSON path of a pod-template annotation of a workload. */
export function podAnnotationPath(workload: WorkloadInfo, key: string): string {
  const template = workload.podSpecPath.replace(/\.?spec$/, '');
  return joinPath(template, formatPath(['metadata', 'annotations', key]));
}

/** Metrics merging applies to the pods: a sidecar, and neither `prometheus.io/scrape` nor `prometheus.istio.io/merge-metrics` is `"false"`. */
export function mergesMetrics(workload: WorkloadInfo): boolean {
  const a = workload.podAnnotations;
  return workload.sidecar === 'injected' && a['prometheus.io/scrape'] !== 'false' && a['prometheus.istio.io/merge-metrics'] !== 'false';
}

/** The ports the merge annotations name: `prometheus.io/port`, and each port of `prometheus.istio.io/scrape-targets`. */
export function mergeTargetPorts(workload: WorkloadInfo): Array<{ readonly value: string; readonly port?: number; readonly key: string }> {
  const a = workload.podAnnotations;
  const out: Array<{ value: string; port?: number; key: string }> = [];
  const port = a['prometheus.io/port'];
  if (port !== undefined) out.push({ value: port, port: portNumber(port), key: 'prometheus.io/port' });
  for (const entry of (a['prometheus.istio.io/scrape-targets'] ?? '').split(',')) {
    const value = entry.trim().split(':')[0];
    if (value !== '') out.push({ value, port: portNumber(value), key: 'prometheus.istio.io/scrape-targets' });
  }
  return out;
}

function portNumber(text: string): number | undefined {
  if (!/^[0-9]{1,5}$/.test(text.trim())) return undefined;
  const n = Number(text.trim());
  return n >= 1 && n <= 65535 ? n : undefined;
}

/** One endpoint of a PodMonitor or ServiceMonitor, and the pod ports it reaches. */
export interface MonitorEndpoint {
  readonly monitor: ManifestObject;
  /** JSON path of the endpoint, e.g. `spec.podMetricsEndpoints[0]`. */
  readonly path: string;
  readonly raw: Readonly<Record<string, unknown>>;
  /** `https` or `http` (the default), lower-cased. */
  readonly scheme: string;
  /** The monitor's `spec.scrapeClass`, when set. */
  readonly scrapeClass?: string;
  /** The pods' ports it scrapes. */
  readonly targets: ReadonlyArray<{ readonly workload: WorkloadInfo; readonly port: number }>;
}

/** Each index's namespaces by their position in `index.namespaces`. */
const namespacePositions = new WeakMap<ResourceIndex, ReadonlyMap<string, number>>();

/**
 * Workloads (in input order) grouped by namespace in the order of `index.namespaces`, as asking
 * namespace by namespace would give them; one lookup instead of one per namespace of the input.
 */
function inNamespaceOrder(index: ResourceIndex, workloads: readonly WorkloadInfo[]): WorkloadInfo[] {
  let positions = namespacePositions.get(index);
  if (positions === undefined) namespacePositions.set(index, (positions = new Map([...index.namespaces.keys()].map((ns, i) => [ns, i]))));
  const at = positions;
  return [...workloads].sort((a, b) => (at.get(a.namespace) ?? 0) - (at.get(b.namespace) ?? 0));
}

/** Whether a monitor selects in every namespace (`namespaceSelector.any`). */
function anyNamespace(monitor: ManifestObject): boolean {
  return recordOf(recordOf(monitor.raw.spec)?.namespaceSelector)?.any === true;
}

/** The namespaces a monitor that does not select in every namespace ({@link anyNamespace}) selects in: `namespaceSelector.matchNames`, else its own. */
function monitorNamespaces(monitor: ManifestObject): string[] {
  const selector = recordOf(recordOf(monitor.raw.spec)?.namespaceSelector);
  const names = arrayOf(selector?.matchNames).map(stringOf).filter((n): n is string => n !== undefined);
  return names.length > 0 ? names : [monitor.namespace];
}

/** The container port a PodMonitor endpoint names (`port`, `portNumber`, or the deprecated `targetPort`). */
function podEndpointPort(endpoint: Readonly<Record<string, unknown>>, workload: WorkloadInfo): number | undefined {
  const name = stringOf(endpoint.port);
  if (name !== undefined) return workload.containerPorts.find((p) => p.name === name)?.containerPort;
  const number = intOf(endpoint.portNumber);
  if (number !== undefined) return number;
  const target = endpoint.targetPort;
  if (typeof target === 'number') return target;
  return typeof target === 'string' ? workload.containerPorts.find((p) => p.name === target)?.containerPort : undefined;
}

/** Every PodMonitor and ServiceMonitor endpoint of the input. */
export function monitorEndpoints(index: ResourceIndex): readonly MonitorEndpoint[] {
  let found = endpoints.get(index);
  if (found === undefined) endpoints.set(index, (found = findMonitorEndpoints(index)));
  return found;
}

function findMonitorEndpoints(index: ResourceIndex): MonitorEndpoint[] {
  const out: MonitorEndpoint[] = [];
  const pods = index.objectsOfKind('PodMonitor');
  const services = index.objectsOfKind('ServiceMonitor');
  // Both kinds, in input order.
  for (let p = 0, s = 0; p < pods.length || s < services.length; ) {
    const podFirst = s === services.length || (p < pods.length && pods[p].ordinal < services[s].ordinal);
    const monitor = podFirst ? pods[p++] : services[s++];
    if (!monitor.apiVersion.startsWith('monitoring.coreos.com/')) continue;
    out.push(...(podFirst ? podMonitorEndpoints(index, monitor) : serviceMonitorEndpoints(index, monitor)));
  }
  return out;
}

function endpointBase(monitor: ManifestObject, field: string, raw: unknown, i: number) {
  const endpoint = recordOf(raw) ?? {};
  const scrapeClass = stringOf(recordOf(monitor.raw.spec)?.scrapeClass);
  return {
    monitor,
    path: formatPath(['spec', field, i]),
    raw: endpoint,
    scheme: (stringOf(endpoint.scheme) ?? 'http').toLowerCase(),
    ...(scrapeClass !== undefined ? { scrapeClass } : {}),
  };
}

function podMonitorEndpoints(index: ResourceIndex, monitor: ManifestObject): MonitorEndpoint[] {
  const spec = recordOf(monitor.raw.spec) ?? {};
  const selector = recordOf(spec.selector) ?? {};
  const workloads = anyNamespace(monitor)
    ? inNamespaceOrder(index, index.workloadsSelectedInAnyNamespace(selector))
    : monitorNamespaces(monitor).flatMap((ns) => index.workloadsSelectedBy(ns, selector));
  return arrayOf(spec.podMetricsEndpoints).map((raw, i) => {
    const base = endpointBase(monitor, 'podMetricsEndpoints', raw, i);
    const targets = workloads.flatMap((workload) => {
      const port = podEndpointPort(base.raw, workload);
      return port === undefined ? [] : [{ workload, port }];
    });
    return { ...base, targets };
  });
}

/** The Services of each index by their own labels (what a ServiceMonitor selects), built on first use. */
const servicesByLabels = new WeakMap<ResourceIndex, LabelIndex<ServiceInfo>>();

/** The Services whose labels `selector` matches in `namespaces` (every namespace when `undefined`), in input order. */
function servicesLabelled(index: ResourceIndex, namespaces: readonly string[] | undefined, selector: CompiledSelector | undefined): ServiceInfo[] {
  let labelled = servicesByLabels.get(index);
  if (labelled === undefined) {
    labelled = new LabelIndex<ServiceInfo>();
    for (const s of index.services) labelled.add(s.namespace, s.object.labels, s);
    servicesByLabels.set(index, labelled);
  }
  if (namespaces === undefined) return labelled.select(undefined, selector);
  const found = [...new Set(namespaces)].flatMap((ns) => labelled.select(ns, selector));
  return namespaces.length > 1 ? found.sort((a, b) => a.object.ordinal - b.object.ordinal) : found;
}

function serviceMonitorEndpoints(index: ResourceIndex, monitor: ManifestObject): MonitorEndpoint[] {
  const spec = recordOf(monitor.raw.spec) ?? {};
  const selector = compileSelector(recordOf(spec.selector) ?? {});
  const services = servicesLabelled(index, anyNamespace(monitor) ? undefined : monitorNamespaces(monitor), selector);
  return arrayOf(spec.endpoints).map((raw, i) => {
    const base = endpointBase(monitor, 'endpoints', raw, i);
    const portName = stringOf(base.raw.port);
    const targetPort = base.raw.targetPort;
    const targets = services.flatMap((service) =>
      index.workloadsSelectedBy(service.namespace, service.selector).flatMap((workload) => {
        if (portName !== undefined) {
          const sp = service.ports.find((p) => p.name === portName);
          const port = sp === undefined ? undefined : containerPortFor(sp, workload);
          return port === undefined ? [] : [{ workload, port }];
        }
        const port = typeof targetPort === 'number' ? targetPort : workload.containerPorts.find((p) => p.name === targetPort)?.containerPort;
        return port === undefined ? [] : [{ workload, port }];
      }),
    );
    return { ...base, targets };
  });
}

/** True when the pods enforce mTLS at all: a sidecar or ambient. */
export function inMesh(workload: WorkloadInfo): boolean {
  return workload.sidecar === 'injected' || workload.ambient;
}
