import * as fs from 'fs';
import * as path from 'path';
import { validateEnvoyJson, loadEnvoyApi } from '../../lib/validate';
import { FIXTURES, fixture } from './helpers';

const VALID = fs.readdirSync(path.join(FIXTURES, 'envoy')).sort();

describe('Envoy bootstrap validation', () => {
  it('loads the v3 API once, with the extension types typed_config needs', () => {
    const api = loadEnvoyApi();
    expect(loadEnvoyApi()).toBe(api);
    for (const t of [
      'envoy.config.bootstrap.v3.Bootstrap',
      'envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager',
      'envoy.extensions.filters.http.router.v3.Router',
      'envoy.extensions.filters.http.health_check.v3.HealthCheck',
      'envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy',
      'envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext',
      'envoy.extensions.resource_monitors.downstream_connections.v3.DownstreamConnectionsConfig',
      'envoy.extensions.retry.host.previous_hosts.v3.PreviousHostsPredicate',
      'envoy.extensions.access_loggers.file.v3.FileAccessLog',
      'envoy.extensions.upstreams.http.v3.HttpProtocolOptions',
      'envoy.extensions.clusters.dns.v3.DnsCluster',
    ]) {
      expect(api.types.lookupType(t).fullName).toBe(t);
      expect(api.registry().getMessage(t)).toBeDefined();
    }
    expect(Object.keys(api.types.json.messages).length).toBeGreaterThan(1000);
    expect(api.origin).toBe('@grpc/grpc-js-xds@1.14.1 deps/ and istio-direct protos/ (Envoy DnsCluster)');
  });

  it.each(VALID)('accepts the valid bootstrap %s with zero problems', (file) => {
    expect(validateEnvoyJson(fixture(`envoy/${file}`))).toEqual([]);
  });

  type Case = [string, string, (b: any) => void, string, RegExp];
  const hcm = (b: any) => b.static_resources.listeners[0].filter_chains[0].filters[0].typed_config;
  const cases: Case[] = [
    ['typo lb_polcy', 'static-hcm.yaml', (b) => (b.static_resources.clusters[0].lb_polcy = 'RANDOM'), 'static_resources.clusters[0].lb_polcy', /in Cluster "echo": unknown field "lb_polcy" \(did you mean "lb_policy"\?\)/],
    ['enum ROUND_ROBN', 'static-hcm.yaml', (b) => (b.static_resources.clusters[0].lb_policy = 'ROUND_ROBN'), 'static_resources.clusters[0].lb_policy', /unknown enum value "ROUND_ROBN" \(did you mean "ROUND_ROBIN"\?\)/],
    ['duration "5 sec"', 'static-hcm.yaml', (b) => (b.static_resources.clusters[0].connect_timeout = '5 sec'), 'static_resources.clusters[0].connect_timeout', /expected a duration like "5s".*got string "5 sec"/],
    ['port_value 70000', 'static-hcm.yaml', (b) => (b.static_resources.clusters[0].load_assignment.endpoints[0].lb_endpoints[0].endpoint.address.socket_address.port_value = 70000), 'static_resources.clusters[0].load_assignment.endpoints[0].lb_endpoints[0].endpoint.address.socket_address.port_value', /must be <= 65535, got 70000/],
    ['health check without path', 'static-hcm.yaml', (b) => delete b.static_resources.clusters[0].health_checks[0].http_health_check.path, 'static_resources.clusters[0].health_checks[0].http_health_check.path', /path is required/],
    ['health check without a checker', 'static-hcm.yaml', (b) => delete b.static_resources.clusters[0].health_checks[0].http_health_check, 'static_resources.clusters[0].health_checks[0]', /one of http_health_check, tcp_health_check, grpc_health_check, custom_health_check is required/],
    ['health check without timeout', 'static-hcm.yaml', (b) => delete b.static_resources.clusters[0].health_checks[0].timeout, 'static_resources.clusters[0].health_checks[0].timeout', /timeout is required/],
    ['zero connect_timeout', 'static-hcm.yaml', (b) => (b.static_resources.clusters[0].connect_timeout = '0s'), 'static_resources.clusters[0].connect_timeout', /must be > 0s, got 0s/],
    ['typo inside the nested Router Any', 'static-hcm.yaml', (b) => (hcm(b).http_filters[1].typed_config.suppres_envoy_headers = true), 'static_resources.listeners[0].filter_chains[0].filters[0].typed_config.http_filters[1].typed_config.suppres_envoy_headers', /unknown field "suppres_envoy_headers" \(did you mean "suppress_envoy_headers"\?\) in envoy.extensions.filters.http.router.v3.Router/],
    ['string where a port is expected', 'static-hcm.yaml', (b) => (b.admin.address.socket_address.port_value = '99x'), 'admin.address.socket_address.port_value', /expected an integer \(uint32\), got string "99x"/],
    ['empty cluster name', 'static-hcm.yaml', (b) => (b.static_resources.clusters[0].name = ''), 'static_resources.clusters[0].name', /name is required|must not be empty/],
    ['camelCase typo in JSON form', 'strict-dns.json', (b) => (b.staticResources.clusters[0].dnsLookupFamly = 'V4_ONLY'), 'staticResources.clusters[0].dnsLookupFamly', /in Cluster "pods": unknown field "dnsLookupFamly"/],
    ['outlier detection percent out of range', 'strict-dns.json', (b) => (b.staticResources.clusters[0].outlierDetection.maxEjectionPercent = 150), 'staticResources.clusters[0].outlierDetection.maxEjectionPercent', /must be <= 100, got 150/],
    ['TLS version enum typo', 'ads-tls.yaml', (b) => (b.static_resources.clusters[0].transport_socket.typed_config.common_tls_context.tls_params.tls_minimum_protocol_version = 'TLSv1_9'), 'static_resources.clusters[0].transport_socket.typed_config.common_tls_context.tls_params.tls_minimum_protocol_version', /in Cluster "xds-grpc" > TransportSocket "envoy.transport_sockets.tls": unknown enum value "TLSv1_9"/],
    ['ADS api_type typo', 'ads-tls.yaml', (b) => (b.dynamic_resources.ads_config.api_type = 'GRCP'), 'dynamic_resources.ads_config.api_type', /unknown enum value "GRCP" \(did you mean "GRPC"\?\)/],
    ['two members of a oneof', 'overload-tcp.yaml', (b) => (b.dynamic_resources.cds_config.ads = {}), 'dynamic_resources.cds_config', /only one of .* may be set \(oneof config_source_specifier\), got path_config_source and ads/],
    ['resource monitor with a negative limit', 'overload-tcp.yaml', (b) => (b.overload_manager.resource_monitors[0].typed_config.max_active_downstream_connections = 0), 'overload_manager.resource_monitors[0].typed_config.max_active_downstream_connections', /must be > 0, got 0/],
  ];

  it.each(cases)('rejects %s', (_name, file, mutate, path, message) => {
    const b = fixture(`envoy/${file}`);
    mutate(b);
    const problems = validateEnvoyJson(b);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems).toEqual(expect.arrayContaining([expect.objectContaining({ path, severity: 'error', code: 'ID903', message: expect.stringMatching(message) })]));
  });

  const unknownTypes: Case[] = [
    ['a typo in a filter @type', 'static-hcm.yaml', (b) => (hcm(b).http_filters[1].typed_config['@type'] = 'type.googleapis.com/envoy.extensions.filters.http.router.v3.Routr'), 'static_resources.listeners[0].filter_chains[0].filters[0].typed_config.http_filters[1].typed_config["@type"]', /in Listener "ingress" .*not checked: type "type.googleapis.com\/envoy.extensions.filters.http.router.v3.Routr" is not in the Envoy API this validator ships \(@grpc\/grpc-js-xds@1.14.1 deps\/.*\(did you mean "envoy.extensions.filters.http.router.v3.Router"\?\)/],
    ['a retry predicate of an unknown package', 'strict-dns.json', (b) => (b.staticResources.listeners[0].filterChains[0].filters[0].typedConfig.routeConfig.virtualHosts[0].routes[0].route.retryPolicy.retryHostPredicate[0].typedConfig['@type'] = 'type.googleapis.com/envoy.extensions.retry.host.previous_host.v3.PreviousHostsPredicate'), 'staticResources.listeners[0].filterChains[0].filters[0].typedConfig.routeConfig.virtualHosts[0].routes[0].route.retryPolicy.retryHostPredicate[0].typedConfig["@type"]', /not checked: type .* is not in the Envoy API/],
  ];

  it.each(unknownTypes)('warns (ID905, never an error) on %s', (_name, file, mutate, path, message) => {
    const b = fixture(`envoy/${file}`);
    mutate(b);
    const problems = validateEnvoyJson(b);
    expect(problems).toEqual([{ path, severity: 'warning', code: 'ID905', message: expect.stringMatching(message) }]);
  });

  it('treats names of Object.prototype members as unknown, not as types or enum values', () => {
    expect(validateEnvoyJson({ name: 'c', connect_timeout: '1s', lb_policy: 'toString' }, 'envoy.config.cluster.v3.Cluster')).toEqual([expect.objectContaining({ path: 'lb_policy', code: 'ID903', message: expect.stringMatching(/unknown enum value "toString"/) })]);
    const any = { name: 'c', connect_timeout: '1s', cluster_type: { name: 'x', typed_config: { '@type': 'type.googleapis.com/constructor' } } };
    expect(validateEnvoyJson(any, 'envoy.config.cluster.v3.Cluster')).toEqual([expect.objectContaining({ code: 'ID905', severity: 'warning' })]);
  });

  it('validates other message types too', () => {
    expect(validateEnvoyJson({ name: 'c', connect_timeout: '1s' }, 'envoy.config.cluster.v3.Cluster')).toEqual([]);
    expect(validateEnvoyJson({ name: 'c', connect_timeout: '1s', lb_polcy: 1 }, 'envoy.config.cluster.v3.Cluster')[0].path).toBe('lb_polcy');
  });
});
