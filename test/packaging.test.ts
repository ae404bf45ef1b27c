/**
 * Entry points: `istio-direct` (core), `istio-direct/cdk8s` and
 * `istio-direct/pulumi`. A cdk8s user never loads Pulumi and a Pulumi user
 * never loads cdk8s. Each check runs in a fresh node process.
 */
import { execFileSync } from 'child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { loadedPackages } from './helpers/loaded-packages';

const ROOT = resolve(__dirname, '..');


const PULUMI = /^@pulumi\//;
const CDK8S = /^(cdk8s|cdk8s-plus-\d+|constructs)$/;
const CDK8S_PLUS = /^cdk8s-plus-\d+$/;

describe('entry points from the sources (ts-node)', () => {
  const load = (entries: string[]) => loadedPackages(ROOT, entries, ['ts-node/register/transpile-only']);

  test('the core loads neither cdk8s nor Pulumi', () => {
    const loaded = load(['./lib/index.ts']);
    expect(loaded.filter((p) => PULUMI.test(p) || CDK8S.test(p))).toEqual([]);
    expect(loaded).toContain('yaml');
  });

  test('the cdk8s entry loads no @pulumi module', () => {
    const loaded = load(['./lib/index.ts', './lib/cdk8s/index.ts']);
    expect(loaded.filter((p) => PULUMI.test(p))).toEqual([]);
    expect(loaded).toEqual(expect.arrayContaining(['cdk8s', 'constructs']));
    // Workloads of any cdk8s-plus 2.x are read structurally: no cdk8s-plus version is loaded.
    expect(loaded.filter((p) => CDK8S_PLUS.test(p))).toEqual([]);
  });

  test('the cdk8s entry loads and works when no cdk8s-plus can be resolved', () => {
    // A preload that makes every cdk8s-plus-* unresolvable, as in a project without one.
    const hook = join(mkdtempSync(join(tmpdir(), 'istio-direct-noplus-')), 'no-cdk8s-plus.js');
    writeFileSync(hook, `
      const Module = require('module');
      const resolve = Module._resolveFilename;
      Module._resolveFilename = function (request, ...rest) {
        if (/^cdk8s-plus-/.test(request)) { const e = new Error("Cannot find module '" + request + "'"); e.code = 'MODULE_NOT_FOUND'; throw e; }
        return resolve.call(this, request, ...rest);
      };`);
    const script = `
      let blocked = false;
      try { require.resolve('cdk8s-plus-28'); } catch { blocked = true; }
      const { Testing } = require('cdk8s');
      const c = require('./lib/cdk8s/index.ts');
      const chart = Testing.chart();
      const echo = new c.EchoService(chart, 'echo');
      new c.HeadlessMeshService(chart, 'pods', { name: 'echo-pods', target: echo, ports: [{ port: 8080 }] });
      process.stdout.write(JSON.stringify({ blocked, kinds: Testing.synth(chart).map((o) => o.kind).sort() }));`;
    try {
      const out = execFileSync(process.execPath, ['-r', hook, '-r', 'ts-node/register/transpile-only', '-e', script], { cwd: ROOT, encoding: 'utf8' });
      expect(JSON.parse(out)).toEqual({ blocked: true, kinds: ['Deployment', 'PeerAuthentication', 'Service', 'Service'] });
    } finally {
      rmSync(join(hook, '..'), { recursive: true, force: true });
    }
  });

  test('the pulumi entry loads no cdk8s module', () => {
    const loaded = load(['./lib/index.ts', './lib/pulumi/index.ts']);
    expect(loaded.filter((p) => CDK8S.test(p))).toEqual([]);
    expect(loaded).toEqual(expect.arrayContaining(['@pulumi/kubernetes', '@pulumi/pulumi']));
  });
});

describe('the compiled package, through its exports map', () => {
  let dir: string;

  beforeAll(() => {
    // `npm run build` into a scratch package that has the real package.json.
    dir = mkdtempSync(join(tmpdir(), 'istio-direct-pkg-'));
    execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', join(dir, 'build')], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    writeFileSync(join(dir, 'package.json'), readFileSync(join(ROOT, 'package.json')));
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  }, 180_000);

  afterAll(() => {
    if (dir) {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('every export has its JavaScript and its types', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { exports: Record<string, string | { types: string; default: string }> };
    expect(Object.keys(pkg.exports).sort()).toEqual(['.', './cdk8s', './cdk8s-plugin', './package.json', './policy', './pulumi', './validate']);
    for (const [subpath, target] of Object.entries(pkg.exports)) {
      if (typeof target === 'string') {
        continue;
      }
      expect([subpath, existsSync(join(dir, target.default)), existsSync(join(dir, target.types))]).toEqual([subpath, true, true]);
    }
  });

  test('the packages each entry loads (self-reference by package name)', () => {
    const core = loadedPackages(dir, ['istio-direct']);
    const cdk8s = loadedPackages(dir, ['istio-direct', 'istio-direct/cdk8s']);
    const pulumi = loadedPackages(dir, ['istio-direct', 'istio-direct/pulumi']);
    const validate = loadedPackages(dir, ['istio-direct/validate']);
    expect(validate.filter((p) => PULUMI.test(p) || CDK8S.test(p))).toEqual([]);
    expect(core.filter((p) => PULUMI.test(p) || CDK8S.test(p))).toEqual([]);
    expect(cdk8s.filter((p) => PULUMI.test(p))).toEqual([]);
    expect(cdk8s).toContain('cdk8s');
    expect(pulumi.filter((p) => CDK8S.test(p))).toEqual([]);
    expect(pulumi).toContain('@pulumi/pulumi');
  });

  test('the entries export the constructs', () => {
    const script = `
      const core = require('istio-direct'), c = require('istio-direct/cdk8s'), p = require('istio-direct/pulumi'), v = require('istio-direct/validate');
      process.stdout.write(JSON.stringify({
        core: typeof core.buildEchoService, error: typeof core.IstioDirectError,
        cdk8s: [typeof c.EchoService, typeof c.EnvoyDirectPods, typeof c.HeadlessMeshService],
        pulumi: [typeof p.EchoService, typeof p.EnvoyDirectPods, typeof p.HeadlessMeshService, p.ECHO_SERVICE_TYPE],
        validate: [typeof v.validatePaths, typeof v.validateObject],
        resolved: require.resolve('istio-direct/pulumi').endsWith('build/lib/pulumi/index.js'),
        plugin: typeof require('istio-direct/cdk8s-plugin').IstioDirectValidation,
      }));`;
    expect(JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: dir, encoding: 'utf8' }))).toEqual({
      core: 'function',
      error: 'function',
      cdk8s: ['function', 'function', 'function'],
      pulumi: ['function', 'function', 'function', 'istio-direct:index:EchoService'],
      validate: ['function', 'function'],
      resolved: true,
      plugin: 'function',
    });
  });
});
