/** buildEnvoyDirectPods: targeted assertions per mode and option. The full objects of each mode are pinned as readable golden files (envoy-golden.test.ts, golden/envoy/). */
import { buildEchoService } from '../../lib/core/echo-service';
import { ADMIN_CLUSTER } from '../../lib/core/envoy/bootstrap';
import { envoyDuration } from '../../lib/core/envoy/duration';
import { buildEnvoyDirectPods, CONFIG_CHECKSUM_ANNOTATION, EnvoyDirectPodsProps, ENVOY_IMAGE } from '../../lib/core/envoy-direct-pods';
import { buildHeadlessMeshService } from '../../lib/core/headless-mesh-service';
import { sha256 } from '../../lib/core/render';
import { clusterOf, envoyConfigOf, trafficRouteOf } from '../helpers/objects';

const EXAMPLE_IPS = ['10.244.0.26', '10.244.1.26', '10.244.2.12'];
const echo = buildEchoService();
const example: EnvoyDirectPodsProps = { target: echo.endpoint, podIps: EXAMPLE_IPS };
const pods = buildHeadlessMeshService({ name: 'echo-service-pods', target: echo.workload, ports: [{ port: 8080 }] });

describe('buildEnvoyDirectPods: the example scenario (static)', () => {
  const m = buildEnvoyDirectPods(example);
  const bootstrap = envoyConfigOf(m.configMap);

  test('object names, labels, container name and ports are the example scenario\'s', () => {
    expect(m.configMap.metadata.name).toBe('envoy-config-istio-style');
    expect(Object.keys((m.configMap as any).data)).toEqual(['envoy.yaml']);
    const d = m.deployment as any;
    expect(d.metadata.name).toBe('envoy-proxy-istio-style');
    expect(d.spec.selector.matchLabels).toEqual({ app: 'envoy-proxy-istio-style' });
    expect(d.spec.template.metadata.labels.app).toBe('envoy-proxy-istio-style');
    expect(d.spec.template.spec.containers.map((c: any) => c.name)).toEqual(['envoy']);
    expect(d.spec.template.spec.containers[0].image).toBe(ENVOY_IMAGE);
    const s = m.service as any;
    expect(s.metadata.name).toBe('envoy-proxy-istio-style');
    expect(s.spec.type).toBe('LoadBalancer');
    expect(s.spec.ports).toEqual([{ name: 'http', port: 8080, targetPort: 8080, protocol: 'TCP', appProtocol: 'http' }]);
    expect(s.spec.selector).toEqual({ app: 'envoy-proxy-istio-style' });
  });

  test('the cluster is STATIC round robin over the three pod IPs on 8080', () => {
    const cluster = clusterOf(bootstrap, 'echo_cluster_direct_pods');
    expect(cluster.type).toBe('STATIC');
    expect(cluster.lb_policy).toBe('ROUND_ROBIN');
    expect(cluster.load_assignment.cluster_name).toBe('echo_cluster_direct_pods');
    const addresses = cluster.load_assignment.endpoints[0].lb_endpoints.map((e: any) => e.endpoint.address.socket_address);
    expect(addresses).toEqual(EXAMPLE_IPS.map((address) => ({ address, port_value: 8080 })));
  });

  test('the example health check, statuses as Envoy\'s half-open range, Host = the rewrite, idle interval = interval', () => {
    const cluster = clusterOf(bootstrap, 'echo_cluster_direct_pods');
    expect(cluster.health_checks).toEqual([
      {
        timeout: '1s',
        interval: '10s',
        unhealthy_threshold: 2,
        healthy_threshold: 2,
        no_traffic_interval: '10s',
        http_health_check: { path: '/', host: 'echo-service.default.svc.cluster.local', expected_statuses: [{ start: 200, end: 300 }] },
      },
    ]);
  });

  test('listener on 8080 -> HCM -> router -> the cluster', () => {
    const listener = bootstrap.static_resources.listeners[0];
    expect(listener.address.socket_address).toEqual({ address: '0.0.0.0', port_value: 8080 });
    const hcm = listener.filter_chains[0].filters[0];
    expect(hcm.name).toBe('envoy.filters.network.http_connection_manager');
    expect(hcm.typed_config['@type']).toBe('type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager');
    expect(hcm.typed_config.http_filters).toEqual([
      { name: 'envoy.filters.http.router', typed_config: { '@type': 'type.googleapis.com/envoy.extensions.filters.http.router.v3.Router' } },
    ]);
    expect(trafficRouteOf(bootstrap).route.cluster).toBe('echo_cluster_direct_pods');
  });

  test('admin listens on 127.0.0.1:9901 only', () => {
    expect(bootstrap.admin.address.socket_address).toEqual({ address: '127.0.0.1', port_value: 9901 });
    const container = (m.deployment as any).spec.template.spec.containers[0];
    expect(container.ports.map((p: any) => p.containerPort)).not.toContain(9901);
  });

  test('probes use a dedicated readiness listener forwarding only /ready to admin', () => {
    const ready = bootstrap.static_resources.listeners.find((l: any) => l.name === 'readiness');
    expect(ready.address.socket_address).toEqual({ address: '0.0.0.0', port_value: 19003 });
    const routes = ready.filter_chains[0].filters[0].typed_config.route_config.virtual_hosts[0].routes;
    expect(routes).toEqual([{ match: { path: '/ready' }, route: { cluster: ADMIN_CLUSTER } }]);
    const admin = clusterOf(bootstrap, ADMIN_CLUSTER);
    expect(admin.load_assignment.endpoints[0].lb_endpoints[0].endpoint.address.socket_address).toEqual({ address: '127.0.0.1', port_value: 9901 });
    const container = (m.deployment as any).spec.template.spec.containers[0];
    for (const probe of ['startupProbe', 'readinessProbe']) {
      expect(container[probe].httpGet).toEqual({ path: '/ready', port: 'ready' });
    }
    expect(container.ports).toContainEqual({ name: 'ready', containerPort: 19003, protocol: 'TCP' });
  });

  test('the pod template carries the config checksum', () => {
    const annotations = (m.deployment as any).spec.template.metadata.annotations;
    expect(annotations[CONFIG_CHECKSUM_ANNOTATION]).toBe(sha256((m.configMap as any).data['envoy.yaml']));
    expect(m.configChecksum).toMatch(/^[0-9a-f]{64}$/);
  });

  test('a config change changes the checksum, a rebuild does not', () => {
    expect(buildEnvoyDirectPods(example).configChecksum).toBe(m.configChecksum);
    expect(buildEnvoyDirectPods({ ...example, podIps: EXAMPLE_IPS.slice(0, 2) }).configChecksum).not.toBe(m.configChecksum);
  });

  test('Envoy runs non-root with a read-only root filesystem, config mounted read-only', () => {
    const pod = (m.deployment as any).spec.template.spec;
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 65532, seccompProfile: { type: 'RuntimeDefault' } });
    const c = pod.containers[0];
    expect(c.command).toEqual(['envoy']);
    expect(c.args).toEqual(['--config-path', '/etc/envoy/envoy.yaml', '--concurrency', '1', '--log-level', 'info', '--disable-hot-restart']);
    expect(c.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      privileged: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
    });
    expect(c.volumeMounts).toContainEqual({ name: 'config', mountPath: '/etc/envoy', readOnly: true });
    expect(pod.volumes).toContainEqual({ name: 'config', configMap: { name: 'envoy-config-istio-style' } });
  });

  test('Host is rewritten to the target Service FQDN', () => {
    expect(trafficRouteOf(bootstrap).route.host_rewrite_literal).toBe('echo-service.default.svc.cluster.local');
  });

  test('retries go to another pod, Istio-style', () => {
    expect(trafficRouteOf(bootstrap).route.retry_policy).toEqual({
      retry_on: 'connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes',
      num_retries: 2,
      retry_host_predicate: [
        {
          name: 'envoy.retry_host_predicates.previous_hosts',
          typed_config: { '@type': 'type.googleapis.com/envoy.extensions.retry.host.previous_hosts.v3.PreviousHostsPredicate' },
        },
      ],
      host_selection_retry_max_attempts: 5,
    });
  });

  test('an overload-manager connection limit is set', () => {
    expect(bootstrap.overload_manager.resource_monitors[0].typed_config.max_active_downstream_connections).toBe(50000);
  });
});

describe('buildEnvoyDirectPods: dns discovery on a headless Service', () => {
  const m = buildEnvoyDirectPods({ target: pods.endpoint });
  const bootstrap = envoyConfigOf(m.configMap);
  const cluster = clusterOf(bootstrap, 'echo_cluster_direct_pods');

  test('defaults to dns for a headless target', () => {
    expect(m.discovery).toBe('dns');
  });

  test('a DNS cluster (envoy.cluster.dns) on the Service FQDN, headless-Service settings', () => {
    expect(cluster.type).toBeUndefined();
    expect(cluster.cluster_type).toEqual({
      name: 'envoy.cluster.dns',
      typed_config: {
        '@type': 'type.googleapis.com/envoy.extensions.clusters.dns.v3.DnsCluster',
        dns_refresh_rate: '5s',
        dns_failure_refresh_rate: { base_interval: '1s', max_interval: '10s' },
        respect_dns_ttl: false,
        dns_lookup_family: 'V4_ONLY',
        all_addresses_in_single_endpoint: false,
      },
    });
    expect(cluster.load_assignment.endpoints[0].lb_endpoints).toEqual([
      { endpoint: { address: { socket_address: { address: 'echo-service-pods.default.svc.cluster.local', port_value: 8080 } } } },
    ]);
    expect(cluster.ignore_health_on_host_removal).toBe(true);
    for (const deprecated of ['dns_lookup_family', 'dns_refresh_rate', 'dns_failure_refresh_rate', 'respect_dns_ttl']) {
      expect(cluster).not.toHaveProperty(deprecated);
    }
    expect(cluster.common_lb_config).toEqual({ healthy_panic_threshold: { value: 0 } });
    expect(cluster.health_checks).toHaveLength(1);
  });

  test('DNS settings are overridable', () => {
    const c = clusterOf(
      envoyConfigOf(
        buildEnvoyDirectPods({
          target: pods.endpoint,
          dns: { refreshRateSeconds: 2, respectDnsTtl: true, lookupFamily: 'V4_PREFERRED' },
          healthyPanicThresholdPercent: 25,
        }).configMap,
      ),
      'echo_cluster_direct_pods',
    );
    expect(c.cluster_type.typed_config).toMatchObject({ dns_refresh_rate: '2s', respect_dns_ttl: true, dns_lookup_family: 'V4_PREFERRED' });
    expect(c.common_lb_config).toEqual({ healthy_panic_threshold: { value: 25 } });
  });
});

describe('buildEnvoyDirectPods: service discovery (the basic Envoy)', () => {
  test('one endpoint: the ClusterIP Service on its Service port', () => {
    const m = buildEnvoyDirectPods({ name: 'envoy-proxy', configMapName: 'envoy-config', clusterName: 'echo_cluster', target: echo.endpoint });
    expect(m.discovery).toBe('service');
    const cluster = clusterOf(envoyConfigOf(m.configMap), 'echo_cluster');
    expect(cluster.type).toBeUndefined();
    expect(cluster.cluster_type.name).toBe('envoy.cluster.dns');
    expect(cluster.load_assignment.endpoints[0].lb_endpoints[0].endpoint.address.socket_address).toEqual({
      address: 'echo-service.default.svc.cluster.local',
      port_value: 3000,
    });
    expect(cluster.ignore_health_on_host_removal).toBeUndefined();
    expect(cluster.common_lb_config).toBeUndefined();
  });
});

describe('buildEnvoyDirectPods: options', () => {
  test.each(['LEAST_REQUEST', 'RANDOM', 'RING_HASH', 'MAGLEV'] as const)('lbPolicy %s', (lbPolicy) => {
    const b = envoyConfigOf(buildEnvoyDirectPods({ ...example, lbPolicy }).configMap);
    expect(clusterOf(b, 'echo_cluster_direct_pods').lb_policy).toBe(lbPolicy);
  });

  test('consistent hashing hashes on the source IP by default, and drops previous_hosts', () => {
    const route = trafficRouteOf(envoyConfigOf(buildEnvoyDirectPods({ ...example, lbPolicy: 'RING_HASH' }).configMap)).route;
    expect(route.hash_policy).toEqual([{ connection_properties: { source_ip: true } }]);
    expect(route.retry_policy.retry_host_predicate).toBeUndefined();
  });

  test('consistent hashing on a header', () => {
    const route = trafficRouteOf(envoyConfigOf(buildEnvoyDirectPods({ ...example, lbPolicy: 'MAGLEV', hashHeader: 'x-user' }).configMap)).route;
    expect(route.hash_policy).toEqual([{ header: { header_name: 'x-user' } }]);
  });

  test('health check overridable and removable', () => {
    const custom = clusterOf(
      envoyConfigOf(
        buildEnvoyDirectPods({
          ...example,
          healthCheck: { path: '/healthz', timeoutSeconds: 0.5, intervalSeconds: 3, unhealthyThreshold: 3, healthyThreshold: 1, expectedStatuses: [{ start: 200, end: 204 }] },
        }).configMap,
      ),
      'echo_cluster_direct_pods',
    );
    expect(custom.health_checks[0]).toEqual({
      timeout: '0.500s',
      interval: '3s',
      unhealthy_threshold: 3,
      healthy_threshold: 1,
      no_traffic_interval: '3s',
      http_health_check: { path: '/healthz', host: 'echo-service.default.svc.cluster.local', expected_statuses: [{ start: 200, end: 205 }] },
    });
    const none = clusterOf(envoyConfigOf(buildEnvoyDirectPods({ ...example, healthCheck: false }).configMap), 'echo_cluster_direct_pods');
    expect(none.health_checks).toBeUndefined();
  });

  test('outlier detection, circuit breakers, timeouts, no retries, no Host rewrite', () => {
    const b = envoyConfigOf(
      buildEnvoyDirectPods({
        ...example,
        outlierDetection: { consecutive5xx: 3 },
        circuitBreakers: { maxConnections: 100 },
        connectTimeoutSeconds: 2,
        routeTimeoutSeconds: 30,
        retries: false,
        hostRewrite: false,
      }).configMap,
    );
    const c = clusterOf(b, 'echo_cluster_direct_pods');
    expect(c.connect_timeout).toBe('2s');
    expect(c.outlier_detection).toEqual({
      consecutive_5xx: 3,
      consecutive_gateway_failure: 3,
      enforcing_consecutive_gateway_failure: 100,
      interval: '10s',
      base_ejection_time: '30s',
      max_ejection_percent: 50,
    });
    expect(c.circuit_breakers).toEqual({
      thresholds: [{ priority: 'DEFAULT', max_connections: 100, max_pending_requests: 1024, max_requests: 1024, max_retries: 3 }],
    });
    const route = trafficRouteOf(b).route;
    expect(route).toEqual({ cluster: 'echo_cluster_direct_pods', timeout: '30s' });
  });

  test('an explicit host and port target', () => {
    const m = buildEnvoyDirectPods({ target: { host: 'api.example.internal', port: 9000 }, discovery: 'service' });
    const b = envoyConfigOf(m.configMap);
    expect(clusterOf(b, 'echo_cluster_direct_pods').load_assignment.endpoints[0].lb_endpoints[0].endpoint.address.socket_address).toEqual({
      address: 'api.example.internal',
      port_value: 9000,
    });
    expect(trafficRouteOf(b).route.host_rewrite_literal).toBeUndefined();
  });

  test('names, namespace, ports and sidecar injection are settable', () => {
    const m = buildEnvoyDirectPods({
      ...example,
      name: 'edge',
      configMapName: 'edge-config',
      clusterName: 'pods',
      target: buildEchoService({ namespace: 'gw' }).endpoint,
      listenerPort: 10000,
      servicePort: 80,
      serviceType: 'ClusterIP',
      adminPort: 15000,
      readinessPort: 15021,
      replicas: 2,
      concurrency: 2,
      istioSidecar: true,
    });
    expect(m.configMap.metadata).toMatchObject({ name: 'edge-config', namespace: 'gw' });
    const d = m.deployment as any;
    expect(d.metadata).toMatchObject({ name: 'edge', namespace: 'gw' });
    expect(d.spec.replicas).toBe(2);
    expect(d.spec.template.metadata.labels['sidecar.istio.io/inject']).toBe('true');
    expect(d.spec.template.spec.volumes).toContainEqual({ name: 'config', configMap: { name: 'edge-config' } });
    expect((m.service as any).spec).toMatchObject({ type: 'ClusterIP', ports: [{ port: 80, targetPort: 10000 }] });
    const b = envoyConfigOf(m.configMap);
    expect(b.admin.address.socket_address.port_value).toBe(15000);
    expect(b.static_resources.listeners.map((l: any) => l.address.socket_address.port_value)).toEqual([10000, 15021]);
    expect(clusterOf(b, 'pods')).toBeDefined();
  });
});

describe('envoyDuration', () => {
  test.each([
    [1, '1s'],
    [10, '10s'],
    [0.25, '0.250s'],
    [0.001, '0.001s'],
    [1.5, '1.500s'],
    [0.000001, '0.000001s'],
    [1e-9, '0.000000001s'],
    [3600, '3600s'],
  ])('%p seconds -> %p', (seconds, text) => {
    expect(envoyDuration(seconds)).toBe(text);
  });
});

describe('buildEnvoyDirectPods: targets', () => {
  test('a construct exposing an endpoint stands for its Service', () => {
    const viaConstruct = buildEnvoyDirectPods({ target: { endpoint: echo.endpoint }, podIps: EXAMPLE_IPS });
    expect(JSON.stringify(viaConstruct.objects)).toBe(JSON.stringify(buildEnvoyDirectPods(example).objects));
  });
});
