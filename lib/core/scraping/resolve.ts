/** MetricsScraping props -> a checked, defaulted spec (every problem collected). */
import { IstioDirectError, Problems, show } from '../errors';
import { MTLS_MODES } from '../types';
import { formatIstioVersion, istioApiVersionFor, istioHas, IstioVersion } from '../istio-version';
import { resolveIstioVersion } from '../istio-target';
import {
  checkArray,
  checkBoolean,
  checkInt,
  checkKnownKeys,
  checkLabels,
  checkName,
  checkOneOf,
  checkPort,
  checkPortName,
  checkRecord,
  checkString,
  checkUniqueAt,
  isPlainObject,
  notA,
} from '../validate';
import { certFilesUnder, checkAbsolutePath, DEFAULT_CERTS_MOUNT_PATH, DEFAULT_SCRAPE_CLASS } from './prometheus';
import {
  IstioCertFiles,
  ISTIO_RESERVED_PORTS,
  METRICS_SCRAPING_KEYS,
  MetricsScrapingProps,
  MetricsScrapingSpec,
  ResolvedMetricsEndpoint,
  SCRAPE_MODES,
  SCRAPE_MONITORS,
  ScrapeContainerPort,
  ScrapeMode,
  ScrapeMonitor,
  ScrapeTarget,
} from './props';

/** Most metrics endpoints of one target. */
const MAX_ENDPOINTS = 32;
/** Most container ports read from a target. */
const MAX_CONTAINER_PORTS = 1000;
const TARGET_KEYS: readonly (keyof ScrapeTarget)[] = ['kind', 'name', 'namespace', 'selectorLabels', 'containerPorts', 'service', 'metrics', 'mtls'];

/** Checks every prop and fills in defaults. Throws an {@link IstioDirectError} listing every problem. */
export function resolveMetricsScrapingSpec(props: MetricsScrapingProps): MetricsScrapingSpec {
  const raw: unknown = props;
  if (!isPlainObject(raw)) {
    throw new IstioDirectError([`MetricsScraping: props: ${notA(raw, 'an object of MetricsScraping properties')}`]);
  }
  const targetName = isPlainObject(raw.target) ? raw.target.name : undefined;
  const p = new Problems('MetricsScraping', raw.name ?? targetName);
  checkKnownKeys(p, '', raw, METRICS_SCRAPING_KEYS);
  const version = resolveIstioVersion(p, raw.istioVersion);
  const mode = checkOneOf(p, 'mode', raw.mode, SCRAPE_MODES) ? raw.mode : undefined;
  const target = checkScrapeTarget(p, raw.target);
  const name = raw.name ?? target?.name;
  if (raw.name !== undefined) checkName(p, 'name', raw.name, 'subdomain');
  const namespace = raw.namespace ?? target?.namespace;
  if (raw.namespace !== undefined) checkName(p, 'namespace', raw.namespace, 'label');
  const monitor = resolveMonitor(p, raw.monitor, mode, target);
  checkLabels(p, 'monitorLabels', raw.monitorLabels);
  const targetMtls = raw.targetMtlsMode ?? 'STRICT';
  checkOneOf(p, 'targetMtlsMode', targetMtls, ['STRICT', 'PERMISSIVE'] as const);
  const overTls = raw.metricsOverTls ?? false;
  checkBoolean(p, 'metricsOverTls', overTls);
  const peerAuthentication = raw.peerAuthentication ?? true;
  checkBoolean(p, 'peerAuthentication', peerAuthentication);
  if (raw.intervalSeconds !== undefined) checkInt(p, 'intervalSeconds', raw.intervalSeconds, 1, 86_400);
  const scrapeClass = raw.scrapeClass ?? DEFAULT_SCRAPE_CLASS;
  checkName(p, 'scrapeClass', scrapeClass, 'subdomain');
  const certFiles = resolveCertFiles(p, raw.certFiles);
  const endpoints = target === undefined ? [] : resolveEndpoints(p, raw.metrics, target);
  if (mode !== undefined && version !== undefined) {
    checkMode(p, { mode, endpoints, version, targetMtls, overTls: overTls === true, monitor });
  }
  if (mode === 'istio-certs' && target?.mtls !== undefined) checkTargetPolicy(p, target, endpoints);
  p.throwIfAny();
  const v = version as IstioVersion;
  return {
    mode: mode as ScrapeMode,
    name: name as string,
    ...(namespace !== undefined ? { namespace: namespace as string } : {}),
    target: target as ScrapeTarget,
    endpoints,
    monitor: monitor as ScrapeMonitor,
    monitorLabels: (raw.monitorLabels as Record<string, string> | undefined) ?? {},
    peerAuthentication: peerAuthentication as boolean,
    ...(raw.intervalSeconds !== undefined ? { intervalSeconds: raw.intervalSeconds as number } : {}),
    scrapeClass: scrapeClass as string,
    certFiles,
    istioVersion: v,
    istioApiVersion: istioApiVersionFor(v),
  };
}

/** The scraped workload, checked; `undefined` after recording a problem. */
function checkScrapeTarget(p: Problems, target: unknown): ScrapeTarget | undefined {
  const what = 'a workload with container ports: an EchoService, a cdk8s-plus or @pulumi/kubernetes workload, or { kind, name, selectorLabels, containerPorts }';
  if (!checkRecord(p, 'target', target, what)) return undefined;
  const ok = [
    checkKnownKeys(p, 'target', target, TARGET_KEYS),
    checkOneOf(p, 'target.kind', target.kind, ['Deployment', 'StatefulSet', 'DaemonSet', 'Pod'] as const),
    checkName(p, 'target.name', target.name, 'subdomain'),
    target.namespace === undefined || checkName(p, 'target.namespace', target.namespace, 'label'),
    checkSelectorLabels(p, target.selectorLabels),
    checkContainerPorts(p, target.containerPorts),
    target.service === undefined || checkService(p, target.service),
    target.mtls === undefined || checkTargetMtls(p, target.mtls),
  ];
  return ok.every(Boolean) ? (target as unknown as ScrapeTarget) : undefined;
}

function checkTargetMtls(p: Problems, mtls: unknown): boolean {
  if (!checkRecord(p, 'target.mtls', mtls, 'an object { mode, portLevel }')) return false;
  let ok = checkKnownKeys(p, 'target.mtls', mtls, ['mode', 'portLevel']) && checkOneOf(p, 'target.mtls.mode', mtls.mode, MTLS_MODES);
  if (mtls.portLevel !== undefined && checkRecord(p, 'target.mtls.portLevel', mtls.portLevel, 'a map of port numbers to mTLS modes')) {
    for (const [port, mode] of Object.entries(mtls.portLevel)) ok = checkOneOf(p, `target.mtls.portLevel[${show(port)}]`, mode, MTLS_MODES) && ok;
  } else if (mtls.portLevel !== undefined) ok = false;
  return ok;
}

function checkSelectorLabels(p: Problems, selector: unknown): boolean {
  if (isPlainObject(selector) && Object.keys(selector).length === 0) {
    p.add('target.selectorLabels', '{} is empty: a monitor or policy without a selector would select every pod of the namespace');
    return false;
  }
  if (selector === undefined) {
    p.add('target.selectorLabels', 'is required: give the pod labels the workload selects, e.g. { app: "api" }');
    return false;
  }
  return checkLabels(p, 'target.selectorLabels', selector);
}

function checkContainerPorts(p: Problems, ports: unknown): boolean {
  if (!checkArray(p, 'target.containerPorts', ports, 1, MAX_CONTAINER_PORTS)) return false;
  let ok = true;
  ports.forEach((port, i) => {
    const field = `target.containerPorts[${i}]`;
    if (!checkRecord(p, field, port, 'a container port { port, name }')) {
      ok = false;
      return;
    }
    ok = checkPort(p, `${field}.port`, port.port) && ok;
    if (port.name !== undefined) ok = checkPortName(p, `${field}.name`, port.name) && ok;
  });
  return ok;
}

function checkService(p: Problems, service: unknown): boolean {
  if (!checkRecord(p, 'target.service', service, 'a Service { name, labels, fqdn, ports }')) return false;
  const ok = [checkName(p, 'target.service.name', service.name, 'service'), checkLabels(p, 'target.service.labels', service.labels ?? {})];
  ok.push(checkString(p, 'target.service.fqdn', service.fqdn, 253));
  if (checkArray(p, 'target.service.ports', service.ports, 1, MAX_CONTAINER_PORTS)) {
    service.ports.forEach((port, i) => {
      const field = `target.service.ports[${i}]`;
      if (checkRecord(p, field, port, 'a Service port { name, port, targetPort }')) {
        ok.push(checkPort(p, `${field}.port`, port.port), checkPort(p, `${field}.targetPort`, port.targetPort));
      } else ok.push(false);
    });
  } else ok.push(false);
  return ok.every(Boolean);
}

/** The monitor kind: given, else `annotations` for merge and `PodMonitor` otherwise. */
function resolveMonitor(p: Problems, value: unknown, mode: ScrapeMode | undefined, target: ScrapeTarget | undefined): ScrapeMonitor | undefined {
  const monitor = value ?? (mode === 'merge' ? 'annotations' : 'PodMonitor');
  if (!checkOneOf(p, 'monitor', monitor, SCRAPE_MONITORS)) return undefined;
  if (monitor === 'annotations' && mode !== undefined && mode !== 'merge') {
    p.add('monitor', `"annotations" works only with mode "merge" (Istio rewrites prometheus.io annotations to its merged endpoint): give "PodMonitor", "ServiceMonitor" or "scrape-config"`);
  }
  if (monitor === 'ServiceMonitor' && mode === 'merge') {
    p.add('monitor', `"ServiceMonitor" cannot scrape merged metrics: port 15020 is in no Service; give "annotations" or "PodMonitor"`);
  }
  if (monitor === 'ServiceMonitor' && target !== undefined && target.service === undefined) {
    p.add('monitor', `"ServiceMonitor" needs a Service in front of ${target.kind} ${show(target.name)}: give target.service, or use "PodMonitor"`);
  }
  return monitor;
}

function resolveCertFiles(p: Problems, value: unknown): IstioCertFiles {
  if (value === undefined) return certFilesUnder(DEFAULT_CERTS_MOUNT_PATH);
  if (!checkRecord(p, 'certFiles', value, 'an object { caFile, certFile, keyFile }')) return certFilesUnder(DEFAULT_CERTS_MOUNT_PATH);
  checkKnownKeys(p, 'certFiles', value, ['caFile', 'certFile', 'keyFile']);
  for (const key of ['caFile', 'certFile', 'keyFile'] as const) checkAbsolutePath(p, `certFiles.${key}`, value[key]);
  return value as unknown as IstioCertFiles;
}

/** The metrics endpoints, each a declared container port with a path. */
function resolveEndpoints(p: Problems, value: unknown, target: ScrapeTarget): ResolvedMetricsEndpoint[] {
  const given = value ?? target.metrics;
  const field = value !== undefined ? 'metrics' : 'target.metrics';
  if (given === undefined) {
    p.add('metrics', `is required: ${target.kind} ${show(target.name)} names no metrics endpoint; give [{ port, path }] with a port it declares (${declared(target.containerPorts)})`);
    return [];
  }
  if (!checkArray(p, field, given, 1, MAX_ENDPOINTS)) return [];
  const out: ResolvedMetricsEndpoint[] = [];
  const fields: string[] = [];
  given.forEach((entry, i) => {
    const at = `${field}[${i}]`;
    if (!checkRecord(p, at, entry, 'a metrics endpoint { port, path }')) return;
    checkKnownKeys(p, at, entry, ['port', 'path']);
    const port = resolveContainerPort(p, `${at}.port`, entry.port, target);
    const path = entry.path ?? '/metrics';
    const pathOk = checkMetricsPath(p, `${at}.path`, path);
    if (port !== undefined && pathOk) {
      out.push({ port: port.port, ...(port.name !== undefined ? { portName: port.name } : {}), path: path as string });
      fields.push(`${at}.port`);
    }
  });
  checkUniqueAt(p, out.map((e, i) => ({ field: fields[i], value: e.port })), 'metrics port');
  return out;
}

/** The declared container port a number or name designates; `undefined` after recording a problem. */
function resolveContainerPort(p: Problems, field: string, value: unknown, target: ScrapeTarget): ScrapeContainerPort | undefined {
  if (typeof value === 'string') {
    const found = target.containerPorts.find((port) => port.name === value);
    if (found === undefined) p.add(field, `${show(value)} is not the name of a container port of ${target.kind} ${show(target.name)} (${declared(target.containerPorts)})`);
    return found;
  }
  if (!checkPort(p, field, value)) return undefined;
  const found = target.containerPorts.find((port) => port.port === value);
  if (found === undefined) p.add(field, `${value} is not a container port of ${target.kind} ${show(target.name)} (${declared(target.containerPorts)}): declare it, or give one of these`);
  return found;
}

function declared(ports: readonly ScrapeContainerPort[]): string {
  return `it declares ${ports.map((port) => (port.name !== undefined ? `${port.port} "${port.name}"` : String(port.port))).join(', ')}`;
}

/** An HTTP path: a leading `/`, no whitespace, no query or fragment (Prometheus takes the query from `params`). */
function checkMetricsPath(p: Problems, field: string, value: unknown): boolean {
  if (!checkString(p, field, value, 1024)) return false;
  if (!/^\/[^\s?#,:]*$/.test(value as string)) {
    p.add(field, `${show(value)} is not an HTTP path: give one with a leading "/" and no spaces, "?", "#", "," or ":" (e.g. "/metrics")`);
    return false;
  }
  return true;
}

interface ModeInput {
  readonly mode: ScrapeMode;
  readonly endpoints: readonly ResolvedMetricsEndpoint[];
  readonly version: IstioVersion;
  readonly targetMtls: unknown;
  readonly overTls: boolean;
  readonly monitor: ScrapeMonitor | undefined;
}

/** What each mode cannot do. */
function checkMode(p: Problems, input: ModeInput): void {
  const { mode, endpoints } = input;
  if (mode === 'merge') return checkMerge(p, input);
  if (mode === 'istio-certs' && input.targetMtls === 'PERMISSIVE') {
    p.add(
      'targetMtlsMode',
      `"PERMISSIVE" cannot be scraped with TLS in mode "istio-certs": a PERMISSIVE port terminates only TLS carrying Istio's ALPN and passes Prometheus's plain TLS to the app as raw bytes (https://github.com/istio/istio/issues/38720); make the port STRICT, or use mode "plaintext-port" or "merge"`,
    );
  }
  if (mode === 'plaintext-port' && input.overTls) {
    p.add('metricsOverTls', `true, but mode "plaintext-port" scrapes over http: give false, or use mode "istio-certs"`);
  }
  for (const [i, endpoint] of endpoints.entries()) {
    if (ISTIO_RESERVED_PORTS.includes(endpoint.port)) {
      p.add(`metrics[${i}].port`, `${endpoint.port} is a port of the Istio sidecar (${ISTIO_RESERVED_PORTS.join(', ')}), not of the app: scrape the app's own metrics port`);
    }
  }
}

function checkMerge(p: Problems, input: ModeInput): void {
  if (input.overTls) {
    p.add(
      'metricsOverTls',
      `true, but metrics merging fetches http://localhost:<port><path> in plaintext (pilot/cmd/pilot-agent/status/server.go): serve metrics over plain HTTP, or use mode "istio-certs"`,
    );
  }
  input.endpoints.forEach((endpoint, i) => {
    if (ISTIO_RESERVED_PORTS.includes(endpoint.port)) {
      p.add(
        `metrics[${i}].port`,
        `${endpoint.port} is an Istio-reserved port (${ISTIO_RESERVED_PORTS.join(', ')}), which merging refuses (pkg/kube/inject/webhook.go): give the app's own metrics port`,
      );
    }
  });
  if (input.endpoints.length > 1 && !istioHas(input.version, 'multiPortMetricsMerge')) {
    p.add(
      'metrics',
      `${input.endpoints.length} ports, but Istio ${formatIstioVersion(input.version)} merges one port only (prometheus.istio.io/scrape-targets needs Istio 1.31): give one port, set istioVersion "1.31", or use mode "istio-certs"`,
    );
  }
}

/** `istio-certs` against the pods' own policy: each metrics port must be STRICT (PERMISSIVE passes TLS through, DISABLE is plaintext). */
function checkTargetPolicy(p: Problems, target: ScrapeTarget, endpoints: readonly ResolvedMetricsEndpoint[]): void {
  const mtls = target.mtls!;
  endpoints.forEach((endpoint, i) => {
    const atPort = mtls.portLevel?.[endpoint.port];
    const mode = atPort !== undefined && atPort !== 'UNSET' ? atPort : mtls.mode;
    if (mode !== 'PERMISSIVE' && mode !== 'DISABLE') return;
    const why =
      mode === 'PERMISSIVE'
        ? "a PERMISSIVE port passes Prometheus's TLS (without Istio's ALPN) to the app as raw bytes (https://github.com/istio/istio/issues/38720)"
        : 'a DISABLE port takes plaintext only';
    p.add(
      `metrics[${i}].port`,
      `${endpoint.port} is ${mode} for ${target.kind} ${show(target.name)} (its own PeerAuthentication), so mode "istio-certs" cannot scrape it with TLS: ${why}; make the port STRICT, or use mode "plaintext-port"`,
    );
  });
}
