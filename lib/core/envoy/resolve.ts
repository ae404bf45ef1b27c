/**
 * `resolveEnvoyDirectPodsSpec`: every {@link EnvoyDirectPodsProps} prop checked
 * for type and range, defaulted, and all problems collected before one
 * {@link IstioDirectError} is thrown.
 */
import { isIP } from 'net';
import { constructLabel, IstioDirectError, Problems, show } from '../errors';
import { ServiceEndpoint } from '../types';
import {
  checkArray,
  checkBoolean,
  checkImage,
  checkInt,
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
import { resolveObservability } from './resolve-observability';
import { ResolvedVersions, resolveVersions, VersionContext, versionsHavePodIps } from './resolve-versions';
import { isServiceEndpoint, resolveEnvoyTarget } from './target';
import {
  checkIpFamily,
  checkNamespace,
  checkServiceEndpoint,
  checkStaticUpstreamPort,
  HOST,
  resolveEndpoints,
  resolveHostRewrite,
  resolveNamespace,
} from './resolve-target';

/** Every prop {@link EnvoyDirectPodsProps} has (typos such as `podIP` are reported). */
export const ENVOY_DIRECT_PODS_PROP_KEYS: readonly (keyof EnvoyDirectPodsProps)[] = [
  'name', 'configMapName', 'namespace', 'target', 'discovery', 'podIps', 'upstreamPort', 'ipFamily', 'clusterName',
  'lbPolicy', 'hashHeader', 'healthCheck', 'connectTimeoutSeconds', 'routeTimeoutSeconds', 'retries', 'outlierDetection',
  'circuitBreakers', 'dns', 'healthyPanicThresholdPercent', 'hostRewrite', 'replicas', 'image', 'concurrency', 'logLevel',
  'listenerPort', 'servicePort', 'serviceType', 'serviceExportTo', 'readinessPort', 'adminPort', 'adminAddress',
  'maxDownstreamConnections', 'accessLog', 'istioSidecar', 'resources', 'labels', 'podAnnotations',
  'versions', 'routes', 'accessLogFormat', 'perEndpointStats', 'statsListener', 'tracing',
];

const IP_FAMILIES: readonly IpFamily[] = ['IPv4', 'IPv6', 'DualStack'];
const LOG_LEVELS = ['trace', 'debug', 'info', 'warning', 'error', 'critical', 'off'] as const;
const SERVICE_TYPES = ['ClusterIP', 'NodePort', 'LoadBalancer'] as const;
/** Envoy resource names: non-empty, printable, no whitespace. */
const ENVOY_NAME = /^[A-Za-z0-9_.:|-]+$/;
export { HOST } from './resolve-target';

/** Where traffic goes, as the bootstrap needs it. */
interface Upstream {
  /** False when the target itself is unusable: later checks that depend on the mode are skipped. */
  readonly targetOk?: false;
  readonly discovery: DiscoveryMode;
  readonly namespace?: string;
  readonly endpoints: BootstrapInput['endpoints'];
  readonly hostRewrite?: string;
  /** With `versions`: their clusters, Services and routes. */
  readonly versions?: ResolvedVersions;
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
  if (raw.routes !== undefined && raw.versions === undefined) {
    p.add('routes', 'is set without versions: routes send requests to versions; give versions, or leave routes unset');
  }
  const upstream = resolveUpstream(p, raw, family);
  const local = resolveLocalPorts(p, raw, family);
  const pods = resolvePods(p, raw, name as string);
  const { statsListener, ...policies } = resolveBootstrapPolicies(p, raw, upstream, family, name as string);
  if (statsListener !== undefined && [local.listenerPort, local.readinessPort, local.adminPort].includes(statsListener.port)) {
    p.add('statsListener.port', `${statsListener.port} is already the listener, readiness or admin port: pick another`);
  }
  p.throwIfAny();
  const versions = upstream.versions;
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
    ...(statsListener !== undefined ? { statsListener } : {}),
    ...(versions !== undefined ? { versionServices: versions.services } : {}),
    bootstrap: {
      ...policies,
      nodeId: name as string,
      clusterName: versions !== undefined ? versions.versions[0].clusterName : (clusterName as string),
      clusterType: upstream.discovery === 'static' ? 'STATIC' : 'STRICT_DNS',
      endpoints: upstream.endpoints,
      hostRewrite: upstream.hostRewrite,
      listenAddress: LISTEN_ADDRESS_BY_IP_FAMILY[family],
      ipv4Compat: family === 'DualStack',
      listenerPort: local.listenerPort,
      readinessPort: local.readinessPort,
      adminAddress: local.adminAddress,
      adminPort: local.adminPort,
      ...(statsListener !== undefined ? { statsPort: statsListener.port } : {}),
      ...(versions !== undefined ? { versions: versionClusters(versions, raw.healthCheck), routes: versions.routes } : {}),
    },
  };
}

/** The versions' clusters; a health-check Host given in `healthCheck.host` applies to every version. */
function versionClusters(versions: ResolvedVersions, healthCheck: unknown): ResolvedVersions['versions'] {
  const host = isPlainObject(healthCheck) && typeof healthCheck.host === 'string' ? healthCheck.host : undefined;
  return host === undefined ? versions.versions : versions.versions.map((v) => ({ ...v, healthCheckHost: host }));
}

/** The traffic policies of the bootstrap: load balancing, checks, retries, DNS. */
function resolveBootstrapPolicies(p: Problems, raw: Readonly<Record<string, unknown>>, upstream: Upstream, family: IpFamily, name: string) {
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
  const dns = resolveDns(p, dnsMode ? raw.dns : undefined, family);
  return {
    ...resolveObservability(p, raw, name, family, dns),
    ...resolveLoadBalancing(p, raw.lbPolicy, raw.hashHeader),
    dns: dnsMode ? dns : undefined,
    // Drop pods DNS no longer returns even while they pass health checks: pod
    // IPs get reused (https://github.com/envoyproxy/envoy/issues/18151).
    ignoreHealthOnHostRemoval: upstream.discovery === 'dns' ? true : undefined,
    healthyPanicThresholdPercent: resolvePanicThreshold(
      p,
      raw.healthyPanicThresholdPercent,
      upstream.discovery === 'dns' || (raw.outlierDetection !== undefined && raw.outlierDetection !== null),
    ),
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
  const versioned = raw.versions !== undefined;
  const discovery = orDefault(raw.discovery, raw.podIps !== undefined || versioned ? 'static' : 'service');
  const discoveryOk = checkOneOf(p, 'discovery', discovery, ['static', 'dns', 'service'] as const);
  const upstreamPort = orDefault(raw.upstreamPort, port);
  const portOk = checkPort(p, raw.upstreamPort !== undefined ? 'upstreamPort' : 'target.port', upstreamPort);
  checkNamespace(p, raw.namespace);
  const hostRewrite = resolveHostRewrite(p, raw.hostRewrite, undefined);
  const namespace = typeof raw.namespace === 'string' ? { namespace: raw.namespace } : {};
  if (versioned) {
    const ctx = { discovery, family, upstreamPort, host, port: upstreamPort, hostRewrite, hostRewriteGiven: raw.hostRewrite !== undefined } as VersionContext;
    const versions = discoveryOk && portOk ? resolveVersions(p, raw, ctx) : undefined;
    return { discovery: discovery as DiscoveryMode, endpoints: [], hostRewrite, versions, ...namespace };
  }
  const endpoints = resolveEndpoints(p, raw.podIps, discovery as DiscoveryMode, host as string, upstreamPort as number, family);
  return { discovery: discovery as DiscoveryMode, endpoints, hostRewrite, ...namespace };
}

/** A construct's Service as the target: its FQDN, ports and namespace. */
function resolveServiceUpstream(p: Problems, raw: Readonly<Record<string, unknown>>, endpoint: ServiceEndpoint, family: IpFamily): Upstream {
  if (!checkServiceEndpoint(p, endpoint)) {
    return { targetOk: false, discovery: 'static', endpoints: [] };
  }
  const versioned = raw.versions !== undefined;
  if (versioned) {
    return resolveVersionedServiceUpstream(p, raw, endpoint, family);
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

/**
 * A construct's Service as the target of a proxy with versions: any Service
 * will do, since `dns` and `service` discovery go through the Services the
 * proxy emits per version. `dns` dials the pods' port, `service` the Service port.
 */
function resolveVersionedServiceUpstream(p: Problems, raw: Readonly<Record<string, unknown>>, endpoint: ServiceEndpoint, family: IpFamily): Upstream {
  const discovery = orDefault(raw.discovery, raw.podIps !== undefined || versionsHavePodIps(raw.versions) ? 'static' : 'dns');
  const discoveryOk = checkOneOf(p, 'discovery', discovery, ['static', 'dns', 'service'] as const);
  const upstreamPort = orDefault(raw.upstreamPort, discovery === 'service' ? endpoint.port : endpoint.targetPort);
  const portOk = checkPort(p, 'upstreamPort', upstreamPort);
  if (portOk) {
    checkStaticUpstreamPort(p, raw.upstreamPort, discovery, endpoint);
  }
  const namespace = resolveNamespace(p, raw.namespace, endpoint);
  const hostRewrite = resolveHostRewrite(p, raw.hostRewrite, endpoint.fqdn);
  const ctx = {
    discovery,
    family,
    upstreamPort,
    host: endpoint.fqdn,
    port: endpoint.port,
    hostRewrite,
    hostRewriteGiven: raw.hostRewrite !== undefined,
    endpoint,
  } as VersionContext;
  const versions = discoveryOk && portOk ? resolveVersions(p, raw, ctx) : undefined;
  return { discovery: discovery as DiscoveryMode, endpoints: [], hostRewrite, versions, ...(namespace !== undefined ? { namespace } : {}) };
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
