/**
 * An Envoy proxy that load-balances straight across pod IPs the way Istio's
 * sidecars do (spec: istio-style-envoy-direct-pods.md): a ConfigMap holding the
 * bootstrap, a Deployment running Envoy, and a Service in front of it.
 */
import { isIP } from 'net';
import { Problems, show } from './errors';
import { buildBootstrap, DnsInput, HealthCheckInput, RetryInput } from './envoy/bootstrap';
import { Bootstrap, DnsLookupFamily, LbPolicy } from './envoy/types';
import { objectMeta, selectorLabels, sortKeys, standardLabels } from './labels';
import { renderYaml, sha256 } from './render';
import { restrictedDeployment } from './workload';
import { KubeObject, PodOptions, ResourceRequirements, ServiceEndpoint } from './types';
import {
  checkImage,
  checkInt,
  checkIp,
  checkName,
  checkOneOf,
  checkPodOptions,
  checkPort,
  checkResources,
  checkSeconds,
  checkUnique,
} from './validate';

/** The Envoy image, pinned (envoy.md §5: current stable line v1.39.x; avoid 1.34.x). Distroless, no shell, runs as non-root. */
export const ENVOY_IMAGE = 'envoyproxy/envoy:distroless-v1.39.6';

/** Pod annotation carrying the SHA-256 of the bootstrap: a config change rolls the pods. */
export const CONFIG_CHECKSUM_ANNOTATION = 'istio-direct/config-sha256';

/** Where the bootstrap is mounted in the container. */
export const ENVOY_CONFIG_PATH = '/etc/envoy/envoy.yaml';

/**
 * How Envoy finds the upstream pods.
 * - `static`: a STATIC cluster of the given pod IPs (the seed).
 * - `dns`: STRICT_DNS on a headless Service's FQDN, which resolves to every pod IP: membership follows the cluster with no hand edits.
 * - `service`: STRICT_DNS on a ClusterIP Service's FQDN: one endpoint, kube-proxy balances (the seed's "basic Envoy" comparison).
 */
export type DiscoveryMode = 'static' | 'dns' | 'service';

/** An upstream given by host name (or IP) and port rather than by a construct. */
export interface UpstreamAddress {
  /** DNS name or IP address. */
  readonly host: string;
  /** Port on that host. */
  readonly port: number;
}

/** A construct that exposes its Service: the cdk8s and Pulumi EchoService and HeadlessMeshService. */
export interface ServiceEndpointSource {
  readonly endpoint: ServiceEndpoint;
}

/** What Envoy sends traffic to: a construct, a construct's Service endpoint, or an explicit address. */
export type EnvoyTarget = ServiceEndpointSource | ServiceEndpoint | UpstreamAddress;

/** The Service endpoint or address a target stands for (a construct is replaced by its endpoint). */
export function resolveEnvoyTarget(target: EnvoyTarget): ServiceEndpoint | UpstreamAddress {
  const source = target as Partial<ServiceEndpointSource> | null | undefined;
  return source !== null && typeof source === 'object' && typeof source.endpoint === 'object' ? source.endpoint : (target as ServiceEndpoint | UpstreamAddress);
}

/** Load-balancing policies the proxy offers. */
export const LB_POLICIES: readonly LbPolicy[] = ['ROUND_ROBIN', 'LEAST_REQUEST', 'RANDOM', 'RING_HASH', 'MAGLEV'];

/** An active HTTP health check on every upstream pod. */
export interface HealthCheckOptions {
  /**
   * Request path.
   * @default '/'
   */
  readonly path?: string;
  /**
   * Host header of the check.
   * @default - the cluster name (Envoy's default)
   */
  readonly host?: string;
  /**
   * Time to wait for a response.
   * @default 1
   */
  readonly timeoutSeconds?: number;
  /**
   * Time between checks.
   * @default 10
   */
  readonly intervalSeconds?: number;
  /**
   * Check interval while the cluster carries no traffic.
   * @default - Envoy's 60s
   */
  readonly noTrafficIntervalSeconds?: number;
  /**
   * Failed checks before a pod is marked unhealthy.
   * @default 2
   */
  readonly unhealthyThreshold?: number;
  /**
   * Passed checks before a pod is marked healthy again.
   * @default 2
   */
  readonly healthyThreshold?: number;
  /**
   * Healthy response codes, inclusive ranges (written to Envoy as half-open ranges).
   * @default [{ start: 200, end: 299 }]
   */
  readonly expectedStatuses?: ReadonlyArray<{ readonly start: number; readonly end: number }>;
}

/** Route retries. */
export interface RetryOptions {
  /**
   * Retries after the first try.
   * @default 2 (Istio's default)
   */
  readonly attempts?: number;
  /**
   * Envoy `retry_on` conditions.
   * @default ['connect-failure', 'refused-stream', 'unavailable', 'cancelled', 'retriable-status-codes'] (Istio's default)
   */
  readonly retryOn?: readonly string[];
  /**
   * Status codes `retriable-status-codes` retries.
   * @default [503]
   */
  readonly retriableStatusCodes?: readonly number[];
  /**
   * Timeout of each try.
   * @default - the route timeout
   */
  readonly perTryTimeoutSeconds?: number;
  /**
   * How often Envoy may pick another host to avoid the previous ones.
   * @default 5 (Istio's default)
   */
  readonly hostSelectionRetryMaxAttempts?: number;
}

/** Outlier detection: eject pods that keep failing. */
export interface OutlierDetectionOptions {
  /**
   * Consecutive 5xx (and gateway errors) before ejection.
   * @default 5
   */
  readonly consecutive5xx?: number;
  /**
   * Time between ejection sweeps.
   * @default 10
   */
  readonly intervalSeconds?: number;
  /**
   * Base ejection time (multiplied by the number of ejections).
   * @default 30
   */
  readonly baseEjectionTimeSeconds?: number;
  /**
   * Most pods ejected at once, in percent.
   * @default 50
   */
  readonly maxEjectionPercent?: number;
}

/** Circuit-breaker limits for the upstream cluster (Envoy defaults: 1024, 1024, 1024, 3). */
export interface CircuitBreakerOptions {
  /** @default 1024 */
  readonly maxConnections?: number;
  /** @default 1024 */
  readonly maxPendingRequests?: number;
  /** @default 1024 */
  readonly maxRequests?: number;
  /** @default 3 */
  readonly maxRetries?: number;
}

/** DNS discovery settings (envoy.md §2, "Recommended settings for a headless Service"). */
export interface DnsOptions {
  /**
   * Re-resolve interval.
   * @default 5
   */
  readonly refreshRateSeconds?: number;
  /**
   * First retry interval after a failed lookup.
   * @default 1
   */
  readonly failureRefreshBaseSeconds?: number;
  /**
   * Longest retry interval after failed lookups.
   * @default 10
   */
  readonly failureRefreshMaxSeconds?: number;
  /**
   * Use the records' TTL instead of the refresh rate.
   * @default false
   */
  readonly respectDnsTtl?: boolean;
  /**
   * Address family. AUTO would try IPv6 first.
   * @default 'V4_ONLY'
   */
  readonly lookupFamily?: DnsLookupFamily;
}

/** Properties of an {@link EnvoyDirectPods} proxy. */
export interface EnvoyDirectPodsProps extends PodOptions {
  /**
   * Name of the Deployment and the Service, and the pods' `app` label.
   * @default 'envoy-proxy-istio-style'
   */
  readonly name?: string;
  /**
   * Name of the ConfigMap holding `envoy.yaml`.
   * @default 'envoy-config-istio-style'
   */
  readonly configMapName?: string;
  /**
   * Namespace of every object.
   * @default - none set on the objects (the chart's or the provider's namespace applies)
   */
  readonly namespace?: string;
  /**
   * Where traffic goes: an EchoService or HeadlessMeshService (cdk8s or Pulumi), a Service endpoint,
   * or an explicit `{ host, port }`.
   */
  readonly target: EnvoyTarget;
  /**
   * How Envoy finds the pods.
   * @default - 'static' when `podIps` is given, 'dns' for a headless target, else 'service'
   */
  readonly discovery?: DiscoveryMode;
  /**
   * Pod IPs of a `static` cluster.
   * @default - none
   */
  readonly podIps?: readonly string[];
  /**
   * Upstream port.
   * @default - static: the target's container port; dns and service: the target's Service port
   */
  readonly upstreamPort?: number;
  /**
   * Envoy cluster name (what `/clusters` on the admin port lists).
   * @default 'echo_cluster_direct_pods'
   */
  readonly clusterName?: string;
  /**
   * Load-balancing policy.
   * @default 'ROUND_ROBIN'
   */
  readonly lbPolicy?: LbPolicy;
  /**
   * For RING_HASH and MAGLEV: hash on this request header.
   * @default - the client's source IP
   */
  readonly hashHeader?: string;
  /**
   * Active HTTP health checks; `false` removes them.
   * @default - the seed's: GET / every 10s, timeout 1s, 2 unhealthy / 2 healthy, 200-299
   */
  readonly healthCheck?: HealthCheckOptions | false;
  /**
   * Upstream connect timeout.
   * @default 5
   */
  readonly connectTimeoutSeconds?: number;
  /**
   * Route timeout.
   * @default - Envoy's 15s
   */
  readonly routeTimeoutSeconds?: number;
  /**
   * Retries to another pod; `false` removes them.
   * @default - Istio's policy: 2 retries on connect-failure, refused-stream, unavailable, cancelled, 503, never the same pod twice
   */
  readonly retries?: RetryOptions | false;
  /**
   * Outlier detection.
   * @default - off
   */
  readonly outlierDetection?: OutlierDetectionOptions;
  /**
   * Circuit-breaker limits.
   * @default - Envoy's defaults
   */
  readonly circuitBreakers?: CircuitBreakerOptions;
  /**
   * DNS settings of `dns` and `service` discovery.
   * @default - refresh 5s, failures 1s..10s, IPv4 only
   */
  readonly dns?: DnsOptions;
  /**
   * Panic threshold: below this share of healthy pods, Envoy routes to all of them.
   * @default - 0 (off) in `dns` mode, as recommended for small pod counts (envoy.md §2); Envoy's 50 otherwise
   */
  readonly healthyPanicThresholdPercent?: number;
  /**
   * Host header sent upstream. Istio sidecars route HTTP by Host, and a
   * client's Host falls through to plaintext passthrough under STRICT
   * (istio.md §5 item 12, §6 option (b)); `false` keeps the client's Host.
   * @default - the target Service's FQDN; none for an explicit address
   */
  readonly hostRewrite?: string | false;
  /**
   * Envoy pods.
   * @default 1
   */
  readonly replicas?: number;
  /**
   * Envoy image. Must be pinned.
   * @default 'envoyproxy/envoy:distroless-v1.39.6'
   */
  readonly image?: string;
  /**
   * Envoy worker threads. Each worker balances on its own, so one worker gives
   * the seed's exact round-robin order; raise it with the CPU limit.
   * @default 1
   */
  readonly concurrency?: number;
  /**
   * Envoy log level.
   * @default 'info'
   */
  readonly logLevel?: 'trace' | 'debug' | 'info' | 'warning' | 'error' | 'critical' | 'off';
  /**
   * Port Envoy listens on for traffic.
   * @default 8080
   */
  readonly listenerPort?: number;
  /**
   * Port of the Service in front of Envoy.
   * @default 8080
   */
  readonly servicePort?: number;
  /**
   * Type of that Service.
   * @default 'LoadBalancer'
   */
  readonly serviceType?: 'ClusterIP' | 'NodePort' | 'LoadBalancer';
  /**
   * Port of the readiness listener the kubelet probes (`GET /ready`).
   * @default 19003
   */
  readonly readinessPort?: number;
  /**
   * Admin port, bound to `adminAddress`.
   * @default 9901
   */
  readonly adminPort?: number;
  /**
   * Admin address. Must be a loopback address: admin is unauthenticated and can shut Envoy down (envoy.md §3).
   * @default '127.0.0.1'
   */
  readonly adminAddress?: string;
  /**
   * Overload-manager limit on downstream connections.
   * @default 50000
   */
  readonly maxDownstreamConnections?: number;
  /**
   * Access log to stdout.
   * @default true
   */
  readonly accessLog?: boolean;
  /**
   * Istio sidecar injection for the Envoy pods (`sidecar.istio.io/inject` label).
   * With a sidecar, Envoy's pod-IP traffic to a HeadlessMeshService's tcp ports
   * gets mTLS (istio.md §6 option (a)); without one, the pods it calls need
   * PERMISSIVE or a port-level DISABLE (option (c)).
   * @default - not set: the namespace's injection setting applies
   */
  readonly istioSidecar?: boolean;
  /**
   * Envoy container CPU and memory.
   * @default - requests 100m / 128Mi, limits 1 CPU / 512Mi
   */
  readonly resources?: ResourceRequirements;
}

/** What {@link buildEnvoyDirectPods} returns. */
export interface EnvoyDirectPodsManifests {
  /** ConfigMap with `envoy.yaml`. */
  readonly configMap: KubeObject;
  /** The Envoy Deployment. */
  readonly deployment: KubeObject;
  /** The Service in front of Envoy. */
  readonly service: KubeObject;
  /** Every object, in apply order. */
  readonly objects: readonly KubeObject[];
  /** The bootstrap as an object. */
  readonly bootstrap: Bootstrap;
  /** The bootstrap as written into the ConfigMap. */
  readonly configYaml: string;
  /** SHA-256 of `configYaml`, also on the pod template. */
  readonly configChecksum: string;
  /** The discovery mode in use. */
  readonly discovery: DiscoveryMode;
  /** The Envoy cluster name. */
  readonly clusterName: string;
  /** The Envoy Service's name, namespace and port. */
  readonly endpoint: { readonly name: string; readonly namespace?: string; readonly port: number };
}

/** Default Envoy container resources. */
export const ENVOY_DEFAULT_RESOURCES: ResourceRequirements = {
  requests: { cpu: '100m', memory: '128Mi' },
  limits: { cpu: '1', memory: '512Mi' },
};

/** The uid of the distroless image's `nonroot` user. */
const ENVOY_UID = 65532;

/** `retry_on` conditions Envoy knows (config.route.v3.RetryPolicy docs). */
const RETRY_ON = [
  '5xx',
  'gateway-error',
  'reset',
  'reset-before-request',
  'connect-failure',
  'envoy-ratelimited',
  'retriable-4xx',
  'refused-stream',
  'retriable-status-codes',
  'retriable-headers',
  'http3-post-connect-failure',
  'cancelled',
  'deadline-exceeded',
  'internal',
  'resource-exhausted',
  'unavailable',
] as const;

const DEFAULT_RETRY_ON = ['connect-failure', 'refused-stream', 'unavailable', 'cancelled', 'retriable-status-codes'];
const LOG_LEVELS = ['trace', 'debug', 'info', 'warning', 'error', 'critical', 'off'] as const;
const DNS_FAMILIES: readonly DnsLookupFamily[] = ['AUTO', 'V4_ONLY', 'V6_ONLY', 'V4_PREFERRED', 'ALL'];
/** Envoy resource names: non-empty, printable, no whitespace. */
const ENVOY_NAME = /^[A-Za-z0-9_.:|\-]+$/;
/** A host name or IP for an upstream / Host header. */
const HOST = /^[A-Za-z0-9]([-A-Za-z0-9.]*[A-Za-z0-9])?$/;

/** Type guard: a construct's Service endpoint rather than an explicit address. */
export function isServiceEndpoint(target: ServiceEndpoint | UpstreamAddress): target is ServiceEndpoint {
  return typeof (target as ServiceEndpoint).fqdn === 'string';
}

function isLoopback(address: string): boolean {
  return (isIP(address) === 4 && address.startsWith('127.')) || address === '::1';
}

/** Builds the proxy's ConfigMap, Deployment and Service. Throws an {@link IstioDirectError} on bad input. */
export function buildEnvoyDirectPods(props: EnvoyDirectPodsProps): EnvoyDirectPodsManifests {
  const name = props.name ?? 'envoy-proxy-istio-style';
  const p = new Problems('EnvoyDirectPods', name);
  const configMapName = props.configMapName ?? 'envoy-config-istio-style';
  const clusterName = props.clusterName ?? 'echo_cluster_direct_pods';
  const target = props.target === undefined || props.target === null ? props.target : resolveEnvoyTarget(props.target);
  const podIps = props.podIps;
  const lbPolicy = props.lbPolicy ?? 'ROUND_ROBIN';
  const listenerPort = props.listenerPort ?? 8080;
  const servicePort = props.servicePort ?? 8080;
  const readinessPort = props.readinessPort ?? 19003;
  const adminPort = props.adminPort ?? 9901;
  const adminAddress = props.adminAddress ?? '127.0.0.1';
  const replicas = props.replicas ?? 1;
  const image = props.image ?? ENVOY_IMAGE;
  const concurrency = props.concurrency ?? 1;
  const logLevel = props.logLevel ?? 'info';
  const serviceType = props.serviceType ?? 'LoadBalancer';
  const connectTimeoutSeconds = props.connectTimeoutSeconds ?? 5;
  const maxDownstreamConnections = props.maxDownstreamConnections ?? 50000;
  const resources = props.resources ?? ENVOY_DEFAULT_RESOURCES;

  checkName(p, 'name', name, 'service');
  checkName(p, 'configMapName', configMapName, 'subdomain');
  if (props.namespace !== undefined) {
    checkName(p, 'namespace', props.namespace, 'label');
  }
  if (typeof clusterName !== 'string' || !ENVOY_NAME.test(clusterName)) {
    p.add('clusterName', `${show(clusterName)} is not an Envoy cluster name (letters, digits, "_", ".", ":", "|", "-")`);
  }

  // Target and discovery.
  let discovery: DiscoveryMode = 'service';
  let upstreamHost = '';
  let upstreamPort = 0;
  let hostRewrite: string | undefined;
  if (target === undefined || target === null || typeof target !== 'object') {
    p.add('target', `${show(target)} is not a target: give an EchoService, a HeadlessMeshService or { host, port }`);
  } else {
    const endpoint = isServiceEndpoint(target) ? target : undefined;
    discovery = props.discovery ?? (podIps !== undefined ? 'static' : endpoint?.headless ? 'dns' : 'service');
    checkOneOf(p, 'discovery', discovery, ['static', 'dns', 'service'] as const);
    if (endpoint) {
      upstreamHost = endpoint.fqdn;
      upstreamPort = props.upstreamPort ?? (discovery === 'static' ? endpoint.targetPort : endpoint.port);
      if (discovery === 'dns' && !endpoint.headless) {
        p.add(
          'discovery',
          `"dns" needs a headless Service, but ${show(endpoint.name)} is a ClusterIP Service that resolves to one virtual IP: target a HeadlessMeshService, or use "service"`,
        );
      }
      if (discovery === 'service' && endpoint.headless) {
        p.add('discovery', `"service" needs a ClusterIP Service, but ${show(endpoint.name)} is headless: use "dns" to balance across its pods`);
      }
      hostRewrite = endpoint.fqdn;
    } else {
      const address = target as UpstreamAddress;
      upstreamHost = address.host;
      upstreamPort = props.upstreamPort ?? address.port;
      if (typeof address.host !== 'string' || !(HOST.test(address.host) || isIP(address.host) !== 0)) {
        p.add('target.host', `${show(address.host)} is not a host name or IP address`);
      }
    }
    checkPort(p, props.upstreamPort !== undefined ? 'upstreamPort' : 'target.port', upstreamPort);
  }
  if (props.hostRewrite === false) {
    hostRewrite = undefined;
  } else if (props.hostRewrite !== undefined) {
    hostRewrite = props.hostRewrite;
    if (typeof hostRewrite !== 'string' || !HOST.test(hostRewrite)) {
      p.add('hostRewrite', `${show(hostRewrite)} is not a host name`);
    }
  }

  let endpoints: Array<{ address: string; port: number }> = [];
  if (discovery === 'static') {
    if (podIps === undefined || podIps.length === 0) {
      p.add('podIps', 'is empty: "static" discovery needs at least one pod IP (or use "dns" with a HeadlessMeshService)');
    } else {
      podIps.forEach((ip, i) => checkIp(p, `podIps[${i}]`, ip));
      checkUnique(p, 'podIps', podIps, 'pod IP');
      endpoints = podIps.map((address) => ({ address, port: upstreamPort }));
    }
  } else {
    if (podIps !== undefined) {
      p.add('podIps', `is set but discovery is ${show(discovery)}: pod IPs are only used by "static"`);
    }
    endpoints = [{ address: upstreamHost, port: upstreamPort }];
  }

  // Ports.
  checkPort(p, 'listenerPort', listenerPort);
  checkPort(p, 'servicePort', servicePort);
  checkPort(p, 'readinessPort', readinessPort);
  checkPort(p, 'adminPort', adminPort);
  const localPorts = [listenerPort, readinessPort, adminPort];
  if (new Set(localPorts).size !== localPorts.length) {
    p.add('listenerPort', `listenerPort ${listenerPort}, readinessPort ${readinessPort} and adminPort ${adminPort} must all differ`);
  }
  if (typeof adminAddress !== 'string' || !isLoopback(adminAddress)) {
    p.add('adminAddress', `${show(adminAddress)} is not a loopback address (127.0.0.0/8 or ::1): Envoy's admin interface must never listen beyond localhost`);
  }

  // Load balancing.
  checkOneOf(p, 'lbPolicy', lbPolicy, LB_POLICIES);
  const hashing = lbPolicy === 'RING_HASH' || lbPolicy === 'MAGLEV';
  if (props.hashHeader !== undefined) {
    if (!hashing) {
      p.add('hashHeader', `is set but lbPolicy is ${show(lbPolicy)}: hashing needs "RING_HASH" or "MAGLEV"`);
    } else if (typeof props.hashHeader !== 'string' || !/^[a-z0-9!#$%&'*+.^_`|~-]+$/.test(props.hashHeader)) {
      p.add('hashHeader', `${show(props.hashHeader)} is not a lower-case HTTP header name`);
    }
  }

  const healthCheck = resolveHealthCheck(p, props.healthCheck);
  const retry = resolveRetry(p, props.retries);
  checkSeconds(p, 'connectTimeoutSeconds', connectTimeoutSeconds);
  if (props.routeTimeoutSeconds !== undefined) {
    checkSeconds(p, 'routeTimeoutSeconds', props.routeTimeoutSeconds);
  }
  const outlier = props.outlierDetection && {
    consecutive5xx: props.outlierDetection.consecutive5xx ?? 5,
    intervalSeconds: props.outlierDetection.intervalSeconds ?? 10,
    baseEjectionTimeSeconds: props.outlierDetection.baseEjectionTimeSeconds ?? 30,
    maxEjectionPercent: props.outlierDetection.maxEjectionPercent ?? 50,
  };
  if (outlier) {
    checkInt(p, 'outlierDetection.consecutive5xx', outlier.consecutive5xx, 1);
    checkSeconds(p, 'outlierDetection.intervalSeconds', outlier.intervalSeconds);
    checkSeconds(p, 'outlierDetection.baseEjectionTimeSeconds', outlier.baseEjectionTimeSeconds);
    checkInt(p, 'outlierDetection.maxEjectionPercent', outlier.maxEjectionPercent, 0, 100);
  }
  const breakers = props.circuitBreakers && {
    maxConnections: props.circuitBreakers.maxConnections ?? 1024,
    maxPendingRequests: props.circuitBreakers.maxPendingRequests ?? 1024,
    maxRequests: props.circuitBreakers.maxRequests ?? 1024,
    maxRetries: props.circuitBreakers.maxRetries ?? 3,
  };
  if (breakers) {
    for (const [key, value] of Object.entries(breakers)) {
      checkInt(p, `circuitBreakers.${key}`, value, 0, 4294967295);
    }
  }
  const dns = discovery === 'static' ? undefined : resolveDns(p, props.dns);
  if (discovery === 'static' && props.dns !== undefined) {
    p.add('dns', 'is set but discovery is "static": DNS settings apply to "dns" and "service"');
  }
  const panic = props.healthyPanicThresholdPercent ?? (discovery === 'dns' ? 0 : undefined);
  if (panic !== undefined && (typeof panic !== 'number' || !Number.isFinite(panic) || panic < 0 || panic > 100)) {
    p.add('healthyPanicThresholdPercent', `${show(panic)} is not a percentage in 0-100`);
  }

  // Pods.
  checkInt(p, 'replicas', replicas, 0);
  checkInt(p, 'concurrency', concurrency, 1, 1024);
  checkOneOf(p, 'logLevel', logLevel, LOG_LEVELS);
  checkImage(p, 'image', image);
  checkOneOf(p, 'serviceType', serviceType, ['ClusterIP', 'NodePort', 'LoadBalancer'] as const);
  checkInt(p, 'maxDownstreamConnections', maxDownstreamConnections, 1);
  checkPodOptions(p, props, name);
  checkResources(p, 'resources', resources);
  p.throwIfAny();

  const bootstrap = buildBootstrap({
    nodeId: name,
    clusterName,
    clusterType: discovery === 'static' ? 'STATIC' : 'STRICT_DNS',
    endpoints,
    dns,
    // Drop pods DNS no longer returns even while they pass health checks
    // (pod IPs get reused: envoy.md §2, envoy#18151).
    ignoreHealthOnHostRemoval: discovery === 'dns' ? true : undefined,
    healthyPanicThresholdPercent: panic,
    lbPolicy,
    connectTimeoutSeconds,
    healthCheck,
    outlierDetection: outlier,
    circuitBreakers: breakers,
    retry,
    hashPolicy: hashing ? (props.hashHeader !== undefined ? { header: props.hashHeader } : { sourceIp: true }) : undefined,
    hostRewrite,
    routeTimeoutSeconds: props.routeTimeoutSeconds,
    listenerPort,
    readinessPort,
    adminAddress,
    adminPort,
    maxDownstreamConnections,
    accessLog: props.accessLog ?? true,
  });
  const configYaml = renderYaml(bootstrap);
  const configChecksum = sha256(configYaml);

  const selector = selectorLabels(name);
  const labels = standardLabels({ app: name, instance: name, component: 'proxy', extra: props.labels });
  const meta = (objectName: string) => objectMeta(objectName, props.namespace, labels);
  const podLabels = sortKeys({
    ...labels,
    ...(props.istioSidecar !== undefined ? { 'sidecar.istio.io/inject': String(props.istioSidecar) } : {}),
  });

  const configMap: KubeObject = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: meta(configMapName),
    data: { 'envoy.yaml': configYaml },
  };

  const readyProbe = { httpGet: { path: '/ready', port: 'ready' } };
  const deployment = restrictedDeployment({
    metadata: meta(name),
    replicas,
    selector,
    podLabels,
    podAnnotations: { ...(props.podAnnotations ?? {}), [CONFIG_CHECKSUM_ANNOTATION]: configChecksum },
    uid: ENVOY_UID,
    container: {
      name: 'envoy',
      image,
      imagePullPolicy: 'IfNotPresent',
      // Bypass the image entrypoint, as the Kubernetes generators do (envoy.md §3).
      command: ['envoy'],
      args: ['--config-path', ENVOY_CONFIG_PATH, '--concurrency', String(concurrency), '--log-level', logLevel, '--disable-hot-restart'],
      ports: [
        { name: 'http', containerPort: listenerPort, protocol: 'TCP' },
        { name: 'ready', containerPort: readinessPort, protocol: 'TCP' },
      ],
      startupProbe: { ...readyProbe, periodSeconds: 1, timeoutSeconds: 1, failureThreshold: 60 },
      readinessProbe: { ...readyProbe, periodSeconds: 5, timeoutSeconds: 1, failureThreshold: 1 },
      livenessProbe: { ...readyProbe, periodSeconds: 10, timeoutSeconds: 1, failureThreshold: 3 },
      resources,
      volumeMounts: [
        { name: 'config', mountPath: '/etc/envoy', readOnly: true },
        { name: 'tmp', mountPath: '/tmp' },
      ],
    },
    readOnlyRootFilesystem: true,
    volumes: [
      { name: 'config', configMap: { name: configMapName } },
      { name: 'tmp', emptyDir: {} },
    ],
  });

  const service: KubeObject = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta(name),
    spec: {
      type: serviceType,
      selector,
      ports: [{ name: 'http', port: servicePort, targetPort: listenerPort, protocol: 'TCP', appProtocol: 'http' }],
    },
  };

  return {
    configMap,
    deployment,
    service,
    objects: [configMap, deployment, service],
    bootstrap,
    configYaml,
    configChecksum,
    discovery,
    clusterName,
    endpoint: { name, ...(props.namespace !== undefined ? { namespace: props.namespace } : {}), port: servicePort },
  };
}

function resolveHealthCheck(p: Problems, options: HealthCheckOptions | false | undefined): HealthCheckInput | undefined {
  if (options === false) {
    return undefined;
  }
  const hc = {
    path: options?.path ?? '/',
    host: options?.host,
    timeoutSeconds: options?.timeoutSeconds ?? 1,
    intervalSeconds: options?.intervalSeconds ?? 10,
    noTrafficIntervalSeconds: options?.noTrafficIntervalSeconds,
    unhealthyThreshold: options?.unhealthyThreshold ?? 2,
    healthyThreshold: options?.healthyThreshold ?? 2,
    expectedStatuses: options?.expectedStatuses ?? [{ start: 200, end: 299 }],
  };
  if (typeof hc.path !== 'string' || !hc.path.startsWith('/') || /\s/.test(hc.path)) {
    p.add('healthCheck.path', `${show(hc.path)} is not a request path (it must start with "/")`);
  }
  if (hc.host !== undefined && (typeof hc.host !== 'string' || !HOST.test(hc.host))) {
    p.add('healthCheck.host', `${show(hc.host)} is not a host name`);
  }
  checkSeconds(p, 'healthCheck.timeoutSeconds', hc.timeoutSeconds);
  checkSeconds(p, 'healthCheck.intervalSeconds', hc.intervalSeconds);
  if (hc.noTrafficIntervalSeconds !== undefined) {
    checkSeconds(p, 'healthCheck.noTrafficIntervalSeconds', hc.noTrafficIntervalSeconds);
  }
  checkInt(p, 'healthCheck.unhealthyThreshold', hc.unhealthyThreshold, 1);
  checkInt(p, 'healthCheck.healthyThreshold', hc.healthyThreshold, 1);
  if (!Array.isArray(hc.expectedStatuses) || hc.expectedStatuses.length === 0) {
    p.add('healthCheck.expectedStatuses', 'is empty: give at least one range, e.g. { start: 200, end: 299 }');
  } else {
    hc.expectedStatuses.forEach((range, i) => {
      const field = `healthCheck.expectedStatuses[${i}]`;
      const okStart = checkInt(p, `${field}.start`, range.start, 100, 599);
      const okEnd = checkInt(p, `${field}.end`, range.end, 100, 599);
      if (okStart && okEnd && range.start > range.end) {
        p.add(field, `start ${range.start} is after end ${range.end} (both inclusive)`);
      }
    });
  }
  return hc;
}

function resolveRetry(p: Problems, options: RetryOptions | false | undefined): RetryInput | undefined {
  if (options === false) {
    return undefined;
  }
  const retryOn = options?.retryOn ?? DEFAULT_RETRY_ON;
  const retry: RetryInput = {
    attempts: options?.attempts ?? 2,
    retryOn: Array.isArray(retryOn) ? retryOn.join(',') : String(retryOn),
    retriableStatusCodes: options?.retriableStatusCodes ?? (retryOn.includes('retriable-status-codes') ? [503] : []),
    perTryTimeoutSeconds: options?.perTryTimeoutSeconds,
    hostSelectionRetryMaxAttempts: options?.hostSelectionRetryMaxAttempts ?? 5,
  };
  checkInt(p, 'retries.attempts', retry.attempts, 1, 100);
  if (!Array.isArray(retryOn) || retryOn.length === 0) {
    p.add('retries.retryOn', `${show(retryOn)} is empty: give at least one condition (${RETRY_ON.join(', ')})`);
  } else {
    retryOn.forEach((condition, i) => checkOneOf(p, `retries.retryOn[${i}]`, condition, RETRY_ON));
  }
  retry.retriableStatusCodes.forEach((code, i) => checkInt(p, `retries.retriableStatusCodes[${i}]`, code, 100, 599));
  if (retry.perTryTimeoutSeconds !== undefined) {
    checkSeconds(p, 'retries.perTryTimeoutSeconds', retry.perTryTimeoutSeconds);
  }
  checkInt(p, 'retries.hostSelectionRetryMaxAttempts', retry.hostSelectionRetryMaxAttempts, 1, 100);
  return retry;
}

function resolveDns(p: Problems, options: DnsOptions | undefined): DnsInput {
  const dns: DnsInput = {
    refreshRateSeconds: options?.refreshRateSeconds ?? 5,
    failureRefreshBaseSeconds: options?.failureRefreshBaseSeconds ?? 1,
    failureRefreshMaxSeconds: options?.failureRefreshMaxSeconds ?? 10,
    respectDnsTtl: options?.respectDnsTtl ?? false,
    lookupFamily: options?.lookupFamily ?? 'V4_ONLY',
  };
  // dns_refresh_rate must be > 1ms (cluster.proto validate rule).
  if (checkSeconds(p, 'dns.refreshRateSeconds', dns.refreshRateSeconds) && dns.refreshRateSeconds <= 0.001) {
    p.add('dns.refreshRateSeconds', `${dns.refreshRateSeconds} must be more than 0.001 (1ms)`);
  }
  const base = checkSeconds(p, 'dns.failureRefreshBaseSeconds', dns.failureRefreshBaseSeconds);
  const max = checkSeconds(p, 'dns.failureRefreshMaxSeconds', dns.failureRefreshMaxSeconds);
  if (base && max && dns.failureRefreshMaxSeconds < dns.failureRefreshBaseSeconds) {
    p.add('dns.failureRefreshMaxSeconds', `${dns.failureRefreshMaxSeconds} is less than failureRefreshBaseSeconds ${dns.failureRefreshBaseSeconds}`);
  }
  checkOneOf(p, 'dns.lookupFamily', dns.lookupFamily, DNS_FAMILIES);
  return dns;
}
