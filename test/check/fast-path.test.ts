/**
 * The reader's fast path (documents one at a time through `lib/base/yaml-subset.ts`, the `yaml`
 * package for the rest, files streamed) gives the same documents, problems and findings as the
 * reference reader (every stream through the `yaml` package, the reader before the fast path) on
 * the rules corpus, the hostile manifests of the fuzz suite, the hostile CLI inputs and the
 * reader's own hostile texts.
 */
import * as fc from 'fast-check';
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments, stringify } from 'yaml';
import { documentText, KUBECTL_YAML, parseText, readInputs, streamInputs, type InputDocument, type ReadProblem, type ReadResult } from '../../lib/reader/read';
import { checkDocuments, checkInputs } from '../../lib/check/run';
import { manifest } from '../fuzz/support/manifests';
import { caseDir, CLI_CASES } from '../fuzz/support/cli-cases';
import { fuzzParameters, JEST_TIMEOUT_MS } from '../fuzz/support/params';
import { tempDir } from './helpers';

const CORPUS = path.join(__dirname, '..', 'rules', 'corpus');

function parseBoth(text: string | Uint8Array, file = 'in.yaml'): { fast: ReadResult; reference: ReadResult } {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  const run = (reference: boolean): ReadResult => {
    const documents: InputDocument[] = [];
    const problems: ReadProblem[] = [];
    parseText(file, bytes, documents, problems, /\.json$/.test(file), { reference });
    return { documents, problems, files: 1, fileNames: [file] };
  };
  return { fast: run(false), reference: run(true) };
}

/** A read without the documents' spans (the reference reader, which holds the text, gives none). */
function withoutSpans(read: ReadResult): ReadResult {
  return { ...read, documents: read.documents.map(({ span: _span, ...d }) => d) };
}

function expectSameRead(paths: string[]): void {
  const fast = readInputs(paths);
  const reference = readInputs(paths, undefined, { reference: true });
  expect(withoutSpans(fast)).toEqual(reference);
}

describe('the rules corpus', () => {
  const files = fs.readdirSync(CORPUS).filter((f) => f.endsWith('.yaml')).map((f) => path.join(CORPUS, f));

  it.each(files.map((f) => [path.basename(f), f]))('%s: same documents, lines and findings (schema included)', (_name, file) => {
    expectSameRead([file]);
    const reference = checkDocuments(readInputs([file], undefined, { reference: true }), {});
    expect(checkInputs([file], {})).toEqual(reference);
  }, 60_000);

  it.each(files.map((f) => [path.basename(f), f]))('%s: each document\'s text can be read again, for exact positions later', (_name, file) => {
    const read = readInputs([file]);
    for (const doc of read.documents) {
      const text = documentText(doc);
      expect(text).toBeDefined();
      // Read again as the reader reads YAML: kubectl's YAML 1.1 (`0755` is 493).
      const docs = parseAllDocuments(text as string, KUBECTL_YAML);
      expect(Array.isArray(docs) && docs.length).toBe(1);
      const parsed = (docs as ReturnType<typeof parseAllDocuments> & unknown[])[0] as { toJS(): unknown; contents: { range: number[] } };
      const value = parsed.toJS() as { items?: unknown[] };
      expect(doc.item === undefined ? value : value.items?.[doc.item]).toEqual(doc.value);
      expect((text as string).slice(0, parsed.contents.range[0]).split('\n').length).toBe(doc.line);
    }
  });

  it('all of it at once, as a folder', () => {
    expectSameRead([CORPUS]);
    expect(checkInputs([CORPUS], { schema: false })).toEqual(checkDocuments(readInputs([CORPUS], undefined, { reference: true }), { schema: false }));
  });
});

describe('the hostile manifests of the fuzz suite', () => {
  const style = fc.record({ flowLevel: fc.constantFrom(undefined, 0, 1, 2, 3), indentSeq: fc.boolean(), lineWidth: fc.constantFrom(0, 20, 80) });

  test('same documents, problems and findings, written in any style', () => {
    fc.assert(
      fc.property(fc.array(manifest, { minLength: 1, maxLength: 6 }), style, (docs, s) => {
        const text = docs.map((d) => stringify(d, { aliasDuplicateObjects: false, ...s })).join('---\n');
        const { fast, reference } = parseBoth(text);
        expect(fast).toEqual(reference);
        expect(checkDocuments(fast, { schema: false })).toEqual(checkDocuments(reference, { schema: false }));
      }),
      fuzzParameters(300, 1 / 20),
    );
  }, JEST_TIMEOUT_MS);
});

describe('hostile inputs', () => {
  test.each(CLI_CASES.map((c) => [c.name, c] as const))('%s (the CLI table): same read', (_name, c) => {
    const dir = caseDir();
    try {
      expectSameRead(c.build(dir));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]', ...'bcdefghi'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]`)].join('\n');
  const SERVICE = 'apiVersion: v1\nkind: Service\nmetadata: {name: zk, namespace: zk}\nspec: {clusterIP: None, ports: [{port: 2181}]}\n';
  test.each([
    ['empty documents and comments', `---\n---\n# comment\n---\n${SERVICE}---\n${SERVICE}`],
    ['an empty file', ''],
    ['comments only', '# nothing\n---\n'],
    ['Lists and items that are not objects', `apiVersion: v1\nkind: List\nitems:\n  - {apiVersion: v1, kind: Namespace, metadata: {name: a}}\n  - 5\n`],
    ['documents that are not objects', `${SERVICE}---\nkind: Service\napiVersion: v1\n---\nfoo: bar\n---\n- 1\n---\nplain text\n`],
    ['invalid YAML among valid documents', `${SERVICE}---\nmetadata: {name: [}\n---\n${SERVICE}`],
    ['malformed YAML', 'apiVersion: v1\nkind: [Service\nmetadata: {name: "x\n  - : :\n\t- tab'],
    ['an alias bomb', `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata:\n  ${bomb.split('\n').join('\n  ')}\n`],
    ['flow nesting 100,000 deep', '['.repeat(100_000) + ']'.repeat(100_000)],
    ['blocks 300 deep', Array.from({ length: 300 }, (_, i) => `${' '.repeat(i)}a:`).join('\n') + ' 1\n'],
    ['blocks 255 deep', Array.from({ length: 255 }, (_, i) => `${' '.repeat(i)}a:`).join('\n') + ' 1\n'],
    ['a duplicate key', 'apiVersion: v1\nkind: Service\nmetadata: {name: a}\nmetadata: {name: b}\n'],
    ['a document end marker and a directive', `%YAML 1.2\n---\n${SERVICE}...\n---\n${SERVICE}`],
    ['Windows line ends', SERVICE.replace(/\n/g, '\r\n') + '---\r\n' + SERVICE.replace(/\n/g, '\r\n')],
    ['tags, anchors and merge keys', `${SERVICE}---\napiVersion: v1\nkind: ConfigMap\nmetadata: &m {name: c}\ndata: {a: !!str 5, <<: {b: c}, d: *m}\n`],
    ['YAML 1.1 values', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: yes, b: on, c: 0777, d: 1:20, e: 2001-12-14, f: 0b1, g: 1_000, h: ~, i: .5, j: 0o17}\n'],
    ['a document marker inside a flow collection', 'a: [1,\n---\n2]\n---\nb: 1\n'],
    ['a key of 2,000 characters', `${'k'.repeat(2000)}: 1\n`],
    ['a BOM', `\ufeff${SERVICE}`],
    ['a marker with content', `--- {apiVersion: v1, kind: Namespace, metadata: {name: a}}\n--- # comment\n${SERVICE}`],
  ])('%s: same read', (_what, text) => {
    const { fast, reference } = parseBoth(text);
    expect(fast).toEqual(reference);
    // And the same through a file, read as a stream.
    const dir = tempDir({ 'in.yaml': text });
    expectSameRead([path.join(dir, 'in.yaml')]);
  });

  test.each([
    ['UTF-16 with a BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('kind: x\n', 'utf16le')])],
    ['UTF-16 without a BOM', Buffer.from('apiVersion: v1\nkind: Service\n', 'utf16le')],
    ['binary', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x41])],
    ['Latin-1', Buffer.from('kind: Service\nmetadata: {name: caf\xe9}\n', 'latin1')],
    ['a truncated sequence', Buffer.from([0x61, 0xe2, 0x82])],
  ])('%s: same read', (_what, bytes) => {
    const dir = tempDir({ 'in.yaml': bytes });
    expectSameRead([path.join(dir, 'in.yaml')]);
  });

  test('a file read in many chunks (documents across chunk edges) reads the same', () => {
    const big = Array.from({ length: 6000 }, (_, i) => SERVICE.replace('name: zk,', `name: zk${i},`)).join('---\n');
    const dir = tempDir({ 'big.yaml': `# header\n${big}` });
    expectSameRead([path.join(dir, 'big.yaml')]);
  });
});

describe('streaming', () => {
  it('lets an exception of the consumer through (it is never "the file cannot be read")', () => {
    const dir = tempDir({ 'a.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n' });
    const boom = { push: () => { throw new TypeError('consumer failed'); } };
    expect(() => streamInputs([dir], boom, [])).toThrow('consumer failed');
  });
});
