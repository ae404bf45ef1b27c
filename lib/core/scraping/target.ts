/**
 * Scrape targets from objects the constructs built (an EchoService's Deployment and Service, a
 * HeadlessMeshService and its workload, any workload's JSON), and the checks the adapters share
 * when they apply a scraping to a workload that already exists.
 */
import { EnvoyDirectPodsManifests } from '../envoy-direct-pods';
import { DEFAULT_STATS_PORT } from '../envoy/defaults';
import { PROMETHEUS_STATS_PATH } from '../envoy/observability';
import { STATS_PORT_NAME } from '../envoy/render';
import { constructLabel, IstioDirectError, Problems, show } from '../errors';
import { HeadlessMeshServiceManifests } from '../headless-mesh-service/props';
import { KubeObject, MtlsMode, WorkloadRef } from '../types';
import { isPlainObject } from '../validate';
import { MetricsScrapingManifests, PROMETHEUS_ANNOTATIONS, ScrapeContainerPort, ScrapeService, ScrapeTarget } from './props';

type Json = Readonly<Record<string, unknown>>;

function record(value: unknown): Json {
  return isPlainObject(value) ? value : {};
}

function list(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The container ports of a pod spec (`spec.template.spec`, or a Pod's `spec`). */
function containerPortsOf(podSpec: Json): ScrapeContainerPort[] {
  return list(podSpec.containers).flatMap((container) =>
    list(record(container).ports).flatMap((raw) => {
      const port = record(raw);
      if (typeof port.containerPort !== 'number') return [];
      return [{ port: port.containerPort, ...(typeof port.name === 'string' ? { name: port.name } : {}) }];
    }),
  );
}

/**
 * A scrape target from a workload's JSON (a Deployment, StatefulSet, DaemonSet or Pod, as a construct built it
 * or `ApiObject.toJson()` gives it) and, optionally, the Service in front of it with its FQDN. Named Service
 * target ports are resolved against the container ports; ports of other protocols are kept (the builder checks them).
 */
export function scrapeTargetFromObjects(workload: KubeObject, service?: { readonly object: KubeObject; readonly fqdn: string }): ScrapeTarget {
  const spec = record(workload.spec);
  const podSpec = workload.kind === 'Pod' ? spec : record(record(spec.template).spec);
  const selectorLabels = workload.kind === 'Pod' ? record(workload.metadata.labels) : record(record(spec.selector).matchLabels);
  const containerPorts = containerPortsOf(podSpec);
  const namespace = workload.metadata.namespace;
  return {
    kind: workload.kind as ScrapeTarget['kind'],
    name: workload.metadata.name,
    ...(namespace !== undefined ? { namespace } : {}),
    selectorLabels: selectorLabels as Record<string, string>,
    containerPorts,
    ...(service !== undefined ? { service: scrapeService(service.object, service.fqdn, containerPorts) } : {}),
  };
}

function scrapeService(object: KubeObject, fqdn: string, containerPorts: readonly ScrapeContainerPort[]): ScrapeService {
  const ports = list(record(object.spec).ports).flatMap((raw) => {
    const port = record(raw);
    if (typeof port.port !== 'number') return [];
    const target = port.targetPort ?? port.port;
    const targetPort = typeof target === 'number' ? target : containerPorts.find((c) => c.name === target)?.port;
    if (targetPort === undefined) return [];
    return [{ ...(typeof port.name === 'string' ? { name: port.name } : {}), port: port.port, targetPort }];
  });
  return { name: object.metadata.name, labels: object.metadata.labels ?? {}, fqdn, ports };
}

/**
 * A HeadlessMeshService's workload as a scrape target: the Service's ports are the container ports
 * (`port == targetPort`), unnamed (a mesh port's name is the Service port's, not necessarily the container's).
 */
export function scrapeTargetFromMesh(mesh: HeadlessMeshServiceManifests, workload: WorkloadRef): ScrapeTarget {
  const namespace = mesh.service.metadata.namespace ?? workload.namespace;
  return {
    kind: workload.kind,
    name: workload.name,
    ...(namespace !== undefined ? { namespace } : {}),
    selectorLabels: workload.selectorLabels,
    containerPorts: mesh.ports.filter((port) => port.protocol === 'TCP').map((port) => ({ port: port.port })),
    service: scrapeService(mesh.service, mesh.endpoint.fqdn, []),
    ...(mesh.peerAuthentication !== undefined ? { mtls: policyOf(mesh.peerAuthentication) } : {}),
  };
}

/**
 * The Envoy of an EnvoyDirectPods as a scrape target: its Deployment's pods, and, when it has a stats listener,
 * that listener as the metrics endpoint (`GET /stats/prometheus` on the container port {@link STATS_PORT_NAME}).
 * No Service: the proxy's own Service is the one its clients use (a LoadBalancer by default) and does not carry
 * the stats port, which must not be exposed there.
 */
export function scrapeTargetFromEnvoy(envoy: EnvoyDirectPodsManifests): ScrapeTarget {
  const target = scrapeTargetFromObjects(envoy.deployment);
  if (envoy.spec.statsListener === undefined) return target;
  return { ...target, metrics: [{ port: STATS_PORT_NAME, path: PROMETHEUS_STATS_PATH }] };
}

/**
 * What a scraping of an EnvoyDirectPods' Envoy cannot do, checked before the scraping is built (its messages
 * say what to change on the proxy): `merge` (the istio.io Prometheus page rules merging out when the app runs
 * Envoy: its `envoy_*` metrics collide with the sidecar's own in the merged output), a `ServiceMonitor` (no
 * Service carries the stats port), no stats listener and no `metrics`, and `istio-certs` on pods without a sidecar.
 */
export function checkEnvoyScraping(construct: string, envoy: EnvoyDirectPodsManifests, props: Readonly<Record<string, unknown>>): void {
  const p = new Problems(construct, props.name ?? envoy.spec.name);
  const proxy = `EnvoyDirectPods ${show(envoy.spec.name)}`;
  if (props.mode === 'merge') {
    p.add(
      'mode',
      `"merge" cannot scrape ${proxy}: the sidecar's agent would serve Envoy's metrics next to its own Envoy's, under the same names (istio.io rules merging out when the app runs Envoy: https://istio.io/latest/docs/ops/integrations/prometheus/#option-1-metrics-merging); use mode "istio-certs" or "plaintext-port"`,
    );
  }
  if (props.monitor === 'ServiceMonitor') {
    p.add('monitor', `"ServiceMonitor" cannot scrape ${proxy}: its Service is the one clients use and does not carry the stats port; use "PodMonitor" or "scrape-config"`);
  }
  if (envoy.spec.statsListener === undefined && props.metrics === undefined) {
    p.add('target', `${proxy} has no stats listener: give it statsListener: {} (GET /stats/prometheus on port ${DEFAULT_STATS_PORT} unless statsListener.port says, container port "${STATS_PORT_NAME}")`);
  }
  if (props.mode === 'istio-certs' && envoy.spec.istioSidecar === false) {
    p.add('mode', `"istio-certs" scrapes with TLS, but ${proxy} runs without a sidecar (istioSidecar: false), so nothing terminates it: use mode "plaintext-port", or give the proxy a sidecar`);
  }
  p.throwIfAny();
}

/** The workload mode and port-level modes a PeerAuthentication sets. */
function policyOf(pa: KubeObject): { mode: MtlsMode; portLevel: Record<number, MtlsMode> } {
  const spec = record(pa.spec);
  const portLevel: Record<number, MtlsMode> = {};
  for (const [key, entry] of Object.entries(record(spec.portLevelMtls))) {
    const mode = record(entry).mode;
    if (typeof mode === 'string') portLevel[Number(key)] = mode as MtlsMode;
  }
  const mode = record(spec.mtls).mode;
  return { mode: typeof mode === 'string' ? (mode as MtlsMode) : 'UNSET', portLevel };
}

/**
 * Problems with merging `scraping`'s pod annotations into a pod template that already has `existing`:
 * a `prometheus.io/scheme: https` (the injector keeps it, and the merged port is plaintext) or another value
 * for a key the scraping sets. Empty when they agree.
 */
export function mergeAnnotationConflicts(construct: string, name: string, existing: Json, scraping: MetricsScrapingManifests): string[] {
  const label = constructLabel(construct, name);
  const problems: string[] = [];
  const scheme = existing[PROMETHEUS_ANNOTATIONS.scheme];
  if (scraping.mode === 'merge' && typeof scheme === 'string' && scheme.toLowerCase() === 'https') {
    problems.push(
      `${label}: target: the pod template has ${PROMETHEUS_ANNOTATIONS.scheme}: "https", which Istio does not clear: the merged endpoint (port 15020) is plaintext, so every scrape would fail; remove the annotation`,
    );
  }
  for (const [key, value] of Object.entries(scraping.podAnnotations)) {
    if (existing[key] !== undefined && existing[key] !== value) {
      problems.push(`${label}: target: the pod template has ${key}: ${show(existing[key])}, but this scraping sets ${show(value)}: remove it from the workload, or scrape what it says`);
    }
  }
  return problems;
}

/** Throws the problems of {@link mergeAnnotationConflicts}, if any. */
export function checkMergeAnnotations(construct: string, name: string, existing: Json, scraping: MetricsScrapingManifests): void {
  const problems = mergeAnnotationConflicts(construct, name, existing, scraping);
  if (problems.length > 0) throw new IstioDirectError(problems);
}

/**
 * `plaintext-port` over a HeadlessMeshService's workload: its PeerAuthentication already selects the pods (a
 * second one would be ignored: only the oldest counts), so it must carry the DISABLE itself.
 */
export function checkMeshPortLevelMtls(construct: string, name: string, mesh: HeadlessMeshServiceManifests, scraping: MetricsScrapingManifests): void {
  const pa = mesh.peerAuthentication;
  if (pa === undefined) return;
  const given = record(record(pa.spec).portLevelMtls);
  const missing = Object.keys(scraping.portLevelMtls).filter((port) => record(given[port]).mode !== 'DISABLE');
  if (missing.length > 0) {
    const wanted = `{ ${missing.map((port) => `${port}: 'DISABLE'`).join(', ')} }`;
    throw new IstioDirectError([
      `${constructLabel(construct, name)}: target: HeadlessMeshService ${show(mesh.endpoint.name)} has its own PeerAuthentication for these pods, without DISABLE at port ${missing.join(', ')}: give it portLevelMtls ${wanted} (it then emits the DestinationRule too)`,
    ]);
  }
}
