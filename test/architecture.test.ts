/** The core stays framework-free; lib/index.ts only re-exports (conventions.md §5.1). */
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

test('lib/core imports neither cdk8s, constructs nor Pulumi', () => {
  const offending = tsFiles(join(ROOT, 'lib', 'core')).flatMap((file) =>
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
