/**
 * EnvoyDirectPods versions and routes (issue #18): one cluster per version for
 * static, DNS and Service discovery, ordered header and weighted routes, per-host
 * limits, Istio's outlier-detection translation, per-endpoint stats, the stats
 * listener, access-log formats and tracing; and the errors bad input gets.
 */
import { buildEchoService } from '../../lib/core/echo-service';
import { buildEnvoyDirectPods, EnvoyDirectPodsProps, ISTIO_ACCESS_LOG_FORMAT } from '../../lib/core/envoy-direct-pods';
import { clusterOf, envoyConfigOf, findObject } from '../helpers/objects';

const echo = buildEchoService({ port: 8080, appProtocol: 'tcp', versions: [{ name: 'v1' }, { name: 'v2', replicas: 1 }] });
const V1 = 'outbound|8080|v1|echo-service.default.svc.cluster.local';
const V2 = 'outbound|8080|v2|echo-service.default.svc.cluster.local';
const CANARY_ROUTES: EnvoyDirectPodsProps['routes'] = [
  { headers: [{ name: 'x-version', exact: 'v2' }], version: 'v2' },
  { weights: { v1: 90, v2: 10 } },
];

function build(props: Partial<EnvoyDirectPodsProps>) {
  const m = buildEnvoyDirectPods({ target: echo.endpoint, versions: [{ name: 'v1' }, { name: 'v2' }], ...props });
  return { m, b: envoyConfigOf(m.configMap) };
}

function routesOf(b: any): any[] {
  const listener = b.static_resources.listeners.find((l: any) => l.name === 'ingress_http');
  return listener.filter_chains[0].filters[0].typed_config.route_config.virtual_hosts[0].routes;
}

function hcmOf(b: any, listenerName: string): any {
  return b.static_resources.listeners.find((l: any) => l.name === listenerName).filter_chains[0].filters[0].typed_config;
}

function errorOf(props: Partial<EnvoyDirectPodsProps>): string {
  try {
    build(props);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('no error');
}

describe('versions: one cluster per version, named as Istio names subset clusters', () => {
  test('dns (the default with a construct target): a headless Service per version, a DNS cluster on each', () => {
    const { m, b } = build({ routes: CANARY_ROUTES });
    expect(m.discovery).toBe('dns');
    expect(m.clusterNames).toEqual([V1, V2]);
    expect(m.clusterName).toBe(V1);
    expect(b.static_resources.clusters.map((c: any) => c.name)).toEqual([V1, V2, 'envoy_admin']);
    const v2 = clusterOf(b, V2);
    expect(v2.cluster_type.name).toBe('envoy.cluster.dns');
    expect(v2.load_assignment.endpoints[0].lb_endpoints[0].endpoint.address.socket_address).toEqual({
      address: 'echo-service-v2.default.svc.cluster.local',
      port_value: 8080,
    });
    expect(v2.health_checks[0].http_health_check.host).toBe('echo-service-v2.default.svc.cluster.local');
    expect(m.versionServices.map((s) => s.metadata.name)).toEqual(['echo-service-v1', 'echo-service-v2']);
    const service = findObject(m.objects, 'Service', 'echo-service-v2');
    expect(service.spec).toEqual({
      clusterIP: 'None',
      selector: { app: 'echo-service', version: 'v2' },
      ports: [{ name: 'tcp', port: 8080, targetPort: 8080, protocol: 'TCP', appProtocol: 'tcp' }],
    });
    expect(service.metadata.annotations).toEqual({ 'networking.istio.io/exportTo': '.' });
    expect(m.objects.map((o) => `${o.kind} ${o.metadata.name}`)).toEqual([
      'ConfigMap envoy-config-istio-style',
      'Deployment envoy-proxy-istio-style',
      'Service envoy-proxy-istio-style',
      'Service echo-service-v1',
      'Service echo-service-v2',
    ]);
  });

  test('the version Services select exactly the pods of the EchoService versions', () => {
    const { m } = build({});
    for (const service of m.versionServices) {
      const version = (service.spec as any).selector.version;
      const deployment = findObject(echo.objects, 'Deployment', `echo-service-${version}`);
      expect(deployment.spec.template.metadata.labels).toMatchObject((service.spec as any).selector);
    }
  });

  test('static: each version lists its pod IPs, Host is the target Service', () => {
    const { m, b } = build({ versions: [{ name: 'v1', podIps: ['10.0.0.1', '10.0.0.2'] }, { name: 'v2', podIps: ['10.0.0.3'] }] });
    expect(m.discovery).toBe('static');
    expect(m.versionServices).toEqual([]);
    const v1 = clusterOf(b, V1);
    expect(v1.type).toBe('STATIC');
    expect(v1.load_assignment.endpoints[0].lb_endpoints.map((e: any) => e.endpoint.address.socket_address)).toEqual([
      { address: '10.0.0.1', port_value: 8080 },
      { address: '10.0.0.2', port_value: 8080 },
    ]);
    expect(routesOf(b)).toEqual([
      expect.objectContaining({ name: 'default', match: { prefix: '/' }, route: expect.objectContaining({ cluster: V1, host_rewrite_literal: 'echo-service.default.svc.cluster.local' }) }),
    ]);
  });

  test('service: a ClusterIP Service per version on the Service port, Host is that Service', () => {
    const classic = buildEchoService({ versions: [{ name: 'v1' }, { name: 'v2' }] });
    const m = buildEnvoyDirectPods({ target: classic, versions: [{ name: 'v1' }, { name: 'v2' }], discovery: 'service', routes: CANARY_ROUTES });
    const b = envoyConfigOf(m.configMap);
    const v2 = clusterOf(b, 'outbound|3000|v2|echo-service.default.svc.cluster.local');
    expect(v2.load_assignment.endpoints[0].lb_endpoints[0].endpoint.address.socket_address).toEqual({ address: 'echo-service-v2.default.svc.cluster.local', port_value: 3000 });
    expect(findObject(m.objects, 'Service', 'echo-service-v2').spec).toEqual({
      type: 'ClusterIP',
      selector: { app: 'echo-service', version: 'v2' },
      ports: [{ name: 'http', port: 3000, targetPort: 8080, protocol: 'TCP', appProtocol: 'http' }],
    });
    expect(routesOf(b)[0].route.host_rewrite_literal).toBe('echo-service-v2.default.svc.cluster.local');
  });

  test('an explicit address with static versions; an explicit hostRewrite applies to every version', () => {
    const m = buildEnvoyDirectPods({
      target: { host: 'api.internal', port: 9000 },
      versions: [{ name: 'blue', podIps: ['10.1.0.1'] }, { name: 'green', podIps: ['10.1.0.2'] }],
      routes: [{ weights: { blue: 50, green: 50 } }],
      hostRewrite: 'api.example.com',
    });
    const route = routesOf(envoyConfigOf(m.configMap))[0].route;
    expect(route.weighted_clusters.clusters).toEqual([
      { name: 'outbound|9000|blue|api.internal', weight: 50, host_rewrite_literal: 'api.example.com' },
      { name: 'outbound|9000|green|api.internal', weight: 50, host_rewrite_literal: 'api.example.com' },
    ]);
  });
});

describe('routes: ordered header matches and weighted splits', () => {
  test('header route first, then the 90/10 default as weighted_clusters without total_weight', () => {
    const routes = routesOf(build({ routes: CANARY_ROUTES }).b);
    expect(routes.map((r) => r.name)).toEqual(['route-0', 'default']);
    expect(routes[0].match).toEqual({ prefix: '/', headers: [{ name: 'x-version', string_match: { exact: 'v2' } }] });
    expect(routes[0].route.cluster).toBe(V2);
    expect(routes[1].match).toEqual({ prefix: '/' });
    expect(routes[1].route.cluster).toBeUndefined();
    expect(routes[1].route.weighted_clusters).toEqual({
      clusters: [
        { name: V1, weight: 90, host_rewrite_literal: 'echo-service-v1.default.svc.cluster.local' },
        { name: V2, weight: 10, host_rewrite_literal: 'echo-service-v2.default.svc.cluster.local' },
      ],
    });
    expect(routes[1].route.weighted_clusters.total_weight).toBeUndefined();
  });

  test('every matcher kind in its current form: string_match exact, prefix, safe_regex, and present_match', () => {
    const routes = routesOf(
      build({
        routes: [
          {
            name: 'beta-users',
            headers: [
              { name: 'x-version', exact: 'v2' },
              { name: 'x-user', prefix: 'beta-' },
              { name: 'user-agent', regex: '.*Firefox.*' },
              { name: 'x-canary', present: true },
              { name: ':authority', exact: 'echo.example.com' },
            ],
            version: 'v2',
          },
          { version: 'v1' },
        ],
      }).b,
    );
    expect(routes[0].name).toBe('beta-users');
    expect(routes[0].match.headers).toEqual([
      { name: 'x-version', string_match: { exact: 'v2' } },
      { name: 'x-user', string_match: { prefix: 'beta-' } },
      { name: 'user-agent', string_match: { safe_regex: { regex: '.*Firefox.*' } } },
      { name: 'x-canary', present_match: true },
      { name: ':authority', string_match: { exact: 'echo.example.com' } },
    ]);
    expect(JSON.stringify(routes)).not.toMatch(/"(exact_match|prefix_match|safe_regex_match|google_re2)"/);
  });

  test('a version at weight 0 is left out, as Istio does; a single one left becomes a plain cluster route', () => {
    const routes = routesOf(build({ routes: [{ weights: { v1: 100, v2: 0 } }] }).b);
    expect(routes[0].route.cluster).toBe(V1);
    expect(routes[0].route.weighted_clusters).toBeUndefined();
  });

  test('without routes: one default route to the first version', () => {
    const routes = routesOf(build({}).b);
    expect(routes).toHaveLength(1);
    expect(routes[0]).toMatchObject({ name: 'default', match: { prefix: '/' }, route: { cluster: V1 } });
  });

  test('retries prefer other hosts on every route (previous_hosts), timeout and hashing are shared', () => {
    const routes = routesOf(build({ routes: CANARY_ROUTES, routeTimeoutSeconds: 3 }).b);
    for (const route of routes) {
      expect(route.route.timeout).toBe('3s');
      expect(route.route.retry_policy.retry_host_predicate).toEqual([
        { name: 'envoy.retry_host_predicates.previous_hosts', typed_config: { '@type': 'type.googleapis.com/envoy.extensions.retry.host.previous_hosts.v3.PreviousHostsPredicate' } },
      ]);
      expect(route.route.retry_policy.host_selection_retry_max_attempts).toBe(5);
    }
    const hashed = routesOf(build({ routes: CANARY_ROUTES, lbPolicy: 'RING_HASH', hashHeader: 'x-user' }).b);
    expect(hashed[1].route.hash_policy).toEqual([{ header: { header_name: 'x-user' } }]);
    expect(hashed[1].route.retry_policy.retry_host_predicate).toBeUndefined();
  });
});

describe('per-pod limits, resilience and observability', () => {
  test('per_host_thresholds: only max_connections, per pod', () => {
    const c = clusterOf(build({ circuitBreakers: { maxConnectionsPerHost: 64 } }).b, V1);
    expect(c.circuit_breakers.per_host_thresholds).toEqual([{ priority: 'DEFAULT', max_connections: 64 }]);
    expect(c.circuit_breakers.thresholds).toEqual([{ priority: 'DEFAULT', max_connections: 1024, max_pending_requests: 1024, max_requests: 1024, max_retries: 3 }]);
  });

  test("outlier detection as Istio translates a DestinationRule's outlierDetection", () => {
    const { b } = build({ discovery: 'static', versions: [{ name: 'v1', podIps: ['10.0.0.1'] }], outlierDetection: {} });
    const c = clusterOf(b, V1);
    expect(c.outlier_detection).toEqual({
      consecutive_5xx: 5,
      enforcing_consecutive_5xx: 100,
      interval: '10s',
      base_ejection_time: '30s',
      max_ejection_percent: 10,
      enforcing_success_rate: 0,
    });
    expect(c.common_lb_config).toEqual({ healthy_panic_threshold: { value: 0 } });
    const gateway = clusterOf(build({ outlierDetection: { consecutiveGatewayErrors: 3 } }).b, V1).outlier_detection;
    expect(gateway).toMatchObject({ consecutive_gateway_failure: 3, enforcing_consecutive_gateway_failure: 100 });
    const panic = clusterOf(build({ discovery: 'static', versions: [{ name: 'v1', podIps: ['10.0.0.1'] }], outlierDetection: {}, healthyPanicThresholdPercent: 30 }).b, V1);
    expect(panic.common_lb_config).toEqual({ healthy_panic_threshold: { value: 30 } });
  });

  test('per_endpoint_stats on every version cluster, not on the admin cluster', () => {
    const { b } = build({ perEndpointStats: true });
    expect(clusterOf(b, V1).track_cluster_stats).toEqual({ per_endpoint_stats: true });
    expect(clusterOf(b, V2).track_cluster_stats).toEqual({ per_endpoint_stats: true });
    expect(clusterOf(b, 'envoy_admin').track_cluster_stats).toBeUndefined();
  });

  test('the stats listener forwards only GET /stats/prometheus to the loopback admin', () => {
    const { m, b } = build({ statsListener: {} });
    const listener = b.static_resources.listeners.find((l: any) => l.name === 'stats');
    expect(listener.address.socket_address).toEqual({ address: '0.0.0.0', port_value: 19001 });
    expect(listener.ignore_global_conn_limit).toBe(true);
    expect(listener.bypass_overload_manager).toBe(true);
    const routes = hcmOf(b, 'stats').route_config.virtual_hosts[0].routes;
    expect(routes).toEqual([
      { match: { path: '/stats/prometheus', headers: [{ name: ':method', string_match: { exact: 'GET' } }] }, route: { cluster: 'envoy_admin' } },
    ]);
    expect(b.admin.address.socket_address.address).toBe('127.0.0.1');
    const template = findObject(m.objects, 'Deployment').spec.template;
    // Injection left to the namespace: no scrape annotations, so Istio's merging never mixes two Envoys' stats.
    expect(Object.keys(template.metadata.annotations).filter((k) => k.startsWith('prometheus.io/'))).toEqual([]);
    const bare = findObject(build({ statsListener: {}, istioSidecar: false }).m.objects, 'Deployment').spec.template;
    expect(bare.metadata.annotations).toMatchObject({ 'prometheus.io/scrape': 'true', 'prometheus.io/port': '19001', 'prometheus.io/path': '/stats/prometheus' });
    const merged = findObject(build({ statsListener: { scrapeAnnotations: true }, istioSidecar: true }).m.objects, 'Deployment').spec.template;
    expect(merged.metadata.annotations['prometheus.io/port']).toBe('19001');
    expect(template.spec.containers[0].ports).toContainEqual({ name: 'http-stats', containerPort: 19001, protocol: 'TCP' });
    const quiet = findObject(build({ statsListener: { port: 19100, scrapeAnnotations: false } }).m.objects, 'Deployment').spec.template;
    expect(Object.keys(quiet.metadata.annotations).filter((k) => k.startsWith('prometheus.io/'))).toEqual([]);
    expect(quiet.spec.containers[0].ports).toContainEqual({ name: 'http-stats', containerPort: 19100, protocol: 'TCP' });
  });

  test("access log formats: Envoy's default, Istio's text format, JSON; all with the upstream pod address", () => {
    const log = (format?: 'istio' | 'json') => hcmOf(build(format ? { accessLogFormat: format } : {}).b, 'ingress_http').access_log[0].typed_config;
    expect(log()).toEqual({ '@type': 'type.googleapis.com/envoy.extensions.access_loggers.stream.v3.StdoutAccessLog' });
    expect(log('istio').log_format).toEqual({ text_format_source: { inline_string: ISTIO_ACCESS_LOG_FORMAT } });
    expect(ISTIO_ACCESS_LOG_FORMAT).toContain('"%UPSTREAM_HOST%" %UPSTREAM_CLUSTER_RAW%');
    expect(log('json').log_format.json_format).toMatchObject({ upstream_host: '%UPSTREAM_HOST%', upstream_cluster: '%UPSTREAM_CLUSTER_RAW%', route_name: '%ROUTE_NAME%' });
  });

  test('tracing: OpenTelemetry over gRPC to the collector, 1% sampled by default', () => {
    const { b } = build({ tracing: { collector: { host: 'otel-collector.observability.svc.cluster.local', port: 4317 } } });
    expect(hcmOf(b, 'ingress_http').tracing).toEqual({
      random_sampling: { value: 1 },
      provider: {
        name: 'envoy.tracers.opentelemetry',
        typed_config: {
          '@type': 'type.googleapis.com/envoy.config.trace.v3.OpenTelemetryConfig',
          grpc_service: { envoy_grpc: { cluster_name: 'opentelemetry_collector' }, timeout: '0.250s' },
          service_name: 'envoy-proxy-istio-style',
        },
      },
    });
    const collector = clusterOf(b, 'opentelemetry_collector');
    expect(collector.cluster_type.name).toBe('envoy.cluster.dns');
    expect(collector.typed_extension_protocol_options['envoy.extensions.upstreams.http.v3.HttpProtocolOptions'].explicit_http_config).toEqual({ http2_protocol_options: {} });
    expect(collector.load_assignment.endpoints[0].lb_endpoints[0].endpoint.address.socket_address).toEqual({
      address: 'otel-collector.observability.svc.cluster.local',
      port_value: 4317,
    });
    const byIp = clusterOf(build({ tracing: { collector: { host: '10.0.0.9', port: 4317 }, samplingPercent: 100, serviceName: 'edge' } }).b, 'opentelemetry_collector');
    expect(byIp.type).toBe('STATIC');
  });

  test('the new props also work without versions, and leave every default output alone', () => {
    const plain = buildEnvoyDirectPods({ target: echo.endpoint });
    expect(plain.versionServices).toEqual([]);
    expect(plain.clusterNames).toEqual(['echo_cluster_direct_pods']);
    expect(plain.configYaml).not.toMatch(/per_endpoint_stats|per_host_thresholds|tracing|stats\/prometheus|log_format/);
    const b = envoyConfigOf(buildEnvoyDirectPods({ target: echo.endpoint, perEndpointStats: true, statsListener: {} }).configMap);
    expect(clusterOf(b, 'echo_cluster_direct_pods').track_cluster_stats).toEqual({ per_endpoint_stats: true });
  });
});

describe('bad input: clear errors naming construct, field, value and what is valid', () => {
  const P = 'EnvoyDirectPods "envoy-proxy-istio-style": ';
  test.each<[string, Partial<EnvoyDirectPodsProps>, string]>([
    ['an unknown version', { routes: [{ version: 'v3' }] }, 'routes[0].version: "v3" is not one of the versions (v1, v2): did you mean "v1"?'],
    ['weights that do not add up', { routes: [{ weights: { v1: 90, v2: 5 } }] }, 'routes[0].weights: {"v1":90,"v2":5} adds up to 95, not 100: weights are percentages of the requests'],
    ['a weight for an unknown version', { routes: [{ weights: { v1: 90, v9: 10 } }] }, 'routes[0].weights.v9: "v9" is not one of the versions (v1, v2)'],
    [
      'a route after the catch-all',
      { routes: [{ version: 'v1' }, { headers: [{ name: 'x-version', exact: 'v2' }], version: 'v2' }] },
      'routes[1]: comes after the default route routes[0] (it has no headers, so it matches every request): routes after it are never used; move the default route to the end',
    ],
    [
      'no default route',
      { routes: [{ headers: [{ name: 'x-version', exact: 'v2' }], version: 'v2' }] },
      'routes[0]: has headers, but the last route must be a default route (no headers): Envoy answers requests that match no route with 404',
    ],
    ['both version and weights', { routes: [{ version: 'v1', weights: { v1: 100 } }] }, 'routes[0]: give exactly one of "version" (one version) and "weights"'],
    ['two matcher kinds', { routes: [{ headers: [{ name: 'x', exact: 'a', prefix: 'b' }], version: 'v2' }, { version: 'v1' }] }, 'routes[0].headers[0]: give exactly one of "exact", "prefix", "regex" and "present" (got exact, prefix)'],
    ['the host header', { routes: [{ headers: [{ name: 'host', exact: 'a' }], version: 'v2' }, { version: 'v1' }] }, 'routes[0].headers[0].name: "host" is not what Envoy matches'],
    ['an upper-case header', { routes: [{ headers: [{ name: 'X-Version', exact: 'v2' }], version: 'v2' }, { version: 'v1' }] }, 'routes[0].headers[0].name: "X-Version" is not a lower-case HTTP header name'],
    ['a look-ahead regex', { routes: [{ headers: [{ name: 'x', regex: '(?=a)b' }], version: 'v2' }, { version: 'v1' }] }, "routes[0].headers[0].regex: \"(?=a)b\" uses look-around or a back-reference, which Envoy's RE2 engine rejects"],
    ['a broken regex', { routes: [{ headers: [{ name: 'x', regex: '([a-' }], version: 'v2' }, { version: 'v1' }] }, 'routes[0].headers[0].regex: "([a-" is not a regular expression'],
    ['empty headers', { routes: [{ headers: [], version: 'v2' }, { version: 'v1' }] }, 'routes[0].headers: leave headers unset for a default route'],
    ['duplicate versions', { versions: [{ name: 'v1' }, { name: 'v1' }] }, 'versions[1]'],
    ['a version name that is no DNS label', { versions: [{ name: 'V1' }] }, 'versions[0].name: "V1" is not a DNS-1123 label'],
    ['pod IPs in dns mode', { versions: [{ name: 'v1', podIps: ['10.0.0.1'] }], discovery: 'dns' }, 'versions[0].podIps: is set but discovery is "dns": pod IPs are only used by "static"'],
    ['static without pod IPs', { versions: [{ name: 'v1' }], discovery: 'static' }, 'versions[0].podIps: is not set: "static" discovery needs each version\'s pod IPs'],
    ['top-level podIps with versions', { podIps: ['10.0.0.1'], versions: [{ name: 'v1', podIps: ['10.0.0.2'] }] }, 'podIps: is set with versions: give each version its pod IPs (versions[i].podIps)'],
    ['clusterName with versions', { clusterName: 'pods' }, 'clusterName: "pods" is set with versions'],
    ['routes without versions', { versions: undefined, routes: [{ version: 'v1' }] }, 'routes: is set without versions'],
    ['a stats port taken by the listener', { statsListener: { port: 8080 } }, 'statsListener.port: 8080 is already the listener, readiness or admin port: pick another'],
    ['tracing without a collector', { tracing: {} as never }, "tracing.collector: is required: give the collector's OTLP/gRPC { host, port }"],
    ['a sampling percentage over 100', { tracing: { collector: { host: 'otel', port: 4317 }, samplingPercent: 150 } }, 'tracing.samplingPercent: 150 is not a percentage in 0-100'],
    ['a per-host limit of 0', { circuitBreakers: { maxConnectionsPerHost: 0 } }, 'circuitBreakers.maxConnectionsPerHost: 0 is not a whole number in 1-4294967295'],
    ['an unknown access-log format', { accessLogFormat: 'xml' as never }, 'accessLogFormat: "xml" is not one of envoy, istio, json'],
  ])('%s', (_title, props, message) => {
    expect(errorOf(props)).toContain(P + message);
  });

  test('dns or service versions need a construct target', () => {
    expect(() => buildEnvoyDirectPods({ target: { host: 'api.internal', port: 80 }, versions: [{ name: 'v1' }], discovery: 'dns' })).toThrow(
      'versions: with "dns" discovery need a construct or Service endpoint as the target',
    );
  });
});
