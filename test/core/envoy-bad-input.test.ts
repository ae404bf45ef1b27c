/**
 * EnvoyDirectPods never crashes, hangs or yields invalid output on bad input:
 * wrong types as JavaScript or YAML-driven Pulumi config produce them, unknown
 * keys, out-of-range values and oversized lists all give one IstioDirectError
 * whose every line names the construct, the field path, the value as written
 * and what is allowed.
 */
import { buildEchoService } from '../../lib/core/echo-service';
import { IstioDirectError } from '../../lib/core/errors';
import { buildEnvoyDirectPods, EnvoyDirectPodsProps, MAX_POD_IPS } from '../../lib/core/envoy-direct-pods';
import { buildHeadlessMeshService } from '../../lib/core/headless-mesh-service';

const echo = buildEchoService();
const pods = buildHeadlessMeshService({ name: 'echo-service-pods', target: echo.workload, ports: [{ port: 8080 }] });
const base: EnvoyDirectPodsProps = { target: echo.endpoint, podIps: ['10.244.0.26'] };
const PREFIX = 'EnvoyDirectPods "envoy-proxy-istio-style": ';

function problemsOf(props: unknown): readonly string[] {
  let thrown: unknown;
  try {
    buildEnvoyDirectPods(props as EnvoyDirectPodsProps);
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBeInstanceOf(IstioDirectError);
  return (thrown as IstioDirectError).problems;
}

/** [title, props over the base, the one problem expected (after the prefix)] */
const cases: Array<[string, Record<string, unknown>, string]> = [
  // Wrong types.
  ['podIps as a string', { podIps: '10.0.0.1' }, 'podIps: "10.0.0.1" is a string, not a list of at least 1 item(s)'],
  ['a pod IP as a number', { podIps: [10] }, 'podIps[0]: 10 is not an IPv4 or IPv6 address'],
  ['retryOn as a string', { retries: { retryOn: '5xx' } }, 'retries.retryOn: "5xx" is a string, not a list of at least 1 item(s)'],
  ['istioSidecar as an object', { istioSidecar: {} }, 'istioSidecar: {} is an object, not true or false'],
  ['istioSidecar as a string', { istioSidecar: 'true' }, 'istioSidecar: "true" is a string, not true or false'],
  ['outlierDetection: false', { outlierDetection: false }, 'outlierDetection: false is a boolean, not an options object (leave it unset to turn it off)'],
  ['circuitBreakers as a number', { circuitBreakers: 5 }, 'circuitBreakers: 5 is a number, not an options object (leave it unset to turn it off)'],
  ['healthCheck: true', { healthCheck: true }, 'healthCheck: true is a boolean, not an options object or false'],
  ['retries: true', { retries: true }, 'retries: true is a boolean, not an options object or false'],
  ['resources as a string', { resources: '1 CPU' }, 'resources: "1 CPU" is a string, not an object with requests and limits'],
  ['resources.limits as a string', { resources: { limits: '1' } }, 'resources.limits: "1" is a string, not an object such as { cpu: "100m", memory: "128Mi" }'],
  ['dns.respectDnsTtl as a string', { podIps: undefined, target: pods.endpoint, dns: { respectDnsTtl: 'yes' } }, 'dns.respectDnsTtl: "yes" is a string, not true or false'],
  ['dns as an array', { podIps: undefined, target: pods.endpoint, dns: [] }, 'dns: [] is an array, not an options object (leave it unset to turn it off)'],
  ['replicas as a string', { replicas: '2' }, 'replicas: "2" is a string, not a whole number in 0-2147483647'],
  ['listenerPort as a string', { listenerPort: '8080' }, 'listenerPort: "8080" is a string, not a port number (a whole number in 1-65535)'],
  ['connectTimeoutSeconds as a string', { connectTimeoutSeconds: '5s' }, 'connectTimeoutSeconds: "5s" is a string, not a positive duration in seconds (e.g. 0.25 or 10)'],
  ['replicas as a BigInt', { replicas: BigInt(2) }, 'replicas: 2n is a BigInt, not a whole number in 0-2147483647'],
  ['clusterName as a symbol', { clusterName: Symbol('c') }, 'clusterName: Symbol(c) is a symbol, not a string'],
  ['accessLog as a string', { accessLog: 'false' }, 'accessLog: "false" is a string, not true or false'],
  ['panic threshold as a string', { healthyPanicThresholdPercent: '0' }, 'healthyPanicThresholdPercent: "0" is a string, not a percentage in 0-100'],
  ['labels as a string', { labels: 'app=x' }, 'labels: "app=x" is a string, not a map of label keys to values'],
  ['a status range as a number', { healthCheck: { expectedStatuses: [200] } }, 'healthCheck.expectedStatuses[0]: 200 is a number, not a range such as { start: 200, end: 299 }'],
  ['target as a string', { target: 'echo-service' }, 'target: "echo-service" is not a target: give an EchoService, a HeadlessMeshService or { host, port }'],
  ['target port as a string', { podIps: undefined, target: { host: 'api', port: '80' } }, 'target.port: "80" is a string, not a port number (a whole number in 1-65535)'],
  ['a malformed Service endpoint', { target: { ...echo.endpoint, port: '3000' } }, 'target.port: "3000" is a string, not a port number (a whole number in 1-65535)'],
  // Unknown keys.
  ['podIP (typo)', { podIP: ['10.0.0.1'] }, 'podIP: is not a known property (did you mean "podIps"?)'],
  ['healthCheck.interval (typo)', { healthCheck: { interval: 5 } }, 'healthCheck.interval: is not a known property; known: path, host, timeoutSeconds, intervalSeconds, noTrafficIntervalSeconds, unhealthyThreshold, healthyThreshold, expectedStatuses'],
  ['retries.retryon (case)', { retries: { retryon: ['5xx'] } }, 'retries.retryon: is not a known property (did you mean "retryOn"?)'],
  ['target.hostname', { podIps: undefined, target: { host: 'api', port: 80, hostname: 'x' } }, 'target.hostname: is not a known property; known: host, port'],
  // Ranges.
  ['replicas over int32', { replicas: 2 ** 31 }, 'replicas: 2147483648 is not a whole number in 0-2147483647'],
  ['circuit breaker over uint32', { circuitBreakers: { maxRequests: 2 ** 32 } }, 'circuitBreakers.maxRequests: 4294967296 is not a whole number in 0-4294967295'],
  ['consecutive 5xx of 0', { outlierDetection: { consecutive5xx: 0 } }, 'outlierDetection.consecutive5xx: 0 is not a whole number in 1-4294967295'],
  ['NaN interval', { outlierDetection: { intervalSeconds: NaN } }, 'outlierDetection.intervalSeconds: NaN is not a positive duration in seconds'],
  ['duration over protobuf\'s limit', { connectTimeoutSeconds: 1e12 }, 'connectTimeoutSeconds: 1000000000000 is not a positive duration in seconds'],
  ['a failure refresh of 1ms', { podIps: undefined, target: pods.endpoint, dns: { failureRefreshBaseSeconds: 0.001 } }, 'dns.failureRefreshBaseSeconds: 0.001 must be more than 0.001 (1ms)'],
  ['max below base', { podIps: undefined, target: pods.endpoint, dns: { failureRefreshBaseSeconds: 5, failureRefreshMaxSeconds: 2 } }, 'dns.failureRefreshMaxSeconds: 2 is less than failureRefreshBaseSeconds 5'],
  ['status codes without the condition', { retries: { retryOn: ['5xx'], retriableStatusCodes: [503] } }, 'retries.retriableStatusCodes: [503] is set but retryOn lacks "retriable-status-codes": Envoy would ignore the codes'],
  ['a status code out of range', { retries: { retriableStatusCodes: [99] } }, 'retries.retriableStatusCodes[0]: 99 is not a whole number in 100-599'],
  ['unknown ipFamily', { ipFamily: 'ipv4' }, 'ipFamily: "ipv4" is not one of IPv4, IPv6, DualStack'],
  ['a health-check path with a space', { healthCheck: { path: '/health z' } }, 'healthCheck.path: "/health z" is not a request path'],
  ['a health-check host that is no host name', { healthCheck: { host: 'a b' } }, 'healthCheck.host: "a b" is not a host name'],
  ['maxDownstreamConnections of 0', { maxDownstreamConnections: 0 }, 'maxDownstreamConnections: 0 is not a whole number in 1-2147483647'],
  ['a hash header with upper case', { lbPolicy: 'RING_HASH', hashHeader: 'X-User' }, 'hashHeader: "X-User" is not a lower-case HTTP header name'],
];

describe('EnvoyDirectPods: one clear problem per bad prop', () => {
  test.each(cases)('%s', (_title, over, expected) => {
    const problems = problemsOf({ ...base, ...over });
    expect(problems).toContainEqual(expect.stringContaining(PREFIX + expected));
  });
});

test('a name that is not a string is shown in its own problem, not in the construct label (never "EnvoyDirectPods undefined")', () => {
  expect(problemsOf({ ...base, name: function envoy() {} })[0]).toMatch(/^EnvoyDirectPods: name: function envoy is not a DNS-1035 label/);
});

describe('EnvoyDirectPods: not even props', () => {
  test.each([
    ['undefined', undefined, 'props: is required: give an object of EnvoyDirectPods props'],
    ['null', null, 'props: null is null, not an object of EnvoyDirectPods props'],
    ['a string', 'envoy', 'props: "envoy" is a string, not an object of EnvoyDirectPods props'],
    ['an array', [], 'props: [] is an array, not an object of EnvoyDirectPods props'],
  ])('%s', (_title, props, expected) => {
    expect(problemsOf(props)).toEqual([`EnvoyDirectPods: ${expected}`]);
  });
});

describe('EnvoyDirectPods: bounded work', () => {
  test(`more than ${MAX_POD_IPS} pod IPs is an error, reported before any IP is looked at`, () => {
    const many = Array.from({ length: MAX_POD_IPS + 1 }, (_, i) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`);
    expect(problemsOf({ ...base, podIps: many })).toEqual([`${PREFIX}podIps: has ${MAX_POD_IPS + 1} items, more than ${MAX_POD_IPS}`]);
  });

  test(`${MAX_POD_IPS} IPv6 pod IPs still fit a ConfigMap`, () => {
    const many = Array.from({ length: MAX_POD_IPS }, (_, i) => `fd00:10:244:ffff:ffff:ffff:ffff:${i.toString(16)}`);
    const m = buildEnvoyDirectPods({ ...base, ipFamily: 'IPv6', podIps: many });
    expect(Buffer.byteLength(JSON.stringify(m.configMap))).toBeLessThan(1024 * 1024);
  });

  test('a ConfigMap over 1 MiB is an error naming its size', () => {
    const many = Array.from({ length: MAX_POD_IPS }, (_, i) => `fd00:10:244:ffff:ffff:ffff:ffff:${i.toString(16)}`);
    const labels = Object.fromEntries(Array.from({ length: 9000 }, (_, i) => [`example.com/label-${i}`, 'x'.repeat(63)]));
    const problems = problemsOf({ ...base, ipFamily: 'IPv6', podIps: many, labels });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^EnvoyDirectPods "envoy-proxy-istio-style": podIps: 4096 endpoints make ConfigMap "envoy-config-istio-style" \d+ bytes, more than the 1048576 bytes Kubernetes stores/);
  });

  test('a value wrong everywhere gives at most 50 problems plus a count, each line prefixed', () => {
    const problems = problemsOf({ ...base, podIps: Array.from({ length: 200 }, (_, i) => `x${i}`) });
    expect(problems).toHaveLength(51);
    expect(problems[50]).toBe(`${PREFIX}... and 150 more problem(s)`);
    for (const line of problems) {
      expect(line.startsWith(PREFIX)).toBe(true);
    }
  });

  test('a cyclic object is shown safely', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(problemsOf({ ...base, istioSidecar: cyclic })).toEqual([`${PREFIX}istioSidecar: {"self":"(circular)"} is an object, not true or false`]);
  });
});

describe('EnvoyDirectPods: every line names the construct, the field and the value', () => {
  test('many problems at once, each on its own line', () => {
    const problems = problemsOf({ ...base, replicas: 'x', podIps: 'y', istioSidecar: 1, healthCheck: { path: 3 } });
    expect(problems).toEqual([
      `${PREFIX}podIps: "y" is a string, not a list of at least 1 item(s)`,
      `${PREFIX}replicas: "x" is a string, not a whole number in 0-2147483647`,
      `${PREFIX}istioSidecar: 1 is a number, not true or false`,
      `${PREFIX}healthCheck.path: 3 is a number, not a string`,
    ]);
  });
});

describe('EnvoyDirectPods: any value in any prop gives valid output or an IstioDirectError, never a crash', () => {
  const WEIRD: unknown[] = [null, NaN, -1, 0, 0.5, 1e308, Infinity, '', 'x', '8080', true, false, [], [null], ['x'], {}, { a: 1 }, BigInt(1), Symbol('s'), () => 1];
  const NESTED: Record<string, readonly string[]> = {
    healthCheck: ['path', 'host', 'timeoutSeconds', 'intervalSeconds', 'noTrafficIntervalSeconds', 'unhealthyThreshold', 'healthyThreshold', 'expectedStatuses'],
    retries: ['attempts', 'retryOn', 'retriableStatusCodes', 'perTryTimeoutSeconds', 'hostSelectionRetryMaxAttempts'],
    outlierDetection: ['consecutive5xx', 'intervalSeconds', 'baseEjectionTimeSeconds', 'maxEjectionPercent'],
    circuitBreakers: ['maxConnections', 'maxPendingRequests', 'maxRequests', 'maxRetries'],
    dns: ['refreshRateSeconds', 'failureRefreshBaseSeconds', 'failureRefreshMaxSeconds', 'respectDnsTtl', 'lookupFamily'],
    resources: ['requests', 'limits'],
  };
  const dnsBase = { target: pods.endpoint };

  function expectSafe(props: Record<string, unknown>): void {
    let output: ReturnType<typeof buildEnvoyDirectPods> | undefined;
    try {
      output = buildEnvoyDirectPods(props as unknown as EnvoyDirectPodsProps);
    } catch (e) {
      expect(e).toBeInstanceOf(IstioDirectError);
      for (const line of (e as IstioDirectError).problems) {
        expect(line).toMatch(/^EnvoyDirectPods(?: \S.*)?: \S+: /);
      }
      return;
    }
    expect(output.configYaml).not.toMatch(/NaN|Infinity|\[object Object\]|undefined|Symbol\(|=>/);
    expect(JSON.stringify(output.objects)).not.toMatch(/NaN|\[object Object\]|Symbol\(/);
  }

  const keys = ['name', 'configMapName', 'namespace', 'target', 'discovery', 'podIps', 'upstreamPort', 'ipFamily', 'clusterName', 'lbPolicy', 'hashHeader',
    'healthCheck', 'connectTimeoutSeconds', 'routeTimeoutSeconds', 'retries', 'outlierDetection', 'circuitBreakers', 'dns', 'healthyPanicThresholdPercent',
    'hostRewrite', 'replicas', 'image', 'concurrency', 'logLevel', 'listenerPort', 'servicePort', 'serviceType', 'serviceExportTo', 'readinessPort',
    'adminPort', 'adminAddress', 'maxDownstreamConnections', 'accessLog', 'istioSidecar', 'resources', 'labels', 'podAnnotations'];

  test.each(keys)('top-level %s', (key) => {
    for (const value of WEIRD) {
      expectSafe({ ...base, [key]: value });
      expectSafe({ ...dnsBase, [key]: value });
    }
  });

  test.each(Object.keys(NESTED))('every field of %s', (key) => {
    for (const field of NESTED[key]) {
      for (const value of WEIRD) {
        expectSafe({ ...(key === 'dns' ? dnsBase : base), [key]: { [field]: value } });
      }
    }
  });
});

test('an unusable target is reported alone, without follow-on problems about the mode', () => {
  expect(problemsOf({ target: 'echo', dns: { refreshRateSeconds: 2 } })).toEqual([
    `${PREFIX}target: "echo" is not a target: give an EchoService, a HeadlessMeshService or { host, port }`,
  ]);
});
