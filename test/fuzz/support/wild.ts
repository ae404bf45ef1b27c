/**
 * A second, independent generator that does NOT start from valid props: random JSON-like trees
 * whose keys are mostly prop names the constructs know (so values reach deep checks), with
 * JavaScript oddities anywhere: `__proto__` / `constructor` / `prototype` keys as JSON.parse makes
 * them, null-prototype objects, class instances, Date, Map, Set, RegExp, typed arrays, Buffer,
 * sparse arrays, arrays with extra properties, frozen objects, cycles, getters and Proxies that
 * throw, -0, 5e-324, 1e308, a list of 1,000,000 items, a string of 1,000,000 characters, lone
 * surrogates, NUL bytes, right-to-left marks, and keys such as "__proto__", "constructor",
 * "toString" in label, annotation, port and selector maps.
 */
import * as fc from 'fast-check';

/** Shared once: huge values are built a single time, not per run. */
export const HUGE_LIST: readonly unknown[] = Object.freeze(Array.from({ length: 1_000_000 }, (_, i) => i % 2 === 0 ? 8080 : 'x'));
export const HUGE_STRING = 'a'.repeat(1_000_000);

/** Props of the three constructs and of their nested options: values placed under them reach the checks. */
export const KNOWN_KEYS = [
  // top level (EchoService, HeadlessMeshService, EnvoyDirectPods)
  'name', 'namespace', 'replicas', 'image', 'containerPort', 'port', 'appProtocol', 'istioVersion', 'version', 'resources',
  'readOnlyRootFilesystem', 'clusterDomain', 'labels', 'podAnnotations', 'target', 'ports', 'publishNotReadyAddresses', 'mtlsMode',
  'portLevelMtls', 'peerAuthentication', 'istioApiVersion', 'dataplaneMode', 'localhostPorts', 'ipFamily', 'sidecarEgressHosts',
  'outboundTrafficPolicy', 'perPodDns', 'exportTo', 'annotations', 'configMapName', 'discovery', 'podIps', 'upstreamPort', 'clusterName',
  'lbPolicy', 'hashHeader', 'healthCheck', 'connectTimeoutSeconds', 'routeTimeoutSeconds', 'retries', 'outlierDetection', 'circuitBreakers',
  'dns', 'healthyPanicThresholdPercent', 'hostRewrite', 'concurrency', 'logLevel', 'listenerPort', 'servicePort', 'serviceType',
  'serviceExportTo', 'readinessPort', 'adminPort', 'adminAddress', 'maxDownstreamConnections', 'accessLog', 'istioSidecar',
  // nested
  'kind', 'selectorLabels', 'serviceName', 'targetPort', 'protocol', 'host', 'fqdn', 'headless', 'endpoint', 'workload', 'path',
  'timeoutSeconds', 'intervalSeconds', 'noTrafficIntervalSeconds', 'unhealthyThreshold', 'healthyThreshold', 'expectedStatuses', 'start',
  'end', 'attempts', 'retryOn', 'retriableStatusCodes', 'perTryTimeoutSeconds', 'hostSelectionRetryMaxAttempts', 'consecutive5xx',
  'baseEjectionTimeSeconds', 'maxEjectionPercent', 'maxConnections', 'maxPendingRequests', 'maxRequests', 'maxRetries', 'refreshRateSeconds',
  'failureRefreshBaseSeconds', 'failureRefreshMaxSeconds', 'respectDnsTtl', 'lookupFamily', 'requests', 'limits', 'cpu', 'memory', 'app',
] as const;

/** Keys that are not props: prototype names, odd characters, map keys that look like ports. */
const ODD_KEYS = [
  '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '', ' ', '\u0000', '\u202e', '\ud800', 'a/b', '9092',
  '0x2384', '-1', '1e3', 'app', 'example.com/x', 'x'.repeat(300),
];

/** Strings that break names, paths, messages and output. */
const ODD_STRINGS = [
  '', ' ', 'kafka', 'echo-service', 'StatefulSet', 'Deployment', 'TCP', 'UDP', 'tcp', 'http', 'STRICT', 'DISABLE', '1.24', '10.0.0.1', '::1',
  '127.0.0.1', 'echo.example.com', '__proto__', 'constructor', 'toString', '\ud800', '\udc00x', 'nul\u0000byte', '\u202eevil', '\u200f',
  'line\nbreak', '😀', 'Ünïcödé', '../x', '*', './*', HUGE_STRING,
];

class Ported {
  public readonly port = 8080;
  public readonly name = 'kafka';
}

/** A value that is never plain data: built fresh each time (the generator must not share mutable oddities). */
const oddity: fc.Arbitrary<unknown> = fc.constantFrom<() => unknown>(
  () => -0,
  () => 5e-324,
  () => 1e308,
  () => -1e308,
  () => NaN,
  () => Infinity,
  () => 2 ** 53 + 2,
  () => 10n,
  () => Symbol('wild'),
  () => function wild() {},
  () => new Date(0),
  () => new Date(NaN),
  () => new Map([['port', 8080]]),
  () => new Set(['a']),
  () => /x/g,
  () => new Uint8Array([1, 2, 3]),
  () => new Float64Array([8080]),
  () => Buffer.from('kafka'),
  () => new Ported(),
  () => new Number(8080),
  () => new String('kafka'),
  () => new Boolean(true),
  () => Object.create(null),
  () => Object.assign(Object.create(null), { app: 'kafka', port: 9092 }),
  () => JSON.parse('{"__proto__": {"app": "x"}, "constructor": {"prototype": 1}}'),
  () => JSON.parse('{"__proto__": "kafka"}'),
  () => [, 8080], // eslint-disable-line no-sparse-arrays
  () => Object.assign([8080], { extra: 'x' }),
  () => Object.freeze({ app: 'kafka' }),
  () => Object.freeze([9092]),
  () => HUGE_LIST,
  () => {
    const cyclic: Record<string, unknown> = { app: 'kafka' };
    cyclic.self = cyclic;
    return cyclic;
  },
  () => {
    const cyclic: unknown[] = [8080];
    cyclic.push(cyclic);
    return cyclic;
  },
  () => Object.defineProperty({}, 'port', { enumerable: true, get: () => { throw new Error('getter exploded'); } }),
  () => new Proxy({}, { ownKeys: () => { throw new Error('proxy trap'); } }),
  () => new Proxy({ app: 'kafka' }, { get: () => { throw new TypeError('proxy get trap'); } }),
  () => new Proxy({ port: 8080 }, {}),
  () => new Proxy([8080], {}),
).map((make) => make());

const leaf: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: fc.constantFrom(...ODD_STRINGS), weight: 3 },
  { arbitrary: fc.string({ maxLength: 12 }), weight: 1 },
  { arbitrary: fc.constantFrom(0, 1, -1, 3, 80, 8080, 9092, 65535, 65536, 2 ** 31, 1.5), weight: 2 },
  { arbitrary: fc.double(), weight: 1 },
  { arbitrary: fc.constantFrom(true, false, null, undefined), weight: 2 },
  { arbitrary: oddity, weight: 3 },
);

const key: fc.Arbitrary<string> = fc.oneof({ arbitrary: fc.constantFrom(...KNOWN_KEYS), weight: 6 }, { arbitrary: fc.constantFrom(...ODD_KEYS), weight: 2 }, { arbitrary: fc.string({ maxLength: 8 }), weight: 1 });

/** An object with the given entries, built as JSON.parse would (so "__proto__" is an own key), of a random kind. */
function objectOf(entries: ReadonlyArray<readonly [string, unknown]>, shape: number): unknown {
  const o: Record<string, unknown> = shape === 1 ? Object.create(null) : {};
  for (const [k, v] of entries) Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  if (shape === 2) return Object.freeze(o);
  if (shape === 3) return new Proxy(o, {});
  return o;
}

/** A random tree of at most `depth` levels under known (and odd) keys. */
export const wildTree: fc.Arbitrary<unknown> = fc.letrec<{ tree: unknown; node: unknown; list: unknown; map: unknown }>((tie) => ({
  tree: fc.oneof({ depthSize: 'small', maxDepth: 4 }, { arbitrary: leaf, weight: 3 }, { arbitrary: tie('map'), weight: 2 }, { arbitrary: tie('list'), weight: 1 }),
  node: tie('tree'),
  list: fc.array(tie('node'), { maxLength: 4 }),
  map: fc
    .tuple(fc.array(fc.tuple(key, tie('node')), { maxLength: 6 }), fc.nat(9))
    .map(([entries, shape]) => objectOf(entries, shape)),
})).tree;

/**
 * Props of one construct: an object (of a random kind) of mostly its own prop names (`keys`), with
 * wild values; sometimes not an object at all.
 */
export function wildPropsOf(keys: readonly string[]): fc.Arbitrary<unknown> {
  const propKey = fc.oneof({ arbitrary: fc.constantFrom(...keys), weight: 8 }, { arbitrary: key, weight: 1 });
  return fc.oneof(
    { arbitrary: fc.tuple(fc.array(fc.tuple(propKey, wildTree), { minLength: 1, maxLength: 8 }), fc.nat(9)).map(([entries, shape]) => objectOf(entries, shape)), weight: 9 },
    { arbitrary: wildTree, weight: 1 },
  );
}

/** Props of any construct (keys of all three). */
export const wildProps: fc.Arbitrary<unknown> = wildPropsOf(KNOWN_KEYS);

/** Construct ids a cdk8s user might pass (cdk8s itself rejects some: that error is cdk8s's, not a prop problem). */
export const oddId: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('x', 'Echo Service', 'a/b', '..', '😀', 'x'.repeat(300), '__proto__', 'constructor', 'toString', '\u202e', 'nul\u0000', '-', 'UPPER'),
  fc.string({ minLength: 1, maxLength: 10 }),
);
