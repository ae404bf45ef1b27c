/**
 * The values Envoy and Istio need, each checked against its upstream source:
 * Istio's default retry policy, the DNS cluster extension, health checks behind
 * a sidecar, a liveness probe that survives a drain, IP families, the Envoy
 * Service's export scope, and mistakes that used to pass silently.
 */
import { buildEchoService } from '../../lib/core/echo-service';
import { IstioDirectError } from '../../lib/core/errors';
import { buildEnvoyDirectPods, EnvoyDirectPodsProps, resolveEnvoyDirectPodsSpec } from '../../lib/core/envoy-direct-pods';
import { buildHeadlessMeshService } from '../../lib/core/headless-mesh-service';
import { clusterOf, envoyConfigOf, trafficRouteOf } from '../helpers/objects';

const IPS = ['10.244.0.26', '10.244.1.26', '10.244.2.12'];
const echo = buildEchoService();
const example: EnvoyDirectPodsProps = { target: echo.endpoint, podIps: IPS };
const pods = buildHeadlessMeshService({ name: 'echo-service-pods', target: echo.workload, ports: [{ port: 8080 }] });
const bootstrapOf = (props: EnvoyDirectPodsProps) => envoyConfigOf(buildEnvoyDirectPods(props).configMap);
const upstreamOf = (props: EnvoyDirectPodsProps) => clusterOf(bootstrapOf(props), 'echo_cluster_direct_pods');
const containerOf = (props: EnvoyDirectPodsProps) => (buildEnvoyDirectPods(props).deployment as any).spec.template.spec.containers[0];
const problemsOf = (props: EnvoyDirectPodsProps): readonly string[] => {
  try {
    buildEnvoyDirectPods(props);
  } catch (e) {
    expect(e).toBeInstanceOf(IstioDirectError);
    return (e as IstioDirectError).problems;
  }
  throw new Error('expected an IstioDirectError');
};

describe('retries: Istio\'s default policy (pilot/pkg/networking/core/route/retry/retry.go)', () => {
  test('2 retries on Istio\'s conditions, no retriable status codes, previous_hosts with 5 attempts', () => {
    const policy = trafficRouteOf(bootstrapOf(example)).route.retry_policy;
    expect(policy.retry_on).toBe('connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes');
    expect(policy.num_retries).toBe(2);
    expect(policy).not.toHaveProperty('retriable_status_codes');
    expect(policy.retry_host_predicate.map((p: any) => p.name)).toEqual(['envoy.retry_host_predicates.previous_hosts']);
    expect(policy.host_selection_retry_max_attempts).toBe(5);
  });

  test.each(['RING_HASH', 'MAGLEV'] as const)('%s: no previous_hosts predicate, as Istio leaves it out for consistent hashing', (lbPolicy) => {
    const policy = trafficRouteOf(bootstrapOf({ ...example, lbPolicy })).route.retry_policy;
    expect(policy.num_retries).toBe(2);
    expect(policy).not.toHaveProperty('retry_host_predicate');
    expect(policy).not.toHaveProperty('host_selection_retry_max_attempts');
  });

  test.each(['ROUND_ROBIN', 'LEAST_REQUEST', 'RANDOM'] as const)('%s keeps previous_hosts', (lbPolicy) => {
    expect(trafficRouteOf(bootstrapOf({ ...example, lbPolicy })).route.retry_policy.retry_host_predicate).toHaveLength(1);
  });

  test('retriable status codes stay available as an option', () => {
    expect(trafficRouteOf(bootstrapOf({ ...example, retries: { retriableStatusCodes: [503, 504] } })).route.retry_policy.retriable_status_codes).toEqual([503, 504]);
  });
});

describe('DNS discovery through the envoy.cluster.dns extension (no deprecated Cluster fields)', () => {
  const DEPRECATED = ['dns_refresh_rate', 'dns_failure_refresh_rate', 'respect_dns_ttl', 'dns_lookup_family', 'type'];

  test.each([
    ['dns', { target: pods.endpoint }],
    ['service', { target: echo.endpoint }],
  ] as Array<[string, EnvoyDirectPodsProps]>)('%s mode: cluster_type DnsCluster with every field, no top-level DNS fields', (_mode, props) => {
    const cluster = upstreamOf(props);
    for (const field of DEPRECATED) {
      expect(cluster).not.toHaveProperty(field);
    }
    expect(cluster.cluster_type.name).toBe('envoy.cluster.dns');
    expect(cluster.cluster_type.typed_config).toEqual({
      '@type': 'type.googleapis.com/envoy.extensions.clusters.dns.v3.DnsCluster',
      dns_refresh_rate: '5s',
      dns_failure_refresh_rate: { base_interval: '1s', max_interval: '10s' },
      respect_dns_ttl: false,
      dns_lookup_family: 'V4_ONLY',
      all_addresses_in_single_endpoint: false,
    });
    expect(cluster.lb_policy).toBe('ROUND_ROBIN');
  });

  test('static mode stays a STATIC cluster with no cluster_type', () => {
    const cluster = upstreamOf(example);
    expect(cluster.type).toBe('STATIC');
    expect(cluster).not.toHaveProperty('cluster_type');
  });
});

describe('health checks behind a sidecar', () => {
  test('Host defaults to the rewritten Host, so a sidecar routes the check like the requests', () => {
    const b = bootstrapOf({ ...example, discovery: 'service', podIps: undefined });
    expect(clusterOf(b, 'echo_cluster_direct_pods').health_checks[0].http_health_check.host).toBe(trafficRouteOf(b).route.host_rewrite_literal);
    expect(upstreamOf({ target: pods.endpoint }).health_checks[0].http_health_check.host).toBe('echo-service-pods.default.svc.cluster.local');
  });

  test('a custom rewrite is the check\'s Host too; an explicit host wins; no rewrite means Envoy\'s default', () => {
    expect(upstreamOf({ ...example, hostRewrite: 'echo.internal' }).health_checks[0].http_health_check.host).toBe('echo.internal');
    expect(upstreamOf({ ...example, healthCheck: { host: 'probe.local' } }).health_checks[0].http_health_check.host).toBe('probe.local');
    expect(upstreamOf({ ...example, hostRewrite: false }).health_checks[0].http_health_check).not.toHaveProperty('host');
  });

  test('no_traffic_interval equals the interval, not Envoy\'s 60s', () => {
    expect(upstreamOf(example).health_checks[0].no_traffic_interval).toBe('10s');
    expect(upstreamOf({ ...example, healthCheck: { intervalSeconds: 3 } }).health_checks[0].no_traffic_interval).toBe('3s');
    expect(upstreamOf({ ...example, healthCheck: { intervalSeconds: 3, noTrafficIntervalSeconds: 30 } }).health_checks[0].no_traffic_interval).toBe('30s');
  });
});

describe('probes', () => {
  test('liveness is a TCP connect to the readiness listener, not /ready (which answers 503 while draining)', () => {
    const c = containerOf(example);
    expect(c.livenessProbe).toEqual({ tcpSocket: { port: 'ready' }, periodSeconds: 10, timeoutSeconds: 1, failureThreshold: 3 });
    expect(c.livenessProbe).not.toHaveProperty('httpGet');
    expect(c.startupProbe.httpGet).toEqual({ path: '/ready', port: 'ready' });
    expect(c.readinessProbe.httpGet).toEqual({ path: '/ready', port: 'ready' });
  });
});

describe('IP families', () => {
  const listenersOf = (props: EnvoyDirectPodsProps) => bootstrapOf(props).static_resources.listeners.map((l: any) => l.address.socket_address);

  test('IPv4 (default): 0.0.0.0, admin 127.0.0.1, DNS V4_ONLY, no Service family fields', () => {
    const m = buildEnvoyDirectPods({ target: pods.endpoint });
    expect(m.ipFamily).toBe('IPv4');
    const b = envoyConfigOf(m.configMap);
    expect(b.static_resources.listeners.map((l: any) => l.address.socket_address.address)).toEqual(['0.0.0.0', '0.0.0.0']);
    expect(b.admin.address.socket_address.address).toBe('127.0.0.1');
    expect(clusterOf(b, 'echo_cluster_direct_pods').cluster_type.typed_config.dns_lookup_family).toBe('V4_ONLY');
    expect((m.service as any).spec).not.toHaveProperty('ipFamilies');
  });

  test('IPv6: ::, admin ::1 (also for the readiness forward), DNS V6_ONLY, IPv6 pod IPs', () => {
    const m = buildEnvoyDirectPods({ ...example, ipFamily: 'IPv6', podIps: ['fd00:10:244::1a', 'fd00:10:244:1::1a'] });
    const b = envoyConfigOf(m.configMap);
    expect(b.static_resources.listeners.map((l: any) => l.address.socket_address)).toEqual([
      { address: '::', port_value: 8080 },
      { address: '::', port_value: 19003 },
    ]);
    expect(b.admin.address.socket_address.address).toBe('::1');
    expect(clusterOf(b, 'envoy_admin').load_assignment.endpoints[0].lb_endpoints[0].endpoint.address.socket_address.address).toBe('::1');
    expect(upstreamOf({ target: pods.endpoint, ipFamily: 'IPv6' }).cluster_type.typed_config.dns_lookup_family).toBe('V6_ONLY');
    expect((m.service as any).spec).toMatchObject({ ipFamilyPolicy: 'SingleStack', ipFamilies: ['IPv6'] });
  });

  test('DualStack: :: with ipv4_compat, admin 127.0.0.1, DNS V4_PREFERRED, pod IPs of both families', () => {
    const props: EnvoyDirectPodsProps = { ...example, ipFamily: 'DualStack', podIps: ['10.244.0.26', 'fd00:10:244::1a'] };
    expect(listenersOf(props)).toEqual([
      { address: '::', port_value: 8080, ipv4_compat: true },
      { address: '::', port_value: 19003, ipv4_compat: true },
    ]);
    expect(bootstrapOf(props).admin.address.socket_address.address).toBe('127.0.0.1');
    expect(upstreamOf({ target: pods.endpoint, ipFamily: 'DualStack' }).cluster_type.typed_config.dns_lookup_family).toBe('V4_PREFERRED');
    expect((buildEnvoyDirectPods(props).service as any).spec).toMatchObject({ ipFamilyPolicy: 'PreferDualStack', ipFamilies: ['IPv4', 'IPv6'] });
  });

  test('an IPv6 pod IP under IPv4 (and the reverse) is an error naming the IP and the prop', () => {
    expect(problemsOf({ ...example, podIps: ['10.244.0.26', 'fd00::1'] })).toEqual([
      'EnvoyDirectPods "envoy-proxy-istio-style": podIps[1]: "fd00::1" is an IPv6 address, but ipFamily is "IPv4": set ipFamily to "IPv6" or "DualStack"',
    ]);
    expect(problemsOf({ ...example, ipFamily: 'IPv6' })[0]).toBe(
      'EnvoyDirectPods "envoy-proxy-istio-style": podIps[0]: "10.244.0.26" is an IPv4 address, but ipFamily is "IPv6": set ipFamily to "IPv4" or "DualStack"',
    );
  });

  test('a DNS lookup family that contradicts the IP family, and ::1 admin under IPv4, are errors', () => {
    expect(problemsOf({ target: pods.endpoint, dns: { lookupFamily: 'V6_ONLY' } })).toEqual([
      'EnvoyDirectPods "envoy-proxy-istio-style": dns.lookupFamily: "V6_ONLY" does not fit ipFamily "IPv4": use one of V4_ONLY, V4_PREFERRED, or set ipFamily',
    ]);
    expect(problemsOf({ ...example, adminAddress: '::1' })[0]).toContain('adminAddress: "::1" is an IPv6 address, but ipFamily is "IPv4"');
  });
});

describe('the Envoy Service\'s export scope', () => {
  test('exported to its own namespace by default, so not every sidecar in the mesh imports it', () => {
    expect(buildEnvoyDirectPods(example).service.metadata.annotations).toEqual({ 'networking.istio.io/exportTo': '.' });
  });

  test('settable to namespaces or everywhere', () => {
    expect(buildEnvoyDirectPods({ ...example, serviceExportTo: ['.', 'clients'] }).service.metadata.annotations).toEqual({ 'networking.istio.io/exportTo': '.,clients' });
    expect(buildEnvoyDirectPods({ ...example, serviceExportTo: ['*'] }).service.metadata.annotations).toEqual({ 'networking.istio.io/exportTo': '*' });
  });

  test('bad values are errors', () => {
    expect(problemsOf({ ...example, serviceExportTo: ['Team A'] })[0]).toContain('serviceExportTo[0]: "Team A" is not a DNS-1123 label');
    expect(problemsOf({ ...example, serviceExportTo: ['*', 'a'] })[0]).toContain('serviceExportTo: ["*","a"]: "*" and "~" stand alone');
    expect(problemsOf({ ...example, serviceExportTo: [] })[0]).toContain('serviceExportTo: [] is empty');
  });
});

describe('silent mistakes are errors', () => {
  test('static upstreamPort set to the Service port while the pods listen on the target port', () => {
    expect(problemsOf({ ...example, upstreamPort: 3000 })).toEqual([
      'EnvoyDirectPods "envoy-proxy-istio-style": upstreamPort: 3000 is the Service port of "echo-service", but "static" discovery dials the pod IPs directly and the pods listen on the target port 8080: set upstreamPort to 8080 or leave it unset',
    ]);
    expect(upstreamOf({ ...example, upstreamPort: 8080 }).load_assignment.endpoints[0].lb_endpoints[0].endpoint.address.socket_address.port_value).toBe(8080);
  });

  test('healthCheck: true is not an options object', () => {
    expect(problemsOf({ ...example, healthCheck: true as any })).toEqual([
      'EnvoyDirectPods "envoy-proxy-istio-style": healthCheck: true is a boolean, not an options object or false',
    ]);
  });

  test('the namespace is the target\'s when unset', () => {
    const target = buildEchoService({ namespace: 'echo' }).endpoint;
    const m = buildEnvoyDirectPods({ target, podIps: IPS });
    expect(m.objects.map((o) => o.metadata.namespace)).toEqual(['echo', 'echo', 'echo']);
    expect(m.endpoint.namespace).toBe('echo');
    // A target in `default` (an unset namespace) leaves it unset: the chart's or provider's applies.
    expect(buildEnvoyDirectPods(example).objects.map((o) => o.metadata.namespace)).toEqual([undefined, undefined, undefined]);
  });

  test('a namespace other than the target\'s is an error, except for an explicit { host, port }', () => {
    const target = buildEchoService({ namespace: 'echo' }).endpoint;
    expect(problemsOf({ target, podIps: IPS, namespace: 'proxy' })).toEqual([
      'EnvoyDirectPods "envoy-proxy-istio-style": namespace: "proxy" differs from the namespace "echo" of the target Service "echo-service": Istio scopes a Service\'s export and a sidecar\'s view by namespace, so the proxy runs beside its target; leave namespace unset (or set it to "echo"), or target an explicit { host, port }',
    ]);
    expect(buildEnvoyDirectPods({ target, podIps: IPS, namespace: 'echo' }).endpoint.namespace).toBe('echo');
    expect(buildEnvoyDirectPods({ target: { host: 'echo-service.echo.svc.cluster.local', port: 3000 }, namespace: 'proxy' }).endpoint.namespace).toBe('proxy');
  });
});

describe('spec and render', () => {
  test('the spec holds every default by value; building twice gives the same bytes', () => {
    const spec = resolveEnvoyDirectPodsSpec(example);
    expect(spec).toMatchObject({ name: 'envoy-proxy-istio-style', discovery: 'static', ipFamily: 'IPv4', replicas: 1, serviceExportTo: ['.'] });
    expect(spec.bootstrap.retry).toEqual({
      attempts: 2,
      retryOn: 'connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes',
      retriableStatusCodes: [],
      perTryTimeoutSeconds: undefined,
      hostSelectionRetryMaxAttempts: 5,
    });
    expect(JSON.stringify(buildEnvoyDirectPods(example))).toBe(JSON.stringify(buildEnvoyDirectPods(example)));
  });
});
