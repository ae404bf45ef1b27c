/** The core, the rules engine and the check command stay framework-free; index files only re-export. */
import { readdirSync, readFileSync, statSync } from 'fs';
import { join, relative } from 'path';

const ROOT = join(__dirname, '..');

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? tsFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from\s+|require\()\s*['"]([^'"]+)['"]/g)].map((m) => m[1]);
}

test.each(['core', 'rules', 'check'])('lib/%s imports neither cdk8s, constructs nor Pulumi', (folder) => {
  const offending = tsFiles(join(ROOT, 'lib', folder)).flatMap((file) =>
    importsOf(file)
      .filter((spec) => /^(cdk8s|cdk8s-plus-\d+|constructs|@pulumi\/.*)$/.test(spec) || spec.includes('/cdk8s') || spec.includes('/pulumi'))
      .map((spec) => `${relative(ROOT, file)} imports ${spec}`),
  );
  expect(offending).toEqual([]);
});

test('index files only re-export', () => {
  const indexes = tsFiles(join(ROOT, 'lib')).filter((file) => file.endsWith('index.ts'));
  expect(indexes.length).toBeGreaterThan(0);
  for (const file of indexes) {
    const code = readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '' && !line.trim().startsWith('//'));
    expect(code.every((line) => /^export (\*|\{[^}]*\}|\* as \w+) from '[^']+';$/.test(line.trim()))).toBe(true);
  }
});
