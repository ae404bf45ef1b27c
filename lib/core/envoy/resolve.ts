/**
 * `resolveEnvoyDirectPodsSpec`: every {@link EnvoyDirectPodsProps} prop checked
 * for type and range, defaulted, and all problems collected before one
 * {@link IstioDirectError} is thrown.
 */
import { isIP } from 'net';
import { constructLabel, IstioDirectError, Problems, show } from '../errors';
import { DEFAULT_NAMESPACE } from '../names';
import { ServiceEndpoint } from '../types';
import {
  checkArray,
  checkBoolean,
  checkImage,
  checkInt,
  checkIp,
  checkName,
  checkOneOf,
  checkPodOptions,
  checkPort,
  checkResources,
  copyResources,
  checkString,
  checkUnique,
  INT32_MAX,
  isPlainObject,
  notA,
  required,
} from '../validate';
import { BootstrapInput } from './bootstrap';
import { checkEnvoyKeys } from './known-keys';
import {
  ADMIN_ADDRESS_BY_IP_FAMILY,
  DEFAULT_ADMIN_PORT,
  DEFAULT_CLUSTER_NAME,
  DEFAULT_CONCURRENCY,
  DEFAULT_CONFIG_MAP_NAME,
  DEFAULT_CONNECT_TIMEOUT_SECONDS,
  DEFAULT_ENVOY_NAME,
  DEFAULT_IP_FAMILY,
  DEFAULT_LISTENER_PORT,
  DEFAULT_LOG_LEVEL,
  DEFAULT_MAX_DOWNSTREAM_CONNECTIONS,
  DEFAULT_READINESS_PORT,
  DEFAULT_REPLICAS,
  DEFAULT_SERVICE_EXPORT_TO,
  DEFAULT_SERVICE_PORT,
  DEFAULT_SERVICE_TYPE,
  ENVOY_DEFAULT_RESOURCES,
  ENVOY_IMAGE,
  LISTEN_ADDRESS_BY_IP_FAMILY,
  MAX_POD_IPS,
} from './defaults';
import { DiscoveryMode, EnvoyDirectPodsProps, IpFamily } from './props';
import {
  orDefault,
  resolveCircuitBreakers,
  resolveDns,
  resolveHealthCheck,
  resolveLoadBalancing,
  resolveOutlierDetection,
  resolvePanicThreshold,
  resolveRetry,
} from './resolve-policies';
import { EnvoyDirectPodsSpec } from './spec';
import { isServiceEndpoint, resolveEnvoyTarget } from './target';

/** Every prop {@link EnvoyDirectPodsProps} has (typos such as `podIP` are reported). */
export const ENVOY_DIRECT_PODS_PROP_KEYS: readonly (keyof EnvoyDirectPodsProps)[] = [
  'name', 'configMapName', 'namespace', 'target', 'discovery', 'podIps', 'upstreamPort', 'ipFamily', 'clusterName',
  'lbPolicy', 'hashHeader', 'healthCheck', 'connectTimeoutSeconds', 'routeTimeoutSeconds', 'retries', 'outlierDetection',
  'circuitBreakers', 'dns', 'healthyPanicThresholdPercent', 'hostRewrite', 'replicas', 'image', 'concurrency', 'logLevel',
  'listenerPort', 'servicePort', 'serviceType', 'serviceExportTo', 'readinessPort', 'adminPort', 'adminAddress',
  'maxDownstreamConnections', 'accessLog', 'istioSidecar', 'resources', 'labels', 'podAnnotations',
];

const IP_FAMILIES: readonly IpFamily[] = ['IPv4', 'IPv6', 'DualStack'];
const LOG_LEVELS = ['trace', 'debug', 'info', 'warning', 'error', 'critical', 'off'] as const;
const SERVICE_TYPES = ['ClusterIP', 'NodePort', 'LoadBalancer'] as const;
/** Envoy resource names: non-empty, printable, no whitespace. */
const ENVOY_NAME = /^[A-Za-z0-9_.:|-]+$/;
/** A host name (or IPv4 literal) for an upstream or a Host header. */
export const HOST = /^[A-Za-z0-9]([-A-Za-z0-9.]*[A-Za-z0-9])?$/;

/** Where traffic goes, as the bootstrap needs it. */
interface Upstream {
  /** False when the target itself is unusable: later checks that depend on the mode are skipped. */
  readonly targetOk?: false;
  readonly discovery: DiscoveryMode;
  readonly namespace?: string;
  readonly endpoints: BootstrapInput['endpoints'];
  readonly hostRewrite?: string;
}

/** Checks and defaults every prop; throws an {@link IstioDirectError} listing every problem. */
export function resolveEnvoyDirectPodsSpec(props: EnvoyDirectPodsProps): EnvoyDirectPodsSpec {
  if (!isPlainObject(props)) {
    // As EchoService and HeadlessMeshService: no name to show when there are no props.
    throw new IstioDirectError([`${constructLabel('EnvoyDirectPods', undefined)}: props: ${notA(props, 'an object of EnvoyDirectPods props')}`]);
  }
  const raw: Readonly<Record<string, unknown>> = props;
  const name = orDefault(raw.name, DEFAULT_ENVOY_NAME);
  const p = new Problems('EnvoyDirectPods', name);
  checkEnvoyKeys(p, '', raw, ENVOY_DIRECT_PODS_PROP_KEYS as readonly string[]);
  checkName(p, 'name', name, 'service');
  // A named proxy's ConfigMap takes its name: two proxies never share one by default.
  const configMapName = orDefault(raw.configMapName, raw.name !== undefined ? name : DEFAULT_CONFIG_MAP_NAME);
  checkName(p, 'configMapName', configMapName, 'subdomain');
  const clusterName = orDefault(raw.clusterName, DEFAULT_CLUSTER_NAME);
  if (checkString(p, 'clusterName', clusterName, 200) && !ENVOY_NAME.test(clusterName)) {
    p.add('clusterName', `${show(clusterName)} is not an Envoy cluster name (letters, digits, "_", ".", ":", "|", "-")`);
  }
  const ipFamily = orDefault(raw.ipFamily, DEFAULT_IP_FAMILY);
  const family: IpFamily = checkOneOf(p, 'ipFamily', ipFamily, IP_FAMILIES) ? ipFamily : DEFAULT_IP_FAMILY;
  const upstream = resolveUpstream(p, raw, family);
  const local = resolveLocalPorts(p, raw, family);
  const pods = resolvePods(p, raw, name as string);
  const bootstrap = resolveBootstrapPolicies(p, raw, upstream, family);
  p.throwIfAny();
  return {
    ...pods,
    name: name as string,
    ...(upstream.namespace !== undefined ? { namespace: upstream.namespace } : {}),
    configMapName: configMapName as string,
    discovery: upstream.discovery,
    ipFamily: family,
    listenerPort: local.listenerPort,
    readinessPort: local.readinessPort,
    servicePort: local.servicePort,
    bootstrap: {
      ...bootstrap,
      nodeId: name as string,
      clusterName: clusterName as string,
      clusterType: upstream.discovery === 'static' ? 'STATIC' : 'STRICT_DNS',
      endpoints: upstream.endpoints,
      hostRewrite: upstream.hostRewrite,
      listenAddress: LISTEN_ADDRESS_BY_IP_FAMILY[family],
      ipv4Compat: family === 'DualStack',
      listenerPort: local.listenerPort,
      readinessPort: local.readinessPort,
      adminAddress: local.adminAddress,
      adminPort: local.adminPort,
    },
  };
}

/** The traffic policies of the bootstrap: load balancing, checks, retries, DNS. */
function resolveBootstrapPolicies(p: Problems, raw: Readonly<Record<string, unknown>>, upstream: Upstream, family: IpFamily) {
  const dnsMode = upstream.discovery !== 'static';
  if (!dnsMode && raw.dns !== undefined && upstream.targetOk !== false) {
    p.add('dns', `${show(raw.dns)} is set but discovery is "static": DNS settings apply to "dns" and "service"`);
  }
  const connectTimeoutSeconds = orDefault(raw.connectTimeoutSeconds, DEFAULT_CONNECT_TIMEOUT_SECONDS);
  checkSecondsProp(p, 'connectTimeoutSeconds', connectTimeoutSeconds);
  if (raw.routeTimeoutSeconds !== undefined) {
    checkSecondsProp(p, 'routeTimeoutSeconds', raw.routeTimeoutSeconds);
  }
  const maxDownstreamConnections = orDefault(raw.maxDownstreamConnections, DEFAULT_MAX_DOWNSTREAM_CONNECTIONS);
  checkInt(p, 'maxDownstreamConnections', maxDownstreamConnections, 1, INT32_MAX);
  const accessLog = orDefault(raw.accessLog, true);
  checkBoolean(p, 'accessLog', accessLog);
  return {
    ...resolveLoadBalancing(p, raw.lbPolicy, raw.hashHeader),
    dns: dnsMode ? resolveDns(p, raw.dns, family) : undefined,
    // Drop pods DNS no longer returns even while they pass health checks: pod
    // IPs get reused (https://github.com/envoyproxy/envoy/issues/18151).
    ignoreHealthOnHostRemoval: upstream.discovery === 'dns' ? true : undefined,
    healthyPanicThresholdPercent: resolvePanicThreshold(p, raw.healthyPanicThresholdPercent, upstream.discovery === 'dns'),
    connectTimeoutSeconds: connectTimeoutSeconds as number,
    healthCheck: resolveHealthCheck(p, raw.healthCheck, upstream.hostRewrite, HOST),
    outlierDetection: resolveOutlierDetection(p, raw.outlierDetection),
    circuitBreakers: resolveCircuitBreakers(p, raw.circuitBreakers),
    retry: resolveRetry(p, raw.retries),
    routeTimeoutSeconds: raw.routeTimeoutSeconds as number | undefined,
    maxDownstreamConnections: maxDownstreamConnections as number,
    accessLog: accessLog as boolean,
  };
}

function checkSecondsProp(p: Problems, field: string, value: unknown): void {
  if (typeof value !== 'number') {
    p.add(field, notA(value, 'a positive duration in seconds (e.g. 0.25 or 10)'));
  } else if (!Number.isFinite(value) || value <= 0 || value > 315_576_000_000 || value < 1e-9) {
    p.add(field, `${show(value)} is not a positive duration in seconds (e.g. 0.25 or 10)`);
  }
}

/** Target, discovery mode, namespace, endpoints and Host rewrite. */
function resolveUpstream(p: Problems, raw: Readonly<Record<string, unknown>>, family: IpFamily): Upstream {
  const target = raw.target === undefined || raw.target === null ? raw.target : resolveEnvoyTarget(raw.target as never);
  if (typeof target !== 'object' || target === null || Array.isArray(target)) {
    const what = 'an EchoService, a HeadlessMeshService or { host, port }';
    p.add('target', target === undefined ? required(what) : `${show(target)} is not a target: give ${what}`);
    checkNamespace(p, raw.namespace);
    return { targetOk: false, discovery: 'static', endpoints: [] };
  }
  if (isServiceEndpoint(target)) {
    return resolveServiceUpstream(p, raw, target, family);
  }
  checkEnvoyKeys(p, 'target', target as unknown as Readonly<Record<string, unknown>>, ['host', 'port']);
  const { host, port } = target as { host: unknown; port: unknown };
  if (checkString(p, 'target.host', host, 253) && !(HOST.test(host) || isIP(host) !== 0)) {
    p.add('target.host', `${show(host)} is not a host name or IP address`);
  } else if (typeof host === 'string' && isIP(host) !== 0) {
    checkIpFamily(p, 'target.host', host, family);
  }
  const discovery = orDefault(raw.discovery, raw.podIps !== undefined ? 'static' : 'service');
  checkOneOf(p, 'discovery', discovery, ['static', 'dns', 'service'] as const);
  const upstreamPort = orDefault(raw.upstreamPort, port);
  checkPort(p, raw.upstreamPort !== undefined ? 'upstreamPort' : 'target.port', upstreamPort);
  checkNamespace(p, raw.namespace);
  const hostRewrite = resolveHostRewrite(p, raw.hostRewrite, undefined);
  const endpoints = resolveEndpoints(p, raw.podIps, discovery as DiscoveryMode, host as string, upstreamPort as number, family);
  return { discovery: discovery as DiscoveryMode, endpoints, hostRewrite, ...(typeof raw.namespace === 'string' ? { namespace: raw.namespace } : {}) };
}

/** A construct's Service as the target: its FQDN, ports and namespace. */
function resolveServiceUpstream(p: Problems, raw: Readonly<Record<string, unknown>>, endpoint: ServiceEndpoint, family: IpFamily): Upstream {
  if (!checkServiceEndpoint(p, endpoint)) {
    return { targetOk: false, discovery: 'static', endpoints: [] };
  }
  const discovery = orDefault(raw.discovery, raw.podIps !== undefined ? 'static' : endpoint.headless ? 'dns' : 'service');
  checkOneOf(p, 'discovery', discovery, ['static', 'dns', 'service'] as const);
  if (discovery === 'dns' && !endpoint.headless) {
    p.add(
      'discovery',
      `"dns" needs a headless Service, but ${show(endpoint.name)} is a ClusterIP Service that resolves to one virtual IP: target a HeadlessMeshService, or use "service"`,
    );
  }
  if (discovery === 'service' && endpoint.headless) {
    p.add('discovery', `"service" needs a ClusterIP Service, but ${show(endpoint.name)} is headless: use "dns" to balance across its pods`);
  }
  const upstreamPort = orDefault(raw.upstreamPort, discovery === 'static' ? endpoint.targetPort : endpoint.port);
  if (checkPort(p, raw.upstreamPort !== undefined ? 'upstreamPort' : 'target.port', upstreamPort)) {
    checkStaticUpstreamPort(p, raw.upstreamPort, discovery, endpoint);
  }
  const namespace = resolveNamespace(p, raw.namespace, endpoint);
  const hostRewrite = resolveHostRewrite(p, raw.hostRewrite, endpoint.fqdn);
  const endpoints = resolveEndpoints(p, raw.podIps, discovery as DiscoveryMode, endpoint.fqdn, upstreamPort as number, family);
  return { discovery: discovery as DiscoveryMode, endpoints, hostRewrite, ...(namespace !== undefined ? { namespace } : {}) };
}

/** A Service endpoint built outside the core (JavaScript, YAML) may be malformed. */
function checkServiceEndpoint(p: Problems, endpoint: ServiceEndpoint): boolean {
  let fqdnOk = checkString(p, 'target.fqdn', endpoint.fqdn, 253);
  if (fqdnOk && !HOST.test(endpoint.fqdn)) {
    p.add('target.fqdn', `${show(endpoint.fqdn)} is not a host name`);
    fqdnOk = false;
  }
  return [
    fqdnOk,
    checkString(p, 'target.name', endpoint.name, 253),
    checkName(p, 'target.namespace', endpoint.namespace, 'label'),
    checkPort(p, 'target.port', endpoint.port),
    checkPort(p, 'target.targetPort', endpoint.targetPort),
    checkBoolean(p, 'target.headless', endpoint.headless),
  ].every(Boolean);
}

/** A static cluster dials pod IPs directly: the Service port is the wrong port when it differs from the target port. */
function checkStaticUpstreamPort(p: Problems, upstreamPort: unknown, discovery: unknown, endpoint: ServiceEndpoint): void {
  if (discovery === 'static' && upstreamPort === endpoint.port && endpoint.port !== endpoint.targetPort) {
    p.add(
      'upstreamPort',
      `${endpoint.port} is the Service port of ${show(endpoint.name)}, but "static" discovery dials the pod IPs directly and the pods listen on the target port ${endpoint.targetPort}: set upstreamPort to ${endpoint.targetPort} or leave it unset`,
    );
  }
}

function checkNamespace(p: Problems, namespace: unknown): void {
  if (namespace !== undefined) {
    checkName(p, 'namespace', namespace, 'label');
  }
}

/**
 * The Envoy runs in its target's namespace: an unset namespace takes it (an
 * unset namespace and `default` are the same to the DNS names the core builds),
 * and a different one is an error.
 */
function resolveNamespace(p: Problems, namespace: unknown, endpoint: ServiceEndpoint): string | undefined {
  if (namespace === undefined) {
    return endpoint.namespace !== DEFAULT_NAMESPACE ? endpoint.namespace : undefined;
  }
  if (checkName(p, 'namespace', namespace, 'label') && namespace !== endpoint.namespace) {
    p.add(
      'namespace',
      `${show(namespace)} differs from the namespace ${show(endpoint.namespace)} of the target Service ${show(endpoint.name)}: Istio scopes a Service's export and a sidecar's view by namespace, so the proxy runs beside its target; leave namespace unset (or set it to ${show(endpoint.namespace)}), or target an explicit { host, port }`,
    );
  }
  return namespace as string;
}

function resolveHostRewrite(p: Problems, prop: unknown, fallback: string | undefined): string | undefined {
  if (prop === false) {
    return undefined;
  }
  if (prop === undefined) {
    return fallback;
  }
  if (typeof prop !== 'string') {
    p.add('hostRewrite', notA(prop, 'a host name or false'));
  } else if (prop.length > 253 || !HOST.test(prop)) {
    p.add('hostRewrite', `${show(prop)} is not a host name`);
  }
  return prop as string;
}

/** The cluster's endpoints: the pod IPs of a static cluster, else the one host name. */
function resolveEndpoints(p: Problems, podIps: unknown, discovery: DiscoveryMode, host: string, port: number, family: IpFamily): BootstrapInput['endpoints'] {
  if (discovery !== 'static') {
    if (podIps !== undefined) {
      p.add('podIps', `${show(podIps)} is set but discovery is ${show(discovery)}: pod IPs are only used by "static"`);
    }
    return [{ address: host, port }];
  }
  if (podIps === undefined || (Array.isArray(podIps) && podIps.length === 0)) {
    p.add('podIps', `${podIps === undefined ? 'is not set' : '[] is empty'}: "static" discovery needs at least one pod IP (or use "dns" with a HeadlessMeshService)`);
    return [];
  }
  if (!checkArray(p, 'podIps', podIps, 1, MAX_POD_IPS)) {
    return [];
  }
  podIps.forEach((ip, i) => checkIp(p, `podIps[${i}]`, ip) && checkIpFamily(p, `podIps[${i}]`, ip, family));
  checkUnique(p, 'podIps', podIps, 'pod IP');
  return podIps.map((address) => ({ address: address as string, port }));
}

function checkIpFamily(p: Problems, field: string, ip: string, family: IpFamily): boolean {
  const version = isIP(ip);
  if ((family === 'IPv4' && version === 6) || (family === 'IPv6' && version === 4)) {
    const fits = version === 6 ? '"IPv6" or "DualStack"' : '"IPv4" or "DualStack"';
    p.add(field, `${show(ip)} is an IPv${version} address, but ipFamily is ${show(family)}: set ipFamily to ${fits}`);
    return false;
  }
  return true;
}

/** Listener, readiness, admin and Service ports, and the admin address. */
function resolveLocalPorts(p: Problems, raw: Readonly<Record<string, unknown>>, family: IpFamily) {
  const listenerPort = orDefault(raw.listenerPort, DEFAULT_LISTENER_PORT);
  const servicePort = orDefault(raw.servicePort, DEFAULT_SERVICE_PORT);
  const readinessPort = orDefault(raw.readinessPort, DEFAULT_READINESS_PORT);
  const adminPort = orDefault(raw.adminPort, DEFAULT_ADMIN_PORT);
  const ok = [
    checkPort(p, 'listenerPort', listenerPort),
    checkPort(p, 'servicePort', servicePort),
    checkPort(p, 'readinessPort', readinessPort),
    checkPort(p, 'adminPort', adminPort),
  ].every(Boolean);
  const localPorts = [listenerPort, readinessPort, adminPort];
  if (ok && new Set(localPorts).size !== localPorts.length) {
    p.add('listenerPort', `listenerPort ${listenerPort}, readinessPort ${readinessPort} and adminPort ${adminPort} must all differ`);
  }
  const adminAddress = orDefault(raw.adminAddress, ADMIN_ADDRESS_BY_IP_FAMILY[family]);
  const ipv4Loopback = typeof adminAddress === 'string' && isIP(adminAddress) === 4 && adminAddress.startsWith('127.');
  const loopback = ipv4Loopback || adminAddress === '::1';
  if (!loopback) {
    p.add('adminAddress', `${show(adminAddress)} is not a loopback address (127.0.0.0/8 or ::1): Envoy's admin interface must never listen beyond localhost`);
  } else if (family === 'IPv4' && !ipv4Loopback) {
    p.add('adminAddress', `${show(adminAddress)} is an IPv6 address, but ipFamily is "IPv4": use an address in 127.0.0.0/8, or set ipFamily`);
  }
  return {
    listenerPort: listenerPort as number,
    servicePort: servicePort as number,
    readinessPort: readinessPort as number,
    adminPort: adminPort as number,
    adminAddress: adminAddress as string,
  };
}

/** Deployment, container and Service settings. */
function resolvePods(p: Problems, raw: Readonly<Record<string, unknown>>, name: string) {
  const replicas = orDefault(raw.replicas, DEFAULT_REPLICAS);
  checkInt(p, 'replicas', replicas, 0, INT32_MAX);
  const concurrency = orDefault(raw.concurrency, DEFAULT_CONCURRENCY);
  checkInt(p, 'concurrency', concurrency, 1, 1024);
  const logLevel = orDefault(raw.logLevel, DEFAULT_LOG_LEVEL);
  checkOneOf(p, 'logLevel', logLevel, LOG_LEVELS);
  const image = orDefault(raw.image, ENVOY_IMAGE);
  checkImage(p, 'image', image);
  const serviceType = orDefault(raw.serviceType, DEFAULT_SERVICE_TYPE);
  checkOneOf(p, 'serviceType', serviceType, SERVICE_TYPES);
  const serviceExportTo = resolveExportTo(p, orDefault(raw.serviceExportTo, DEFAULT_SERVICE_EXPORT_TO));
  if (raw.istioSidecar !== undefined) {
    checkBoolean(p, 'istioSidecar', raw.istioSidecar);
  }
  const resources = orDefault(raw.resources, ENVOY_DEFAULT_RESOURCES);
  if (resources === null) {
    p.add('resources', notA(resources, 'an object with requests and limits'));
  } else {
    checkResources(p, 'resources', resources);
  }
  checkPodOptions(p, { labels: raw.labels as never, podAnnotations: raw.podAnnotations as never }, name);
  return {
    replicas: replicas as number,
    concurrency: concurrency as number,
    logLevel: logLevel as EnvoyDirectPodsSpec['logLevel'],
    image: image as string,
    serviceType: serviceType as EnvoyDirectPodsSpec['serviceType'],
    serviceExportTo,
    ...(raw.istioSidecar !== undefined ? { istioSidecar: raw.istioSidecar as boolean } : {}),
    resources: copyResources(resources as EnvoyDirectPodsSpec['resources']),
    labels: (raw.labels ?? {}) as Record<string, string>,
    podAnnotations: (raw.podAnnotations ?? {}) as Record<string, string>,
  };
}

/** `networking.istio.io/exportTo` values: `.`, `*`, `~` or namespace names (https://istio.io/latest/docs/reference/config/annotations/). */
function resolveExportTo(p: Problems, value: unknown): readonly string[] {
  if (!checkArray(p, 'serviceExportTo', value, 1, 64)) {
    return [];
  }
  value.forEach((entry, i) => {
    if (entry !== '.' && entry !== '*' && entry !== '~') {
      checkName(p, `serviceExportTo[${i}]`, entry, 'label');
    }
  });
  checkUnique(p, 'serviceExportTo', value, 'namespace');
  if (value.length > 1 && (value.includes('*') || value.includes('~'))) {
    p.add('serviceExportTo', `${show(value)}: "*" and "~" stand alone`);
  }
  return value as readonly string[];
}
