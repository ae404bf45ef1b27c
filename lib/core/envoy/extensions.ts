/**
 * The Envoy extensions and small building blocks every part of the bootstrap
 * shares: `@type` URLs, the router filter, the stdout access log and socket
 * addresses.
 */
import { Address, NamedTypedConfig } from './types';

/** `@type` URLs of the extensions the bootstrap uses. */
export const TYPE_URLS = {
  httpConnectionManager: 'type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager',
  router: 'type.googleapis.com/envoy.extensions.filters.http.router.v3.Router',
  stdoutAccessLog: 'type.googleapis.com/envoy.extensions.access_loggers.stream.v3.StdoutAccessLog',
  previousHosts: 'type.googleapis.com/envoy.extensions.retry.host.previous_hosts.v3.PreviousHostsPredicate',
  downstreamConnections: 'type.googleapis.com/envoy.extensions.resource_monitors.downstream_connections.v3.DownstreamConnectionsConfig',
  dnsCluster: 'type.googleapis.com/envoy.extensions.clusters.dns.v3.DnsCluster',
  openTelemetry: 'type.googleapis.com/envoy.config.trace.v3.OpenTelemetryConfig',
  httpProtocolOptions: 'type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions',
} as const;

/** The extension name of Envoy's DNS cluster (`source/extensions/clusters/dns/dns_cluster.h`). */
export const DNS_CLUSTER_EXTENSION = 'envoy.cluster.dns';

/**
 * Istio's default text access-log format (`EnvoyTextLogFormat` in `pilot/pkg/model/telemetry_logging.go`,
 * https://istio.io/latest/docs/tasks/observability/logs/access-log/#default-access-log-format):
 * `"%UPSTREAM_HOST%"` is the pod that served the request, `%UPSTREAM_CLUSTER_RAW%` its version's cluster.
 */
export const ISTIO_ACCESS_LOG_FORMAT =
  '[%START_TIME%] "%REQ(:METHOD)% %REQ(X-ENVOY-ORIGINAL-PATH?:PATH)% %PROTOCOL%" %RESPONSE_CODE% %RESPONSE_FLAGS% ' +
  '%RESPONSE_CODE_DETAILS% %CONNECTION_TERMINATION_DETAILS% "%UPSTREAM_TRANSPORT_FAILURE_REASON%" %BYTES_RECEIVED% %BYTES_SENT% ' +
  '%DURATION% %RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)% "%REQ(X-FORWARDED-FOR)%" "%REQ(USER-AGENT)%" "%REQ(X-REQUEST-ID)%" ' +
  '"%REQ(:AUTHORITY)%" "%UPSTREAM_HOST%" %UPSTREAM_CLUSTER_RAW% %UPSTREAM_LOCAL_ADDRESS% %DOWNSTREAM_LOCAL_ADDRESS% ' +
  '%DOWNSTREAM_REMOTE_ADDRESS% %REQUESTED_SERVER_NAME% %ROUTE_NAME%\n';

/** The JSON access-log fields: the facts of {@link ISTIO_ACCESS_LOG_FORMAT} under Istio's JSON key names. */
export const JSON_ACCESS_LOG_FIELDS: Readonly<Record<string, string>> = {
  start_time: '%START_TIME%',
  method: '%REQ(:METHOD)%',
  path: '%REQ(X-ENVOY-ORIGINAL-PATH?:PATH)%',
  protocol: '%PROTOCOL%',
  response_code: '%RESPONSE_CODE%',
  response_flags: '%RESPONSE_FLAGS%',
  response_code_details: '%RESPONSE_CODE_DETAILS%',
  bytes_received: '%BYTES_RECEIVED%',
  bytes_sent: '%BYTES_SENT%',
  duration: '%DURATION%',
  upstream_service_time: '%RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)%',
  x_forwarded_for: '%REQ(X-FORWARDED-FOR)%',
  user_agent: '%REQ(USER-AGENT)%',
  request_id: '%REQ(X-REQUEST-ID)%',
  authority: '%REQ(:AUTHORITY)%',
  upstream_host: '%UPSTREAM_HOST%',
  upstream_cluster: '%UPSTREAM_CLUSTER_RAW%',
  upstream_transport_failure_reason: '%UPSTREAM_TRANSPORT_FAILURE_REASON%',
  downstream_remote_address: '%DOWNSTREAM_REMOTE_ADDRESS%',
  route_name: '%ROUTE_NAME%',
};

/** A stdout access log: Envoy's default format, Istio's text format, or JSON (`envoy/extensions/access_loggers/stream/v3/stream.proto`). */
export function stdoutAccessLog(format: 'envoy' | 'istio' | 'json' = 'envoy'): NamedTypedConfig {
  const logFormat =
    format === 'istio'
      ? { log_format: { text_format_source: { inline_string: ISTIO_ACCESS_LOG_FORMAT } } }
      : format === 'json'
        ? { log_format: { json_format: { ...JSON_ACCESS_LOG_FIELDS } } }
        : {};
  return { name: 'envoy.access_loggers.stdout', typed_config: { '@type': TYPE_URLS.stdoutAccessLog, ...logFormat } };
}

/** The router, the last HTTP filter of every connection manager. */
export function routerFilter(): NamedTypedConfig {
  return { name: 'envoy.filters.http.router', typed_config: { '@type': TYPE_URLS.router } };
}

/** A socket address. */
export function socket(address: string, port: number): Address {
  return { socket_address: { address, port_value: port } };
}
