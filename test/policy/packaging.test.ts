/**
 * The `istio-direct/policy` entry point: it loads `@pulumi/policy` (an
 * optional peer dependency), and no other entry point does. Each check runs
 * in a fresh node process.
 */
import { execFileSync } from 'child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { loadedPackages } from '../helpers/loaded-packages';

const ROOT = resolve(__dirname, '..', '..');


const CDK8S = /^(cdk8s|cdk8s-plus-28|constructs)$/;
const fromSources = (entries: string[]) => loadedPackages(ROOT, entries, ['ts-node/register/transpile-only']);

test('the policy entry loads @pulumi/policy and no cdk8s module', () => {
  const loaded = fromSources(['./lib/policy/index.ts']);
  expect(loaded).toContain('@pulumi/policy');
  expect(loaded.filter((p) => CDK8S.test(p))).toEqual([]);
});

test('the core, cdk8s, pulumi and validate entries and the rules engine never load @pulumi/policy', () => {
  const loaded = fromSources(['./lib/index.ts', './lib/cdk8s/index.ts', './lib/pulumi/index.ts', './lib/validate/index.ts', './lib/rules/index.ts']);
  expect(loaded).toEqual(expect.arrayContaining(['cdk8s', '@pulumi/pulumi']));
  expect(loaded).not.toContain('@pulumi/policy');
});

test('the rules engine loads no Pulumi and no cdk8s module', () => {
  const loaded = fromSources(['./lib/rules/index.ts']);
  expect(loaded.filter((p) => p.startsWith('@pulumi/') || CDK8S.test(p))).toEqual([]);
});

describe('compiled, through the exports map', () => {
  let dir: string;

  beforeAll(() => {
    // Compile the policy entry (and what it imports) into a scratch package with the real package.json.
    dir = mkdtempSync(join(tmpdir(), 'istio-direct-policy-'));
    const tsconfig = {
      extends: join(ROOT, 'tsconfig.build.json'),
      compilerOptions: { rootDir: ROOT, outDir: join(dir, 'build') },
      files: [join(ROOT, 'lib', 'policy', 'index.ts')],
      include: [],
    };
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(tsconfig));
    execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(dir, 'tsconfig.json')], { cwd: ROOT, encoding: 'utf8' });
    writeFileSync(join(dir, 'package.json'), readFileSync(join(ROOT, 'package.json')));
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  }, 300_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('istio-direct/policy resolves to the build and exports the pack factory and its policies', () => {
    const script = `
      const p = require('istio-direct/policy');
      process.stdout.write(JSON.stringify({
        resolved: require.resolve('istio-direct/policy').endsWith('build/lib/policy/index.js'),
        exports: [typeof p.istioDirectPolicyPack, typeof p.createPolicies],
        policies: p.createPolicies().map((x) => [x.name, x.enforcementLevel, typeof x.validateStack]),
      }));`;
    expect(JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: dir, encoding: 'utf8' }))).toEqual({
      resolved: true,
      exports: ['function', 'function'],
      policies: [
        ['istio-direct-errors', 'mandatory', 'function'],
        ['istio-direct-warnings', 'advisory', 'function'],
      ],
    });
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { typesVersions: Record<string, Record<string, string[]>> };
    const types = pkg.typesVersions['>=3.1'].policy[0];
    expect(readFileSync(join(dir, types), 'utf8')).toContain('istioDirectPolicyPack');
  });
});

describe('istioDirectPolicyPack', () => {
  test('a bad pack name fails before anything is served', () => {
    const { istioDirectPolicyPack } = require('../../lib/policy') as typeof import('../../lib/policy');
    expect(() => istioDirectPolicyPack({ name: 'my pack' })).toThrow(
      `PolicyPack "my pack": name: "my pack" is not a policy pack name: 1 to 100 letters, digits, '-', '_' or '.'`,
    );
    expect(() => istioDirectPolicyPack({ istioVersion: 'x' })).toThrow('PolicyPack "istio-direct": istioVersion: "x" is not an Istio release');
  });
});
