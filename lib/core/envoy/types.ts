/**
 * The subset of Envoy's v3 bootstrap API (`envoy.config.bootstrap.v3.Bootstrap`)
 * the library writes, in Envoy's proto3-JSON field names (snake_case, as in
 * Envoy's YAML docs). Field meanings and defaults: the protos under
 * https://github.com/envoyproxy/envoy/tree/main/api/envoy.
 * Durations are proto3-JSON strings such as `"5s"` or `"0.250s"`.
 */

/** `google.protobuf.Duration` as proto3 JSON. */
export type EnvoyDuration = `${number}s`;

/** `config.core.v3.SocketAddress` */
export interface SocketAddress {
  readonly address: string;
  readonly port_value: number;
  /** On `::`, also accept IPv4 connections (as `::FFFF:<IPv4>`). */
  readonly ipv4_compat?: boolean;
}

/** `config.core.v3.Address` */
export interface Address {
  readonly socket_address: SocketAddress;
}

/** `google.protobuf.Any` carrying an extension's config. */
export interface TypedConfig {
  readonly '@type': string;
  readonly [field: string]: unknown;
}

/** `config.core.v3.TypedExtensionConfig` and filter entries. */
export interface NamedTypedConfig {
  readonly name: string;
  readonly typed_config: TypedConfig;
}

/** `config.endpoint.v3.LbEndpoint` */
export interface LbEndpoint {
  readonly endpoint: { readonly address: Address };
}

/** `config.endpoint.v3.ClusterLoadAssignment` */
export interface ClusterLoadAssignment {
  readonly cluster_name: string;
  readonly endpoints: ReadonlyArray<{ readonly lb_endpoints: readonly LbEndpoint[] }>;
}

/** `type.v3.Int64Range`: half-open `[start, end)`. */
export interface Int64Range {
  readonly start: number;
  readonly end: number;
}

/** `config.core.v3.HealthCheck` with an HTTP check. */
export interface HealthCheck {
  readonly timeout: EnvoyDuration;
  readonly interval: EnvoyDuration;
  readonly unhealthy_threshold: number;
  readonly healthy_threshold: number;
  readonly no_traffic_interval?: EnvoyDuration;
  readonly http_health_check: {
    readonly path: string;
    readonly host?: string;
    readonly expected_statuses: readonly Int64Range[];
  };
}

/** `config.cluster.v3.OutlierDetection` (the fields the library sets). */
export interface OutlierDetection {
  readonly consecutive_5xx: number;
  readonly enforcing_consecutive_5xx: number;
  readonly consecutive_gateway_failure?: number;
  readonly enforcing_consecutive_gateway_failure?: number;
  readonly interval: EnvoyDuration;
  readonly base_ejection_time: EnvoyDuration;
  readonly max_ejection_percent: number;
  readonly enforcing_success_rate: number;
}

/** `config.cluster.v3.CircuitBreakers.Thresholds` */
export interface CircuitBreakerThresholds {
  readonly priority: 'DEFAULT';
  readonly max_connections: number;
  readonly max_pending_requests: number;
  readonly max_requests: number;
  readonly max_retries: number;
}

/** `config.cluster.v3.CircuitBreakers.Thresholds` as a per-host limit: only `max_connections` applies. */
export interface PerHostThresholds {
  readonly priority: 'DEFAULT';
  readonly max_connections: number;
}

/** `config.cluster.v3.Cluster.LbPolicy` values the library offers. */
export type LbPolicy = 'ROUND_ROBIN' | 'LEAST_REQUEST' | 'RANDOM' | 'RING_HASH' | 'MAGLEV';

/**
 * `extensions.clusters.common.dns.v3.DnsLookupFamily` (the DnsCluster's enum; a
 * different enum from the deprecated `Cluster.dns_lookup_family`), without `UNSPECIFIED`.
 */
export type DnsLookupFamily = 'AUTO' | 'V4_ONLY' | 'V6_ONLY' | 'V4_PREFERRED' | 'ALL';

/** `extensions.clusters.dns.v3.DnsCluster` in its `Any` (`envoy/extensions/clusters/dns/v3/dns_cluster.proto`). */
export interface DnsClusterConfig {
  readonly '@type': 'type.googleapis.com/envoy.extensions.clusters.dns.v3.DnsCluster';
  readonly dns_refresh_rate: EnvoyDuration;
  readonly dns_failure_refresh_rate: { readonly base_interval: EnvoyDuration; readonly max_interval: EnvoyDuration };
  readonly respect_dns_ttl: boolean;
  readonly dns_lookup_family: DnsLookupFamily;
  /** false: every address becomes a host (STRICT_DNS semantics). */
  readonly all_addresses_in_single_endpoint: boolean;
}

/** `config.cluster.v3.Cluster.CustomClusterType` of a DNS cluster (factory `envoy.cluster.dns`). */
export interface DnsClusterType {
  readonly name: 'envoy.cluster.dns';
  readonly typed_config: DnsClusterConfig;
}

/** `config.cluster.v3.Cluster` */
export interface Cluster {
  readonly name: string;
  /** Set for STATIC clusters; a oneof with `cluster_type`. */
  readonly type?: 'STATIC';
  /** Set for DNS clusters (the Cluster's own DNS fields are deprecated since Envoy 1.33). */
  readonly cluster_type?: DnsClusterType;
  readonly connect_timeout: EnvoyDuration;
  readonly lb_policy: LbPolicy;
  readonly ignore_health_on_host_removal?: boolean;
  readonly common_lb_config?: { readonly healthy_panic_threshold: { readonly value: number } };
  readonly load_assignment: ClusterLoadAssignment;
  readonly health_checks?: readonly HealthCheck[];
  readonly outlier_detection?: OutlierDetection;
  readonly circuit_breakers?: {
    readonly thresholds: readonly CircuitBreakerThresholds[];
    readonly per_host_thresholds?: readonly PerHostThresholds[];
  };
  readonly track_cluster_stats?: { readonly per_endpoint_stats: boolean };
  /** Protocol options by extension name (HTTP/2 to an OTLP/gRPC collector). */
  readonly typed_extension_protocol_options?: Readonly<Record<string, TypedConfig>>;
}

/** `config.route.v3.RetryPolicy` */
export interface RetryPolicy {
  readonly retry_on: string;
  readonly num_retries: number;
  readonly per_try_timeout?: EnvoyDuration;
  readonly retriable_status_codes?: readonly number[];
  readonly retry_host_predicate?: readonly NamedTypedConfig[];
  readonly host_selection_retry_max_attempts?: number;
}

/** `config.route.v3.RouteAction.HashPolicy` */
export type HashPolicy =
  | { readonly header: { readonly header_name: string } }
  | { readonly connection_properties: { readonly source_ip: true } };

/** `type.matcher.v3.StringMatcher` (the kinds the library writes). */
export type StringMatcher =
  | { readonly exact: string }
  | { readonly prefix: string }
  | { readonly safe_regex: { readonly regex: string } };

/** `config.route.v3.HeaderMatcher`, in its current (non-deprecated) form. */
export type HeaderMatcher =
  | { readonly name: string; readonly string_match: StringMatcher }
  | { readonly name: string; readonly present_match: boolean };

/** `config.route.v3.WeightedCluster.ClusterWeight` */
export interface ClusterWeight {
  readonly name: string;
  readonly weight: number;
  readonly host_rewrite_literal?: string;
}

/** `config.route.v3.Route` */
export interface Route {
  readonly name?: string;
  readonly match:
    | { readonly prefix: string; readonly headers?: readonly HeaderMatcher[] }
    | { readonly path: string; readonly headers?: readonly HeaderMatcher[] };
  readonly route: {
    /** One of `cluster` and `weighted_clusters`. */
    readonly cluster?: string;
    /** Without `total_weight` (deprecated): the weights' sum is the total. */
    readonly weighted_clusters?: { readonly clusters: readonly ClusterWeight[] };
    readonly timeout?: EnvoyDuration;
    readonly host_rewrite_literal?: string;
    readonly retry_policy?: RetryPolicy;
    readonly hash_policy?: readonly HashPolicy[];
  };
}

/** `config.listener.v3.Listener` */
export interface Listener {
  readonly name: string;
  readonly address: Address;
  readonly ignore_global_conn_limit?: boolean;
  readonly bypass_overload_manager?: boolean;
  readonly filter_chains: ReadonlyArray<{ readonly filters: readonly NamedTypedConfig[] }>;
}

/** `config.bootstrap.v3.Bootstrap` */
export interface Bootstrap {
  readonly node: { readonly id: string; readonly cluster: string };
  readonly admin: {
    readonly address: Address;
    readonly ignore_global_conn_limit: boolean;
    readonly profile_path: string;
    readonly access_log: readonly NamedTypedConfig[];
  };
  readonly static_resources: {
    readonly listeners: readonly Listener[];
    readonly clusters: readonly Cluster[];
  };
  readonly overload_manager: {
    readonly resource_monitors: readonly NamedTypedConfig[];
  };
}
