/**
 * Prop sets the property-based suite found breaking the contract, kept as a table: each
 * passes the oracle now (a clear error or valid output), and the specific fix is asserted.
 */
import { buildEchoService } from '../../lib/core/echo-service';
import { buildEnvoyDirectPods } from '../../lib/core/envoy-direct-pods';
import { IstioDirectError } from '../../lib/core/errors';
import { buildHeadlessMeshService } from '../../lib/core/headless-mesh-service';
import { ECHO, ENVOY, FuzzedConstruct, MESH } from './support/constructs';
import { checkProblemLine, OracleViolation } from './support/oracle';

const echo = buildEchoService();
const sts = { kind: 'StatefulSet' as const, name: 'kafka', selectorLabels: { app: 'kafka' }, replicas: 3 };
const mesh = { name: 'kafka', target: sts, ports: [{ port: 9092, name: 'broker' }] };
const envoy = { target: echo.endpoint, podIps: ['10.244.0.26'] };

function nullProto(values: Record<string, unknown>): Record<string, unknown> {
  return Object.assign(Object.create(null), values);
}

function problemsOf(build: () => unknown): readonly string[] {
  try {
    build();
  } catch (e) {
    if (e instanceof IstioDirectError) return e.problems;
    throw e;
  }
  throw new Error('no error');
}

/** [what was wrong, construct, props, the problem expected (or undefined for valid output)] */
const FOUND: Array<[string, FuzzedConstruct<any>, () => unknown, string | undefined]> = [
  [
    'an unknown key with a space broke the "<field>: <message>" shape',
    ENVOY,
    () => ({ ...envoy, ' ': 0 }),
    'EnvoyDirectPods "envoy-proxy-istio-style": [" "]: is not a known property',
  ],
  [
    'an unknown key with ": " in it read as two fields',
    MESH,
    () => ({ ...mesh, 'weird: key': 1 }),
    'HeadlessMeshService "kafka": ["weird: key"]: is not a known property',
  ],
  [
    'an unknown key of a nested object, not an identifier',
    ECHO,
    () => ({ resources: { 'lim its': {} } }),
    'EchoService "echo-service": resources["lim its"]: is not a known property',
  ],
  [
    'a very long unknown key is cut in the field path',
    ECHO,
    () => ({ ['x'.repeat(200)]: 1 }),
    `EchoService "echo-service": ["${'x'.repeat(78)}…]: is not a known property`,
  ],
  ['a null-prototype resources object reached the output', ECHO, () => ({ resources: nullProto({}) }), undefined],
  ['null-prototype quantities reached the output', ECHO, () => ({ resources: { requests: nullProto({ cpu: '100m' }) } }), undefined],
  ['null-prototype quantities reached the Envoy Deployment', ENVOY, () => ({ ...envoy, resources: { limits: nullProto({ memory: '1Gi' }) } }), undefined],
  [
    'a symbol in retries.retryOn crashed (TypeError: Cannot convert a Symbol value to a string)',
    ENVOY,
    () => ({ ...envoy, retries: { retryOn: ['5xx', Symbol('port'), Symbol('port')] } }),
    'EnvoyDirectPods "envoy-proxy-istio-style": retries.retryOn[1]: Symbol(port) is',
  ],
  [
    'a null-prototype object in retries.retryOn crashed (TypeError: Cannot convert object to primitive value)',
    ENVOY,
    () => ({ ...envoy, retries: { retryOn: [nullProto({})] } }),
    'EnvoyDirectPods "envoy-proxy-istio-style": retries.retryOn[0]: {} is',
  ],
  [
    'a getter that throws crashed EnvoyDirectPods with the raw Error (EchoService and HeadlessMeshService already guarded)',
    ENVOY,
    () =>
      Object.defineProperty({ ...envoy }, 'healthCheck', {
        get: () => {
          throw new Error('getter exploded');
        },
        enumerable: true,
      }),
    'EnvoyDirectPods: props.healthCheck: reading it threw "getter exploded": give a plain value (no getter or Proxy that throws)',
  ],
  [
    'a Proxy whose keys cannot be listed crashed EnvoyDirectPods',
    ENVOY,
    () => ({
      ...envoy,
      healthCheck: new Proxy({}, { ownKeys: () => { throw new Error('proxy trap'); } }),
    }),
    'EnvoyDirectPods: props.healthCheck: reading it threw "proxy trap"',
  ],
  // (`resources: null` was an error; it now means "not given", the one rule for null: see test/fuzz/null-props.test.ts.)
  // Found by the stricter oracle: the field must be one the props have, and a problem about a
  // perturbed field must show the value as written.
  [
    'an unknown resource was reported on its parent (resources.requests), naming the key as if it were the value',
    ECHO,
    () => ({ resources: { requests: { port: 8080 } } }),
    'EchoService "echo-service": resources.requests.port: is not a known resource; known: cpu, memory',
  ],
  [
    'a duplicate port was reported at its index among the valid ports (ports[1]), not where the user wrote it',
    MESH,
    () => ({ ...mesh, ports: [{ port: 'x' }, { port: 9092, name: 'a' }, { port: 9092, name: 'b' }] }),
    'HeadlessMeshService "kafka": ports[2].port: 9092 is a duplicate port number (ports[1].port has it too)',
  ],
  [
    'a duplicate localhost port was reported at its index among the valid ones',
    MESH,
    () => ({ ...mesh, ports: [{ port: 9092 }, { port: 9093 }], localhostPorts: [0, 9092, 9092] }),
    'HeadlessMeshService "kafka": localhostPorts[2]: 9092 is a duplicate port (localhostPorts[1] has it too)',
  ],
  [
    'an endpoint target with a non-string fqdn was taken for { host, port } ("fqdn is not a known property")',
    ENVOY,
    () => ({ ...envoy, target: { ...echo.endpoint, fqdn: 0 } }),
    'EnvoyDirectPods "envoy-proxy-istio-style": target.fqdn: 0 is a number, not a string',
  ],
  ['an empty string was not shown', MESH, () => ({ ...mesh, localhostPorts: [9092], sidecarEgressHosts: [''] }), 'HeadlessMeshService "kafka": sidecarEgressHosts[0]: "" is an empty string'],
  ['an empty list was not shown', MESH, () => ({ ...mesh, exportTo: [] }), 'HeadlessMeshService "kafka": exportTo: [] is empty'],
  [
    'an invalid hostRewrite was reported a second time as healthCheck.host, a field the props do not have',
    ENVOY,
    () => ({ target: { host: 'echo.example.com', port: 80 }, hostRewrite: '' }),
    'EnvoyDirectPods "envoy-proxy-istio-style": hostRewrite: "" is not a host name',
  ],
  [
    'a class instance as props read "is an object, not an object of EchoService properties"',
    ECHO,
    () => new (class Settings {
      public readonly name = 'echo';
    })(),
    'EchoService: props: {"name":"echo"} is a Settings object, not an object of EchoService properties',
  ],
  ['a Map where a map of labels goes is named as such', MESH, () => ({ ...mesh, labels: new Map([['team', 'a']]) }), 'HeadlessMeshService "kafka": labels: {} is a Map object, not a map of label keys to values'],
  [
    'per-pod DNS asked of a Deployment did not show the value (found at 50,000 prop sets)',
    MESH,
    () => ({ ...mesh, target: { ...sts, kind: 'Deployment' }, perPodDns: true }),
    'HeadlessMeshService "kafka": perPodDns: true, but the target is Deployment "kafka"',
  ],
  [
    'a lone surrogate in an annotation value reached the output (no UTF-8 form: the API server would store U+FFFD)',
    ECHO,
    () => ({ podAnnotations: { 'example.com/note': 'x\ud800y' } }),
    'EchoService "echo-service": podAnnotations["example.com/note"]: "x\\ud800y" holds a lone surrogate (U+D800 at index 1)',
  ],
  ['a lone surrogate in an image reached the output', ENVOY, () => ({ ...envoy, image: 'envoy:v1\udc00' }), 'EnvoyDirectPods "envoy-proxy-istio-style": image: "envoy:v1\\udc00" holds a lone surrogate (U+DC00 at index 8)'],
  ['a lone surrogate in a health-check path reached the Envoy bootstrap', ENVOY, () => ({ ...envoy, healthCheck: { path: '/\ud83d' } }), 'EnvoyDirectPods "envoy-proxy-istio-style": healthCheck.path: "/\\ud83d" holds a lone surrogate'],
  ['a surrogate pair (an emoji) is Unicode text', ECHO, () => ({ podAnnotations: { 'example.com/note': 'ok 😀' } }), undefined],
  ['an empty selector was not shown', MESH, () => ({ ...mesh, target: { ...sts, selectorLabels: {} } }), 'HeadlessMeshService "kafka": target.selectorLabels: {} is empty'],
];

describe('regressions found by the property-based suite', () => {
  test.each(FOUND)('%s', (_title, subject, props, expected) => {
    const outcome = subject.judge(props());
    expect(outcome).toBe(expected === undefined ? 'output' : 'clear error');
    if (expected !== undefined) {
      const build = { EchoService: buildEchoService, HeadlessMeshService: buildHeadlessMeshService, EnvoyDirectPods: buildEnvoyDirectPods }[subject.construct];
      expect(problemsOf(() => build(props() as any)).some((line) => line.startsWith(expected))).toBe(true);
    }
  });

  test('resources in the output are fresh plain objects in a fixed key order', () => {
    const resources = { limits: nullProto({ memory: '1Gi', cpu: '1' }), requests: { cpu: '100m' } };
    const container = (buildEchoService({ resources }).deployment as any).spec.template.spec.containers[0];
    expect(Object.getPrototypeOf(container.resources.limits)).toBe(Object.prototype);
    expect(container.resources.limits).not.toBe(resources.limits);
    expect(JSON.stringify(container.resources)).toBe('{"requests":{"cpu":"100m"},"limits":{"cpu":"1","memory":"1Gi"}}');
  });
});

describe('the oracle itself', () => {
  const context = { props: { name: 'kafka', ports: [{ port: 0 }], labels: { team: 5 } }, perturbed: [{ path: ['ports', 0, 'port'], value: 0 }] };
  const line = (rest: string) => () => checkProblemLine('HeadlessMeshService', '"kafka"', `HeadlessMeshService "kafka": ${rest}`, context);

  test('accepts a problem about a perturbed field that shows its value, and a missing required field', () => {
    expect(line('ports[0].port: 0 is out of range 1-65535')).not.toThrow();
    expect(line('ports[0].name: is required')).not.toThrow();
    expect(line('labels["team"]: 5 is not a valid label value')).not.toThrow();
  });

  test('rejects a field the props do not have, and a problem about a perturbed field that hides its value', () => {
    expect(line('port[0].port: 0 is out of range 1-65535')).toThrow(OracleViolation);
    expect(line('ports[3].port: 0 is out of range 1-65535')).toThrow(OracleViolation);
    expect(line('ports[0].port: is out of range 1-65535')).toThrow(/does not show its value 0/);
  });
});
