/**
 * `check .` in a realistic repository (test/check/support/repository.ts): everything that is not a
 * Kubernetes manifest is skipped (node_modules, dot-folders, npm and TypeScript configuration,
 * values and workflow files, the Helm chart with one line on how to render it), and exactly the one
 * planted mistake is reported, at its position, in every output format.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { cli } from './helpers';
import { PLANTED, realisticRepository } from './support/repository';

const ROOT = path.join(__dirname, '..', '..');
const HELM_NOTE = 'charts/web: note: a Helm chart (Chart.yaml): its templates are not read; render and check it: helm template charts/web | istio-direct check -';

describe('check . in a realistic repository', () => {
  let repo: string;
  let cwd: string;
  beforeAll(() => {
    repo = realisticRepository();
    cwd = process.cwd();
    process.chdir(repo);
  });
  afterAll(() => {
    process.chdir(cwd);
    fs.rmSync(repo, { recursive: true, force: true });
  });

  /** `check . --format <f>` in the repository, in-process. */
  const check = (...args: string[]) => cli(['check', ...args, '.']);

  /** The planted finding's position: the line and column of its field (`targetPort`). */
  function expectedPosition(): { line: number; column: number } {
    return { line: PLANTED.fieldLine, column: PLANTED.fieldColumn };
  }

  it('human: the planted finding, the Helm line, a summary counting what was skipped; exit 1', () => {
    const r = check();
    const lines = r.out.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^dist\/app\.k8s\.yaml:21:7: error ID101 Service zk\/zk spec\.ports\[0\]\.targetPort: targetPort 12181 differs from port 2181/);
    expect(lines[1]).toBe(HELM_NOTE);
    // Skipped: package.json, package-lock.json, tsconfig.json, cdk8s.yaml, imports/k8s.json, config/app-settings.yaml
    // (node_modules, .github and .eslintrc.json are not entered or counted).
    expect(lines[2]).toBe('1 error, 0 warnings, 0 infos; 3 objects checked in 1 file; 6 files skipped: not Kubernetes objects; 1 Helm chart not read (render it: see above)');
    expect(r.err).toBe('');
    expect(r.status).toBe(1);
  });

  it('json: exactly the planted finding with its line and column', () => {
    const r = check('--json');
    expect(JSON.parse(r.out)).toEqual([
      { rule: PLANTED.code, severity: 'error', file: PLANTED.file, ...expectedPosition(), ...PLANTED.object, path: PLANTED.path, message: expect.stringMatching(/^targetPort 12181 differs from port 2181/) },
    ]);
    expect(r.err).toBe(HELM_NOTE);
    expect(r.status).toBe(1);
  });

  it('sarif: exactly the planted finding, its region, and the rule with its help', () => {
    const r = check('--format=sarif');
    const run = JSON.parse(r.out).runs[0];
    const { line, column } = expectedPosition();
    expect(run.results).toEqual([{
      ruleId: PLANTED.code, ruleIndex: expect.any(Number), level: 'error',
      message: { text: expect.stringMatching(/^Service zk\/zk spec\.ports\[0\]\.targetPort: targetPort 12181 differs/) },
      locations: [{ physicalLocation: { artifactLocation: { uri: PLANTED.file }, region: { startLine: line, startColumn: column } } }],
    }]);
    const rule = run.tool.driver.rules[run.results[0].ruleIndex];
    expect(rule.id).toBe(PLANTED.code);
    expect(rule.help.markdown).toMatch(/^# ID101 /);
    expect(r.status).toBe(1);
  });

  it('junit: one failing test case, the planted finding', () => {
    const r = check('--format', 'junit');
    expect(r.out).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="istio-direct check" tests="1" failures="1" errors="0">/);
    const cases = r.out.match(/<testcase [^>]*>/g) ?? [];
    expect(cases).toEqual([`<testcase classname="${PLANTED.file}" name="ID101 Service zk/zk spec.ports[0].targetPort">`]);
    const { line, column } = expectedPosition();
    expect(r.out).toContain(`<failure message="targetPort 12181 differs from port 2181`);
    expect(r.out).toContain(`error ID101 ${PLANTED.file}:${line}:${column}: targetPort 12181`);
    expect(r.status).toBe(1);
  });

  it('github: one error annotation at the planted finding, then the Helm line and the summary', () => {
    const r = check('--format', 'github');
    const { line, column } = expectedPosition();
    const lines = r.out.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(new RegExp(`^::error file=dist/app\\.k8s\\.yaml,line=${line},col=${column},title=ID101 headless-target-port::Service zk/zk spec\\.ports\\[0\\]\\.targetPort: targetPort 12181 differs`));
    expect(lines[1]).toBe(HELM_NOTE);
    expect(lines[2]).toMatch(/^1 error, 0 warnings, 0 infos; /);
    expect(r.status).toBe(1);
  });

  it('the same from the real command (bin/istio-direct.js), run in the repository', () => {
    const run = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'istio-direct.js'), 'check', '--format', 'json', '.'], { cwd: repo, encoding: 'utf8', timeout: 120_000, env: { ...process.env, ISTIO_DIRECT_FROM_SOURCE: '1' } });
    expect(JSON.parse(run.stdout).map((f: { rule: string; file: string }) => [f.rule, f.file])).toEqual([[PLANTED.code, PLANTED.file]]);
    expect(run.stderr).toBe(`${HELM_NOTE}\n`);
    expect(run.status).toBe(1);
  }, 120_000);

  it('a folder inside node_modules or a dot-folder is read when named', () => {
    expect(cli(['check', '--no-schema', '--json', 'node_modules/some-chart']).out).toContain('"rule": "ID101"');
    expect(cli(['check', '--no-schema', 'node_modules/cdk8s']).out).toMatch(/node_modules\/cdk8s\/lib\/broken\.yaml:2:1: error ID900 invalid YAML/);
    expect(cli(['check', '--no-schema', '.github']).out).toBe('0 errors, 0 warnings, 0 infos; 0 objects checked in 0 files; 2 files skipped: not Kubernetes objects');
  });
});
