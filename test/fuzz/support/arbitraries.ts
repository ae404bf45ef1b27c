/**
 * Valid prop sets of the three constructs. The property tests perturb them
 * (`hostile.ts`), so most stay valid and the rest go wrong in one to three places.
 */
import * as fc from 'fast-check';
import { buildEchoService, EchoServiceProps } from '../../../lib/core/echo-service';
import { EnvoyDirectPodsProps } from '../../../lib/core/envoy-direct-pods';
import { buildHeadlessMeshService, HeadlessMeshServiceProps, MeshPort } from '../../../lib/core/headless-mesh-service';

const dnsLabel = fc.constantFrom('echo', 'echo-service', 'kafka', 'etcd', 'a', 'zk-0', `a${'b'.repeat(61)}c`, 'redis-cluster');
const namespace = fc.constantFrom('default', 'team-a', 'kafka', 'istio-system', 'x1');
const istioVersion = fc.constantFrom('1.10', '1.18', '1.19', '1.21', '1.22', '1.24', '1.24.3', '1.30');
const port = fc.oneof(fc.constantFrom(1, 80, 443, 2379, 2380, 8080, 9092, 15001, 65535), fc.integer({ min: 1, max: 65535 }));
const labelValue = fc.constantFrom('v1', 'prod', '', 'a.b_c-d', 'x'.repeat(63));
const labels = fc.dictionary(fc.constantFrom('team', 'example.com/owner', 'tier', 'app.kubernetes.io/part-of'), labelValue, { maxKeys: 3 });
const annotations = fc.dictionary(
  fc.constantFrom('sidecar.istio.io/rewriteAppHTTPProbers', 'example.com/note', 'prometheus.io/scrape'),
  fc.constantFrom('true', 'false', 'any text: even with colons', ''),
  { maxKeys: 2 },
);
const quantity = fc.constantFrom('100m', '1', '0.5', '64Mi', '1Gi', '2');
const resources = fc.record(
  { requests: fc.record({ cpu: quantity, memory: quantity }, { requiredKeys: [] }), limits: fc.record({ cpu: quantity, memory: quantity }, { requiredKeys: [] }) },
  { requiredKeys: [] },
);
const clusterDomain = fc.constantFrom('cluster.local', 'example.internal', 'k8s');
const appProtocol = fc.constantFrom('http', 'tcp', 'http2', 'grpc', 'https', 'tls', 'grpc-web', 'redis', 'mongo', 'mysql', 'http_proxy', 'kubernetes.io/h2c', 'kubernetes.io/ws', 'kubernetes.io/wss');

/** EchoService props (every key optional). */
export const echoProps: fc.Arbitrary<EchoServiceProps> = fc.record(
  {
    name: dnsLabel,
    namespace,
    replicas: fc.integer({ min: 0, max: 20 }),
    image: fc.constantFrom('mendhak/http-https-echo:37', 'registry.example.com:5000/echo@sha256:' + 'a'.repeat(64)),
    containerPort: port,
    port,
    appProtocol,
    istioVersion,
    version: labelValue,
    resources,
    readOnlyRootFilesystem: fc.boolean(),
    clusterDomain,
    labels,
    podAnnotations: annotations,
  },
  { requiredKeys: [] },
) as fc.Arbitrary<EchoServiceProps>;

/** A port: TCP with a TCP-class appProtocol (or none), or UDP with `udp` (or none). */
const meshPort: fc.Arbitrary<MeshPort> = fc.oneof(
  { arbitrary: fc.record(
    { port, name: fc.constantFrom('client', 'peer', 'metrics', 'tcp-x', 'a', 'grpc-api'), appProtocol: fc.constantFrom('tcp', 'tcp', 'tls', 'mongo', 'redis', 'mysql', 'grpc', 'http'), protocol: fc.constant('TCP') },
    { requiredKeys: ['port'] },
  ), weight: 6 },
  { arbitrary: fc.record({ port, name: fc.constantFrom('dns', 'gossip-udp'), appProtocol: fc.constant('udp'), protocol: fc.constant('UDP') }, { requiredKeys: ['port', 'protocol'] }), weight: 1 },
) as fc.Arbitrary<MeshPort>;

const target = fc.record({
  kind: fc.constantFrom('StatefulSet' as const, 'Deployment' as const),
  name: dnsLabel,
  namespace: fc.option(namespace, { nil: undefined }),
  selectorLabels: fc.constantFrom<Record<string, string>>({ app: 'kafka' }, { app: 'etcd', tier: 'db' }, { 'app.kubernetes.io/name': 'zk' }),
  replicas: fc.integer({ min: 0, max: 12 }),
});

/** HeadlessMeshService props: a StatefulSet or Deployment target, unique ports, and options that fit together. */
export const meshProps: fc.Arbitrary<HeadlessMeshServiceProps> = fc
  .record({
    base: fc.record(
      {
        name: dnsLabel,
        mtlsMode: fc.constantFrom('STRICT', 'PERMISSIVE', 'DISABLE', 'UNSET'),
        peerAuthentication: fc.boolean(),
        publishNotReadyAddresses: fc.boolean(),
        istioVersion,
        ipFamily: fc.constantFrom('IPv4', 'IPv6'),
        exportTo: fc.array(fc.constantFrom('.', '*', 'team-a', 'istio-system'), { minLength: 1, maxLength: 2 }),
        clusterDomain,
        labels,
        annotations,
      },
      { requiredKeys: ['name'] },
    ),
    sidecar: fc.record(
      {
        sidecarEgressHosts: fc.array(fc.constantFrom('./*', 'istio-system/*', '*/example.com', 'team-a/*'), { minLength: 1, maxLength: 3 }),
        outboundTrafficPolicy: fc.constantFrom('ALLOW_ANY', 'REGISTRY_ONLY'),
      },
      { requiredKeys: [] },
    ),
    explicitNamespace: fc.boolean(),
    ambient: fc.boolean(),
    perPodDns: fc.option(fc.boolean(), { nil: undefined }),
    target,
    ports: fc.uniqueArray(meshPort, { minLength: 1, maxLength: 5, selector: (p) => p.port }),
    mtlsPicks: fc.array(fc.tuple(fc.nat(), fc.constantFrom('STRICT', 'PERMISSIVE', 'DISABLE', 'UNSET')), { maxLength: 2 }),
    localPicks: fc.array(fc.nat(), { maxLength: 2 }),
  })
  .map(({ base, sidecar, explicitNamespace, ambient, perPodDns, target: t, ports, mtlsPicks, localPicks }) => {
    const named = uniqueNames(ports);
    const tcp = named.filter((p) => p.protocol !== 'UDP');
    const portLevelMtls = Object.fromEntries(mtlsPicks.map(([i, mode]) => [named[i % named.length].port, mode]));
    const localhostPorts = tcp.length === 0 ? [] : [...new Set(localPicks.map((i) => tcp[i % tcp.length].port))];
    const props: Record<string, unknown> = { ...base, target: t, ports: named };
    if (explicitNamespace && t.namespace !== undefined) props.namespace = t.namespace;
    if (perPodDns !== undefined) props.perPodDns = perPodDns && t.kind === 'StatefulSet';
    if (ambient) {
      // Ambient mode has no Sidecar and no DISABLE / PERMISSIVE: those are errors of their own.
      props.dataplaneMode = 'ambient';
      props.mtlsMode = 'STRICT';
      return props as unknown as HeadlessMeshServiceProps;
    }
    if (mtlsPicks.length > 0 && base.peerAuthentication !== false) props.portLevelMtls = portLevelMtls;
    if (localhostPorts.length > 0) Object.assign(props, { localhostPorts }, sidecar);
    return props as unknown as HeadlessMeshServiceProps;
  });

function uniqueNames(ports: readonly MeshPort[]): MeshPort[] {
  const seen = new Set<string>();
  return ports.map((p) => {
    if (p.name === undefined || !seen.has(p.name)) {
      if (p.name !== undefined) seen.add(p.name);
      return p;
    }
    const { name: _dropped, ...rest } = p;
    return rest;
  });
}

const ECHO = buildEchoService();
const HEADLESS = buildHeadlessMeshService({
  name: 'echo-pods',
  target: ECHO.workload,
  ports: [{ port: 8080, name: 'http-pods', appProtocol: 'tcp' }],
});

const ipv4 = fc.tuple(fc.integer({ min: 1, max: 223 }), fc.nat(255), fc.nat(255), fc.integer({ min: 1, max: 254 })).map((o) => o.join('.'));
const duration = fc.constantFrom(0.001, 0.25, 1, 2, 5, 30, 3600);
const threshold = fc.integer({ min: 1, max: 10 });

/** EnvoyDirectPods props: the echo Service, a headless Service or an explicit address as target. */
export const envoyProps: fc.Arbitrary<EnvoyDirectPodsProps> = fc
  .record(
    {
      name: dnsLabel,
      configMapName: fc.constantFrom('envoy-config', 'cfg'),
      upstreamPort: port,
      clusterName: fc.constantFrom('echo_cluster_direct_pods', 'pods', 'a.b-c'),
      lbPolicy: fc.constantFrom('ROUND_ROBIN', 'LEAST_REQUEST', 'RANDOM', 'RING_HASH', 'MAGLEV'),
      healthCheck: fc.oneof(
        fc.constant(false as const),
        fc.record(
          {
            path: fc.constantFrom('/', '/healthz', '/ready?full=1'),
            timeoutSeconds: duration,
            intervalSeconds: duration,
            unhealthyThreshold: threshold,
            healthyThreshold: threshold,
            expectedStatuses: fc.constantFrom([{ start: 200, end: 299 }], [{ start: 200, end: 200 }, { start: 204, end: 204 }]),
          },
          { requiredKeys: [] },
        ),
      ),
      connectTimeoutSeconds: duration,
      routeTimeoutSeconds: duration,
      retries: fc.oneof(
        fc.constant(false as const),
        fc.record(
          { attempts: fc.integer({ min: 1, max: 5 }), retryOn: fc.constantFrom(['connect-failure'], ['5xx', 'reset']), perTryTimeoutSeconds: duration },
          { requiredKeys: [] },
        ),
      ),
      outlierDetection: fc.record({ consecutive5xx: threshold, intervalSeconds: duration, maxEjectionPercent: fc.integer({ min: 0, max: 100 }) }, { requiredKeys: [] }),
      circuitBreakers: fc.record({ maxConnections: threshold, maxRequests: threshold }, { requiredKeys: [] }),
      replicas: fc.integer({ min: 0, max: 5 }),
      concurrency: fc.integer({ min: 1, max: 8 }),
      logLevel: fc.constantFrom('trace', 'debug', 'info', 'warning', 'error', 'critical', 'off'),
      listenerPort: fc.constantFrom(8080, 10000),
      servicePort: port,
      serviceType: fc.constantFrom('ClusterIP', 'NodePort', 'LoadBalancer'),
      adminPort: fc.constantFrom(9901, 15000),
      accessLog: fc.boolean(),
      istioSidecar: fc.boolean(),
      labels,
      podAnnotations: annotations,
    },
    { requiredKeys: [] },
  )
  .chain((rest) =>
    fc
      .record({
        target: fc.constantFrom<EnvoyDirectPodsProps['target']>(ECHO, ECHO.endpoint, HEADLESS.endpoint, { host: 'echo.example.com', port: 8080 }),
        ipFamily: fc.constantFrom('IPv4' as const, 'IPv6' as const, 'DualStack' as const),
        podIpCount: fc.integer({ min: 0, max: 4 }),
        ips: fc.tuple(fc.uniqueArray(ipv4, { minLength: 4, maxLength: 4 }), fc.shuffledSubarray(['fd00::1', 'fd00:10:244::26', '2001:db8::5', 'fd00::2'], { minLength: 4 })),
        withNamespace: fc.boolean(),
      })
      .map(({ target: t, ipFamily, podIpCount, ips: [v4, v6], withNamespace }) => {
        // Pod IPs of the family in use ("static" discovery), or none ("dns" / "service").
        const pool = ipFamily === 'IPv4' ? v4 : ipFamily === 'IPv6' ? v6 : [...v4.slice(0, 2), ...v6.slice(0, 2)];
        const props: Record<string, unknown> = { ...rest, target: t, ipFamily };
        if (podIpCount > 0) props.podIps = pool.slice(0, podIpCount);
        if (withNamespace && t !== undefined && 'endpoint' in (t as object)) props.namespace = 'default';
        return props as unknown as EnvoyDirectPodsProps;
      }),
  );
