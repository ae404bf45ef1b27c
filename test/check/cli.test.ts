import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { cli, listing, SERVICE, tempDir } from './helpers';

const ROOT = path.join(__dirname, '..', '..');
const CRDS = path.join(ROOT, 'test', 'validate', 'fixtures', 'crd', 'probe-crd.yaml');

const NAMESPACE_LESS = 'apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {clusterIP: None, selector: {app: web}, ports: [{port: 80, targetPort: 8080}]}\n';

describe('istio-direct check: output', () => {
  let dir: string;
  let file: string;
  beforeAll(() => {
    dir = tempDir({
      'zk.yaml': `${SERVICE}---\napiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata: {name: c}\n---\napiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata: {name: d}\n`,
      'empty.json': '',
    });
    file = path.join(dir, 'zk.yaml');
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('prints one line per finding and a summary; exits 1 on errors', () => {
    const r = cli(['check', '--no-schema', dir]);
    expect(r.status).toBe(1);
    expect(r.out.split('\n')).toEqual([
      `${path.join(dir, 'empty.json')}: warning ID905 no objects: the file is empty or holds only empty documents`,
      `${file}:7:42: error ID101 Service zk/zk spec.ports[0].targetPort: targetPort 12181 differs from port 2181: clients of a headless Service connect to podIP:2181 and Istio builds its per-pod listeners on the Service port, so the port and targetPort must be equal; set targetPort to 2181 (or leave it out) and make the container listen on 2181`,
      '1 error, 1 warning, 0 infos; 1 object checked in 2 files; 2 objects of unknown kinds skipped (cert-manager.io/v1/Certificate ×2)',
    ]);
    expect(r.err).toBe('');
  });

  it('prints a JSON array with --json', () => {
    const r = cli(['check', '--no-schema', '--json', file]);
    expect(r.status).toBe(1);
    expect(JSON.parse(r.out)).toEqual([
      { rule: 'ID101', severity: 'error', file, line: 7, column: 42, kind: 'Service', namespace: 'zk', name: 'zk', path: 'spec.ports[0].targetPort', message: expect.stringContaining('targetPort 12181') },
    ]);
  });

  it('prints SARIF 2.1.0 with --sarif', () => {
    const r = cli(['check', '--no-schema', '--sarif', dir]);
    const log = JSON.parse(r.out);
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    const driver = log.runs[0].tool.driver;
    expect(driver.name).toBe('istio-direct');
    const id101 = driver.rules.find((x: { id: string }) => x.id === 'ID101');
    expect(id101).toEqual({
      id: 'ID101', name: 'headless-target-port', shortDescription: { text: 'A headless Service port has a targetPort different from its port' },
      fullDescription: { text: expect.stringMatching(/^A port of a headless Service \(`clusterIP: None`, with a selector\) whose `targetPort` is not its `port`/) },
      helpUri: 'https://github.com/istio-direct/istio-direct/blob/main/docs/rules/ID101.md',
      help: { text: 'A headless Service port has a targetPort different from its port. See https://github.com/istio-direct/istio-direct/blob/main/docs/rules/ID101.md', markdown: expect.stringMatching(/^# ID101 headless-target-port[\s\S]*## How to fix/) },
      defaultConfiguration: { level: 'error' },
    });
    expect(driver.rules.map((x: { id: string }) => x.id)).toEqual(expect.arrayContaining(['ID501', 'ID502', 'ID503', 'ID900', 'ID905']));
    expect(log.runs[0].results).toEqual([
      { ruleId: 'ID905', ruleIndex: expect.any(Number), level: 'warning', message: { text: 'no objects: the file is empty or holds only empty documents' }, locations: [{ physicalLocation: { artifactLocation: { uri: path.join(dir, 'empty.json') } } }] },
      { ruleId: 'ID101', ruleIndex: 0, level: 'error', message: { text: expect.stringMatching(/^Service zk\/zk spec.ports\[0\].targetPort: targetPort 12181/) }, locations: [{ physicalLocation: { artifactLocation: { uri: file }, region: { startLine: 7, startColumn: 42 } } }] },
    ]);
    expect(r.status).toBe(1);
  });

  it('never writes anything', () => {
    const before = listing(dir);
    cli(['check', dir]);
    cli(['check', '--sarif', '--json', dir]);
    expect(listing(dir)).toEqual(before);
  });
});

describe('istio-direct check: options', () => {
  it('--disable (repeatable, comma lists) drops codes; exit 0 with warnings only', () => {
    const dir = tempDir({ 'a.yaml': SERVICE, 'b.json': '' });
    expect(cli(['check', '--no-schema', '--disable', 'ID101', dir]).status).toBe(0);
    expect(cli(['check', '--no-schema', '--disable=id905,ID101', dir]).out).toMatch(/^0 errors, 0 warnings/);
    expect(cli(['check', '--no-schema', '--disable', 'ID905', '--disable', 'ID101', dir]).out).toMatch(/^0 errors, 0 warnings/);
  });

  it('--namespace sets the namespace of objects that do not say', () => {
    const r = cli(['check', '--no-schema', '--namespace', 'shop', '-'], NAMESPACE_LESS);
    expect(r.out).toContain('<stdin>:4:66: error ID101 Service shop/web spec.ports[0].targetPort: ');
    expect(cli(['check', '--no-schema', '-'], NAMESPACE_LESS).out).toContain('Service default/web ');
  });

  it('--istio-version is passed to the rules and checked', () => {
    expect(cli(['check', '--no-schema', '--istio-version', '1.22.3', '-'], SERVICE).status).toBe(1);
    const bad = cli(['check', '--istio-version', 'latest', '-'], SERVICE);
    expect(bad.status).toBe(2);
    expect(bad.err).toContain('--istio-version: "latest" is not an Istio release; write major.minor, e.g. 1.24');
  });

  it('--explain prints a rule page, a schema code, or fails with 2', () => {
    const r = cli(['check', '--explain', 'id101']);
    expect(r.status).toBe(0);
    expect(r.out.split('\n')[0]).toBe('# ID101 headless-target-port: A headless Service port has a targetPort different from its port');
    expect(cli(['check', '--explain', 'ID901']).out).toContain('ID901 kubernetes-schema (error)');
    expect(cli(['check', '--explain', 'ID777'])).toMatchObject({ status: 2, err: expect.stringContaining('unknown code "ID777"') });
  });

  it('runs the schema validation by default and passes --istio-crds to it', () => {
    const probe = 'apiVersion: example.istio.io/v1\nkind: Probe\nmetadata: {name: p, namespace: ns}\nspec:\n  portLevel: {"8080": {mode: "OFF"}}\n';
    const withCrds = cli(['check', '--istio-crds', CRDS, '-'], probe);
    expect(withCrds.status).toBe(1);
    expect(withCrds.out).toContain('<stdin>:4:1: error ID902 Probe ns/p spec: portLevel requires selector');
    const without = cli(['check', '-'], probe);
    expect(without.status).toBe(0);
    // Without --istio-crds, the shipped CRDs of Istio are used; they have no such (test) kind.
    expect(without.out).toContain('warning ID905 Probe ns/p (root): unknown kind example.istio.io/v1/Probe: not in the CRDs of Istio 1.30 (shipped with istio-direct), not validated');
    expect(cli(['check', '--istio-crds', '/nonexistent/crds.yaml', '-'], probe).status).toBe(2);
  }, 60_000);

  it('applies suppression annotations to schema findings too', () => {
    const svc = 'apiVersion: v1\nkind: Service\nmetadata: {name: a, annotations: {istio-direct/ignore-ID901: "typo kept on purpose"}}\nspec: {clusterIp: None, ports: [{port: 80}]}\n';
    expect(cli(['check', '--disable', 'ID102', '-'], svc).out).toMatch(/^0 errors, 0 warnings/);
    expect(cli(['check', '-'], svc.replace('ID901', 'ID101')).out).toContain('error ID901 Service default/a spec.clusterIp');
  }, 60_000);

  it('--no-schema never loads the validator', () => {
    jest.isolateModules(() => {
      jest.doMock('../../lib/schema', () => {
        throw new Error('the validator was loaded');
      });
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { main } = require('../../lib/cli/main') as typeof import('../../lib/cli/main');
      const out: string[] = [];
      expect(main(['check', '--no-schema', '-'], { out: (t) => out.push(t), err: (t) => out.push(t), stdin: () => SERVICE })).toBe(1);
      expect(out.join('\n')).toContain('error ID101');
      expect(main(['check', '-'], { out: (t) => out.push(t), err: (t) => out.push(t), stdin: () => SERVICE })).toBe(3);
    });
  });

  it('an input with no object at all fails (empty stdin, empty folder); one empty file among manifests warns', () => {
    const empty = cli(['check', '--no-schema', '-'], '');
    expect(empty.status).toBe(1);
    expect(empty.out).toContain('error ID900 no objects to check: the input is empty');
    const dir = tempDir({ 'empty.yaml': '', 'sub/also-empty.json': '' });
    expect(cli(['check', '--no-schema', dir]).status).toBe(1);
    const mixed = tempDir({ 'empty.yaml': '', 'svc.yaml': SERVICE });
    const r = cli(['check', '--no-schema', '--disable', 'ID101', mixed]);
    expect(r.out).toContain('warning ID905 no objects: the file is empty');
    expect(r.out).not.toContain('ID900');
  });

  it('-h prints the usage', () => {
    for (const argv of [['-h'], ['check', '-h'], ['check', '--help'], ['validate', '-h']]) {
      const r = cli(argv);
      expect(r.status).toBe(0);
      expect(r.out).toContain('usage: istio-direct check [options] [paths...|-]');
    }
  });
});

describe('istio-direct check: usage errors and crashes', () => {
  it.each([
    [['check', '--frobnicate', '.'], 'unknown option "--frobnicate"'],
    [['check'], 'no paths given (use - to read standard input)'],
    [['check', '/nonexistent/dir'], 'no such file or directory: /nonexistent/dir'],
    [['check', '.', '--disable'], '--disable needs a value'],
    [['check', '--disable', 'ID999', '.'], '--disable: unknown code "ID999"'],
    [['check', '--namespace', 'Bad_NS', '.'], '--namespace: "Bad_NS" is not a namespace name'],
    [['check', '--json', '--sarif', '.'], 'choose one output format (--format json, --format sarif given)'],
    [['frobnicate'], 'unknown command "frobnicate"'],
    [[], 'no command given'],
  ])('exits 2 for %j', (argv, message) => {
    const r = cli(argv);
    expect(r.status).toBe(2);
    expect(r.err).toContain(message);
    expect(r.out).toBe('');
  });

  it('validate is an alias of check, with dist/ as the default path', () => {
    const cwd = process.cwd();
    const dir = tempDir({ 'dist/zk.yaml': SERVICE });
    try {
      process.chdir(dir);
      expect(cli(['validate', '--no-schema']).out).toContain('dist/zk.yaml:7:42: error ID101');
      process.chdir(path.join(dir, 'dist'));
      expect(cli(['validate'])).toMatchObject({ status: 2, err: expect.stringContaining('no such file or directory: dist') });
    } finally {
      process.chdir(cwd);
    }
  });

  it('exits 3 on an internal error with one line, the stack only with ISTIO_DIRECT_DEBUG=1', () => {
    jest.isolateModules(() => {
      jest.doMock('../../lib/check/run', () => ({
        checkInputs: () => {
          throw new TypeError('boom');
        },
      }));
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { main } = require('../../lib/cli/main') as typeof import('../../lib/cli/main');
      const run = () => {
        const err: string[] = [];
        const status = main(['check', '-'], { out: () => undefined, err: (t) => err.push(t), stdin: () => SERVICE });
        return { status, err: err.join('\n') };
      };
      expect(run()).toEqual({ status: 3, err: 'istio-direct check: internal error: boom (this is a bug; set ISTIO_DIRECT_DEBUG=1 for details)' });
      process.env.ISTIO_DIRECT_DEBUG = '1';
      try {
        expect(run().err).toMatch(/TypeError: boom\n\s+at /);
      } finally {
        delete process.env.ISTIO_DIRECT_DEBUG;
      }
    });
  });

  it.each([
    ['malformed YAML', 'a.yaml', 'kind: [\n', /a\.yaml:2:1: error ID900 invalid YAML: /],
    ['malformed JSON', 'a.json', '{"kind": ', /a\.json:1:10: error ID900 invalid JSON: /],
    ['a document without kind', 'a.yaml', 'apiVersion: v1\nmetadata: {name: x}\n', /a\.yaml:1:1: error ID900 document 0 has no kind: /],
    ['UTF-16', 'a.yaml', Buffer.from('\ufeffkind: x\n', 'utf16le'), /a\.yaml: error ID900 the file is UTF-16 \(little-endian\)/],
    ['a deeply nested JSON', 'a.json', '['.repeat(100_000) + ']'.repeat(100_000), /a\.json: error ID900 nested more than 256 levels deep: not read/],
  ])('reports %s as a finding naming the file, never a stack trace', (_what, name, content, line) => {
    const dir = tempDir({ [name]: content });
    const r = cli(['check', '--no-schema', dir]);
    expect(r.status).toBe(1);
    expect(r.out).toMatch(line);
    expect(r.out).not.toMatch(/\n\s+at /);
    expect(r.err).toBe('');
  });
});

test('bin/istio-direct.js reads standard input (one real process)', () => {
  const run = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'istio-direct.js'), 'check', '--no-schema', '--json', '-'], { input: SERVICE, encoding: 'utf8', timeout: 120_000 });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(1);
  expect(JSON.parse(run.stdout).map((f: { rule: string; file: string }) => [f.rule, f.file])).toEqual([['ID101', '<stdin>']]);
}, 120_000);
