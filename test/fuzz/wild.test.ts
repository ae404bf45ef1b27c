/**
 * Beyond the mostly-valid generators: wild prop trees (`support/wild.ts`) that never started from
 * valid props, through the three core builders, the cdk8s constructs (odd construct ids too) and the
 * Pulumi components under mocks. Each prop set gives a clear IstioDirectError (the oracle's line
 * format, fields the props have) or valid, deterministic output, and never a crash or a hang; the
 * cdk8s and Pulumi adapters surface exactly the core's IstioDirectError.
 *
 * `npm run fuzz` runs more (`FUZZ_RUNS` is the core count; cdk8s gets a fifth, Pulumi a fiftieth).
 */
// GIVEN the Pulumi mocks, installed before any component module loads.
import { registrations, settle } from '../pulumi/mocks';
import * as fc from 'fast-check';
import { App, ApiObject, Chart } from 'cdk8s';
import * as cdk8s from '../../lib/cdk8s';
import * as pulumiComponents from '../../lib/pulumi';
import { IstioDirectError, show } from '../../lib/core/errors';
import { ECHO, ENVOY, FuzzedConstruct, MESH } from './support/constructs';
import { Outcome, OracleViolation } from './support/oracle';
import { fuzzParameters, JEST_TIMEOUT_MS } from './support/params';
import { ECHO_SERVICE_KEYS } from '../../lib/core/echo-service';
import { ENVOY_DIRECT_PODS_PROP_KEYS } from '../../lib/core/envoy/resolve';
import { HEADLESS_MESH_SERVICE_KEYS } from '../../lib/core/headless-mesh-service';
import { HUGE_LIST, HUGE_STRING, oddId, wildPropsOf } from './support/wild';

type Tally = Record<Outcome, number>;
const counts = new Map<string, Tally>();

function count(what: string, outcome: Outcome): void {
  const row = counts.get(what) ?? { 'clear error': 0, output: 0 };
  row[outcome]++;
  counts.set(what, row);
}

afterAll(() => {
  if (process.env.FUZZ_REPORT !== '1') return;
  const lines = ['wild prop trees:', 'subject                          clear error   output    total'];
  for (const [what, row] of counts) {
    lines.push(`${what.padEnd(32)} ${String(row['clear error']).padStart(11)} ${String(row.output).padStart(8)} ${String(row['clear error'] + row.output).padStart(8)}`);
  }
  process.stdout.write(`\n${lines.join('\n')}\n`);
});

const SUBJECTS = [ECHO, MESH, ENVOY] as FuzzedConstruct<any>[];
const PROPS = {
  EchoService: wildPropsOf(ECHO_SERVICE_KEYS),
  HeadlessMeshService: wildPropsOf(HEADLESS_MESH_SERVICE_KEYS),
  EnvoyDirectPods: wildPropsOf(ENVOY_DIRECT_PODS_PROP_KEYS),
};

/** The core's answer to `props`: its problems, or undefined when it builds. */
function coreProblems(subject: FuzzedConstruct<any>, props: unknown): readonly string[] | undefined {
  const build = { EchoService: 'buildEchoService', HeadlessMeshService: 'buildHeadlessMeshService', EnvoyDirectPods: 'buildEnvoyDirectPods' }[subject.construct];
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const core = require('../../lib') as Record<string, (p: unknown) => unknown>;
  try {
    core[build](props);
    return undefined;
  } catch (e) {
    if (e instanceof IstioDirectError) return e.problems;
    throw new OracleViolation(`the core threw ${show(e)}`);
  }
}

/** A problem only the cdk8s adapter reports: a map key cdk8s itself cannot synthesize (`lib/cdk8s/renderable.ts`). */
const CDK8S_ONLY = /: is a key cdk8s cannot synthesize /;

/** An adapter's answer must be the core's: the same problems, or no error (cdk8s: or only keys it cannot render). */
function expectSameAnswer(where: string, core: readonly string[] | undefined, run: () => void): Outcome {
  let thrown: unknown;
  try {
    run();
  } catch (e) {
    thrown = e;
  }
  if (thrown !== undefined && !(thrown instanceof IstioDirectError)) {
    const what = thrown instanceof Error ? `${thrown.name}: ${thrown.message}\n${thrown.stack ?? ''}` : show(thrown);
    throw new OracleViolation(`${where} threw something other than an IstioDirectError: ${what}`);
  }
  const problems = thrown === undefined ? undefined : (thrown as IstioDirectError).problems;
  if (core === undefined && where.startsWith('cdk8s') && problems !== undefined && problems.every((l) => CDK8S_ONLY.test(l))) return 'clear error';
  if (JSON.stringify(problems) !== JSON.stringify(core)) {
    throw new OracleViolation(`${where} answered ${show(problems)}, the core ${show(core)}`);
  }
  return problems === undefined ? 'output' : 'clear error';
}

/** Ids that cdk8s's own `constructs` library refuses (e.g. "__proto__", "constructor": its child map is a plain object). */
function cdk8sRefusesId(id: string): boolean {
  try {
    new ApiObject(new Chart(new App(), 'probe'), id, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'probe' } });
    return false;
  } catch {
    return true;
  }
}

describe('wild prop trees', () => {
  test.each(SUBJECTS)('$construct (core): a clear error or valid, deterministic output', (subject) => {
    fc.assert(
      fc.property(PROPS[subject.construct], (props) => {
        count(`${subject.construct} (core)`, subject.judge(props));
      }),
      fuzzParameters(1500),
    );
  }, JEST_TIMEOUT_MS);

  test.each(SUBJECTS)('$construct (cdk8s, odd construct ids): the same IstioDirectError as the core, or synthesized output', (subject) => {
    const Construct = (cdk8s as unknown as Record<string, new (scope: unknown, id: string, props: unknown) => unknown>)[subject.construct];
    fc.assert(
      fc.property(oddId.filter((id) => !cdk8sRefusesId(id)), PROPS[subject.construct], (id, props) => {
        const core = coreProblems(subject, props);
        const app = new App();
        const chart = new Chart(app, 'wild');
        const outcome = expectSameAnswer(`cdk8s ${subject.construct}`, core, () => new Construct(chart, id, props));
        if (outcome === 'output') app.synthYaml();
        count(`${subject.construct} (cdk8s)`, outcome);
      }),
      fuzzParameters(300, 1 / 5),
    );
  }, JEST_TIMEOUT_MS);

  test.each(SUBJECTS)('$construct (Pulumi, mocks): the same IstioDirectError as the core, before anything registers', async (subject) => {
    const Component = (pulumiComponents as unknown as Record<string, new (name: string, props: unknown) => { resources: readonly unknown[] }>)[subject.construct];
    let n = 0;
    await fc.assert(
      fc.asyncProperty(PROPS[subject.construct], async (props) => {
        const name = `wild-${subject.construct}-${n++}`;
        const core = coreProblems(subject, props);
        const before = registrations.filter((r) => r.name.startsWith(name)).length;
        let component: { resources: readonly unknown[] } | undefined;
        const outcome = expectSameAnswer(`Pulumi ${subject.construct}`, core, () => {
          component = new Component(name, props);
        });
        if (component !== undefined) await settle([component as never, ...(component.resources as never[])]);
        else expect(registrations.filter((r) => r.name.startsWith(name)).length).toBe(before);
        count(`${subject.construct} (Pulumi)`, outcome);
      }),
      fuzzParameters(30, 1 / 50),
    );
  }, JEST_TIMEOUT_MS);
});

describe('wild values, one at a time, where each prop goes', () => {
  test('a list of 1,000,000 items is refused by its length, not walked', () => {
    for (const [subject, field] of [[MESH, 'ports'], [ENVOY, 'podIps'], [ENVOY, 'serviceExportTo'], [MESH, 'exportTo'], [MESH, 'localhostPorts']] as const) {
      const props = { ...(subject === MESH ? { name: 'kafka', target: { kind: 'StatefulSet', name: 'kafka', selectorLabels: { app: 'kafka' }, replicas: 1 }, ports: [{ port: 9092 }] } : { target: { host: 'echo.example.com', port: 80 } }), [field]: HUGE_LIST };
      const problems = coreProblems(subject, props) ?? [];
      expect(problems.some((l) => l.includes(`${field}: has 1000000 items, more than`))).toBe(true);
    }
  });

  test('a string of 1,000,000 characters is cut in the message', () => {
    const problems = coreProblems(ECHO, { name: HUGE_STRING }) ?? [];
    expect(problems).toHaveLength(1);
    expect(problems[0].length).toBeLessThan(400);
    expect(problems[0]).toContain(`name: "${'a'.repeat(40)}`);
  });
});

describe('getters and Proxies that throw: the core, cdk8s and Pulumi name the field', () => {
  const throwing = (at: Record<string, unknown>, key: string) =>
    Object.defineProperty(at, key, { enumerable: true, get: () => { throw new Error('getter exploded'); } });
  const cases: Array<[FuzzedConstruct<any>, () => unknown, string]> = [
    [ECHO, () => throwing({}, 'replicas'), 'EchoService: props.replicas: reading it threw "getter exploded": give a plain value (no getter or Proxy that throws)'],
    [MESH, () => ({ name: 'kafka', target: { kind: 'StatefulSet', name: 'kafka', selectorLabels: throwing({}, 'app'), replicas: 1 }, ports: [{ port: 9092 }] }), 'HeadlessMeshService: props.target.selectorLabels.app: reading it threw "getter exploded"'],
    [ENVOY, () => ({ target: { host: 'echo.example.com', port: 80 }, retries: { retryOn: [throwing({}, 'x')] } }), 'EnvoyDirectPods: props.retries.retryOn[0].x: reading it threw "getter exploded"'],
    [ENVOY, () => new Proxy({}, { ownKeys: () => { throw new Error('proxy trap'); } }), 'EnvoyDirectPods: props: reading it threw "proxy trap"'],
    [MESH, () => ({ name: 'kafka', labels: new Proxy({}, { getPrototypeOf: () => { throw new Error('proto trap'); } }) }), 'HeadlessMeshService: props.labels: reading it threw "proto trap"'],
  ];

  test.each(cases)('$construct: %#', (subject, props, expected) => {
    const core = coreProblems(subject, props()) ?? [];
    expect(core).toHaveLength(1);
    expect(core[0].startsWith(expected)).toBe(true);
    const Construct = (cdk8s as unknown as Record<string, new (scope: unknown, id: string, props: unknown) => unknown>)[subject.construct];
    expectSameAnswer('cdk8s', core, () => new Construct(new Chart(new App(), 'c'), 'x', props()));
    const Component = (pulumiComponents as unknown as Record<string, new (name: string, props: unknown) => unknown>)[subject.construct];
    expectSameAnswer('Pulumi', core, () => new Component(`throwing-${subject.construct}`, props()));
  });
});

describe('valid props dressed oddly build exactly what plain props build', () => {
  const deep = (v: unknown, dress: (o: object) => object): unknown => {
    if (Array.isArray(v)) return dress(v.map((x) => deep(x, dress)));
    if (typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype) {
      return dress(Object.fromEntries(Object.entries(v).map(([k, x]) => [k, deep(x, dress)])));
    }
    return v;
  };
  const dresses: Array<[string, (o: object) => object]> = [
    ['frozen', (o) => Object.freeze(o)],
    ['null-prototype', (o) => (Array.isArray(o) ? o : Object.assign(Object.create(null), o))],
    ['Proxy-wrapped', (o) => new Proxy(o, {})],
    ['JSON round trip', (o) => o],
  ];
  const plain: Array<[FuzzedConstruct<any>, unknown]> = [
    [ECHO, { name: 'echo', labels: { team: 'a' }, resources: { limits: { cpu: '1' } } }],
    [MESH, { name: 'kafka', target: { kind: 'StatefulSet', name: 'kafka', selectorLabels: { app: 'kafka' }, replicas: 3 }, ports: [{ port: 9092, name: 'broker' }], portLevelMtls: { 9092: 'DISABLE' }, labels: { toString: 'y', hasOwnProperty: 'z' } }],
    [ENVOY, { target: { host: 'echo.example.com', port: 80 }, podIps: ['10.0.0.1'], discovery: 'static', healthCheck: { expectedStatuses: [{ start: 200, end: 204 }] }, labels: { valueOf: 'z' } }],
  ];
  const rows = plain.flatMap(([subject, props]) => dresses.map(([dress, f]) => [subject.construct, dress, subject, props, f] as const));

  let n = 0;
  test.each(rows)('%s, %s: the core, cdk8s and Pulumi', async (_c, dress, subject, props, f) => {
    const build = (p: unknown) => JSON.stringify((require('../../lib') as Record<string, (p: unknown) => { objects: unknown }>)[`build${subject.construct}`](p).objects);
    const odd = () => (dress === 'JSON round trip' ? JSON.parse(JSON.stringify(props)) : deep(props, f));
    expect(build(odd())).toBe(build(props));
    expect(subject.judge(odd())).toBe('output');
    const Construct = (cdk8s as unknown as Record<string, new (scope: unknown, id: string, props: unknown) => unknown>)[subject.construct];
    const synth = (p: unknown) => {
      const app = new App();
      new Construct(new Chart(app, 'c'), 'x', p);
      return app.synthYaml();
    };
    expect(synth(odd())).toBe(synth(props));
    const Component = (pulumiComponents as unknown as Record<string, new (name: string, props: unknown) => { resources: readonly unknown[] }>)[subject.construct];
    const component = new Component(`dressed-${n++}`, odd());
    await settle([component as never, ...(component.resources as never[])]);
  });
});

describe('a map key cdk8s cannot synthesize ("constructor")', () => {
  test.each([
    ['EchoService', { labels: { constructor: 'x' } }, 'EchoService "echo-service": labels["constructor"]: is a key cdk8s cannot synthesize'],
    ['EnvoyDirectPods', { target: { host: 'echo.example.com', port: 80 }, podAnnotations: { constructor: 'x' } }, 'EnvoyDirectPods "envoy-proxy-istio-style": podAnnotations["constructor"]: is a key cdk8s cannot synthesize'],
    ['HeadlessMeshService', { name: 'kafka', target: { kind: 'StatefulSet', name: 'kafka', selectorLabels: { constructor: 'kafka' }, replicas: 1 }, ports: [{ port: 9092 }] }, 'HeadlessMeshService "kafka": target.selectorLabels["constructor"]: is a key cdk8s cannot synthesize'],
  ] as Array<[string, unknown, string]>)('%s: the core and Pulumi build it; cdk8s says so when the construct is created', async (construct, props, expected) => {
    const subject = SUBJECTS.find((s) => s.construct === construct)!;
    expect(subject.judge(props)).toBe('output');
    const Construct = (cdk8s as unknown as Record<string, new (scope: unknown, id: string, props: unknown) => unknown>)[construct];
    expect(() => new Construct(new Chart(new App(), 'c'), 'x', props)).toThrow(expected);
    const Component = (pulumiComponents as unknown as Record<string, new (name: string, props: unknown) => { resources: readonly unknown[] }>)[construct];
    const component = new Component(`constructor-key-${construct}`, props);
    await settle([component as never, ...(component.resources as never[])]);
  });
});
