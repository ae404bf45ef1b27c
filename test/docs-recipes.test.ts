/**
 * The recipes of docs/pulumi-testing.md (unit-testing a Pulumi program under Pulumi's mocks, and the
 * policy pack on its resources, without the Pulumi CLI), as written: each block type-checks under the
 * page's tsconfig and runs to success, against this repository's sources. The packaging test runs
 * them again against the packed package.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { codeBlocks } from './helpers/readme';

const ROOT = path.resolve(__dirname, '..');
const PAGE = fs.readFileSync(path.join(ROOT, 'docs', 'pulumi-testing.md'), 'utf8');
const recipes = codeBlocks(PAGE, 'ts');
const tsconfig = JSON.parse(codeBlocks(PAGE, 'json')[0].code) as { compilerOptions: Record<string, unknown> };
const POLICY_PAGE = fs.readFileSync(path.join(ROOT, 'docs', 'policy-pack.md'), 'utf8');
/** The pack's tsconfig.json, as docs/policy-pack.md shows it. */
const policyPackTsconfig = codeBlocks(POLICY_PAGE, 'json')
  .map((b) => JSON.parse(b.code) as { compilerOptions?: Record<string, unknown> })
  .find((c) => c.compilerOptions !== undefined) as { compilerOptions: Record<string, unknown> };

describe('docs/pulumi-testing.md', () => {
  let dir: string;
  let files: string[];

  beforeAll(() => {
    // Inside node_modules, so @pulumi/* resolve as for a consumer.
    dir = fs.mkdtempSync(path.join(ROOT, 'node_modules', '.recipes-'));
    files = recipes.map((block, i) => {
      const file = path.join(dir, `recipe-${i + 1}.ts`);
      fs.writeFileSync(file, block.code);
      return file;
    });
  });

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('has the two recipes and a tsconfig', () => {
    expect(recipes).toHaveLength(2);
    expect(tsconfig.compilerOptions.strict).toBe(true);
  });

  test.each([
    ['docs/pulumi-testing.md', tsconfig],
    ['docs/policy-pack.md', policyPackTsconfig],
  ])('every recipe, and the policy pack\'s index.ts, type-check under the tsconfig of %s', (_page, config) => {
    const { options, errors } = ts.convertCompilerOptionsFromJson(config.compilerOptions, dir);
    const packIndex = path.join(dir, 'pack-index.ts');
    fs.writeFileSync(packIndex, codeBlocks(POLICY_PAGE, 'ts')[0].code);
    expect(errors).toEqual([]);
    const program = ts.createProgram([...files, packIndex], {
      ...options,
      noEmit: true,
      baseUrl: ROOT,
      paths: { 'istio-direct': ['lib/index.ts'], 'istio-direct/*': ['lib/*/index.ts'] },
    });
    const problems = ts
      .getPreEmitDiagnostics(program)
      .filter((d) => d.file === undefined || d.file.fileName.startsWith(dir))
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(problems).toEqual([]);
  }, 120_000);

  test.each([
    [1, /^\d+ resources registered\n$/],
    [2, /^\d+ resources checked, no violation\n$/],
  ])('recipe %i runs to success with Node alone', (n, stdout) => {
    const run = spawnSync(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', '-r', path.join(__dirname, 'helpers', 'istio-direct-alias.js'), files[n - 1]],
      { cwd: ROOT, encoding: 'utf8', timeout: 120_000, env: { ...process.env, TS_NODE_SKIP_IGNORE: 'true' } },
    );
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(stdout);
    expect(run.status).toBe(0);
  }, 120_000);
});
