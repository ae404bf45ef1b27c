/**
 * Builds the Envoy v3 bootstrap of an {@link EnvoyDirectPods} proxy from
 * already-checked values. Layout after the Kubernetes generators (Envoy
 * Gateway's `internal/xds/bootstrap/bootstrap.yaml.tpl`, Contour's
 * `internal/envoy/v3/bootstrap.go`): admin on loopback only, a dedicated
 * readiness listener, an overload-manager connection limit, typed_config on
 * every filter.
 */
import { envoyDuration } from './duration';
import { DNS_CLUSTER_EXTENSION, routerFilter, socket, stdoutAccessLog, TYPE_URLS } from './extensions';
import { collectorCluster, statsListener, tracingConfig, TracingInput } from './observability';
import { RouteInput, versionRoute } from './routes';
import {
  Bootstrap,
  CircuitBreakerThresholds,
  PerHostThresholds,
  Cluster,
  DnsClusterType,
  DnsLookupFamily,
  HashPolicy,
  HealthCheck,
  LbPolicy,
  Listener,
  OutlierDetection,
  RetryPolicy,
  Route,
} from './types';

export { DNS_CLUSTER_EXTENSION, TYPE_URLS } from './extensions';

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

/** One version's cluster: its name, endpoints, the Host its requests carry and its health checks send. */
export interface VersionClusterInput {
  readonly clusterName: string;
  readonly endpoints: ReadonlyArray<{ readonly address: string; readonly port: number }>;
  readonly hostRewrite?: string;
  readonly healthCheckHost?: string;
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
    readonly consecutiveGatewayErrors?: number;
    readonly intervalSeconds: number;
    readonly baseEjectionTimeSeconds: number;
    readonly maxEjectionPercent: number;
  };
  readonly circuitBreakers?: {
    readonly maxConnections: number;
    readonly maxPendingRequests: number;
    readonly maxRequests: number;
    readonly maxRetries: number;
    readonly maxConnectionsPerHost?: number;
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
  /** Access-log format; unset is Envoy's default format (no `log_format` written). */
  readonly accessLogFormat?: 'istio' | 'json';
  /** With versions: one cluster per version, in place of the one cluster `clusterName`. */
  readonly versions?: readonly VersionClusterInput[];
  /** With versions: the ordered routes (the last one is the default route). */
  readonly routes?: readonly RouteInput[];
  /** `track_cluster_stats.per_endpoint_stats` on every upstream cluster. */
  readonly perEndpointStats?: boolean;
  /** Port of the stats listener, when there is one. */
  readonly statsPort?: number;
  /** Tracing, with the DNS settings of the collector's cluster (the proxy's own when it uses DNS). */
  readonly tracing?: TracingInput & { readonly dns: DnsInput };
}

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
      listeners: [
        trafficListener(input),
        readinessListener(input),
        ...(input.statsPort !== undefined ? [statsListener(listenSocket(input, input.statsPort), ADMIN_CLUSTER)] : []),
      ],
      clusters: [...upstreamClusters(input), adminCluster(input), ...(input.tracing !== undefined ? [tracingCluster(input, input.tracing)] : [])],
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

/** The route-action fields every route shares. */
function sharedAction(input: BootstrapInput) {
  return {
    ...(input.routeTimeoutSeconds !== undefined ? { timeout: envoyDuration(input.routeTimeoutSeconds) } : {}),
    ...(input.retry !== undefined ? { retry_policy: retryPolicy(input.retry, input.hashPolicy === undefined) } : {}),
    ...(input.hashPolicy !== undefined ? { hash_policy: [hashPolicy(input.hashPolicy)] } : {}),
  };
}

/** The routes: the versions' ordered routes, else one catch-all route to the cluster. */
function trafficRoutes(input: BootstrapInput): Route[] {
  if (input.routes !== undefined) {
    const shared = sharedAction(input);
    return input.routes.map((route) => versionRoute(route, shared));
  }
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
  return [route];
}

function trafficListener(input: BootstrapInput): Listener {
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
              ...(input.accessLog ? { access_log: [stdoutAccessLog(input.accessLogFormat)] } : {}),
              ...(input.tracing !== undefined ? { tracing: tracingConfig(input.tracing) } : {}),
              route_config: {
                name: 'local_route',
                virtual_hosts: [{ name: input.versions !== undefined ? input.nodeId : input.clusterName, domains: ['*'], routes: trafficRoutes(input) }],
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

/** The upstream clusters: one per version, else the one cluster over every pod. */
function upstreamClusters(input: BootstrapInput): Cluster[] {
  if (input.versions === undefined) {
    return [upstreamCluster(input, input.clusterName, input.endpoints, input.healthCheck)];
  }
  return input.versions.map((version) => {
    const hc = input.healthCheck !== undefined ? { ...input.healthCheck, host: version.healthCheckHost } : undefined;
    return upstreamCluster(input, version.clusterName, version.endpoints, hc);
  });
}

function upstreamCluster(input: BootstrapInput, name: string, endpoints: BootstrapInput['endpoints'], hc: HealthCheckInput | undefined): Cluster {
  return {
    name,
    ...(input.dns !== undefined ? { cluster_type: dnsClusterType(input.dns) } : { type: 'STATIC' as const }),
    connect_timeout: envoyDuration(input.connectTimeoutSeconds),
    lb_policy: input.lbPolicy,
    ...(input.ignoreHealthOnHostRemoval !== undefined ? { ignore_health_on_host_removal: input.ignoreHealthOnHostRemoval } : {}),
    ...(input.healthyPanicThresholdPercent !== undefined
      ? { common_lb_config: { healthy_panic_threshold: { value: input.healthyPanicThresholdPercent } } }
      : {}),
    load_assignment: {
      cluster_name: name,
      endpoints: [{ lb_endpoints: endpoints.map((endpoint) => ({ endpoint: { address: socket(endpoint.address, endpoint.port) } })) }],
    },
    ...(hc !== undefined ? { health_checks: [healthCheck(hc)] } : {}),
    ...(input.outlierDetection !== undefined ? { outlier_detection: outlierDetection(input.outlierDetection) } : {}),
    ...(input.circuitBreakers !== undefined ? { circuit_breakers: circuitBreakers(input.circuitBreakers) } : {}),
    ...(input.perEndpointStats === true ? { track_cluster_stats: { per_endpoint_stats: true } } : {}),
  };
}

/** The OpenTelemetry collector's cluster, with the proxy's connect timeout and DNS settings. */
function tracingCluster(input: BootstrapInput, tracing: NonNullable<BootstrapInput['tracing']>): Cluster {
  const { '@type': _type, all_addresses_in_single_endpoint: _all, ...dnsFields } = dnsClusterType(tracing.dns).typed_config;
  return collectorCluster(tracing, envoyDuration(input.connectTimeoutSeconds), dnsFields);
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

/**
 * Istio's translation of a DestinationRule's `outlierDetection`
 * (`pilot/pkg/networking/core/cluster_traffic_policy.go`): success-rate
 * ejection off, consecutive 5xx enforced, gateway errors counted apart only
 * when asked for (Envoy leaves them unenforced by default).
 */
function outlierDetection(od: NonNullable<BootstrapInput['outlierDetection']>): OutlierDetection {
  const gateway = od.consecutiveGatewayErrors;
  return {
    consecutive_5xx: od.consecutive5xx,
    enforcing_consecutive_5xx: 100,
    ...(gateway !== undefined ? { consecutive_gateway_failure: gateway, enforcing_consecutive_gateway_failure: gateway > 0 ? 100 : 0 } : {}),
    interval: envoyDuration(od.intervalSeconds),
    base_ejection_time: envoyDuration(od.baseEjectionTimeSeconds),
    max_ejection_percent: od.maxEjectionPercent,
    enforcing_success_rate: 0,
  };
}

function circuitBreakers(cb: NonNullable<BootstrapInput['circuitBreakers']>): NonNullable<Cluster['circuit_breakers']> {
  const thresholds: CircuitBreakerThresholds = {
    priority: 'DEFAULT',
    max_connections: cb.maxConnections,
    max_pending_requests: cb.maxPendingRequests,
    max_requests: cb.maxRequests,
    max_retries: cb.maxRetries,
  };
  const perHost: PerHostThresholds[] = cb.maxConnectionsPerHost !== undefined ? [{ priority: 'DEFAULT', max_connections: cb.maxConnectionsPerHost }] : [];
  return { thresholds: [thresholds], ...(perHost.length > 0 ? { per_host_thresholds: perHost } : {}) };
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
