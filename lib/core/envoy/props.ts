/**
 * The props of an {@link EnvoyDirectPods} proxy, shared by the cdk8s and the
 * Pulumi construct. Every prop is checked for type and range by
 * `resolveEnvoyDirectPodsSpec` before use.
 */
import { PodOptions, ResourceRequirements, ServiceEndpoint } from '../types';
import { DnsLookupFamily, LbPolicy } from './types';

/**
 * How Envoy finds the upstream pods.
 * - `static`: a STATIC cluster of the given pod IPs (the example scenario).
 * - `dns`: a DNS cluster on a headless Service's FQDN, which resolves to every pod IP: membership follows the cluster with no hand edits.
 * - `service`: a DNS cluster on a ClusterIP Service's FQDN: one endpoint, kube-proxy balances (the "basic Envoy" comparison).
 */
export type DiscoveryMode = 'static' | 'dns' | 'service';

/**
 * IP family of the Envoy pods and their upstreams.
 * - `IPv4`: listeners on `0.0.0.0`, admin on `127.0.0.1`, DNS `V4_ONLY`, IPv4 pod IPs only.
 * - `IPv6`: listeners on `::`, admin on `::1`, DNS `V6_ONLY`, IPv6 pod IPs only.
 * - `DualStack`: listeners on `::` with `ipv4_compat` (one socket takes both families,
 *   `envoy/config/core/v3/address.proto`), admin on `127.0.0.1`, DNS `V4_PREFERRED`, pod IPs of either family.
 */
export type IpFamily = 'IPv4' | 'IPv6' | 'DualStack';

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

/** An inclusive range of HTTP status codes, e.g. `{ start: 200, end: 299 }`. */
export interface StatusRange {
  /** First code of the range, 100-599. */
  readonly start: number;
  /** Last code of the range (inclusive), 100-599. */
  readonly end: number;
}

/** An active HTTP health check on every upstream pod (`envoy/config/core/v3/health_check.proto`). */
export interface HealthCheckOptions {
  /**
   * Request path.
   * @default '/'
   */
  readonly path?: string;
  /**
   * Host header of the check. Envoy's own default is the cluster name, which an
   * Istio sidecar in front of the pods matches to no virtual host: the check
   * would go to plaintext passthrough and fail under STRICT mTLS.
   * @default - the host the route rewrites to (`hostRewrite`) when there is one, else the cluster name (Envoy's default)
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
   * Check interval while the cluster carries no traffic. Envoy's own default is
   * 60s, so a fresh or recovered pod of an idle proxy would be found only after a minute.
   * @default - equal to `intervalSeconds`
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
  readonly expectedStatuses?: readonly StatusRange[];
}

/** Route retries (`envoy/config/route/v3/route_components.proto`, `RetryPolicy`). */
export interface RetryOptions {
  /**
   * Retries after the first try.
   * @default 2 (Istio's default, `pilot/pkg/networking/core/route/retry/retry.go`)
   */
  readonly attempts?: number;
  /**
   * Envoy `retry_on` conditions.
   * @default ['connect-failure', 'refused-stream', 'unavailable', 'cancelled', 'retriable-status-codes'] (Istio's default)
   */
  readonly retryOn?: readonly string[];
  /**
   * Status codes `retriable-status-codes` retries. Istio's default sets none:
   * retrying an application's 503 would repeat non-idempotent requests such as POST.
   * @default - none (Istio's default)
   */
  readonly retriableStatusCodes?: readonly number[];
  /**
   * Timeout of each try.
   * @default - the route timeout
   */
  readonly perTryTimeoutSeconds?: number;
  /**
   * How often Envoy may pick another host to avoid the previous ones
   * (unused with RING_HASH and MAGLEV, where retries keep the hashed pod, as Istio does).
   * @default 5 (Istio's default)
   */
  readonly hostSelectionRetryMaxAttempts?: number;
}

/**
 * Outlier detection: eject pods that keep failing (`envoy/config/cluster/v3/outlier_detection.proto`),
 * written as Istio translates a DestinationRule's `outlierDetection`
 * (`pilot/pkg/networking/core/cluster_traffic_policy.go`): success-rate ejection off, every
 * other value Envoy's default unless set.
 */
export interface OutlierDetectionOptions {
  /**
   * Consecutive 5xx responses (gateway errors included) before a pod is ejected (Istio's `consecutive5xxErrors`).
   * @default 5
   */
  readonly consecutive5xx?: number;
  /**
   * Consecutive gateway errors (502, 503, 504, connection failures) before ejection, counted
   * apart from other 5xx (Istio's `consecutiveGatewayErrors`).
   * @default - not counted apart (Istio's default)
   */
  readonly consecutiveGatewayErrors?: number;
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
   * Most pods ejected at once, in percent (Envoy ejects at least one pod regardless).
   * @default 10 (Envoy's and so Istio's default)
   */
  readonly maxEjectionPercent?: number;
}

/** Circuit-breaker limits for the upstream cluster (`envoy/config/cluster/v3/circuit_breaker.proto`). */
export interface CircuitBreakerOptions {
  /** @default 1024 (Envoy's default) */
  readonly maxConnections?: number;
  /** @default 1024 (Envoy's default) */
  readonly maxPendingRequests?: number;
  /** @default 1024 (Envoy's default) */
  readonly maxRequests?: number;
  /** @default 3 (Envoy's default) */
  readonly maxRetries?: number;
  /**
   * Most connections to each single pod (`per_host_thresholds`: `max_connections` is the only
   * limit Envoy supports per host, `envoy/config/cluster/v3/circuit_breaker.proto`). Connections
   * over it fail fast with the `UO` response flag instead of piling onto a slow pod.
   * @default - no per-pod limit (Istio sets none either)
   */
  readonly maxConnectionsPerHost?: number;
}

/** DNS discovery settings (`envoy/extensions/clusters/dns/v3/dns_cluster.proto`). */
export interface DnsOptions {
  /**
   * Re-resolve interval.
   * @default 5
   */
  readonly refreshRateSeconds?: number;
  /**
   * First retry interval after a failed lookup (more than 0.001).
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
   * Address family of the lookups; must agree with `ipFamily`
   * (IPv4: V4_ONLY or V4_PREFERRED; IPv6: V6_ONLY or AUTO; DualStack: any).
   * @default - 'V4_ONLY' for IPv4, 'V6_ONLY' for IPv6, 'V4_PREFERRED' for DualStack
   */
  readonly lookupFamily?: DnsLookupFamily;
}

/**
 * One version of the target (an Istio subset): the pods whose `version` label has this value.
 * Each version gets a cluster of its own, named as Istio names subset clusters
 * (`outbound|<port>|<version>|<host>`, `pilot/pkg/model/service.go` `BuildSubsetKey`).
 */
export interface EnvoyVersionOptions {
  /**
   * The pods' `version` label value, e.g. `v1`: a lower-case DNS label (it also names the
   * version's Service, `<target>-<version>`).
   */
  readonly name: string;
  /**
   * This version's pod IPs (`static` discovery only, where they are required).
   * @default - none
   */
  readonly podIps?: readonly string[];
}

/**
 * A request-header condition of a route (`envoy/config/route/v3/route_components.proto`,
 * `HeaderMatcher`, written with the current `string_match` / `present_match` fields). Give exactly
 * one of `exact`, `prefix`, `regex` and `present`.
 */
export interface HeaderMatchOptions {
  /** Lower-case header name, e.g. `x-version`; match the host as `:authority` (Envoy never sees `host` in HTTP/2). */
  readonly name: string;
  /** The value equals this. */
  readonly exact?: string;
  /** The value starts with this. */
  readonly prefix?: string;
  /** The whole value matches this RE2 regular expression (no look-around, no back-references). */
  readonly regex?: string;
  /** `true`: the header is there (any value); `false`: it is not. */
  readonly present?: boolean;
}

/**
 * One route of the traffic listener. Routes are tried in order; the first whose headers all match
 * wins. A route without `headers` matches every request (the default route): it must come last,
 * and a route list must end with one.
 */
export interface EnvoyRouteOptions {
  /**
   * Route name, shown as `%ROUTE_NAME%` in access logs.
   * @default - `default` for the route without headers, else `route-<index>`
   */
  readonly name?: string;
  /**
   * Conditions on request headers, all of which must hold.
   * @default - none: the route matches every request
   */
  readonly headers?: readonly HeaderMatchOptions[];
  /** Send every matched request to this version (give `version` or `weights`). */
  readonly version?: string;
  /**
   * Split matched requests across versions by weight, e.g. `{ v1: 90, v2: 10 }`: whole
   * percentages that add up to 100. Written as `weighted_clusters` without the deprecated
   * `total_weight`; a version at 0 is left out, as Istio does (`pilot/pkg/networking/core/route/route.go`).
   */
  readonly weights?: Readonly<Record<string, number>>;
}

/**
 * A listener that serves only `GET /stats/prometheus` from the loopback admin, so Prometheus can
 * scrape Envoy's stats while admin itself stays on loopback (Envoy Gateway's stats listener:
 * exact path and `:method` GET, `internal/xds/bootstrap/bootstrap.yaml.tpl` in envoyproxy/gateway;
 * Istio's 15090 listener does the same by prefix). Every other request gets 404.
 */
export interface StatsListenerOptions {
  /**
   * Port of the stats listener (container port `http-stats`).
   * @default 19001 (Envoy Gateway's)
   */
  readonly port?: number;
  /**
   * Add `prometheus.io/scrape`, `prometheus.io/port` and `prometheus.io/path` to the pod template:
   * what annotation-based scrape configs read, and what Istio's metrics merging reads when the
   * pods have a sidecar (https://istio.io/latest/docs/ops/integrations/prometheus/#option-1-metrics-merging).
   * Istio's page calls merging unsuitable when the app itself runs Envoy: the merged output would
   * hold this Envoy's `envoy_*` metrics next to the sidecar's, under the same names. So with a
   * sidecar (or injection left to the namespace), scrape the stats listener with `MetricsScraping`
   * in `istio-certs` or `plaintext-port` mode instead.
   * @default - true when `istioSidecar` is false; false otherwise
   */
  readonly scrapeAnnotations?: boolean;
}

/**
 * Access-log format on stdout (`envoy.access_loggers.stdout`).
 * - `envoy`: Envoy's default text format (it ends with `"%UPSTREAM_HOST%"`, the pod that served the request).
 * - `istio`: Istio's default text format (`pilot/pkg/model/telemetry_logging.go`): adds the response
 *   details, `%UPSTREAM_CLUSTER_RAW%` (the version's cluster) and `%ROUTE_NAME%`.
 * - `json`: one JSON object a line, with the same facts under Istio's JSON key names.
 */
export type AccessLogFormat = 'envoy' | 'istio' | 'json';

/**
 * Request tracing to an OpenTelemetry collector over OTLP/gRPC
 * (`envoy/config/trace/v3/opentelemetry.proto`), set on the traffic listener's HTTP connection manager.
 */
export interface TracingOptions {
  /** The collector's OTLP/gRPC address, e.g. `{ host: 'otel-collector.observability.svc.cluster.local', port: 4317 }`. */
  readonly collector: UpstreamAddress;
  /**
   * Share of requests that start a trace, in percent (0-100). Requests that carry a sampled trace
   * context are traced regardless.
   * @default 1 (Istio's mesh default, `PILOT_TRACE_SAMPLING`)
   */
  readonly samplingPercent?: number;
  /**
   * `service.name` of the spans.
   * @default - the proxy's `name`
   */
  readonly serviceName?: string;
}

/** Envoy log levels (`--log-level`). */
export type EnvoyLogLevel = 'trace' | 'debug' | 'info' | 'warning' | 'error' | 'critical' | 'off';

/** Kubernetes Service types the Envoy Service may have. */
export type EnvoyServiceType = 'ClusterIP' | 'NodePort' | 'LoadBalancer';

/** Properties of an {@link EnvoyDirectPods} proxy. */
export interface EnvoyDirectPodsProps extends PodOptions {
  /**
   * Name of the Deployment and the Service, and the pods' `app` label.
   * @default - from the construct path (cdk8s, e.g. `chart-envoy-c8a1b2c3`) or the resource name (Pulumi), unique and valid for every kind; 'envoy-proxy-istio-style' from `buildEnvoyDirectPods`
   */
  readonly name?: string;
  /**
   * Name of the ConfigMap holding `envoy.yaml`.
   * @default - `name` (given or defaulted); 'envoy-config-istio-style' from `buildEnvoyDirectPods` without a name
   */
  readonly configMapName?: string;
  /**
   * Namespace of every object. It must be the target Service's namespace
   * (unless the target is an explicit `{ host, port }`).
   * @default - the target Service's namespace; none for an explicit address or a target in `default` (the chart's or the provider's namespace applies)
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
   * Pod IPs of a `static` cluster, of the family `ipFamily` allows (at most 4096).
   * @default - none
   */
  readonly podIps?: readonly string[];
  /**
   * Upstream port. In `static` mode Envoy dials the pod IPs directly, so this is the pods' (target) port.
   * @default - static: the target's container port; dns and service: the target's Service port
   */
  readonly upstreamPort?: number;
  /**
   * IP family of the pods and upstreams: picks listener and admin addresses and the DNS lookup family.
   * @default 'IPv4'
   */
  readonly ipFamily?: IpFamily;
  /**
   * Envoy cluster name (what `/clusters` on the admin port lists). Not with `versions`, whose
   * clusters are named `outbound|<port>|<version>|<host>`.
   * @default 'echo_cluster_direct_pods'
   */
  readonly clusterName?: string;
  /**
   * Versions of the target (Istio subsets, by the pods' `version` label): one cluster per version,
   * discovered like the proxy discovers pods: `static` pod IPs per version; `dns` on a headless
   * Service per version (`<target>-<version>`, emitted here, selecting the target's pods with that
   * `version` label); `service` on a ClusterIP Service per version (emitted likewise). The
   * target must be a construct or Service endpoint unless discovery is `static`.
   * @default - none: one cluster over every pod of the target
   */
  readonly versions?: readonly EnvoyVersionOptions[];
  /**
   * Ordered routes to `versions`: header matches and weighted splits, ending with a default
   * route (one without headers).
   * @default - with versions, one default route to the first version; without, one route to the cluster
   */
  readonly routes?: readonly EnvoyRouteOptions[];
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
   * Active HTTP health checks: an options object, or `false` to remove them.
   * @default - GET / every 10s (also while idle), timeout 1s, 2 unhealthy / 2 healthy, 200-299, Host = `hostRewrite`
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
   * Retries to another pod: an options object, or `false` to remove them.
   * @default - Istio's policy: 2 retries on connect-failure, refused-stream, unavailable, cancelled, retriable-status-codes (no codes), never the same pod twice (except with RING_HASH and MAGLEV)
   */
  readonly retries?: RetryOptions | false;
  /**
   * Outlier detection (an options object; `{}` takes every default): Istio's translation of a
   * DestinationRule `outlierDetection` (`pilot/pkg/networking/core/cluster_traffic_policy.go`):
   * 5 consecutive 5xx, 10s interval, 30s base ejection, at most 10% ejected, success-rate
   * ejection off, and the panic threshold 0 unless `healthyPanicThresholdPercent` is set.
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
   * @default - refresh 5s, failures 1s..10s, TTL ignored, lookup family from `ipFamily`
   */
  readonly dns?: DnsOptions;
  /**
   * Panic threshold: below this share of healthy pods, Envoy routes to all of them.
   * @default - 0 (off) in `dns` mode, as Contour does for small pod counts, and with `outlierDetection`, as Istio does; Envoy's 50 otherwise
   */
  readonly healthyPanicThresholdPercent?: number;
  /**
   * Host header sent upstream (and in health checks). An Istio sidecar in front
   * of the Envoy routes HTTP by Host, but only among Services that expose the
   * port Envoy dials (`pilot/pkg/networking/core/httproute.go`): the rewrite
   * matters in `service` mode and for a headless Service's `http` ports, not for
   * static pod IPs on a container port no Service exposes. `false` keeps the client's Host.
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
   * one exact round-robin order; raise it with the CPU limit.
   * @default 1
   */
  readonly concurrency?: number;
  /**
   * Envoy log level.
   * @default 'info'
   */
  readonly logLevel?: EnvoyLogLevel;
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
  readonly serviceType?: EnvoyServiceType;
  /**
   * Namespaces whose Istio sidecars import the Envoy Service
   * (`networking.istio.io/exportTo` annotation): `.` (its own), `*` (all), `~` (none) or namespace names.
   * Without it every sidecar in the mesh gets a listener for it.
   * @default ['.']
   */
  readonly serviceExportTo?: readonly string[];
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
   * Admin address. Must be a loopback address: admin is unauthenticated and can
   * shut Envoy down (https://www.envoyproxy.io/docs/envoy/latest/operations/admin).
   * @default - '127.0.0.1'; '::1' when `ipFamily` is 'IPv6'
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
   * Format of that access log.
   * @default 'envoy' (Envoy's default format, which ends with the upstream pod address)
   */
  readonly accessLogFormat?: AccessLogFormat;
  /**
   * Per-pod stats (`track_cluster_stats.per_endpoint_stats`): request, error, timeout and
   * connection series for every pod of every cluster, exported as
   * `envoy_cluster_endpoint_<stat>{envoy_cluster_name, envoy_endpoint_address}` on
   * `/stats/prometheus` (`envoy/config/cluster/v3/cluster.proto`, `TrackClusterStats`).
   * @default false
   */
  readonly perEndpointStats?: boolean;
  /**
   * A listener serving only `GET /stats/prometheus` from the loopback admin; `{}` takes every default.
   * @default - none
   */
  readonly statsListener?: StatsListenerOptions;
  /**
   * Request tracing to an OpenTelemetry collector.
   * @default - none
   */
  readonly tracing?: TracingOptions;
  /**
   * Istio sidecar injection for the Envoy pods (`sidecar.istio.io/inject` label).
   * With a sidecar, Envoy's pod-IP traffic to a HeadlessMeshService's tcp ports
   * gets mTLS; without one, the pods it calls need PERMISSIVE or a port-level
   * DISABLE. Without Istio CNI the injected `istio-init` container runs as root
   * with NET_ADMIN and NET_RAW, so the pods no longer meet the "restricted" Pod Security Standard.
   * @default - not set: the namespace's injection setting applies
   */
  readonly istioSidecar?: boolean;
  /**
   * Envoy container CPU and memory.
   * @default - requests 100m / 128Mi, limits 1 CPU / 512Mi
   */
  readonly resources?: ResourceRequirements;
}
