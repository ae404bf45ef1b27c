/**
 * The floors of lib/: a file imports only from its own folder and from folders on lower floors, never
 * up and never sideways (two folders of one floor do not import each other). The core, the reader,
 * the schema validation, the rules, check and the CLI are framework-free; index files only re-export.
 */
import { readdirSync, readFileSync, statSync } from 'fs';
import { dirname, join, relative, resolve, sep } from 'path';

const ROOT = join(__dirname, '..');
const LIB = join(ROOT, 'lib');

/** Bottom to top. `index.ts` at the root of lib/ (the package's main entry point) stands above them all. */
const FLOORS: readonly (readonly string[])[] = [
  ['base'],
  ['core'],
  ['reader'],
  ['schema', 'rules'],
  ['check'],
  ['cli'],
  ['cdk8s', 'pulumi', 'policy', 'validate'],
];
const ROOT_ENTRY = '.';

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? tsFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from\s+|require\(\s*|import\(\s*)['"]([^'"]+)['"]/g)].map((m) => m[1]);
}

/** The top folder of lib/ a file is in ('.' for a file directly in lib/). */
function folderOf(path: string): string {
  const rel = relative(LIB, path);
  if (rel.includes(sep)) return rel.split(sep)[0];
  // `../rules` names a folder (its index.ts); `./index` a file of lib/ itself.
  return rel !== '' && statSync(join(LIB, rel), { throwIfNoEntry: false })?.isDirectory() === true ? rel : ROOT_ENTRY;
}

function floorOf(folder: string): number {
  if (folder === ROOT_ENTRY) return FLOORS.length;
  return FLOORS.findIndex((floor) => floor.includes(folder));
}

/** Every relative import between two folders of lib/: `file imports target (folder)`. */
function crossFolderImports(): { file: string; from: string; to: string }[] {
  return tsFiles(LIB).flatMap((file) =>
    importsOf(file)
      .filter((spec) => spec.startsWith('.'))
      .map((spec) => ({ file: relative(ROOT, file), from: folderOf(file), to: folderOf(resolve(dirname(file), spec)) }))
      .filter((i) => i.from !== i.to),
  );
}

test('every folder of lib/ stands on a floor', () => {
  const folders = readdirSync(LIB).filter((entry) => statSync(join(LIB, entry)).isDirectory());
  expect(folders.filter((f) => floorOf(f) < 0)).toEqual([]);
});

test('no import goes up a floor or sideways', () => {
  const offending = crossFolderImports()
    .filter((i) => floorOf(i.to) >= floorOf(i.from))
    .map((i) => `${i.file} (${i.from}, floor ${floorOf(i.from)}) imports ${i.to} (floor ${floorOf(i.to)})`);
  expect(offending).toEqual([]);
});

test('the floor check sees the imports it judges (it is not vacuous)', () => {
  const edges = new Set(crossFolderImports().map((i) => `${i.from}->${i.to}`));
  for (const edge of ['core->base', 'rules->core', 'check->rules', 'cli->check', 'cdk8s->core']) expect(edges).toContain(edge);
});

test.each(['base', 'core', 'reader', 'schema', 'rules', 'check', 'cli'])('lib/%s imports neither cdk8s, constructs nor Pulumi', (folder) => {
  const offending = tsFiles(join(LIB, folder)).flatMap((file) =>
    importsOf(file)
      .filter((spec) => /^(cdk8s|cdk8s-plus-\d+|constructs|@pulumi\/.*)$/.test(spec) || spec.includes('/cdk8s/') || spec.includes('/pulumi'))
      .map((spec) => `${relative(ROOT, file)} imports ${spec}`),
  );
  expect(offending).toEqual([]);
});

test('index files only re-export', () => {
  const indexes = tsFiles(LIB).filter((file) => file.endsWith('index.ts'));
  expect(indexes.length).toBeGreaterThan(0);
  for (const file of indexes) {
    const code = readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '' && !line.trim().startsWith('//'));
    expect(code.every((line) => /^export (\*|\{[^}]*\}|\* as \w+) from '[^']+';$/.test(line.trim()))).toBe(true);
  }
});
