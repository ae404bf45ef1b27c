/**
 * Rule warnings of a synth: one short summary per synth, on standard error, that can be turned off;
 * the validation plugin does not list them again (issue #21).
 */
import { spawnSync } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { App, Chart, Testing } from 'cdk8s';
import { configureRules, EchoService, HeadlessMeshService, rulesFindings } from '../../lib/cdk8s';
import { IstioDirectValidation } from '../../lib/cli/cdk8s-plugin';

const ROOT = resolve(__dirname, '..', '..');

/** Two Services giving the echo pods' 8080 different protocols: one ID106 warning. */
function appWithWarning(app: App = Testing.app()): App {
  for (const id of ['a', 'b']) {
    const chart = new Chart(app, id);
    if (id === 'a') {
      const echo = new EchoService(chart, 'echo', { name: 'echo' });
      new HeadlessMeshService(chart, 'pods', { name: 'echo-pods', target: echo });
    }
  }
  return app;
}

/** What `fn` writes to standard error. */
function stderrOf(fn: () => void): string {
  const spy = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    fn();
    return spy.mock.calls.map((c) => String(c[0])).join('');
  } finally {
    spy.mockRestore();
  }
}

describe('the warnings summary of a synth', () => {
  afterEach(() => {
    delete process.env.ISTIO_DIRECT_RULES_SUMMARY;
  });

  test('printed once per synth (every chart written), one line per warning, with code, object and construct path', () => {
    const app = appWithWarning();
    const out = stderrOf(() => app.synth());
    expect(out.match(/^istio-direct: /gm)).toHaveLength(1);
    expect(out).toMatch(/^istio-direct: 1 rule warning \(configureRules\(app, \{ summary: false \}\) or ISTIO_DIRECT_RULES_SUMMARY=off hides this summary\):\n/);
    expect(out).toMatch(/^ {2}ID106 Service default\/echo(-pods)? \(construct a\/(echo|pods)\/Resource\): .{1,160} \(istio-direct check --explain ID106\)$/m);
    expect(out.trimEnd().split('\n')).toHaveLength(2);
    // A second synth is a second summary.
    expect(stderrOf(() => app.synth()).match(/^istio-direct: /gm)).toHaveLength(1);
  });

  test('rulesFindings and Testing.synth of a chart print nothing', () => {
    const app = appWithWarning();
    expect(stderrOf(() => rulesFindings(app))).toBe('');
    expect(stderrOf(() => Testing.synth(app.node.findChild('a') as Chart))).toBe('');
  });

  test('turned off by configureRules(app, { summary: false }) or ISTIO_DIRECT_RULES_SUMMARY=off', () => {
    const app = appWithWarning();
    configureRules(app, { summary: false });
    expect(stderrOf(() => app.synth())).toBe('');
    expect(rulesFindings(app).map((f) => f.rule)).toContain('ID106');
    process.env.ISTIO_DIRECT_RULES_SUMMARY = 'off';
    expect(stderrOf(() => appWithWarning().synth())).toBe('');
  });

  test('a clean synth prints nothing', () => {
    const app = Testing.app();
    new EchoService(new Chart(app, 'c'), 'echo');
    expect(stderrOf(() => app.synth())).toBe('');
  });
});

describe('the validation plugin after a synth that printed the summary', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'istio-direct-summary-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function pluginLog(manifests: string[]): Promise<string[]> {
    const logged: string[] = [];
    await new IstioDirectValidation({ disable: ['ID905'] }).validate({
      manifests,
      logger: { log: (m) => logged.push(m) },
      report: { addViolation: () => undefined, submit: () => undefined },
    });
    return logged;
  }

  test('does not list the rule warnings of istio-direct objects again; lists them for other manifests', async () => {
    const app = appWithWarning(new App({ outdir: dir }));
    stderrOf(() => app.synth());
    const ours = await pluginLog([join(dir, 'a.k8s.yaml')]);
    expect(ours.join('\n')).not.toContain('ID106');
    expect(ours).toContain("1 rule warning(s): listed in the synth's istio-direct summary above");

    const plain = join(dir, 'plain.yaml');
    const yaml = (name: string, protocol: string, port: number) =>
      `apiVersion: v1\nkind: Service\nmetadata: {name: ${name}}\nspec:\n  selector: {app: web}\n  ports: [{name: p, port: ${port}, targetPort: 8080, appProtocol: ${protocol}}]\n`;
    const deployment = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: web, image: "nginx:1.27", ports: [{containerPort: 8080}]}]}\n';
    writeFileSync(plain, [yaml('a', 'http', 80), yaml('b', 'tcp', 81), deployment].join('---\n'));
    expect((await pluginLog([plain])).join('\n')).toContain('ID106');
  }, 60_000);
});

describe('an app run by `cdk8s synth` (CDK8S_OUTDIR set)', () => {
  test('a bad prop nobody catches: its lines and "Synthesis failed" on standard error, no stack trace, status 1', () => {
    const dir = mkdtempSync(join(tmpdir(), 'istio-direct-uncaught-'));
    try {
      const app = join(dir, 'app.ts');
      writeFileSync(
        app,
        `import { App, Chart } from 'cdk8s';\nimport { EchoService } from '${join(ROOT, 'lib', 'cdk8s')}';\nconst chart = new Chart(new App(), 'shop');\nnew EchoService(chart, 'echo', { replicas: -1 });\n`,
      );
      const run = spawnSync(process.execPath, ['-r', join(ROOT, 'bin', 'register-ts.js'), app], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, CDK8S_OUTDIR: dir, NODE_PATH: join(ROOT, 'node_modules') } });
      expect(run.status).toBe(1);
      expect(run.stderr).toMatch(/^IstioDirectError: EchoService "shop-echo-[0-9a-f]{8}" \(construct shop\/echo\): replicas: -1 is not a whole number in 0-2147483647\nSynthesis failed\n$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
