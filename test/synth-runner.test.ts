/**
 * `npm run synth` (scripts/synth.js) does what `cdk8s synth` does with cdk8s.yaml, in one process:
 * the same files byte for byte, the same validation plugin, the same failures.
 */
import { spawnSync } from 'child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

const ROOT = join(__dirname, '..');
const RUNNER = join(ROOT, 'scripts', 'synth.js');
const CDK8S = join(ROOT, 'node_modules', '.bin', 'cdk8s');
// The validation plugin from the sources under test, even when build/lib was compiled.
const ENV = { ...process.env, ISTIO_DIRECT_FROM_SOURCE: '1' };

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'istio-direct-runner-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function runner(...args: string[]) {
  return spawnSync(process.execPath, [RUNNER, ...args], { cwd: ROOT, encoding: 'utf8', env: ENV });
}

const files = (d: string) => readdirSync(d).sort();

test('writes exactly the files cdk8s synth writes, byte for byte, and runs the validation plugin', () => {
  const ours = runner('--output', join(dir, 'ours'));
  expect(ours.stderr).toBe('');
  expect(ours.status).toBe(0);
  expect(ours.stdout).toMatch(/IstioDirectValidation \(\.\/bin\/cdk8s-validation-plugin\.js\): success \(errors 0, warnings \d+, infos \d+\)/);
  const cli = spawnSync(CDK8S, ['synth', '--no-check-upgrade', '--output', join(dir, 'cli')], { cwd: ROOT, encoding: 'utf8', env: ENV });
  expect(cli.status).toBe(0);
  expect(files(join(dir, 'ours'))).toEqual(['basic-envoy.k8s.yaml', 'canary.k8s.yaml', 'construct-metadata.json', 'dns-discovery.k8s.yaml', 'etcd.k8s.yaml', 'scraping.k8s.yaml', 'seed.k8s.yaml', 'stateful-apps.k8s.yaml']);
  expect(files(join(dir, 'ours'))).toEqual(files(join(dir, 'cli')));
  for (const f of files(join(dir, 'cli'))) {
    expect(readFileSync(join(dir, 'ours', f), 'utf8')).toBe(readFileSync(join(dir, 'cli', f), 'utf8'));
  }
}, 90_000);

test('empties the output folder first, as cdk8s synth does', () => {
  const out = join(dir, 'out');
  expect(runner('--output', out).status).toBe(0);
  const app = `node -r ./bin/register-ts.js ${join('test', 'fixtures', 'invalid-output-app.ts')}`;
  runner('--app', app, '--output', out);
  expect(files(out)).toEqual(['broken.k8s.yaml', 'construct-metadata.json']);
}, 60_000);

test('invalid output fails with exit status 1, naming object and path', () => {
  const run = runner('--app', `node -r ./bin/register-ts.js ${join('test', 'fixtures', 'invalid-output-app.ts')}`, '-o', join(dir, 'out'));
  expect(run.status).toBe(1);
  expect(run.stdout).toMatch(/error ID901 Deployment default\/envoy-proxy-istio-style spec\.replica: unknown field "replica" \(did you mean "replicas"\?\)/);
  expect(run.stdout).toMatch(/error ID903 ConfigMap default\/envoy-config-istio-style data\["envoy\.yaml"\]\.static_resources\.clusters\[0\]\.lb_policy: .*"ROUND_ROBN"/);
  expect(run.stderr).toContain('Validation failed');
}, 60_000);

test('bad props fail with exit status 1 and the clear message, no stack trace, nothing written', () => {
  const out = join(dir, 'out');
  const run = runner('--app', `node -r ./bin/register-ts.js ${join('test', 'fixtures', 'bad-app.ts')}`, '-o', out);
  expect(run.status).toBe(1);
  expect(run.stderr).toContain('IstioDirectError: HeadlessMeshService "kafka" (construct kafka/kafka): ports[0].port: 0 is out of range 1-65535');
  expect(run.stderr).not.toMatch(/\n\s+at /);
  expect(() => readdirSync(out)).toThrow();
}, 60_000);

test('an app command it cannot run in-process is a clear error pointing at cdk8s-cli', () => {
  const run = runner('--app', 'npx ts-node main.ts', '-o', join(dir, 'out'));
  expect(run.status).toBe(1);
  expect(run.stderr).toContain('app "npx ts-node main.ts" is not "node [-r <hook>] <file>": run `npm run synth:cdk8s`');
});

test("cdk8s.yaml's app is one the runner runs in-process", () => {
  const config = readFileSync(join(ROOT, 'cdk8s.yaml'), 'utf8');
  expect(config).toMatch(/^app: node -r \.\/bin\/register-ts\.js examples\/cdk8s\/main\.ts$/m);
});
