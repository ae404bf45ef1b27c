import { execFileSync, spawnSync } from 'child_process';
import * as os from 'os';
import * as fs from 'fs';
import * as path from 'path';
import { collectFiles, UsageError } from '../../lib/reader/collect';
import { decodeUtf8 } from '../../lib/reader/decode';
import { readInputs, MAX_FILE_BYTES, type ReadProblem } from '../../lib/reader/read';
import { cli, SERVICE, tempDir } from './helpers';

/** `istio-direct check --no-schema <dir>` as the user `nobody`, from the sources. */
function checkAsNobody(setpriv: string, dir: string): { status: number | null; out: string } {
  const bin = path.join(__dirname, '..', '..', 'bin', 'istio-direct.js');
  const r = spawnSync(setpriv, ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, bin, 'check', '--no-schema', dir], {
    env: { ...process.env, ISTIO_DIRECT_FROM_SOURCE: '1', HOME: os.tmpdir() },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

/** A problem with its file named relative to `dir`. */
const relativeTo = (dir: string, p: ReadProblem): ReadProblem => ({ ...p, object: { source: { ...p.object.source, file: path.relative(dir, p.object.source.file) } } });
const problemsOf = (dir: string, paths = [dir]) => readInputs(paths).problems.map((p) => relativeTo(dir, p));
/** A problem with a whole file (no document). */
const fileProblem = (file: string, code: ReadProblem['code'], severity: ReadProblem['severity'], message: unknown) => ({ code, severity, object: { source: { file } }, message });

describe('decoding', () => {
  it.each([
    ['UTF-16 LE with BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('kind: x\n', 'utf16le')]), 'the file is UTF-16 (little-endian) (byte order mark): save it as UTF-8'],
    ['UTF-16 BE with BOM', Buffer.from([0xfe, 0xff, 0, 0x6b]), 'the file is UTF-16 (big-endian) (byte order mark): save it as UTF-8'],
    ['UTF-32 LE', Buffer.from([0xff, 0xfe, 0, 0, 0x6b, 0, 0, 0]), 'the file is UTF-32 (little-endian) (byte order mark): save it as UTF-8'],
    ['UTF-16 LE without BOM', Buffer.from('apiVersion: v1\nkind: Service\n', 'utf16le'), 'the file looks like UTF-16 (little-endian) without a byte order mark: save it as UTF-8'],
    ['UTF-16 BE without BOM', Buffer.from('apiVersion: v1\nkind: Service\n', 'utf16le').swap16(), 'the file looks like UTF-16 (big-endian) without a byte order mark: save it as UTF-8'],
    ['binary', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00, 0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47]), 'the file contains a NUL byte at line 1, column 8: a binary file, not YAML or JSON'],
    ['Latin-1', Buffer.from('kind: Service\nmetadata: {name: caf\xe9}\n', 'latin1'), 'not valid UTF-8: byte 0xE9 at line 2, column 21 (Latin-1 or Windows-1252 text?): save it as UTF-8'],
    ['an overlong sequence', Buffer.from([0x61, 0xc0, 0xaf]), 'not valid UTF-8: byte 0xC0 at line 1, column 2 (Latin-1 or Windows-1252 text?): save it as UTF-8'],
    ['a truncated sequence', Buffer.from([0x61, 0xe2, 0x82]), 'not valid UTF-8: byte 0xE2 at line 1, column 2 (Latin-1 or Windows-1252 text?): save it as UTF-8'],
  ])('names the encoding of %s', (_what, bytes, message) => {
    expect(decodeUtf8(bytes)).toEqual({ error: message });
  });

  it('reads UTF-8 with or without a BOM, multi-byte characters included', () => {
    expect(decodeUtf8(Buffer.from('\ufeffname: "Zoë ✓ 🚀"\n', 'utf8'))).toEqual({ text: 'name: "Zoë ✓ 🚀"\n' });
  });
});

describe('files and directories', () => {
  it('reads directories recursively, sorted, manifest extensions only', () => {
    const dir = tempDir({ 'b.yaml': SERVICE, 'a/z.json': JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'n' } }), 'a/y.YML': SERVICE, 'c.txt': 'x', 'construct-metadata.json': '{}', 'dir.yaml/inner.yaml': SERVICE });
    expect(collectFiles([dir]).files.map((f) => path.relative(dir, f))).toEqual([path.join('a', 'y.YML'), path.join('a', 'z.json'), 'b.yaml', path.join('dir.yaml', 'inner.yaml')]);
  });

  it('throws a usage error for a missing path only; a dangling link or a loop given by name is an error finding', () => {
    const dir = tempDir();
    fs.symlinkSync(path.join(dir, 'nowhere'), path.join(dir, 'link.yaml'));
    fs.symlinkSync(path.join(dir, 'self.yaml'), path.join(dir, 'self.yaml'));
    expect(() => collectFiles([path.join(dir, 'missing')])).toThrow(new UsageError(`no such file or directory: ${path.join(dir, 'missing')}`));
    expect(problemsOf(dir, [path.join(dir, 'link.yaml'), path.join(dir, 'self.yaml')])).toEqual([
      fileProblem('link.yaml', 'ID900', 'error', 'a dangling symbolic link (its target does not exist): not read'),
      fileProblem('self.yaml', 'ID900', 'error', 'a symbolic link loop: not read'),
    ]);
  });

  it('reports symlink loops and dangling links in a folder as errors, never recursing forever', () => {
    const dir = tempDir({ 'sub/a.yaml': SERVICE });
    fs.symlinkSync(dir, path.join(dir, 'sub', 'loop'));
    fs.symlinkSync(path.join(dir, 'gone.yaml'), path.join(dir, 'dangling.yaml'));
    fs.symlinkSync(path.join(dir, 'self'), path.join(dir, 'self'));
    const result = readInputs([dir]);
    expect(result.documents.map((d) => path.relative(dir, d.file))).toEqual([path.join('sub', 'a.yaml')]);
    expect(problemsOf(dir)).toEqual([
      fileProblem('dangling.yaml', 'ID900', 'error', 'a dangling symbolic link (its target does not exist): not read'),
      fileProblem('self', 'ID900', 'error', 'a symbolic link loop: not read'),
      fileProblem(path.join('sub', 'loop'), 'ID900', 'error', `a symbolic link loop: it leads back to ${fs.realpathSync(dir)}, a folder on its own path: not read`),
    ]);
  });

  it('reads a folder reached by two links once, with a warning for the second link', () => {
    const dir = tempDir({ 'real/a.yaml': SERVICE });
    fs.symlinkSync(path.join(dir, 'real'), path.join(dir, 'second'));
    expect(readInputs([dir]).documents.map((d) => path.relative(dir, d.file))).toEqual([path.join('real', 'a.yaml')]);
    expect(problemsOf(dir)).toEqual([
      fileProblem('second', 'ID905', 'warning', `leads to ${fs.realpathSync(path.join(dir, 'real'))}, which is already read (a second link to the same folder): skipped`),
    ]);
  });

  it('never opens a FIFO, in a directory or named directly, and reports it as an error', () => {
    const dir = tempDir({ 'ok.yaml': SERVICE });
    execFileSync('mkfifo', [path.join(dir, 'pipe.yaml')]);
    execFileSync('mkfifo', [path.join(dir, 'pipe.txt')]);
    expect(problemsOf(dir)).toEqual([fileProblem('pipe.yaml', 'ID900', 'error', 'a FIFO, not a regular file: not read')]);
    expect(problemsOf(dir, [path.join(dir, 'pipe.yaml')])).toEqual([fileProblem('pipe.yaml', 'ID900', 'error', 'a FIFO, not a regular file: not read')]);
  });

  // As root every file is readable: the check then runs as `nobody` (setpriv), in a child process.
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const setpriv = ['/usr/bin/setpriv', '/bin/setpriv'].find((f) => fs.existsSync(f));
  (asRoot && setpriv === undefined ? it.skip : it)('reports a file or folder it may not read as an error (permission denied), exit status 1', () => {
    const dir = tempDir({ 'ok.yaml': SERVICE, 'secret.yaml': SERVICE, 'locked/a.yaml': SERVICE });
    fs.chmodSync(dir, 0o755);
    fs.chmodSync(path.join(dir, 'ok.yaml'), 0o644);
    fs.chmodSync(path.join(dir, 'secret.yaml'), 0o000);
    fs.chmodSync(path.join(dir, 'locked'), 0o000);
    try {
      const { status, out } = asRoot ? checkAsNobody(setpriv as string, dir) : cli(['check', '--no-schema', dir]);
      expect(out).toContain(`${path.join(dir, 'locked')}: error ID900 the directory cannot be accessed (permission denied, EACCES): not read`);
      expect(out).toContain(`${path.join(dir, 'secret.yaml')}: error ID900 the file cannot be accessed (permission denied, EACCES): not read`);
      expect(status).toBe(1);
    } finally {
      fs.chmodSync(path.join(dir, 'secret.yaml'), 0o644);
      fs.chmodSync(path.join(dir, 'locked'), 0o755);
    }
  });

  it('does not read a file above the size limit', () => {
    const dir = tempDir();
    const big = path.join(dir, 'big.yaml');
    fs.writeFileSync(big, '');
    fs.truncateSync(big, MAX_FILE_BYTES + 1);
    expect(problemsOf(dir)).toEqual([fileProblem('big.yaml', 'ID900', 'error', 'the input is 32.0 MiB, more than the 32 MiB limit per file (--max-file-size): split it or raise the limit')]);
  });

  it('takes another bound on the file size, for files and standard input', () => {
    const dir = tempDir({ 'a.yaml': SERVICE });
    const size = Buffer.byteLength(SERVICE);
    expect(readInputs([dir], undefined, { maxFileBytes: size }).documents).toHaveLength(1);
    expect(problemsOf(dir).length).toBe(0);
    expect(readInputs([dir], undefined, { maxFileBytes: size - 1 }).problems.map((p) => p.message)).toEqual([`the input is 0.0 MiB, more than the ${size - 1} bytes limit per file (--max-file-size): split it or raise the limit`]);
    expect(readInputs(['-'], () => SERVICE, { maxFileBytes: size - 1 }).problems.map((p) => p.code)).toEqual(['ID900']);
  });

  it('reads thousands of files', () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 2000; i++) files[`d${i % 10}/s${String(i).padStart(4, '0')}.yaml`] = SERVICE.replace('name: zk,', `name: zk${i},`);
    const dir = tempDir(files);
    const result = readInputs([dir]);
    expect(result.files).toBe(2000);
    expect(result.documents).toHaveLength(2000);
    expect(result.problems).toEqual([]);
  });
});

describe('documents', () => {
  const read = (files: Record<string, string | Uint8Array>) => {
    const dir = tempDir(files);
    const result = readInputs([dir]);
    return { documents: result.documents.map((d) => ({ ...d, file: path.relative(dir, d.file) })), problems: result.problems.map((p) => relativeTo(dir, p)) };
  };

  it('skips empty documents, numbers the others, and gives their lines', () => {
    const { documents, problems } = read({ 'a.yaml': `---\n---\n# comment\n---\n${SERVICE}---\n${SERVICE}` });
    expect(documents.map((d) => [d.index, d.line])).toEqual([[2, 5], [3, 13]]);
    expect(problems).toEqual([]);
  });

  it.each([
    ['empty.yaml', ''],
    ['comments.yaml', '# nothing\n---\n'],
    ['empty.json', ''],
    ['spaces.json', '  \n'],
    ['null.json', 'null'],
  ])('warns about a file without objects (%s)', (name, text) => {
    expect(read({ [name]: text }).problems).toEqual([fileProblem(name, 'ID905', 'warning', 'no objects: the file is empty or holds only empty documents')]);
  });

  it('expands List and *List documents and top-level JSON arrays', () => {
    const list = `apiVersion: v1\nkind: List\nitems:\n  - ${JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a' } })}\n  - 5\n---\napiVersion: v1\nkind: ServiceList\nitems: [${JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'b' } })}]\n`;
    const json = JSON.stringify([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'c' } }]);
    const { documents, problems } = read({ 'list.yaml': list, 'z.json': json });
    expect(documents.map((d) => [d.file, d.index, d.item, d.value.metadata])).toEqual([
      ['list.yaml', 0, 0, { name: 'a' }],
      ['list.yaml', 1, 0, { name: 'b' }],
      ['z.json', 0, undefined, { name: 'c' }],
    ]);
    expect(problems).toEqual([{ code: 'ID900', severity: 'error', object: { source: { file: 'list.yaml', documentIndex: 0, item: 1 } }, position: { line: 1 }, message: 'document 0 item 1 is a number, not a Kubernetes object' }]);
  });

  it('reports documents that lack kind or metadata as errors; skips (info) documents with neither apiVersion nor kind', () => {
    const { documents, problems } = read({ 'a.yaml': `${SERVICE}---\nkind: Service\napiVersion: v1\n---\nfoo: bar\n---\n- 1\n---\nplain text\n---\napiVersion: v1\nmetadata: {name: x}\n` });
    expect(documents).toHaveLength(1);
    const skipped = 'not a Kubernetes object (no apiVersion or kind): skipped';
    expect(problems.map((p) => [p.object.source.file, p.object.source.documentIndex, p.position?.line, p.severity, p.message])).toEqual([
      ['a.yaml', 1, 9, 'error', 'document 1 has no metadata: not a Kubernetes object (nor an Envoy bootstrap)'],
      ['a.yaml', 2, 12, 'info', skipped],
      ['a.yaml', 3, 14, 'info', skipped],
      ['a.yaml', 4, 16, 'info', skipped],
      ['a.yaml', 5, 18, 'error', 'document 5 has no kind: not a Kubernetes object (nor an Envoy bootstrap)'],
    ]);
  });

  it('skips a file that holds no Kubernetes object as one file (info), never an error', () => {
    const { documents, problems } = read({ 'values.yaml': 'replicaCount: 1\n---\nimage: {tag: x}\n', 'package.json': '{"name": "app"}', 'words.json': '["a", "b"]' });
    expect(documents).toEqual([]);
    expect(problems.map((p) => [p.object.source.file, p.object.source.documentIndex, p.severity, p.skipped])).toEqual([
      ['package.json', undefined, 'info', 'not-kubernetes'],
      ['values.yaml', undefined, 'info', 'not-kubernetes'],
      ['words.json', undefined, 'info', 'not-kubernetes'],
    ]);
  });

  it('keeps standalone Envoy bootstraps', () => {
    expect(read({ 'envoy.yaml': 'static_resources: {clusters: []}\n' }).documents).toHaveLength(1);
  });

  it('reports invalid YAML and JSON with the document, and the line and column where the parser stopped', () => {
    const { problems } = read({ 'a.yaml': `${SERVICE}---\nmetadata: {name: [}\n`, 'b.json': '{\n  "kind": "Service",\n  oops\n}' });
    expect(problems.map((p) => [p.object.source.file, p.object.source.documentIndex, p.position?.line, p.position?.column, p.code])).toEqual([['a.yaml', 1, 9, 19, 'ID900'], ['b.json', 0, 3, 3, 'ID900']]);
    expect(problems[0].message).toMatch(/^invalid YAML: /);
    expect(problems[1].message).toMatch(/^invalid JSON: /);
  });

  it('stops a YAML alias bomb', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]', ...'bcdefghi'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]`)].join('\n');
    const { problems, documents } = read({ 'bomb.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata:\n  ${bomb.split('\n').join('\n  ')}\n` });
    expect(documents).toEqual([]);
    expect(problems.map((p) => p.message)).toEqual(['YAML aliases expand too much (more than 100; an alias bomb?): not read']);
  });

  it.each([
    ['JSON 100,000 levels deep', 'deep.json', '['.repeat(100_000) + ']'.repeat(100_000)],
    ['JSON objects 100,000 levels deep', 'deep2.json', '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000)],
    ['YAML flow 100,000 levels deep', 'deep.yaml', '['.repeat(100_000) + ']'.repeat(100_000)],
    ['YAML blocks 300 levels deep', 'blocks.yaml', Array.from({ length: 300 }, (_, i) => `${' '.repeat(i)}a:`).join('\n') + ' 1\n'],
  ])('refuses %s without overflowing the stack', (_what, name, text) => {
    expect(read({ [name]: text }).problems.map((p) => p.message)).toEqual(['nested more than 256 levels deep: not read']);
  });
});

describe('readManifests (the validator-compatible shape)', () => {
  it('gives documents and errors in file order, errors as parseError', async () => {
    const { readManifests } = await import('../../lib/reader/read');
    const dir = tempDir({ 'a.yaml': `${SERVICE}---\nkind: List\nitems: [1]\n`, 'b.json': '{', 'c.yaml': '' });
    expect(readManifests([dir]).map((d) => ({ ...d, file: path.relative(dir, d.file), value: d.value === undefined ? undefined : 'object' }))).toEqual([
      { file: 'a.yaml', index: 0, value: 'object' },
      { file: 'a.yaml', index: 1, value: undefined, parseError: 'document 1 item 0 is a number, not a Kubernetes object' },
      { file: 'b.json', index: 0, value: undefined, parseError: expect.stringMatching(/^invalid JSON: /) },
    ]);
  });
});
