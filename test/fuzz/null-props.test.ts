/**
 * The one rule for `null` (README, "Bad input"): an optional prop given `null` is not given, as with
 * `undefined`, because YAML and JSON (so YAML-driven Pulumi config) write an absent value as `null`
 * and Kubernetes treats `null` as absent; a required prop given `null` is missing ("is required").
 *
 * The survey: for every prop path of rich prop sets of the three builders (every key they know,
 * nested options and list items included), the props with that one value `null` build exactly what
 * the props without it build: the same objects byte for byte, or the same problems.
 */
import { buildEchoService, ECHO_SERVICE_KEYS } from '../../lib/core/echo-service';
import { buildEnvoyDirectPods } from '../../lib/core/envoy-direct-pods';
import { ENVOY_DIRECT_PODS_PROP_KEYS } from '../../lib/core/envoy/resolve';
import { IstioDirectError } from '../../lib/core/errors';
import { buildHeadlessMeshService, HEADLESS_MESH_SERVICE_KEYS } from '../../lib/core/headless-mesh-service';

type Builder = (props: any) => { objects: readonly unknown[] };
type Path = ReadonlyArray<string | number>;

const echo = buildEchoService();
const pods = buildHeadlessMeshService({ name: 'echo-service-pods', target: echo.workload, ports: [{ port: 8080 }] });
const resources = { requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '1', memory: '128Mi' } };

const ECHO_FULL = {
  name: 'echo', namespace: 'team-a', replicas: 2, image: 'mendhak/http-https-echo:37', containerPort: 8080, port: 3000, appProtocol: 'http',
  istioVersion: '1.24', version: 'v2', resources, readOnlyRootFilesystem: true, clusterDomain: 'cluster.local', labels: { team: 'a' },
  podAnnotations: { 'example.com/note': 'x' },
};

const MESH_FULL = {
  name: 'kafka', namespace: 'kafka',
  target: { kind: 'StatefulSet', name: 'kafka', namespace: 'kafka', selectorLabels: { app: 'kafka' }, replicas: 3, serviceName: 'kafka' },
  ports: [{ port: 9092, name: 'broker', appProtocol: 'tcp', protocol: 'TCP', targetPort: 9092 }, { port: 9093 }],
  publishNotReadyAddresses: true, mtlsMode: 'STRICT', portLevelMtls: { 9093: 'DISABLE' }, peerAuthentication: true, istioVersion: '1.24',
  dataplaneMode: 'sidecar', localhostPorts: [9092], ipFamily: 'IPv4', sidecarEgressHosts: ['./*'], outboundTrafficPolicy: 'REGISTRY_ONLY',
  perPodDns: true, exportTo: ['.'], clusterDomain: 'cluster.local', labels: { team: 'a' }, annotations: { 'example.com/note': 'x' },
};
const MESH_API_VERSION = { name: 'kafka', target: MESH_FULL.target, ports: [{ port: 9092 }], istioApiVersion: 'v1beta1' };
const MESH_RECIPE = {
  name: 'etcd',
  target: { kind: 'StatefulSet', name: 'etcd', selectorLabels: { app: 'etcd' }, replicas: 3 },
  ports: [{ port: 2381, name: 'metrics' }],
  recipe: { app: 'etcd', container: 'etcd', holdApplicationUntilProxyStarts: true, clusterToken: 'prod', initialClusterState: 'new' },
};

const ENVOY_STATIC = {
  name: 'envoy', configMapName: 'envoy-config', namespace: 'default', target: { ...echo.endpoint }, discovery: 'static',
  podIps: ['10.244.0.26', '10.244.1.26'], upstreamPort: 8080, ipFamily: 'IPv4', clusterName: 'pods', lbPolicy: 'RING_HASH', hashHeader: 'x-user',
  healthCheck: { path: '/', host: 'echo', timeoutSeconds: 1, intervalSeconds: 10, noTrafficIntervalSeconds: 10, unhealthyThreshold: 2, healthyThreshold: 2, expectedStatuses: [{ start: 200, end: 299 }] },
  connectTimeoutSeconds: 1, routeTimeoutSeconds: 5,
  retries: { attempts: 2, retryOn: ['connect-failure', 'retriable-status-codes'], retriableStatusCodes: [503], perTryTimeoutSeconds: 1, hostSelectionRetryMaxAttempts: 5 },
  outlierDetection: { consecutive5xx: 5, intervalSeconds: 10, baseEjectionTimeSeconds: 30, maxEjectionPercent: 10 },
  circuitBreakers: { maxConnections: 100, maxPendingRequests: 100, maxRequests: 100, maxRetries: 3 },
  hostRewrite: 'echo.example', replicas: 1, image: 'envoyproxy/envoy:distroless-v1.39.6', concurrency: 1, logLevel: 'info', listenerPort: 8080,
  servicePort: 8080, serviceType: 'LoadBalancer', serviceExportTo: ['.'], readinessPort: 19003, adminPort: 9901, adminAddress: '127.0.0.1',
  maxDownstreamConnections: 50000, accessLog: true, istioSidecar: false, resources, labels: { team: 'a' }, podAnnotations: { 'example.com/note': 'x' },
};
const ENVOY_DNS = {
  target: { ...pods.endpoint }, discovery: 'dns', healthyPanicThresholdPercent: 0,
  dns: { refreshRateSeconds: 5, failureRefreshBaseSeconds: 1, failureRefreshMaxSeconds: 10, respectDnsTtl: false, lookupFamily: 'V4_ONLY' },
};
const ENVOY_ADDRESS = { target: { host: 'echo.example.com', port: 8080 }, discovery: 'service' };
const ECHO_VERSIONS = { versions: [{ name: 'v1', replicas: 2 }, { name: 'v2' }] };
const echoVersions = buildEchoService(ECHO_VERSIONS);
const ENVOY_VERSIONS = {
  target: { ...echoVersions.endpoint }, versions: [{ name: 'v1' }, { name: 'v2' }],
  routes: [
    { name: 'canary', headers: [{ name: 'x-version', exact: 'v2' }, { name: 'x-user', prefix: 'beta-' }, { name: 'x-re', regex: 'a.*' }, { name: 'x-p', present: true }], version: 'v2' },
    { weights: { v1: 90, v2: 10 } },
  ],
  accessLogFormat: 'istio', perEndpointStats: true, statsListener: { port: 19001, scrapeAnnotations: true },
  tracing: { collector: { host: 'otel-collector', port: 4317 }, samplingPercent: 1, serviceName: 'envoy' },
  circuitBreakers: { maxConnectionsPerHost: 10 }, outlierDetection: { consecutiveGatewayErrors: 3 },
};
const ENVOY_STATIC_VERSIONS = { target: { ...echoVersions.endpoint }, discovery: 'static', versions: [{ name: 'v1', podIps: ['10.0.0.1'] }, { name: 'v2', podIps: ['10.0.0.2'] }] };

/** Every path in plain data: object keys and list items, parents before children. */
function pathsOf(value: unknown, at: Path = []): Path[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => [[...at, i], ...pathsOf(v, [...at, i])]);
  if (typeof value === 'object' && value !== null) return Object.entries(value).flatMap(([k, v]) => [[...at, k], ...pathsOf(v, [...at, k])]);
  return [];
}

/** A deep copy of `props` with the value at `path` replaced (`undefined`: the key removed, the list item a hole). */
function withValue(props: unknown, path: Path, value: null | undefined): unknown {
  const copy = JSON.parse(JSON.stringify(props));
  let container = copy;
  for (const k of path.slice(0, -1)) container = container[k];
  const last = path[path.length - 1];
  if (value === undefined) delete container[last];
  else container[last] = value;
  return copy;
}

/** What a build gave: the objects as JSON, or the problems. */
function outcome(build: Builder, props: unknown): string {
  try {
    return JSON.stringify(build(props).objects);
  } catch (e) {
    if (e instanceof IstioDirectError) return `error: ${e.problems.join('\n')}`;
    throw e;
  }
}

const label = (path: Path) => path.map((k) => (typeof k === 'number' ? `[${k}]` : `.${k}`)).join('').slice(1);

const SETS: Array<[string, Builder, unknown]> = [
  ['EchoService', buildEchoService, ECHO_FULL],
  ['HeadlessMeshService', buildHeadlessMeshService, MESH_FULL],
  ['HeadlessMeshService (istioApiVersion)', buildHeadlessMeshService, MESH_API_VERSION],
  ['HeadlessMeshService (recipe)', buildHeadlessMeshService, MESH_RECIPE],
  ['EnvoyDirectPods (static)', buildEnvoyDirectPods, ENVOY_STATIC],
  ['EnvoyDirectPods (dns)', buildEnvoyDirectPods, ENVOY_DNS],
  ['EnvoyDirectPods ({ host, port })', buildEnvoyDirectPods, ENVOY_ADDRESS],
  ['EchoService (versions)', buildEchoService, ECHO_VERSIONS],
  ['EnvoyDirectPods (versions, dns)', buildEnvoyDirectPods, ENVOY_VERSIONS],
  ['EnvoyDirectPods (versions, static)', buildEnvoyDirectPods, ENVOY_STATIC_VERSIONS],
];

describe('null means "not given", for every prop of every builder', () => {
  test.each(SETS)('%s: the full prop set builds', (_name, build, props) => {
    expect(outcome(build, props)).not.toMatch(/^error/);
  });

  test('the survey covers every prop the builders know', () => {
    const keys = (props: unknown[]) => new Set(props.flatMap((p) => Object.keys(p as object)));
    expect([...ECHO_SERVICE_KEYS].filter((k) => !keys([ECHO_FULL, ECHO_VERSIONS]).has(k))).toEqual([]);
    expect([...HEADLESS_MESH_SERVICE_KEYS].filter((k) => !keys([MESH_FULL, MESH_API_VERSION, MESH_RECIPE]).has(k))).toEqual([]);
    expect([...ENVOY_DIRECT_PODS_PROP_KEYS].filter((k) => !keys([ENVOY_STATIC, ENVOY_DNS, ENVOY_ADDRESS, ENVOY_VERSIONS]).has(k))).toEqual([]);
  });

  // Props and the keys of their options (a list item given null is a value of the list, reported: below).
  const isProp = (path: Path) => typeof path[path.length - 1] === 'string';
  const rows = SETS.flatMap(([name, build, props]) => pathsOf(props).filter(isProp).map((path) => [`${name} ${label(path)}`, build, props, path] as const));
  test.each(rows)('%s: null builds what leaving it out builds', (_title, build, props, path) => {
    expect(outcome(build, withValue(props, path, null))).toBe(outcome(build, withValue(props, path, undefined)));
  });
});

describe('a required prop given null is missing: "is required", naming the field', () => {
  const sts = MESH_FULL.target;
  test.each([
    ['HeadlessMeshService', buildHeadlessMeshService, { name: null, target: sts, ports: [{ port: 9092 }] }, 'HeadlessMeshService: name: is required: give a DNS-1035 label'],
    ['HeadlessMeshService', buildHeadlessMeshService, { name: 'kafka', target: null, ports: [{ port: 9092 }] }, 'HeadlessMeshService "kafka": target: is required: give a workload'],
    ['HeadlessMeshService', buildHeadlessMeshService, { name: 'kafka', target: sts, ports: null }, 'HeadlessMeshService "kafka": ports: is required: declare every port'],
    ['HeadlessMeshService', buildHeadlessMeshService, { name: 'kafka', target: { ...sts, kind: null }, ports: [{ port: 9092 }] }, 'HeadlessMeshService "kafka": target.kind: is required: give one of Deployment, StatefulSet'],
    ['HeadlessMeshService', buildHeadlessMeshService, { name: 'kafka', target: { ...sts, selectorLabels: null }, ports: [{ port: 9092 }] }, 'HeadlessMeshService "kafka": target.selectorLabels: is required'],
    ['HeadlessMeshService', buildHeadlessMeshService, { name: 'kafka', target: sts, ports: [{ port: null }] }, 'HeadlessMeshService "kafka": ports[0].port: is required: give a port number'],
    ['EnvoyDirectPods', buildEnvoyDirectPods, { target: null }, 'EnvoyDirectPods "envoy-proxy-istio-style": target: is required: give an EchoService, a HeadlessMeshService or { host, port }'],
    ['EnvoyDirectPods', buildEnvoyDirectPods, { target: { host: null, port: 80 } }, 'EnvoyDirectPods "envoy-proxy-istio-style": target.host: is required: give a string'],
    ['EnvoyDirectPods', buildEnvoyDirectPods, { target: { host: 'echo.example.com', port: null } }, 'EnvoyDirectPods "envoy-proxy-istio-style": target.port: is required: give a port number'],
  ] as Array<[string, Builder, unknown, string]>)('%s %j', (_name, build, props, expected) => {
    expect(outcome(build, props)).toContain(expected);
  });

  test('a null item of a list is not a missing prop: it is reported', () => {
    expect(outcome(buildEnvoyDirectPods, { target: echo.endpoint, podIps: [null] })).toContain('podIps[0]: null is not an IPv4 or IPv6 address');
    expect(outcome(buildHeadlessMeshService, { name: 'kafka', target: MESH_FULL.target, ports: [null] })).toContain('ports[0]: null is null, not a port');
  });
});

describe('the cdk8s constructs follow the same rule', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { App, Chart } = require('cdk8s');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const cdk8s = require('../../lib/cdk8s');
  const synth = (make: (chart: unknown) => void) => {
    const app = new App();
    make(new Chart(app, 'c', { namespace: 'team-a' }));
    return JSON.stringify(app.synthYaml());
  };

  test.each([
    ['EchoService', (chart: unknown, v: null | undefined) => new cdk8s.EchoService(chart, 'e', { namespace: v, replicas: v, labels: v })],
    ['EnvoyDirectPods', (chart: unknown, v: null | undefined) => new cdk8s.EnvoyDirectPods(chart, 'p', { target: { host: 'echo.example.com', port: 80 }, namespace: v, healthCheck: v })],
    ['HeadlessMeshService', (chart: unknown, v: null | undefined) => new cdk8s.HeadlessMeshService(chart, 'm', { name: 'kafka', target: { ...MESH_FULL.target, namespace: undefined }, ports: [{ port: 9092 }], namespace: v, portLevelMtls: v })],
  ] as Array<[string, (chart: unknown, v: null | undefined) => void]>)('%s: null props synthesize what unset ones do', (_name, make) => {
    expect(synth((chart) => make(chart, null))).toBe(synth((chart) => make(chart, undefined)));
  });
});
