/**
 * The CLI conventions of `check`'s peers: --version, colour on a terminal only (NO_COLOR,
 * FORCE_COLOR), --fail-on, the output formats, suppressions counted in the summary, --exclude, the
 * flags for every documented cluster assumption, and one prefix on every message.
 */
import * as fs from 'fs';
import * as path from 'path';
import { main } from '../../lib/cli/main';
import { cli, optionsSeenByCheck, SERVICE, tempDir } from './helpers';

const ROOT = path.join(__dirname, '..', '..');
const VERSION = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
/** A headless Service whose port is not declared by any container: ID107, a warning only. */
const WARNING_ONLY = 'apiVersion: v1\nkind: Service\nmetadata: {name: zk, namespace: zk}\nspec: {clusterIP: None, selector: {app: zk}, ports: [{name: tcp, port: 2181}]}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: zk, namespace: zk}\nspec: {selector: {matchLabels: {app: zk}}, template: {metadata: {labels: {app: zk}}, spec: {containers: [{name: zk, image: zk, ports: [{containerPort: 9999}]}]}}}\n';

/** Runs `check` in-process with a terminal or not and an environment. */
function withTerminal(argv: string[], isTTY: boolean, env: Record<string, string>, stdin = SERVICE): { status: number; out: string } {
  const out: string[] = [];
  const status = main(argv, { out: (t) => out.push(t), err: () => undefined, stdin: () => stdin, isTTY, env });
  return { status, out: out.join('\n') };
}

describe('--version', () => {
  it.each([[['--version']], [['check', '--version']], [['validate', '--version']]])('%j prints the package version', (argv) => {
    expect(cli(argv)).toEqual({ status: 0, out: VERSION, err: '' });
  });
});

describe('colour', () => {
  const ESC = '\u001b[';
  const human = ['check', '--no-schema', '-'];
  it('on a terminal: the severity coloured, the code bold', () => {
    const r = withTerminal(human, true, {});
    expect(r.out.split('\n')[0]).toMatch(/^<stdin>:7:42: \u001b\[31merror\u001b\[0m \u001b\[1mID101\u001b\[0m Service zk\/zk /);
  });
  it.each([
    ['not a terminal', false, {}, false],
    ['NO_COLOR=1 on a terminal', true, { NO_COLOR: '1' }, false],
    ['NO_COLOR empty on a terminal (ignored)', true, { NO_COLOR: '' }, true],
    ['TERM=dumb', true, { TERM: 'dumb' }, false],
    ['FORCE_COLOR=1 in a pipe', false, { FORCE_COLOR: '1' }, true],
    ['FORCE_COLOR=0 on a terminal', true, { FORCE_COLOR: '0' }, false],
    ['FORCE_COLOR wins over NO_COLOR', false, { FORCE_COLOR: '1', NO_COLOR: '1' }, true],
  ])('%s', (_what, isTTY, env, coloured) => {
    expect(withTerminal(human, isTTY, env).out.includes(ESC)).toBe(coloured);
  });
  it('never in machine formats', () => {
    for (const format of ['json', 'sarif', 'junit', 'github']) expect(withTerminal(['check', '--no-schema', '--format', format, '-'], true, { FORCE_COLOR: '1' }).out).not.toContain(ESC);
  });
});

describe('--fail-on', () => {
  it('error (the default) ignores warnings; warning and info fail on them', () => {
    expect(cli(['check', '--no-schema', '-'], WARNING_ONLY).out).toMatch(/^<stdin>:4:66: warning ID107 Service zk\/zk spec\.ports\[0\]\.port: /);
    expect(cli(['check', '--no-schema', '-'], WARNING_ONLY).status).toBe(0);
    expect(cli(['check', '--no-schema', '--fail-on', 'error', '-'], WARNING_ONLY).status).toBe(0);
    expect(cli(['check', '--no-schema', '--fail-on=warning', '-'], WARNING_ONLY).status).toBe(1);
    expect(cli(['check', '--no-schema', '--fail-on', 'info', '-'], WARNING_ONLY).status).toBe(1);
  });
  it('junit: a finding below the threshold is a passing case that prints it', () => {
    const below = cli(['check', '--no-schema', '--format', 'junit', '-'], WARNING_ONLY).out;
    expect(below).toContain('tests="1" failures="0"');
    expect(below).toMatch(/<testcase classname="&lt;stdin&gt;" name="ID107 Service zk\/zk spec.ports\[0\].port"><system-out>warning ID107 &lt;stdin&gt;:4:66: /);
    expect(cli(['check', '--no-schema', '--format', 'junit', '--fail-on', 'warning', '-'], WARNING_ONLY).out).toContain('<failure message="port 2181');
  });
  it('a bad threshold is a usage error', () => {
    expect(cli(['check', '--fail-on', 'fatal', '-'])).toMatchObject({ status: 2, err: expect.stringContaining('--fail-on: "fatal" is not a severity; valid: error, warning, info') });
  });
});

describe('formats', () => {
  it('junit of a clean run: one passing case with the summary', () => {
    const r = cli(['check', '--no-schema', '--format', 'junit', '--disable', 'ID101', '-'], SERVICE);
    expect(r.out).toContain('<testsuites name="istio-direct check" tests="1" failures="0" errors="0">');
    expect(r.out).toContain('<testcase classname="istio-direct" name="check: 0 errors, 0 warnings, 0 infos; 1 object checked in 1 file"/>');
    expect(r.status).toBe(0);
  });
  it('github: properties and message escaped (%, CR, LF; , and : in properties); standard input has no file', () => {
    const dir = tempDir({ 'a,b:c%.yaml': SERVICE });
    const [line] = cli(['check', '--no-schema', '--format', 'github', dir]).out.split('\n');
    expect(line).toMatch(new RegExp(`^::error file=${dir.replace(/[/\\]/g, '/').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/a%2Cb%3Ac%25\\.yaml,line=7,col=42,title=ID101 headless-target-port::Service zk/zk `));
    expect(cli(['check', '--no-schema', '--format', 'github', '-'], SERVICE).out).toMatch(/^::error line=7,col=42,title=ID101 headless-target-port::/);
    expect(cli(['check', '--no-schema', '--format', 'github', '-'], 'kind: [\n').out).toMatch(/^::error line=2,col=1,title=ID900 parse-error::invalid YAML/);
  });
  it('--format takes every format; --json and --sarif are aliases', () => {
    expect(cli(['check', '--no-schema', '--format', 'json', '-'], SERVICE).out).toBe(cli(['check', '--no-schema', '--json', '-'], SERVICE).out);
    expect(cli(['check', '--no-schema', '--format=sarif', '-'], SERVICE).out).toBe(cli(['check', '--no-schema', '--sarif', '-'], SERVICE).out);
    expect(cli(['check', '--format', 'json', '--json', '-'], SERVICE).status).toBe(0 + 1);
    expect(cli(['check', '--format', 'yaml', '-'])).toMatchObject({ status: 2, err: expect.stringContaining('--format: "yaml" is not a format; valid: human, json, sarif, junit, github') });
  });
});

describe('suppressions', () => {
  const ANNOTATED = SERVICE.replace('metadata: {name: zk, namespace: zk}', 'metadata: {name: zk, namespace: zk, annotations: {istio-direct/ignore-ID101: "the port moves in v2"}}');
  it('an annotation silences the finding and the summary counts it', () => {
    expect(cli(['check', '--no-schema', '-'], ANNOTATED).out).toBe('0 errors, 0 warnings, 0 infos; 1 object checked in 1 file; 1 finding suppressed');
  });
  it.each([['ID101=Service zk/zk'], ['ID101=Service zk/*'], ['ID101=* */z?'], ['ID101=Service zk'], ['ID101=*'], ['id101=Service zk/zk']])('-S %s silences it', (target) => {
    const r = cli(['check', '--no-schema', '-S', target, '-'], SERVICE);
    expect(r.out).toBe('0 errors, 0 warnings, 0 infos; 1 object checked in 1 file; 1 finding suppressed');
    expect(r.status).toBe(0);
  });
  it.each([['ID101=Service other/zk'], ['ID102=Service zk/zk'], ['ID101=Deployment zk/zk']])('--suppress %s does not', (target) => {
    expect(cli(['check', '--no-schema', '--suppress', target, '-'], SERVICE).status).toBe(1);
  });
  it.each([
    ['ID101', '--suppress: "ID101" is not CODE=OBJECT'],
    ['ID999=Service a/b', '--suppress: unknown code "ID999"'],
    ['ID101=Service a/b c', '--suppress: "Service a/b c" is not an object: write "Kind namespace/name"'],
  ])('a bad --suppress %s is a usage error', (value, message) => {
    expect(cli(['check', '--suppress', value, '-'])).toMatchObject({ status: 2, err: expect.stringContaining(message) });
  });
});

describe('what is read', () => {
  it('--exclude (repeatable) leaves out matching paths in a walk; a named excluded file is counted', () => {
    const dir = tempDir({ 'a/zk.yaml': SERVICE, 'b/zk.tmpl.yaml': SERVICE, 'c/zk.yaml': SERVICE });
    const r = cli(['check', '--no-schema', '--exclude', '*.tmpl.yaml', `--exclude=${path.join(dir, 'c')}/**`, dir]);
    expect(r.out.split('\n').filter((l) => l.includes('ID101'))).toEqual([expect.stringContaining(path.join(dir, 'a', 'zk.yaml'))]);
    const named = cli(['check', '--no-schema', '--exclude', '*.tmpl.yaml', path.join(dir, 'b', 'zk.tmpl.yaml')]);
    expect(named).toMatchObject({ status: 0, out: '0 errors, 0 warnings, 0 infos; 0 objects checked in 0 files; 1 path excluded' });
  });
  it('an empty input is still an error; skipped files are not', () => {
    expect(cli(['check', '--no-schema', tempDir({ 'node_modules/x/a.yaml': SERVICE })]).status).toBe(1);
    expect(cli(['check', '--no-schema', tempDir({ 'values.yaml': 'a: 1\n' })])).toMatchObject({ status: 0, out: '0 errors, 0 warnings, 0 infos; 0 objects checked in 0 files; 1 file skipped: not Kubernetes objects' });
  });
  it('a Helm chart named directly, a folder or a file in one: one line on how to render it', () => {
    const dir = tempDir({ 'web/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 0.1.0\n', 'web/templates/svc.yaml': 'name: {{ .Release.Name }}\n' });
    const expected = `${path.join(dir, 'web')}: note: a Helm chart (Chart.yaml): its templates are not read; render and check it: helm template ${path.join(dir, 'web')} | istio-direct check -`;
    expect(cli(['check', path.join(dir, 'web')]).out.split('\n')[0]).toBe(expected);
    expect(cli(['check', path.join(dir, 'web', 'templates')]).out.split('\n')[0]).toBe(expected);
    const files = cli(['check', path.join(dir, 'web', 'Chart.yaml'), path.join(dir, 'web', 'templates', 'svc.yaml')]);
    expect(files.out.split('\n')).toEqual([expected, '0 errors, 0 warnings, 0 infos; 0 objects checked in 0 files; 1 Helm chart not read (render it: see above)']);
    expect(files.status).toBe(0);
  });
});

describe('cluster assumptions', () => {
  const seen = optionsSeenByCheck();

  it('--mesh-mtls, --root-namespace, --cluster-domain, --istio-version, --kubernetes-version reach the check', () => {
    cli(['check', '--no-schema', '--mesh-mtls', 'strict', '--root-namespace', 'mesh-root', '--cluster-domain', 'corp.example', '--istio-version', '1.22', '--kubernetes-version', '1.28', '-'], SERVICE);
    expect(seen()).toMatchObject({ meshMtlsMode: 'STRICT', rootNamespace: 'mesh-root', clusterDomain: 'corp.example', istioVersion: { major: 1, minor: 22 } });
  });

  it.each([
    [['--mesh-mtls', 'MUTUAL'], '--mesh-mtls: "MUTUAL" is not an mTLS mode; valid: STRICT, PERMISSIVE, DISABLE, UNSET'],
    [['--root-namespace', 'Istio_System'], '--root-namespace: "Istio_System" is not a namespace name'],
    [['--cluster-domain', 'cluster..local'], '--cluster-domain: "cluster..local" is not a DNS domain'],
    [['--istio-version', 'latest'], '--istio-version: "latest" is not an Istio release; write major.minor, e.g. 1.24'],
    [['--kubernetes-version', '1.29'], '--kubernetes-version: "1.29" is not a Kubernetes version this package ships schemas for; valid: 1.28, 1.33'],
  ])('%j is a usage error', (flags, message) => {
    const r = cli(['check', ...flags, '-'], SERVICE);
    expect(r.status).toBe(2);
    expect(r.err.split('\n')[1]).toBe('(istio-direct check -h for help)');
    expect(r.err.split('\n')[0].startsWith(`istio-direct check: ${message}`)).toBe(true);
  });
});

describe('messages', () => {
  it('one prefix: an error that says istio-direct: itself is not printed as istio-direct check: istio-direct: …', () => {
    jest.isolateModules(() => {
      jest.doMock('../../lib/check/run', () => ({
        checkInputs: () => {
          const e = new Error('istio-direct: schema validation needs the optional package kubernetes-models (not installed). Install it: npm i -D kubernetes-models');
          e.name = 'MissingPackageError';
          throw e;
        },
      }));
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const isolated = require('../../lib/cli/main') as typeof import('../../lib/cli/main');
      const err: string[] = [];
      expect(isolated.main(['check', '-'], { out: () => undefined, err: (t) => err.push(t), stdin: () => SERVICE })).toBe(2);
      expect(err).toEqual(['istio-direct check: schema validation needs the optional package kubernetes-models (not installed). Install it: npm i -D kubernetes-models']);
    });
  });
});

test('every flag of the usage is documented in the README', () => {
  const usage = cli(['--help']).out;
  const flags = [...new Set(usage.match(/(?<![\w-])--?[a-zA-Z][\w-]*/g))];
  expect(flags).toEqual(expect.arrayContaining(['--format', '--fail-on', '--config', '--exclude', '-S', '--suppress', '--mesh-mtls', '--root-namespace', '--cluster-domain', '--kubernetes-version', '--version']));
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  expect(flags.filter((f) => !readme.includes(`\`${f}`) && !readme.includes(`, \`${f}`))).toEqual([]);
});
