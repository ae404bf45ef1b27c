/**
 * The schema-validation packages (@bufbuild/cel, @bufbuild/protobuf, protobufjs, @grpc/grpc-js-xds)
 * are optional peer dependencies (kubernetes-models is not one: its rules ship as data): the constructs never load them, the validator
 * loads each only when a validation needs it, and a missing one is skipped (the shipped schemas
 * still run); only `--envoy-api DIR` without protobufjs is a clear error (CLI exit 2).
 * Each check runs in a fresh node process, on the TypeScript sources.
 */
import { spawnSync } from 'child_process';
import * as path from 'path';
import { readFileSync } from 'fs';
import { OPTIONAL_PACKAGES } from '../../lib/validate';
import { FIXTURES } from './helpers';

const ROOT = path.resolve(__dirname, '..', '..');
const HEAVY = /^(kubernetes-models|@kubernetes-models\/.*|@bufbuild\/.*|protobufjs|@grpc\/.*|@kubernetes\/client-node)$/;

/** Runs `script` in a fresh node (sources through ts-node), returning its stdout, stderr and status. */
function node(script: string, block: readonly string[] = []) {
  const prelude = `
    const Module = require('module');
    const blocked = ${JSON.stringify(block)};
    const resolve = Module._resolveFilename;
    Module._resolveFilename = function (request, ...rest) {
      if (blocked.some((b) => request === b || request.startsWith(b + '/'))) {
        const e = new Error("Cannot find module '" + request + "'"); e.code = 'MODULE_NOT_FOUND'; throw e;
      }
      return resolve.call(this, request, ...rest);
    };
    require('ts-node').register({ transpileOnly: true, project: ${JSON.stringify(path.join(ROOT, 'tsconfig.json'))} });
    const loaded = () => [...new Set(Object.keys(require.cache).map((f) => {
      const m = /node_modules[\\\\/]((?:@[^\\\\/]+[\\\\/])?[^\\\\/]+)/.exec(f.slice(f.lastIndexOf('node_modules')));
      return m ? m[1].replace(/\\\\/g, '/') : '';
    }).filter(Boolean))].sort();
  `;
  return spawnSync(process.execPath, ['-e', prelude + script], { cwd: ROOT, encoding: 'utf8' });
}

function packagesAfter(script: string): string[] {
  const r = node(`${script}; process.stdout.write(JSON.stringify(loaded()));`);
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as string[];
}

describe('optional schema-validation packages', () => {
  it('are optional peers, pinned in devDependencies at the versions the messages name, and not dependencies', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    for (const [name, version] of Object.entries(OPTIONAL_PACKAGES)) {
      expect([name, pkg.devDependencies[name], pkg.peerDependenciesMeta[name]?.optional, pkg.dependencies[name]]).toEqual([name, version, true, undefined]);
    }
    for (const deps of [pkg.dependencies, pkg.devDependencies, pkg.peerDependencies]) expect(deps['@kubernetes/client-node']).toBeUndefined();
    // Kubernetes' value rules ship as data built from kubernetes-models at build time: not a peer.
    expect([pkg.peerDependencies['kubernetes-models'], pkg.dependencies['kubernetes-models'], pkg.devDependencies['kubernetes-models']]).toEqual([undefined, undefined, '4.5.1']);
  });

  it('the core and cdk8s entry points load none of them', () => {
    const loaded = packagesAfter(`require('./lib/index.ts'); require('./lib/cdk8s/index.ts')`);
    expect(loaded.filter((p) => HEAVY.test(p))).toEqual([]);
    expect(loaded).toContain('yaml');
  }, 60_000);

  it('the validator loads each only when a validation needs it', () => {
    const v = `const v = require('./lib/validate/index.ts')`;
    expect(packagesAfter(v).filter((p) => HEAVY.test(p))).toEqual([]);
    const envoy = packagesAfter(`${v}; v.validateEnvoyJson({ admin: {} })`).filter((p) => HEAVY.test(p));
    expect(envoy).toEqual(['@bufbuild/protobuf']);
    const kube = packagesAfter(`${v}; v.validateObject({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { ports: [{ port: 80 }] } })`).filter((p) => HEAVY.test(p));
    expect(kube).toEqual([]);
  }, 60_000);

  it('an Istio object whose CEL rules the quick answers pass does not load @bufbuild/cel; a failing rule does', () => {
    const v = `const v = require('./lib/validate/index.ts')`;
    const pa = (label: string) => JSON.stringify({ apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'p', namespace: 'shop' }, spec: { selector: { matchLabels: { [label]: 'db' } }, mtls: { mode: 'STRICT' } } });
    expect(packagesAfter(`${v}; v.validateObject(${pa('app')})`).filter((p) => HEAVY.test(p))).toEqual([]);
    const failing = `${v}; const f = v.validateObject(${pa('app*')}); if (!f.some((x) => x.code === 'ID902' && /CEL rule/.test(x.message))) throw new Error(JSON.stringify(f))`;
    expect(packagesAfter(failing).filter((p) => HEAVY.test(p))).toContain('@bufbuild/cel');
  }, 60_000);

  it('without the optional extras the CLI validates on the shipped schemas (no exit 2)', () => {
    const file = path.join(FIXTURES, 'kube', 'echo.yaml');
    const r = node(`process.exitCode = require('./lib/cli/validate.ts').main(['validate', ${JSON.stringify(file)}])`, ['kubernetes-models', '@bufbuild/cel', '@bufbuild/protobuf']);
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toMatch(/^0 errors, 0 warnings/m);
  }, 60_000);

  it('--envoy-api DIR without protobufjs makes the CLI exit 2 with what to install', () => {
    const file = path.join(FIXTURES, 'envoy-api', 'dns-cluster-extension.yaml');
    const r = node(`process.exitCode = require('./lib/cli/validate.ts').main(['validate', '--envoy-api', ${JSON.stringify(path.join(ROOT, 'node_modules', '@grpc', 'grpc-js-xds', 'deps', 'envoy-api'))}, ${JSON.stringify(file)}])`, ['protobufjs']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/needs the optional package protobufjs \(not installed\)/);
    expect(r.stderr).toMatch(/npm i -D protobufjs@8\.8\.1/);
  }, 60_000);
});
