/**
 * The repository's GitHub Action (action.yml) and pre-commit hook (.pre-commit-hooks.yaml), each
 * run as its host would run it: the action's script with its inputs in the environment (npx
 * replaced by a stand-in that runs this checkout's CLI), the hook's entry with the changed files
 * as arguments.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { tempDir } from './helpers';
import { PLANTED, realisticRepository } from './support/repository';

const ROOT = path.join(__dirname, '..', '..');

/** The environment of a child process: this one's, without colour (jest's workers may have FORCE_COLOR set). */
function plainEnv(): Record<string, string> {
  const env = { ...process.env, ISTIO_DIRECT_FROM_SOURCE: '1', NO_COLOR: '1' } as Record<string, string>;
  delete env.FORCE_COLOR;
  return env;
}
const BIN = path.join(ROOT, 'bin', 'istio-direct.js');
const PACKAGE = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string; files: string[] };

interface Action {
  inputs: Record<string, { default: string; required: boolean; description: string }>;
  runs: { using: string; steps: Array<{ shell: string; run: string; env: Record<string, string> }> };
}

const action = parse(fs.readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as Action;

let repo: string;
beforeAll(() => {
  repo = realisticRepository();
});
afterAll(() => fs.rmSync(repo, { recursive: true, force: true }));

describe('action.yml', () => {
  /** A directory with an `npx` that logs its first two arguments and runs this checkout's CLI with the rest. */
  function fakeNpx(): { dir: string; log: string } {
    const dir = tempDir();
    const log = path.join(dir, 'npx.log');
    fs.writeFileSync(path.join(dir, 'npx'), `#!/bin/sh\nprintf '%s %s\\n' "$1" "$2" >> "${log}"\nshift 2\nexec "${process.execPath}" "${BIN}" "$@"\n`, { mode: 0o755 });
    return { dir, log };
  }

  /** Runs the action's step as the runner does: bash, the inputs (defaults unless given) in INPUT_* variables. */
  function runAction(inputs: Record<string, string> = {}): { status: number | null; out: string; err: string; npx: string } {
    const step = action.runs.steps[0];
    const npx = fakeNpx();
    const env: Record<string, string> = { ...plainEnv(), PATH: `${npx.dir}${path.delimiter}${process.env.PATH}` };
    for (const [name, value] of Object.entries(step.env)) {
      const input = /^\$\{\{ inputs\.([a-z-]+) \}\}$/.exec(value)![1];
      env[name] = inputs[input] ?? action.inputs[input].default;
    }
    const r = spawnSync('bash', ['-c', step.run], { cwd: repo, env, encoding: 'utf8', timeout: 120_000 });
    const logged = fs.existsSync(npx.log) ? fs.readFileSync(npx.log, 'utf8') : '';
    fs.rmSync(npx.dir, { recursive: true, force: true });
    return { status: r.status, out: r.stdout, err: r.stderr, npx: logged };
  }

  it('is a composite action whose inputs reach the script through the environment only', () => {
    expect(action.runs.using).toBe('composite');
    expect(Object.keys(action.inputs).sort()).toEqual(['args', 'config', 'fail-on', 'format', 'output', 'paths', 'version']);
    expect(action.runs.steps[0].run).not.toContain('${{');
    // The packaged CLI of the same release as this checkout.
    expect(action.inputs.version.default).toBe(PACKAGE.version);
  });

  it('with the defaults: GitHub annotations for the planted mistake, the step fails', () => {
    const r = runAction();
    expect(r.npx).toBe(`--yes istio-direct@${PACKAGE.version}\n`);
    expect(r.out.split('\n')[0]).toMatch(/^::error file=dist\/app\.k8s\.yaml,line=\d+,(col=\d+,)?title=ID101 headless-target-port::Service zk\/zk/);
    expect(r.status).toBe(1);
  }, 120_000);

  it('paths, format, fail-on, config, args and output inputs', () => {
    fs.writeFileSync(path.join(repo, 'ci-config.yaml'), `suppress:\n  - code: ID101\n    object: Service zk/zk\n    reason: the planted mistake, silenced for this test\n`);
    try {
      const sarif = path.join(repo, 'out.sarif');
      const r = runAction({ paths: 'dist\n  charts', format: 'sarif', 'fail-on': 'info', config: 'ci-config.yaml', args: '--istio-version 1.24 --mesh-mtls STRICT', output: 'out.sarif' });
      expect(r.out).toBe('');
      expect(JSON.parse(fs.readFileSync(sarif, 'utf8')).runs[0].results).toEqual([]);
      expect(r.status).toBe(0);
      expect(runAction({ paths: 'dist', format: 'json', 'fail-on': 'error' }).status).toBe(1);
      const bad = runAction({ format: 'xml' });
      expect(bad.err).toContain('--format: "xml" is not a format; valid: human, json, sarif, junit, github');
      expect(bad.status).toBe(2);
    } finally {
      fs.rmSync(path.join(repo, 'ci-config.yaml'), { force: true });
      fs.rmSync(path.join(repo, 'out.sarif'), { force: true });
    }
  }, 120_000);
});

describe('.pre-commit-hooks.yaml', () => {
  const hooks = parse(fs.readFileSync(path.join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Array<{ id: string; entry: string; language: string; files: string; pass_filenames: boolean }>;
  const hook = hooks.find((h) => h.id === 'istio-direct-check')!;

  /** The files of the repository pre-commit would pass: tracked ones (not node_modules) matching `files`. */
  function changedFiles(): string[] {
    const out: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(path.join(repo, dir), { withFileTypes: true })) {
        const rel = dir === '' ? e.name : `${dir}/${e.name}`;
        if (e.isDirectory() && e.name !== 'node_modules') walk(rel);
        else if (e.isFile() && new RegExp(hook.files).test(rel)) out.push(rel);
      }
    };
    walk('');
    return out.sort();
  }

  /** Runs the hook's entry (`istio-direct` is this checkout's bin) with the files as arguments. */
  function runHook(files: readonly string[]): { status: number | null; out: string; err: string } {
    const [command, ...args] = hook.entry.split(' ');
    expect(command).toBe('istio-direct');
    const r = spawnSync(process.execPath, [BIN, ...args, ...files], { cwd: repo, encoding: 'utf8', timeout: 120_000, env: plainEnv() });
    return { status: r.status, out: r.stdout, err: r.stderr };
  }

  it('is a node hook running the installed command on the changed YAML and JSON files', () => {
    expect(hook).toMatchObject({ language: 'node', entry: 'istio-direct check', pass_filenames: true });
    expect(['a.yaml', 'b/c.yml', 'd.json'].every((f) => new RegExp(hook.files).test(f))).toBe(true);
    expect(['a.md', 'main.ts', 'yaml.txt'].some((f) => new RegExp(hook.files).test(f))).toBe(false);
    // language: node installs the package pre-commit packs from this repository: the entry is its bin.
    expect(Object.keys((JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { bin: object }).bin)).toContain('istio-direct');
  });

  it('every changed file of a repository: the planted mistake fails the commit, the rest is skipped', () => {
    const files = changedFiles();
    expect(files).toEqual(expect.arrayContaining([PLANTED.file, '.github/workflows/ci.yml', 'charts/web/Chart.yaml', 'charts/web/templates/service.yaml', 'package.json', 'tsconfig.json']));
    const r = runHook(files);
    expect(r.out.split('\n').filter((l) => / (error|warning|info) ID\d{3} /.test(l))).toEqual([`${PLANTED.file}:${PLANTED.fieldLine}:${PLANTED.fieldColumn}: error ID101 Service zk/zk spec.ports[0].targetPort: targetPort 12181 differs from port 2181: clients of a headless Service connect to podIP:2181 and Istio builds its per-pod listeners on the Service port, so the port and targetPort must be equal; set targetPort to 2181 (or leave it out) and make the container listen on 2181`]);
    expect(r.status).toBe(1);
  }, 120_000);

  it('a commit without the mistake passes, even with only non-Kubernetes or Helm files', () => {
    const files = changedFiles().filter((f) => f !== PLANTED.file);
    const r = runHook(files);
    expect(r.out).toContain('charts/web: note: a Helm chart');
    expect(r.status).toBe(0);
    expect(runHook(['package.json']).status).toBe(0);
  }, 120_000);
});
