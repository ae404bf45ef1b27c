/**
 * The README's cdk8s examples raise no warning and no error from the library's own rules: each
 * TypeScript block that uses `istio-direct/cdk8s` runs as written (in its own process, against this
 * repository's sources), and the rules run over every app it builds (test/helpers/record-rules.js).
 * Infos (e.g. ID402 on the example scenario's static pod IPs, which it keeps on purpose) are allowed.
 * The README's examples written twice in one chart, with no name and no port, are checked by
 * test/cdk8s/default-names.test.ts and, against the packed package, by the packaging test.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';
import { readmeTypeScriptBlocks } from './helpers/readme';

const ROOT = path.resolve(__dirname, '..');
const blocks = readmeTypeScriptBlocks().filter((b) => b.code.includes("'istio-direct/cdk8s'"));

describe('the README cdk8s examples under the rules', () => {
  let dir: string;
  let out: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(ROOT, 'node_modules', '.readme-rules-'));
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'istio-direct-readme-out-'));
  });
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(out, { recursive: true, force: true });
  });

  test('there are cdk8s examples', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(4);
  });

  test.each(blocks.map((b) => [b.line, b.code]))('the block at README line %i raises no rule warning or error', (line, code) => {
    const file = path.join(dir, `block-${line}.js`);
    fs.writeFileSync(file, ts.transpileModule(String(code), { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020 } }).outputText);
    const run = spawnSync(process.execPath, ['-r', path.join(ROOT, 'bin', 'register-ts.js'), '-r', path.join(__dirname, 'helpers', 'record-rules.js'), file], {
      cwd: out,
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...process.env, CDK8S_OUTDIR: out },
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const findings = JSON.parse(/^FINDINGS (.*)$/m.exec(run.stdout)?.[1] ?? 'null') as Array<{ severity: string }>;
    expect(findings.filter((f) => f.severity !== 'info')).toEqual([]);
  }, 120_000);
});
