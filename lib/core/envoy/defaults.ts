/**
 * Every default of an {@link EnvoyDirectPods} proxy, by name, so a reader finds
 * what an unset prop becomes.
 */
import { ResourceRequirements } from '../types';
import { DnsLookupFamily, LbPolicy } from './types';
import { EnvoyLogLevel, EnvoyServiceType, IpFamily } from './props';

/**
 * The Envoy image, pinned: the current stable line v1.39.x (Envoy 1.34.x had a
 * STRICT_DNS regression, https://github.com/envoyproxy/envoy/issues/42836).
 * Distroless, no shell, runs as non-root.
 */
export const ENVOY_IMAGE = 'envoyproxy/envoy:distroless-v1.39.6';

/** The uid of the distroless image's `nonroot` user (Envoy Gateway runs its proxies as 65532 too). */
export const ENVOY_UID = 65532;

/** Pod annotation carrying the SHA-256 of the bootstrap: a config change rolls the pods. */
export const CONFIG_CHECKSUM_ANNOTATION = 'istio-direct/config-sha256';

/** Where the bootstrap is mounted in the container. */
export const ENVOY_CONFIG_PATH = '/etc/envoy/envoy.yaml';

/** Default names. */
export const DEFAULT_ENVOY_NAME = 'envoy-proxy-istio-style';
export const DEFAULT_CONFIG_MAP_NAME = 'envoy-config-istio-style';
export const DEFAULT_CLUSTER_NAME = 'echo_cluster_direct_pods';

/** Default ports. */
export const DEFAULT_LISTENER_PORT = 8080;
export const DEFAULT_SERVICE_PORT = 8080;
/** The readiness listener's port, as Envoy Gateway's (`envoy-gateway-proxy-ready-…-19003`). */
export const DEFAULT_READINESS_PORT = 19003;
export const DEFAULT_ADMIN_PORT = 9901;

export const DEFAULT_IP_FAMILY: IpFamily = 'IPv4';
export const DEFAULT_LB_POLICY: LbPolicy = 'ROUND_ROBIN';
export const DEFAULT_SERVICE_TYPE: EnvoyServiceType = 'LoadBalancer';
/** Only the Envoy Service's own namespace imports it (`networking.istio.io/exportTo`). */
export const DEFAULT_SERVICE_EXPORT_TO: readonly string[] = ['.'];
export const DEFAULT_REPLICAS = 1;
export const DEFAULT_CONCURRENCY = 1;
export const DEFAULT_LOG_LEVEL: EnvoyLogLevel = 'info';
export const DEFAULT_CONNECT_TIMEOUT_SECONDS = 5;
/** Envoy Gateway ships the same overload-manager connection limit. */
export const DEFAULT_MAX_DOWNSTREAM_CONNECTIONS = 50000;

/** Default Envoy container resources. */
export const ENVOY_DEFAULT_RESOURCES: ResourceRequirements = {
  requests: { cpu: '100m', memory: '128Mi' },
  limits: { cpu: '1', memory: '512Mi' },
};

/** The default active health check (seconds; statuses inclusive). `noTrafficIntervalSeconds` follows `intervalSeconds`. */
export const DEFAULT_HEALTH_CHECK = {
  path: '/',
  timeoutSeconds: 1,
  intervalSeconds: 10,
  unhealthyThreshold: 2,
  healthyThreshold: 2,
  expectedStatuses: [{ start: 200, end: 299 }],
} as const;

/**
 * Istio's default retry policy (`pilot/pkg/networking/core/route/retry/retry.go`,
 * `DefaultPolicy`): 2 retries, these conditions, no retriable status codes,
 * the previous-hosts predicate with 5 host-selection attempts.
 */
export const DEFAULT_RETRIES = {
  attempts: 2,
  retryOn: ['connect-failure', 'refused-stream', 'unavailable', 'cancelled', 'retriable-status-codes'],
  retriableStatusCodes: [] as readonly number[],
  hostSelectionRetryMaxAttempts: 5,
} as const;

/**
 * Outlier-detection settings when `outlierDetection` is given: Envoy's defaults
 * (`envoy/config/cluster/v3/outlier_detection.proto`), which are what Istio
 * writes for a DestinationRule `outlierDetection` that sets nothing else
 * (`pilot/pkg/networking/core/cluster_traffic_policy.go`).
 */
export const DEFAULT_OUTLIER_DETECTION = {
  consecutive5xx: 5,
  intervalSeconds: 10,
  baseEjectionTimeSeconds: 30,
  maxEjectionPercent: 10,
} as const;

/**
 * The panic threshold with outlier detection on: Istio writes the
 * DestinationRule's `minHealthPercent`, 0 unless set, so Envoy never spreads
 * traffic back onto ejected pods (`pilot/pkg/networking/core/cluster_traffic_policy.go`).
 */
export const OUTLIER_DETECTION_PANIC_THRESHOLD_PERCENT = 0;

/** Port of the stats listener, as Envoy Gateway's (`envoy-gateway-proxy-stats-…-19001`). */
export const DEFAULT_STATS_PORT = 19001;

/** Share of requests traced: Istio's mesh default (`PILOT_TRACE_SAMPLING`, `pilot/pkg/features/telemetry.go`). */
export const DEFAULT_TRACE_SAMPLING_PERCENT = 1;

/** Envoy's own circuit-breaker defaults (`envoy/config/cluster/v3/circuit_breaker.proto`). */
export const DEFAULT_CIRCUIT_BREAKERS = {
  maxConnections: 1024,
  maxPendingRequests: 1024,
  maxRequests: 1024,
  maxRetries: 3,
} as const;

/** DNS discovery settings recommended for a headless Service (refresh 5s, failures 1s..10s). */
export const DEFAULT_DNS = {
  refreshRateSeconds: 5,
  failureRefreshBaseSeconds: 1,
  failureRefreshMaxSeconds: 10,
  respectDnsTtl: false,
} as const;

/**
 * DNS lookup family per IP family. DualStack takes V4_PREFERRED rather than
 * ALL: a dual-stack pod has an A and an AAAA record, and ALL would make it two
 * hosts (two health checks, two turns in the rotation).
 */
export const DNS_LOOKUP_FAMILY_BY_IP_FAMILY: Readonly<Record<IpFamily, DnsLookupFamily>> = {
  IPv4: 'V4_ONLY',
  IPv6: 'V6_ONLY',
  DualStack: 'V4_PREFERRED',
};

/** Lookup families that fit each IP family. */
export const DNS_LOOKUP_FAMILIES_ALLOWED: Readonly<Record<IpFamily, readonly DnsLookupFamily[]>> = {
  IPv4: ['V4_ONLY', 'V4_PREFERRED'],
  IPv6: ['V6_ONLY', 'AUTO'],
  DualStack: ['AUTO', 'V4_ONLY', 'V6_ONLY', 'V4_PREFERRED', 'ALL'],
};

/** Listener address ("any") per IP family. */
export const LISTEN_ADDRESS_BY_IP_FAMILY: Readonly<Record<IpFamily, string>> = { IPv4: '0.0.0.0', IPv6: '::', DualStack: '::' };

/** Admin loopback address per IP family. */
export const ADMIN_ADDRESS_BY_IP_FAMILY: Readonly<Record<IpFamily, string>> = { IPv4: '127.0.0.1', IPv6: '::1', DualStack: '127.0.0.1' };

/**
 * Most pod IPs a `static` cluster takes. Bounds the work and keeps the
 * ConfigMap far below the API server's 1 MiB object limit (about 150 bytes of
 * YAML per endpoint); the rendered size is checked as well.
 */
export const MAX_POD_IPS = 4096;

/** "The data stored in a ConfigMap cannot exceed 1 MiB" (https://kubernetes.io/docs/concepts/configuration/configmap/): checked on the whole object, to be safe. */
export const MAX_CONFIG_MAP_BYTES = 1024 * 1024;
