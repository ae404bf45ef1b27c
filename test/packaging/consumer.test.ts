/**
 * The package as its users get it: `npm pack`, then install the tarball into throwaway consumer
 * projects outside this repository (from the local npm cache), compile a program against it with
 * the strict settings `cdk8s init` writes, run it, `istio-direct check` its output, and
 * `cdk8s synth` it with the validation plugin configured as the README shows. A Pulumi consumer
 * type-checks a program against `istio-direct/pulumi`. Installed sizes are logged.
 *
 * Skip with ISTIO_DIRECT_SKIP_PACK=1 (it runs by default, in `npm test`).
 */
import { execFileSync, spawn, spawnSync, type SpawnSyncReturns } from 'child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, relative, resolve } from 'path';
import { codeBlocks, readmeTypeScriptBlocks } from '../helpers/readme';

const ROOT = resolve(__dirname, '..', '..');
const SKIP = process.env.ISTIO_DIRECT_SKIP_PACK === '1';
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const NPX = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const INSTALL = ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--save-exact'];
const MAX_INCREASE_KIB = 25 * 1024;

/** The environment without what `npm test` sets for this package (prefix, lifecycle, package fields). */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^npm_(package_|lifecycle_|config_(prefix|local_prefix|global)$)/i.test(k) || k === 'INIT_CWD' || k === 'ISTIO_DIRECT_FROM_SOURCE') continue;
    env[k] = v;
  }
  return { ...env, ...extra };
}

function run(cmd: string, args: readonly string[], cwd: string, extraEnv: Record<string, string> = {}): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, { cwd, encoding: 'utf8', env: cleanEnv(extraEnv), timeout: 180_000 });
}

function ok(cmd: string, args: readonly string[], cwd: string, extraEnv: Record<string, string> = {}): string {
  const r = run(cmd, args, cwd, extraEnv);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} (in ${cwd}) exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** {@link ok}, without blocking: the consumers' installs run while the package is packed. */
function okAsync(cmd: string, args: readonly string[], cwd: string): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, { cwd, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', (status) => (status === 0 ? resolvePromise(out) : reject(new Error(`${cmd} ${args.join(' ')} (in ${cwd}) exited ${status}:\n${out}\n${err}`))));
  });
}

/** stderr without npm's own configuration warnings (`npm warn ...`), which depend on the machine. */
function errors(r: SpawnSyncReturns<string>): string[] {
  return r.stderr.split('\n').filter((line) => line.trim() !== '' && !/^npm warn /.test(line));
}

function duKib(dir: string): number {
  return Number(execFileSync('du', ['-sk', dir], { encoding: 'utf8' }).split(/\s/)[0]);
}

/**
 * Packs the package from a copy of what a clone has after `npm ci` (sources, docs, and the data
 * files `npm test` generated), running its `prepack`, so the repository's own build/ is left alone.
 */
async function packTarball(work: string): Promise<{ tarball: string; files: string[] }> {
  const stage = join(work, 'stage');
  for (const entry of ['package.json', 'README.md', 'LICENSE', 'tsconfig.json', 'tsconfig.build.json', 'bin', 'docs', 'lib', 'scripts', 'data', 'protos']) {
    if (existsSync(join(ROOT, entry))) cpSync(join(ROOT, entry), join(stage, entry), { recursive: true });
  }
  mkdirSync(join(stage, 'build'));
  for (const data of ['envoy-api.json', 'kube-1.28-fields.json', 'kube-1.33-fields.json']) {
    if (!existsSync(join(ROOT, 'build', data))) throw new Error(`build/${data} is missing: run \`npm run build:artifacts\` (\`npm test\` runs it when a file is missing)`);
    cpSync(join(ROOT, 'build', data), join(stage, 'build', data));
  }
  symlinkSync(join(ROOT, 'node_modules'), join(stage, 'node_modules'), 'dir');
  await okAsync(NPM, ['run', 'prepack'], stage);
  const out = JSON.parse(await okAsync(NPM, ['pack', '--ignore-scripts', '--json', '--pack-destination', work], stage)) as Array<{ filename: string; files: Array<{ path: string }> }>;
  return { tarball: join(work, out[0].filename), files: out[0].files.map((f) => f.path).sort() };
}

/** A consumer project with `deps` installed (KiB of its node_modules). */
async function consumerBase(work: string, name: string, deps: readonly string[]): Promise<{ dir: string; before: number }> {
  const dir = join(work, name);
  mkdirSync(dir);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, version: '1.0.0', private: true }, null, 2));
  if (deps.length === 0) return { dir, before: 0 };
  await okAsync(NPM, [...INSTALL, ...deps], dir);
  return { dir, before: duKib(join(dir, 'node_modules')) };
}

/** Adds the tarball to a consumer; returns node_modules' sizes (KiB) before and after. */
function addTarball(base: { dir: string; before: number }, tarball: string): { dir: string; before: number; after: number } {
  ok(NPM, [...INSTALL, tarball], base.dir);
  const after = duKib(join(base.dir, 'node_modules'));
  console.log(`${base.dir}: node_modules ${base.before} KiB before istio-direct, ${after} KiB after (+${after - base.before} KiB)`);
  return { ...base, after };
}

/** What each consumer installs before istio-direct. */
const CDK8S_DEPS = ['cdk8s@2.70.106', 'cdk8s-plus-28@2.5.6', 'constructs@10.8.1', 'typescript@5.9.3', '@types/node@20.19.0'];
/** The optional packages of schema validation, as the README lists them. */
const SCHEMA_DEPS = ['@bufbuild/cel@0.6.1', '@bufbuild/protobuf@2.17.0'];
/** A consumer on the newest cdk8s-plus (what `cdk8s init` installs today), without the schema packages. */
const CDK8S_PLUS_33_DEPS = CDK8S_DEPS.map((d) => (d.startsWith('cdk8s-plus-28@') ? 'cdk8s-plus-33@2.5.57' : d));
const PULUMI_DEPS = ['@pulumi/pulumi@3.248.0', '@pulumi/kubernetes@4.34.2', '@pulumi/policy@1.21.0', 'typescript@5.9.3', '@types/node@20.19.0'];

/**
 * Runs the installed policy pack's stack policies on a stack of plain `@pulumi/kubernetes`
 * resources (a headless Service whose targetPort differs from its port), shaped as the Pulumi CLI
 * passes them (no Pulumi CLI here), and prints the violations as JSON.
 */
const POLICY_RUN = `const { createPolicies } = require('istio-direct/policy');
const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'kafka', namespace: 'kafka' },
  spec: { clusterIP: 'None', selector: { app: 'kafka' }, ports: [{ name: 'tcp-kafka', port: 9092, targetPort: 19092 }] } };
const resource = { type: 'kubernetes:core/v1:Service', name: 'kafka', urn: 'urn:pulumi:dev::app::kubernetes:core/v1:Service::kafka',
  props: svc, opts: {}, dependencies: [], propertyDependencies: {}, isType: () => false, asType: () => undefined };
(async () => {
  const violations = [];
  for (const policy of createPolicies({})) {
    await policy.validateStack({ resources: [resource], stackTags: new Map(), getConfig: () => ({}), notApplicable: () => { throw new Error('n/a'); } },
      (message, urn) => violations.push({ policy: policy.name, message, urn }));
  }
  console.log(JSON.stringify(violations));
})();
`;

/** A Kubernetes schema error (a misspelt field) and an Istio schema error (a misspelt enum value). */
const BARE_MANIFEST = `apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  clusterIp: None
  selector: {app: web}
  ports: [{name: http-web, port: 8080}]
  sessionAffinity: Sticky
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: strict, namespace: shop}
spec:
  mtls: {mode: STRCT}
`;

const CDK8S_MAIN = `import { ApiObject, App, Chart, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { EchoService, EnvoyDirectPods, HeadlessMeshService } from 'istio-direct/cdk8s';
import type { IstioDirectValidationProps } from 'istio-direct/cdk8s-plugin';

const pluginProps: IstioDirectValidationProps = { istioVersion: '1.24', disable: ['ID402'] };
void pluginProps;
const app = new App({ outdir: 'dist' });
const chart = new Chart(app, 'consumer', { namespace: 'shop' });

const echo = new EchoService(chart, 'echo', { port: 8080, appProtocol: 'tcp' });
new EnvoyDirectPods(chart, 'proxy', { target: echo, discovery: 'static', podIps: ['10.244.0.26', '10.244.1.26'] });

const etcd = new kplus.StatefulSet(chart, 'etcd', {
  metadata: { name: 'etcd' },
  replicas: 3,
  podManagementPolicy: kplus.PodManagementPolicy.PARALLEL,
  automountServiceAccountToken: false,
  securityContext: { ensureNonRoot: true, user: 1000, group: 1000, fsGroup: 1000 },
  containers: [{
    name: 'etcd',
    image: 'quay.io/coreos/etcd:v3.5.21',
    ports: [{ number: 2379, name: 'client' }, { number: 2380, name: 'peer' }],
    securityContext: {
      ensureNonRoot: true, user: 1000, group: 1000, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, privileged: false,
      capabilities: { drop: [kplus.Capability.ALL] }, seccompProfile: { type: kplus.SeccompProfileType.RUNTIME_DEFAULT },
    },
    resources: {
      cpu: { request: kplus.Cpu.millis(100), limit: kplus.Cpu.millis(1000) },
      memory: { request: Size.mebibytes(128), limit: Size.mebibytes(512) },
    },
  }],
});
const mesh = new HeadlessMeshService(chart, 'etcd-mesh', { name: 'etcd', target: etcd });
const peers: string[] = mesh.podDnsNames.map((fqdn, i) => \`etcd-\${i}=http://\${fqdn}:2380\`);
etcd.containers[0].env.addVariable('ETCD_INITIAL_CLUSTER', kplus.EnvValue.fromValue(peers.join(',')));

if (process.env.NEVER_SET === 'never') {
  // @ts-expect-error: a port is a number (the compile would fail if the types let this through)
  new EchoService(chart, 'typo', { port: 'http' });
}
if (process.env.CONSUMER_BAD_OBJECT === '1') {
  new ApiObject(chart, 'broken', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'broken' }, spec: { bogusField: 1, ports: [{ port: 80, name: 'tcp-web' }] } });
}
app.synth();
`;

const CDK8S_YAML = `language: typescript
app: node main.js
output: dist
validations:
  - package: ./node_modules/istio-direct/bin/cdk8s-validation-plugin.js
    version: ${VERSION}
    class: IstioDirectValidation
`;

const PULUMI_MAIN = `import * as k8s from '@pulumi/kubernetes';
import { EchoService, EnvoyDirectPods, HeadlessMeshService, WorkloadArgsTarget } from 'istio-direct/pulumi';

const provider = new k8s.Provider('k8s', { namespace: 'shop' });
const echo = new EchoService('echo', { port: 8080, appProtocol: 'tcp' }, { provider });
const pods = new HeadlessMeshService('echo-pods', { name: 'echo-pods', target: echo, ports: [{ port: 8080, name: 'tcp-echo' }] }, { provider });
const proxy = new EnvoyDirectPods('proxy', { target: pods, discovery: 'dns' }, { provider });
export const fqdn: string = pods.fqdn;
export const cluster: string = proxy.clusterName;
// @ts-expect-error: a port is a number (the type check would fail if the types let this through)
new EchoService('typo', { port: 'http' }, { provider });

// A workload and the args it was created with: no name, no port repeated.
const labels = { app: 'etcd' };
const args: k8s.apps.v1.StatefulSetArgs = {
  metadata: { name: 'etcd' },
  spec: { serviceName: 'etcd', replicas: 3, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'etcd', image: 'quay.io/coreos/etcd:v3.5.21', ports: [{ containerPort: 2379 }] }] } } },
};
const target: WorkloadArgsTarget = { workload: new k8s.apps.v1.StatefulSet('etcd', args, { provider }), args };
export const peers: readonly string[] = new HeadlessMeshService('etcd-mesh', { target }, { provider }).podDnsNames;
`;

/**
 * The README's cdk8s examples written twice in one chart, with no name and no port anywhere
 * (issue #21): every name comes from the construct path, every port from the target.
 */
const CDK8S_TWICE = `import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { EchoService, EnvoyDirectPods, HeadlessMeshService } from 'istio-direct/cdk8s';

const app = new App({ outdir: 'twice-out' });
const chart = new Chart(app, 'twice');
for (const id of ['first', 'second']) {
  const scope = new Construct(chart, id);
  new EchoService(scope, 'plain-echo');
  const echo = new EchoService(scope, 'echo', { port: 8080, appProtocol: 'tcp' });
  new EnvoyDirectPods(scope, 'envoy', { target: echo, podIps: ['10.244.0.26', '10.244.1.26', '10.244.2.12'] });
  const pods = new HeadlessMeshService(scope, 'pods', { target: echo });
  new EnvoyDirectPods(scope, 'envoy-dns', { target: pods, istioSidecar: true });
  new EnvoyDirectPods(scope, 'envoy-basic', { clusterName: 'echo_cluster', target: echo, discovery: 'service' });
  const etcd = new kplus.StatefulSet(scope, 'etcd', {
    replicas: 3,
    podManagementPolicy: kplus.PodManagementPolicy.PARALLEL,
    containers: [{ image: 'quay.io/coreos/etcd:v3.5.21', ports: [{ number: 2379 }, { number: 2380 }, { number: 2381 }] }],
  });
  new HeadlessMeshService(scope, 'etcd-mesh', { target: etcd, portLevelMtls: { 2381: 'DISABLE' } });
}
app.synth();
`;

/** A chart with one rule warning (two Services giving the echo pods' 8080 different protocols: ID106). */
const CDK8S_WARNING = `import { App, Chart } from 'cdk8s';
import { EchoService, HeadlessMeshService } from 'istio-direct/cdk8s';

const app = new App();
const chart = new Chart(app, 'warn');
new HeadlessMeshService(chart, 'pods', { target: new EchoService(chart, 'echo') });
app.synth();
`;

/**
 * cdk8s synth (this repository's cdk8s-cli) of the "twice" program and of the one with a warning,
 * with the validation plugin configured: the first is clean (nothing on standard error: no error, no
 * warning), the second prints the summary once, the plugin does not repeat it, and the environment
 * turns it off.
 */
function synthTwiceAndWarning(dir: string): void {
  writeFileSync(join(dir, 'twice.ts'), CDK8S_TWICE.split("'cdk8s-plus-28'").join(`'${existsSync(join(dir, 'node_modules', 'cdk8s-plus-33')) ? 'cdk8s-plus-33' : 'cdk8s-plus-28'}'`));
  writeFileSync(join(dir, 'warn.ts'), CDK8S_WARNING);
  ok(process.execPath, [join(dir, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.'], dir);
  writeFileSync(join(dir, 'cdk8s.yaml'), CDK8S_YAML);
  const cdk8s = join(ROOT, 'node_modules', 'cdk8s-cli', 'bin', 'cdk8s');
  const twice = run(process.execPath, [cdk8s, 'synth', '--no-check-upgrade', '--app', 'node twice.js', '--output', 'twice-out'], dir);
  expect([twice.status, errors(twice)]).toEqual([0, []]);
  const objects = readFileSync(join(dir, 'twice-out', 'twice.k8s.yaml'), 'utf8');
  expect(objects.match(/^kind: PeerAuthentication$/gm)).toHaveLength(4);
  expect(objects).toMatch(/name: twice-first-echo-[0-9a-f]{8}\n/);
  expect(objects).toMatch(/name: twice-second-echo-[0-9a-f]{8}\n/);

  const warn = run(process.execPath, [cdk8s, 'synth', '--no-check-upgrade', '--app', 'node warn.js', '--output', 'warn-out'], dir);
  expect(warn.status).toBe(0);
  expect(errors(warn)).toEqual([
    expect.stringMatching(/^istio-direct: 1 rule warning \(configureRules\(app, \{ summary: false \}\) or ISTIO_DIRECT_RULES_SUMMARY=off hides this summary\):$/),
    expect.stringMatching(/^ {2}ID106 Service default\/warn-(echo|pods)-[0-9a-f]{8} \(construct warn\/(echo|pods)\/Resource\): /),
  ]);
  expect(warn.stdout).not.toContain('ID106');
  const off = run(process.execPath, [cdk8s, 'synth', '--no-check-upgrade', '--app', 'node warn.js', '--output', 'warn-out'], dir, { ISTIO_DIRECT_RULES_SUMMARY: 'off' });
  expect([off.status, errors(off)]).toEqual([0, []]);
}

/** The tsconfig a `pulumi new typescript` project has (strict). */
const PULUMI_TSCONFIG = {
  compilerOptions: { strict: true, outDir: 'bin', target: 'es2020', module: 'commonjs', moduleResolution: 'node', sourceMap: true, experimentalDecorators: true, pretty: true, noFallthroughCasesInSwitch: true, noImplicitReturns: true, forceConsistentCasingInFileNames: true, noEmit: true },
  files: ['index.ts'],
};

(SKIP ? describe.skip : describe)('the packed package, installed in consumer projects (ISTIO_DIRECT_SKIP_PACK=1 skips)', () => {
  let work: string;
  let packed: { tarball: string; files: string[] };
  let cdk8sBase: { dir: string; before: number };
  let pulumiBase: { dir: string; before: number };
  let plus33Base: { dir: string; before: number };
  let bareBase: { dir: string; before: number };

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'istio-direct-consumer-'));
    [packed, cdk8sBase, pulumiBase, plus33Base, bareBase] = await Promise.all([
      packTarball(work),
      consumerBase(work, 'cdk8s-consumer', [...CDK8S_DEPS, ...SCHEMA_DEPS]),
      consumerBase(work, 'pulumi-consumer', PULUMI_DEPS),
      consumerBase(work, 'cdk8s-plus-33-consumer', CDK8S_PLUS_33_DEPS),
      consumerBase(work, 'bare-consumer', []),
    ]);
  }, 240_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  test('the tarball ships the compiled code, data files, CLI, rule docs, LICENSE and README, and no sources', () => {
    expect(relative(ROOT, work).startsWith('..')).toBe(true); // outside the repository
    expect(packed.files).toEqual(expect.arrayContaining([
      'LICENSE', 'README.md', 'package.json',
      'bin/_load.js', 'bin/istio-direct.js', 'bin/cdk8s-validation-plugin.js',
      'build/envoy-api.json', 'build/kube-1.28-fields.json', 'build/kube-1.33-fields.json',
      'data/istio-crds/istio-1.22.json', 'data/istio-crds/istio-1.30.json',
      'build/lib/index.js', 'build/lib/index.d.ts', 'build/lib/cdk8s/index.js', 'build/lib/pulumi/index.js', 'build/lib/policy/index.js',
      'build/lib/cli/cdk8s-plugin.js', 'build/lib/cli/cdk8s-plugin.d.ts', 'build/lib/cli/main.js',
      'docs/rules/README.md', 'docs/rules/ID101.md',
    ]));
    const docs = readdirSync(join(ROOT, 'docs', 'rules')).filter((f) => f.endsWith('.md')).map((f) => `docs/rules/${f}`);
    expect(packed.files).toEqual(expect.arrayContaining(docs));
    // The registry finds the rules by listing build/lib/rules/checks: every rule file must ship compiled.
    const rules = readdirSync(join(ROOT, 'lib', 'rules', 'checks')).filter((f) => /^ID\d{3}-.*\.ts$/.test(f)).map((f) => `build/lib/rules/checks/${f.replace(/\.ts$/, '.js')}`);
    expect(rules.length).toBeGreaterThanOrEqual(26);
    expect(packed.files).toEqual(expect.arrayContaining(rules));
    expect(packed.files.filter((f) => /^(lib|test|scripts|bench|examples)\//.test(f) || (f.endsWith('.ts') && !f.endsWith('.d.ts')))).toEqual([]);
  });

  test('a cdk8s app: strict compile, synth, istio-direct check, cdk8s synth with the plugin by package path', () => {
    const c = addTarball(cdk8sBase, packed.tarball);
    expect(c.after - c.before).toBeLessThanOrEqual(MAX_INCREASE_KIB);
    // The settings `cdk8s init typescript-app` writes.
    cpSync(join(ROOT, 'node_modules', 'cdk8s-cli', 'templates', 'typescript-app', 'tsconfig.json'), join(c.dir, 'tsconfig.json'));
    writeFileSync(join(c.dir, 'main.ts'), CDK8S_MAIN);
    ok(process.execPath, [join(c.dir, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.'], c.dir);
    ok(process.execPath, ['main.js'], c.dir);
    expect(readdirSync(join(c.dir, 'dist'))).toEqual(['consumer.k8s.yaml']);
    const manifest = readFileSync(join(c.dir, 'dist', 'consumer.k8s.yaml'), 'utf8');
    expect(manifest).toContain('kind: PeerAuthentication');
    expect(manifest).toContain('serviceName: etcd');

    // The CLI from the installed package: compiled code, no ts-node.
    expect(existsSync(join(c.dir, 'node_modules', 'ts-node'))).toBe(false);
    const check = run(NPX, ['--no', 'istio-direct', 'check', 'dist'], c.dir);
    expect([check.status, errors(check)]).toEqual([0, []]);
    expect(check.stdout).toMatch(/0 errors, .*1 file/);
    expect(ok(NPX, ['--no', 'istio-direct', 'check', '--explain', 'ID101'], c.dir)).toMatch(/^# ID101/);

    // cdk8s synth (this repository's cdk8s-cli) with the plugin configured as the README shows.
    writeFileSync(join(c.dir, 'cdk8s.yaml'), CDK8S_YAML);
    const cdk8s = join(ROOT, 'node_modules', 'cdk8s-cli', 'bin', 'cdk8s');
    const synth = run(process.execPath, [cdk8s, 'synth', '--no-check-upgrade'], c.dir);
    expect([synth.status, errors(synth)]).toEqual([0, []]);
    expect(synth.stdout).toContain('Validation Report');
    expect(synth.stdout).toMatch(/Status\s*│\s*success/);

    // An error fails the synth; the report names the rule and the construct path.
    const bad = run(process.execPath, [cdk8s, 'synth', '--no-check-upgrade'], c.dir, { CONSUMER_BAD_OBJECT: '1' });
    expect(bad.status).not.toBe(0);
    expect(bad.stdout).toContain('ID901 kubernetes-schema');
    expect(bad.stdout).toContain('Construct Path: consumer/broken');
    expect(bad.stdout).toContain('Resource Name: broken');

    // The README's cdk8s examples, as written: compiled with the cdk8s init settings, then run.
    const examples = readmeTypeScriptBlocks().filter((b) => !b.code.includes('@pulumi') && !b.code.includes("'istio-direct/pulumi'"));
    expect(examples.length).toBeGreaterThanOrEqual(4);
    examples.forEach((b, i) => writeFileSync(join(c.dir, `readme-${i + 1}.ts`), b.code));
    ok(process.execPath, [join(c.dir, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.'], c.dir);
    examples.forEach((_b, i) => ok(process.execPath, [`readme-${i + 1}.js`], c.dir, { CDK8S_OUTDIR: join(c.dir, 'readme-out') }));
    expect(readdirSync(join(c.dir, 'readme-out'))).toContain('seed.k8s.yaml');

    synthTwiceAndWarning(c.dir);
  }, 240_000);

  test('a cdk8s-plus-33 app without the optional extras: strict compile, synth, istio-direct check with and without --no-schema', () => {
    const c = addTarball(plus33Base, packed.tarball);
    expect(c.after - c.before).toBeLessThanOrEqual(MAX_INCREASE_KIB);
    cpSync(join(ROOT, 'node_modules', 'cdk8s-cli', 'templates', 'typescript-app', 'tsconfig.json'), join(c.dir, 'tsconfig.json'));
    writeFileSync(join(c.dir, 'main.ts'), CDK8S_MAIN.split("'cdk8s-plus-28'").join("'cdk8s-plus-33'"));
    ok(process.execPath, [join(c.dir, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.'], c.dir);
    ok(process.execPath, ['main.js'], c.dir);
    const manifest = readFileSync(join(c.dir, 'dist', 'consumer.k8s.yaml'), 'utf8');
    expect(manifest).toContain('serviceName: etcd');
    expect(manifest).toContain('kind: PeerAuthentication');
    const check = run(NPX, ['--no', 'istio-direct', 'check', '--no-schema', 'dist'], c.dir);
    expect([check.status, errors(check)]).toEqual([0, []]);
    // Schema validation without its optional extras: runs on the schemas shipped in the package.
    const schema = run(NPX, ['--no', 'istio-direct', 'check', 'dist'], c.dir);
    expect([schema.status, errors(schema)]).toEqual([0, []]);
    expect(schema.stdout).not.toMatch(/ID905/);

    synthTwiceAndWarning(c.dir);
  }, 240_000);

  test('a project where only istio-direct is installed: check catches a Kubernetes and an Istio schema error', () => {
    const c = addTarball(bareBase, packed.tarball);
    expect(readdirSync(join(c.dir, 'node_modules')).filter((d) => !d.startsWith('.')).sort()).toEqual(['istio-direct', 'yaml']);
    writeFileSync(join(c.dir, 'app.yaml'), BARE_MANIFEST);
    const check = run(NPX, ['--no', 'istio-direct', 'check', 'app.yaml'], c.dir);
    expect(check.status).toBe(1);
    expect(errors(check)).toEqual([]);
    expect(check.stdout).toMatch(/error ID901 .*Service shop\/web spec\.clusterIp: unknown field "clusterIp" \(did you mean "clusterIP"\?\)/);
    expect(check.stdout).toMatch(/error ID901 .*Service shop\/web spec\.sessionAffinity: unsupported value "Sticky": must be one of "ClientIP", "None"/);
    expect(check.stdout).toMatch(/error ID902 .*PeerAuthentication shop\/strict spec\.mtls\.mode: unsupported value "STRCT"/);
    expect(check.stdout).not.toMatch(/ID905/);
  }, 180_000);

  test('a Pulumi program type-checks against istio-direct/pulumi', () => {
    const c = addTarball(pulumiBase, packed.tarball);
    expect(c.after - c.before).toBeLessThanOrEqual(MAX_INCREASE_KIB);
    writeFileSync(join(c.dir, 'tsconfig.json'), JSON.stringify(PULUMI_TSCONFIG, null, 2));
    writeFileSync(join(c.dir, 'index.ts'), PULUMI_MAIN);
    ok(process.execPath, [join(c.dir, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.'], c.dir);

    // docs/pulumi-testing.md's recipes, compiled with the page's tsconfig and run with Node alone:
    // a program under Pulumi's mocks (no names, no ports: from the resource names and the target),
    // and the policy pack on its resources.
    const page = readFileSync(join(ROOT, 'docs', 'pulumi-testing.md'), 'utf8');
    const recipes = join(c.dir, 'recipes');
    mkdirSync(recipes);
    const tsconfig = JSON.parse(codeBlocks(page, 'json')[0].code) as Record<string, unknown>;
    writeFileSync(join(recipes, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
    codeBlocks(page, 'ts').forEach((b, i) => writeFileSync(join(recipes, `recipe-${i + 1}.ts`), b.code));
    ok(process.execPath, [join(c.dir, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.'], recipes);
    expect(ok(process.execPath, [join('bin', 'recipe-1.js')], recipes)).toMatch(/^\d+ resources registered\n$/);
    expect(ok(process.execPath, [join('bin', 'recipe-2.js')], recipes)).toMatch(/^\d+ resources checked, no violation\n$/);

    // The packed package has no install-time script: npm 11 has nothing to warn about.
    const manifest = JSON.parse(readFileSync(join(c.dir, 'node_modules', 'istio-direct', 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
    expect(Object.keys(manifest.scripts ?? {}).filter((k) => /^(preinstall|install|postinstall|prepare)$/.test(k))).toEqual([]);
    const fresh = join(c.dir, 'fresh');
    mkdirSync(fresh);
    writeFileSync(join(fresh, 'package.json'), JSON.stringify({ name: 'fresh', version: '1.0.0', private: true }));
    const install = run(NPM, ['install', '--prefer-offline', '--no-audit', '--no-fund', packed.tarball], fresh);
    expect(install.status).toBe(0);
    expect(install.stderr.split('\n').filter((line) => /script/i.test(line))).toEqual([]);

    // The policy pack, from the installed package, on plain @pulumi/kubernetes resources.
    writeFileSync(join(c.dir, 'policy-run.js'), POLICY_RUN);
    const violations = JSON.parse(ok(process.execPath, ['policy-run.js'], c.dir)) as Array<{ policy: string; message: string; urn: string }>;
    expect(violations).toEqual([
      expect.objectContaining({ policy: 'istio-direct-errors', urn: 'urn:pulumi:dev::app::kubernetes:core/v1:Service::kafka', message: expect.stringMatching(/^ID101 error Service kafka\/kafka spec\.ports\[0\]\.targetPort: /) }),
    ]);
  }, 180_000);
});
