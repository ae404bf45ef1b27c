/**
 * Golden files for Envoy bootstraps, one case per `golden/envoy/<case>.props.json` (the props of
 * `buildEnvoyDirectPods`, plain JSON). Each case has two readable outputs beside it:
 * - `<case>.envoy.yaml`: the bootstrap exactly as written into the ConfigMap (`configYaml`);
 * - `<case>.objects.yaml`: the ConfigMap, Deployment and Service, the ConfigMap's `envoy.yaml` key
 *   standing for the file above.
 *
 * After an intended change: `UPDATE_GOLDEN=1 npx jest test/core/envoy-golden.test.ts`, then read the
 * diff of golden/envoy/ and say why in the commit. With `CI` set the test never writes.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { stringify } from 'yaml';
import { buildEnvoyDirectPods, EnvoyDirectPodsProps } from '../../lib/core/envoy-direct-pods';

const GOLDEN = join(__dirname, 'golden', 'envoy');
const PROPS = '.props.json';
const OUTPUTS = ['.envoy.yaml', '.objects.yaml'] as const;
const UPDATE = process.env.UPDATE_GOLDEN === '1';
const IN_CI = (process.env.CI ?? '') !== '' && process.env.CI !== 'false';
const HOW_TO_UPDATE = 'UPDATE_GOLDEN=1 npx jest test/core/envoy-golden.test.ts';

const cases = readdirSync(GOLDEN)
  .filter((f) => f.endsWith(PROPS))
  .map((f) => f.slice(0, -PROPS.length))
  .sort();

/** The outputs of one case, file suffix -> text. */
function outputsOf(name: string): Record<(typeof OUTPUTS)[number], string> {
  const props = JSON.parse(readFileSync(join(GOLDEN, name + PROPS), 'utf8')) as EnvoyDirectPodsProps;
  const m = buildEnvoyDirectPods(props);
  expect((m.configMap as any).data['envoy.yaml']).toBe(m.configYaml);
  const objects = m.objects.map((o) =>
    o === m.configMap ? { ...o, data: { ...(o as any).data, 'envoy.yaml': `(the bootstrap: ${name}.envoy.yaml)` } } : o,
  );
  return { '.envoy.yaml': m.configYaml, '.objects.yaml': objects.map((o) => stringify(o)).join('---\n') };
}

test('golden/envoy holds cases: props and their outputs, no orphan output', () => {
  expect(cases.length).toBeGreaterThan(0);
  const known = new Set(cases.flatMap((c) => [c + PROPS, ...OUTPUTS.map((suffix) => c + suffix)]));
  expect(readdirSync(GOLDEN).filter((f) => !known.has(f))).toEqual([]);
});

test('UPDATE_GOLDEN never writes in CI', () => {
  if (UPDATE && IN_CI) throw new Error(`UPDATE_GOLDEN=1 with CI=${process.env.CI}: golden files are written locally only, never in CI`);
});

describe.each(cases)('buildEnvoyDirectPods golden case %s', (name) => {
  test.each(OUTPUTS)(`${name}%s`, (suffix) => {
    const outputs = outputsOf(name);
    const file = join(GOLDEN, name + suffix);
    if (UPDATE && !IN_CI) writeFileSync(file, outputs[suffix]);
    if (!existsSync(file)) throw new Error(`${file} is missing: write it with ${HOW_TO_UPDATE} (never in CI) and review it`);
    expect(outputs[suffix]).toBe(readFileSync(file, 'utf8'));
  });
});
