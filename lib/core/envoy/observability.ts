/**
 * Observability parts of the bootstrap: the stats listener that serves only
 * `GET /stats/prometheus` from the loopback admin, and OpenTelemetry tracing
 * with its collector cluster.
 */
import { envoyDuration } from './duration';
import { DNS_CLUSTER_EXTENSION, routerFilter, socket, TYPE_URLS } from './extensions';
import { Address, Cluster, DnsClusterConfig, EnvoyDuration, Listener } from './types';

/** Name of the stats listener. */
export const STATS_LISTENER = 'stats';
/** The only path the stats listener serves. */
export const PROMETHEUS_STATS_PATH = '/stats/prometheus';
/** Name of the cluster of the OpenTelemetry collector. */
export const OTEL_COLLECTOR_CLUSTER = 'opentelemetry_collector';

/** Checked tracing settings. */
export interface TracingInput {
  readonly collectorHost: string;
  readonly collectorPort: number;
  /** True when the collector is given by IP (a STATIC cluster); else a DNS cluster. */
  readonly collectorIsIp: boolean;
  readonly samplingPercent: number;
  readonly serviceName: string;
}

/**
 * The stats listener: exact path `/stats/prometheus` and `:method` GET, routed to
 * the admin cluster (Envoy Gateway's stats listener,
 * `internal/xds/bootstrap/bootstrap.yaml.tpl` in envoyproxy/gateway); any other
 * request gets 404, so nothing else of admin is reachable. Outside the
 * connection limit and the overload manager, as Istio's 15090 listener
 * (`tools/packaging/common/envoy_bootstrap.json` in istio/istio), so scrapes
 * still work when Envoy is saturated.
 */
export function statsListener(address: Address, adminCluster: string): Listener {
  return {
    name: STATS_LISTENER,
    address,
    ignore_global_conn_limit: true,
    bypass_overload_manager: true,
    filter_chains: [
      {
        filters: [
          {
            name: 'envoy.filters.network.http_connection_manager',
            typed_config: {
              '@type': TYPE_URLS.httpConnectionManager,
              stat_prefix: STATS_LISTENER,
              codec_type: 'AUTO',
              route_config: {
                name: 'stats_route',
                virtual_hosts: [
                  {
                    name: STATS_LISTENER,
                    domains: ['*'],
                    routes: [
                      {
                        match: { path: PROMETHEUS_STATS_PATH, headers: [{ name: ':method', string_match: { exact: 'GET' } }] },
                        route: { cluster: adminCluster },
                      },
                    ],
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

/** The `tracing` of an HTTP connection manager: OpenTelemetry over gRPC to the collector cluster. */
export function tracingConfig(tracing: TracingInput): Record<string, unknown> {
  return {
    random_sampling: { value: tracing.samplingPercent },
    provider: {
      name: 'envoy.tracers.opentelemetry',
      typed_config: {
        '@type': TYPE_URLS.openTelemetry,
        grpc_service: { envoy_grpc: { cluster_name: OTEL_COLLECTOR_CLUSTER }, timeout: envoyDuration(0.25) },
        service_name: tracing.serviceName,
      },
    },
  };
}

/** The collector's cluster: HTTP/2 (OTLP/gRPC), STATIC for an IP, else DNS with the proxy's DNS settings. */
export function collectorCluster(tracing: TracingInput, connectTimeout: EnvoyDuration, dns: Omit<DnsClusterConfig, '@type' | 'all_addresses_in_single_endpoint'>): Cluster {
  return {
    name: OTEL_COLLECTOR_CLUSTER,
    ...(tracing.collectorIsIp
      ? { type: 'STATIC' as const }
      : { cluster_type: { name: DNS_CLUSTER_EXTENSION, typed_config: { '@type': TYPE_URLS.dnsCluster, ...dns, all_addresses_in_single_endpoint: false } } }),
    connect_timeout: connectTimeout,
    lb_policy: 'ROUND_ROBIN',
    typed_extension_protocol_options: {
      'envoy.extensions.upstreams.http.v3.HttpProtocolOptions': {
        '@type': TYPE_URLS.httpProtocolOptions,
        explicit_http_config: { http2_protocol_options: {} },
      },
    },
    load_assignment: {
      cluster_name: OTEL_COLLECTOR_CLUSTER,
      endpoints: [{ lb_endpoints: [{ endpoint: { address: socket(tracing.collectorHost, tracing.collectorPort) } }] }],
    },
  };
}
