/**
 * Every TypeScript block of the README compiles as written, under the strict
 * settings `cdk8s init` writes into a new project's tsconfig.json (read from
 * cdk8s-cli's own template), with `istio-direct/*` resolved to this
 * repository's sources.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { readmeTypeScriptBlocks } from './helpers/readme';

const ROOT = path.resolve(__dirname, '..');

/** `cdk8s init`'s compiler options (typescript-app template), as a consumer project has them. */
function cdk8sInitOptions(): ts.CompilerOptions {
  const template = path.join(ROOT, 'node_modules', 'cdk8s-cli', 'templates', 'typescript-app', 'tsconfig.json');
  const { config } = ts.readConfigFile(template, (f) => fs.readFileSync(f, 'utf8'));
  const { options } = ts.convertCompilerOptionsFromJson(config.compilerOptions, path.dirname(template));
  return {
    ...options,
    noEmit: true,
    // The library's sources are compiled along (they need ES2020 library types); the blocks
    // themselves are checked with every strictness flag of the template.
    lib: ['lib.es2020.d.ts'],
    baseUrl: ROOT,
    paths: { 'istio-direct': ['lib/index.ts'], 'istio-direct/*': ['lib/*/index.ts'] },
  };
}

const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const blocks = readmeTypeScriptBlocks(readme);

test('the README has TypeScript examples', () => {
  expect(blocks.length).toBeGreaterThanOrEqual(5);
});

test('every TypeScript block of the README compiles as written under cdk8s init settings', () => {
  // Inside the repository's node_modules, so `cdk8s`, `cdk8s-plus-28` and Pulumi resolve as for a consumer.
  const dir = fs.mkdtempSync(path.join(ROOT, 'node_modules', '.readme-blocks-'));
  try {
    const files = blocks.map((block, i) => {
      const file = path.join(dir, `block-${i + 1}-line-${block.line}.ts`);
      fs.writeFileSync(file, block.code);
      return file;
    });
    const program = ts.createProgram(files, cdk8sInitOptions());
    const problems = ts
      .getPreEmitDiagnostics(program)
      .filter((d) => d.file === undefined || d.file.fileName.startsWith(dir))
      .map((d) => {
        const where = d.file ? `${path.basename(d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}` : '';
        return `${where}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
      });
    expect(problems).toEqual([]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}, 120_000);

test("the README's rules table is the one of docs/rules/README.md (itself checked against the registry)", () => {
  const between = (text: string) => text.slice(text.indexOf('<!-- rules-table:start -->'), text.indexOf('<!-- rules-table:end -->'));
  const docs = fs.readFileSync(path.join(ROOT, 'docs', 'rules', 'README.md'), 'utf8');
  expect(between(readme)).toBe(between(docs).split('](ID').join('](docs/rules/ID'));
  expect(between(readme)).toContain('[ID101](docs/rules/ID101.md)');
});
