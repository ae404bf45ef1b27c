/**
 * Builds the Envoy v3 bootstrap of an {@link EnvoyDirectPods} proxy from
 * already-checked values. Layout after the Kubernetes generators (Envoy
 * Gateway's `internal/xds/bootstrap/bootstrap.yaml.tpl`, Contour's
 * `internal/envoy/v3/bootstrap.go`): admin on loopback only, a dedicated
 * readiness listener, an overload-manager connection limit, typed_config on
 * every filter.
 */
import { envoyDuration } from './duration';
import {
  Bootstrap,
  CircuitBreakerThresholds,
  Cluster,
  DnsClusterType,
  DnsLookupFamily,
  HashPolicy,
  HealthCheck,
  LbPolicy,
  Listener,
  NamedTypedConfig,
  OutlierDetection,
  RetryPolicy,
  Route,
} from './types';

/** `@type` URLs of the extensions the bootstrap uses. */
export const TYPE_URLS = {
  httpConnectionManager: 'type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager',
  router: 'type.googleapis.com/envoy.extensions.filters.http.router.v3.Router',
  stdoutAccessLog: 'type.googleapis.com/envoy.extensions.access_loggers.stream.v3.StdoutAccessLog',
  previousHosts: 'type.googleapis.com/envoy.extensions.retry.host.previous_hosts.v3.PreviousHostsPredicate',
  downstreamConnections: 'type.googleapis.com/envoy.extensions.resource_monitors.downstream_connections.v3.DownstreamConnectionsConfig',
  dnsCluster: 'type.googleapis.com/envoy.extensions.clusters.dns.v3.DnsCluster',
} as const;

/** The extension name of Envoy's DNS cluster (`source/extensions/clusters/dns/dns_cluster.h`). */
export const DNS_CLUSTER_EXTENSION = 'envoy.cluster.dns';

/** Name of the loopback cluster the readiness listener forwards `/ready` to. */
export const ADMIN_CLUSTER = 'envoy_admin';
/** Name of the traffic listener. */
export const INGRESS_LISTENER = 'ingress_http';
/** Name of the readiness listener. */
export const READINESS_LISTENER = 'readiness';

/** Resolved HTTP health check (seconds; statuses inclusive). */
export interface HealthCheckInput {
  readonly path: string;
  readonly host?: string;
  readonly timeoutSeconds: number;
  readonly intervalSeconds: number;
  readonly noTrafficIntervalSeconds: number;
  readonly unhealthyThreshold: number;
  readonly healthyThreshold: number;
  /** Inclusive ranges, e.g. 200-299. */
  readonly expectedStatuses: ReadonlyArray<{ readonly start: number; readonly end: number }>;
}

/** Resolved DNS discovery settings. */
export interface DnsInput {
  readonly refreshRateSeconds: number;
  readonly failureRefreshBaseSeconds: number;
  readonly failureRefreshMaxSeconds: number;
  readonly respectDnsTtl: boolean;
  readonly lookupFamily: DnsLookupFamily;
}

/** Resolved retry policy. */
export interface RetryInput {
  readonly attempts: number;
  readonly retryOn: string;
  readonly retriableStatusCodes: readonly number[];
  readonly perTryTimeoutSeconds?: number;
  readonly hostSelectionRetryMaxAttempts: number;
}

/** Everything {@link buildBootstrap} needs, already validated. */
export interface BootstrapInput {
  readonly nodeId: string;
  readonly clusterName: string;
  /** STATIC, or STRICT_DNS semantics through the `envoy.cluster.dns` extension. */
  readonly clusterType: 'STATIC' | 'STRICT_DNS';
  readonly endpoints: ReadonlyArray<{ readonly address: string; readonly port: number }>;
  readonly dns?: DnsInput;
  readonly ignoreHealthOnHostRemoval?: boolean;
  readonly healthyPanicThresholdPercent?: number;
  readonly lbPolicy: LbPolicy;
  readonly connectTimeoutSeconds: number;
  readonly healthCheck?: HealthCheckInput;
  readonly outlierDetection?: {
    readonly consecutive5xx: number;
    readonly intervalSeconds: number;
    readonly baseEjectionTimeSeconds: number;
    readonly maxEjectionPercent: number;
  };
  readonly circuitBreakers?: {
    readonly maxConnections: number;
    readonly maxPendingRequests: number;
    readonly maxRequests: number;
    readonly maxRetries: number;
  };
  readonly retry?: RetryInput;
  readonly hashPolicy?: { readonly header: string } | { readonly sourceIp: true };
  readonly hostRewrite?: string;
  readonly routeTimeoutSeconds?: number;
  /** Address the listeners bind: `0.0.0.0` or `::`. */
  readonly listenAddress: string;
  /** With `::`: accept IPv4 too (dual stack). */
  readonly ipv4Compat: boolean;
  readonly listenerPort: number;
  readonly readinessPort: number;
  readonly adminAddress: string;
  readonly adminPort: number;
  readonly maxDownstreamConnections: number;
  readonly accessLog: boolean;
}

const stdoutAccessLog = (): NamedTypedConfig => ({
  name: 'envoy.access_loggers.stdout',
  typed_config: { '@type': TYPE_URLS.stdoutAccessLog },
});

const routerFilter = (): NamedTypedConfig => ({
  name: 'envoy.filters.http.router',
  typed_config: { '@type': TYPE_URLS.router },
});

const socket = (address: string, port: number) => ({ socket_address: { address, port_value: port } });

const listenSocket = (input: BootstrapInput, port: number) => ({
  socket_address: { address: input.listenAddress, port_value: port, ...(input.ipv4Compat ? { ipv4_compat: true } : {}) },
});

/** The Envoy bootstrap, as a plain object in Envoy's field order. */
export function buildBootstrap(input: BootstrapInput): Bootstrap {
  return {
    node: { id: input.nodeId, cluster: input.nodeId },
    admin: {
      // Admin allows destructive operations: loopback only
      // (https://www.envoyproxy.io/docs/envoy/latest/operations/admin).
      address: socket(input.adminAddress, input.adminPort),
      ignore_global_conn_limit: true,
      profile_path: '/tmp/envoy.prof',
      access_log: [stdoutAccessLog()],
    },
    static_resources: {
      listeners: [trafficListener(input), readinessListener(input)],
      clusters: [upstreamCluster(input), adminCluster(input)],
    },
    // Without a limit Envoy warns at start and accepts unbounded connections
    // (https://www.envoyproxy.io/docs/envoy/latest/configuration/operations/overload_manager/overload_manager,
    // "Limiting Active Connections"; Envoy Gateway ships 50000).
    overload_manager: {
      resource_monitors: [
        {
          name: 'envoy.resource_monitors.global_downstream_max_connections',
          typed_config: {
            '@type': TYPE_URLS.downstreamConnections,
            max_active_downstream_connections: input.maxDownstreamConnections,
          },
        },
      ],
    },
  };
}

function trafficListener(input: BootstrapInput): Listener {
  const route: Route = {
    match: { prefix: '/' },
    route: {
      cluster: input.clusterName,
      ...(input.routeTimeoutSeconds !== undefined ? { timeout: envoyDuration(input.routeTimeoutSeconds) } : {}),
      ...(input.hostRewrite !== undefined ? { host_rewrite_literal: input.hostRewrite } : {}),
      ...(input.retry !== undefined ? { retry_policy: retryPolicy(input.retry, input.hashPolicy === undefined) } : {}),
      ...(input.hashPolicy !== undefined ? { hash_policy: [hashPolicy(input.hashPolicy)] } : {}),
    },
  };
  return {
    name: INGRESS_LISTENER,
    address: listenSocket(input, input.listenerPort),
    filter_chains: [
      {
        filters: [
          {
            name: 'envoy.filters.network.http_connection_manager',
            typed_config: {
              '@type': TYPE_URLS.httpConnectionManager,
              stat_prefix: INGRESS_LISTENER,
              codec_type: 'AUTO',
              ...(input.accessLog ? { access_log: [stdoutAccessLog()] } : {}),
              route_config: {
                name: 'local_route',
                virtual_hosts: [{ name: input.clusterName, domains: ['*'], routes: [route] }],
              },
              http_filters: [routerFilter()],
            },
          },
        ],
      },
    ],
  };
}

/**
 * Kubelet probes reach the pod IP, not loopback, so readiness gets its own
 * listener that forwards only the exact path `/ready` to admin (Contour's
 * layout, `internal/envoy/v3/stats.go` in projectcontour/contour): probes see Envoy's real LIVE state and nothing else of
 * admin is reachable.
 */
function readinessListener(input: BootstrapInput): Listener {
  return {
    name: READINESS_LISTENER,
    address: listenSocket(input, input.readinessPort),
    ignore_global_conn_limit: true,
    filter_chains: [
      {
        filters: [
          {
            name: 'envoy.filters.network.http_connection_manager',
            typed_config: {
              '@type': TYPE_URLS.httpConnectionManager,
              stat_prefix: READINESS_LISTENER,
              codec_type: 'AUTO',
              route_config: {
                name: 'readiness_route',
                virtual_hosts: [
                  {
                    name: READINESS_LISTENER,
                    domains: ['*'],
                    routes: [{ match: { path: '/ready' }, route: { cluster: ADMIN_CLUSTER } }],
                  },
                ],
              },
              http_filters: [routerFilter()],
            },
          },
        ],
      },
    ],
  };
}

function upstreamCluster(input: BootstrapInput): Cluster {
  return {
    name: input.clusterName,
    ...(input.dns !== undefined ? { cluster_type: dnsClusterType(input.dns) } : { type: 'STATIC' as const }),
    connect_timeout: envoyDuration(input.connectTimeoutSeconds),
    lb_policy: input.lbPolicy,
    ...(input.ignoreHealthOnHostRemoval !== undefined ? { ignore_health_on_host_removal: input.ignoreHealthOnHostRemoval } : {}),
    ...(input.healthyPanicThresholdPercent !== undefined
      ? { common_lb_config: { healthy_panic_threshold: { value: input.healthyPanicThresholdPercent } } }
      : {}),
    load_assignment: {
      cluster_name: input.clusterName,
      endpoints: [
        {
          lb_endpoints: input.endpoints.map((endpoint) => ({ endpoint: { address: socket(endpoint.address, endpoint.port) } })),
        },
      ],
    },
    ...(input.healthCheck !== undefined ? { health_checks: [healthCheck(input.healthCheck)] } : {}),
    ...(input.outlierDetection !== undefined ? { outlier_detection: outlierDetection(input.outlierDetection) } : {}),
    ...(input.circuitBreakers !== undefined ? { circuit_breakers: { thresholds: [circuitBreakers(input.circuitBreakers)] } } : {}),
  };
}

/**
 * A DNS cluster through the `envoy.cluster.dns` extension: the Cluster's own
 * `dns_refresh_rate`, `dns_failure_refresh_rate`, `respect_dns_ttl` and
 * `dns_lookup_family` are deprecated since Envoy 1.33 (`envoy/config/cluster/v3/cluster.proto`),
 * and Envoy logs a deprecation warning at every start when they are set.
 * Every field is written, defaults included, so the file says what runs;
 * `all_addresses_in_single_endpoint: false` keeps STRICT_DNS semantics (each
 * address is a host).
 */
function dnsClusterType(dns: DnsInput): DnsClusterType {
  return {
    name: DNS_CLUSTER_EXTENSION,
    typed_config: {
      '@type': TYPE_URLS.dnsCluster,
      dns_refresh_rate: envoyDuration(dns.refreshRateSeconds),
      dns_failure_refresh_rate: {
        base_interval: envoyDuration(dns.failureRefreshBaseSeconds),
        max_interval: envoyDuration(dns.failureRefreshMaxSeconds),
      },
      respect_dns_ttl: dns.respectDnsTtl,
      dns_lookup_family: dns.lookupFamily,
      all_addresses_in_single_endpoint: false,
    },
  };
}

function adminCluster(input: BootstrapInput): Cluster {
  return {
    name: ADMIN_CLUSTER,
    type: 'STATIC' as const,
    connect_timeout: envoyDuration(0.25),
    lb_policy: 'ROUND_ROBIN',
    load_assignment: {
      cluster_name: ADMIN_CLUSTER,
      endpoints: [{ lb_endpoints: [{ endpoint: { address: socket(input.adminAddress, input.adminPort) } }] }],
    },
  };
}

function healthCheck(hc: HealthCheckInput): HealthCheck {
  return {
    timeout: envoyDuration(hc.timeoutSeconds),
    interval: envoyDuration(hc.intervalSeconds),
    unhealthy_threshold: hc.unhealthyThreshold,
    healthy_threshold: hc.healthyThreshold,
    // Envoy's default is 60s: an idle proxy would find a fresh pod only after a minute.
    no_traffic_interval: envoyDuration(hc.noTrafficIntervalSeconds),
    http_health_check: {
      path: hc.path,
      ...(hc.host !== undefined ? { host: hc.host } : {}),
      // Envoy's Int64Range is half-open: 200-299 is [200, 300)
      // (`envoy/config/core/v3/health_check.proto`, `expected_statuses`).
      expected_statuses: hc.expectedStatuses.map((range) => ({ start: range.start, end: range.end + 1 })),
    },
  };
}

function outlierDetection(od: NonNullable<BootstrapInput['outlierDetection']>): OutlierDetection {
  return {
    consecutive_5xx: od.consecutive5xx,
    consecutive_gateway_failure: od.consecutive5xx,
    // Envoy leaves gateway-failure ejection unenforced by default
    // (`enforcing_consecutive_gateway_failure` is 0, `envoy/config/cluster/v3/outlier_detection.proto`).
    enforcing_consecutive_gateway_failure: 100,
    interval: envoyDuration(od.intervalSeconds),
    base_ejection_time: envoyDuration(od.baseEjectionTimeSeconds),
    max_ejection_percent: od.maxEjectionPercent,
  };
}

function circuitBreakers(cb: NonNullable<BootstrapInput['circuitBreakers']>): CircuitBreakerThresholds {
  return {
    priority: 'DEFAULT',
    max_connections: cb.maxConnections,
    max_pending_requests: cb.maxPendingRequests,
    max_requests: cb.maxRequests,
    max_retries: cb.maxRetries,
  };
}

/**
 * Retries go to a different pod (`previous_hosts`) unless the cluster hashes
 * consistently, where Istio leaves the predicate out
 * (`pilot/pkg/networking/core/route/retry/retry.go` in istio/istio).
 */
function retryPolicy(retry: RetryInput, otherHosts: boolean): RetryPolicy {
  return {
    retry_on: retry.retryOn,
    num_retries: retry.attempts,
    ...(retry.perTryTimeoutSeconds !== undefined ? { per_try_timeout: envoyDuration(retry.perTryTimeoutSeconds) } : {}),
    ...(retry.retriableStatusCodes.length > 0 ? { retriable_status_codes: [...retry.retriableStatusCodes] } : {}),
    ...(otherHosts
      ? {
          retry_host_predicate: [{ name: 'envoy.retry_host_predicates.previous_hosts', typed_config: { '@type': TYPE_URLS.previousHosts } }],
          host_selection_retry_max_attempts: retry.hostSelectionRetryMaxAttempts,
        }
      : {}),
  };
}

function hashPolicy(policy: NonNullable<BootstrapInput['hashPolicy']>): HashPolicy {
  return 'header' in policy ? { header: { header_name: policy.header } } : { connection_properties: { source_ip: true } };
}
