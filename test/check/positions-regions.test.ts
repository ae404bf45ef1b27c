/**
 * The reader notes where each document's text is in its file's bytes (DocumentSpan byteStart/byteEnd),
 * and `check` locates a finding by reading that document's bytes alone: the spans must be exact
 * (BOM, CRLF, multi-byte text, comments and empty documents between them), and the positions they
 * give the same as those found by splitting the file again.
 */
import * as fs from 'fs';
import * as path from 'path';
import { checkInputs } from '../../lib/check/run';
import { locatePositions, type PositionQuery } from '../../lib/reader/positions';
import { readInputs, type InputDocument } from '../../lib/reader/read';
import { tempDir } from './helpers';

const DOCS = [
  '# a comment before the first document\n',
  'apiVersion: v1\nkind: Service\nmetadata:\n  name: café\n  namespace: shop\nspec:\n  clusterIP: None\n  ports:\n  - name: http\n    port: 80\n    targetPort: 8080\n',
  '---\n# only a comment\n',
  '--- # a marker with a comment\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: 日本語\n  namespace: shop\ndata:\n  note: "ünïcödé ✓"\n',
  '---\napiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Service\n  metadata: {name: a, namespace: shop}\n  spec:\n    ports:\n    - {name: tcp, port: 9000}\n- apiVersion: v1\n  kind: Service\n  metadata: {name: b, namespace: shop}\n  spec:\n    ports:\n    - {name: grpc-x, port: 9001}\n    - {name: wéb, port: 9002}\n',
];

/** The file's bytes for a variant: with a BOM and/or CRLF line breaks. */
function variant(bom: boolean, crlf: boolean): Buffer {
  const text = DOCS.join('');
  const body = Buffer.from(crlf ? text.replace(/\n/g, '\r\n') : text, 'utf8');
  return bom ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]) : body;
}

const VARIANTS: Array<[string, boolean, boolean]> = [['plain', false, false], ['BOM', true, false], ['CRLF', false, true], ['BOM and CRLF', true, true]];

describe('document spans in bytes', () => {
  test.each(VARIANTS)('%s: each span holds the document its line starts, from its marker to the next', (_name, bom, crlf) => {
    const dir = tempDir();
    const file = path.join(dir, 'docs.yaml');
    const bytes = variant(bom, crlf);
    fs.writeFileSync(file, bytes);
    const read = readInputs([file], undefined);
    expect(read.problems.filter((p) => p.severity === 'error')).toEqual([]);
    const spans = read.documents.map((d: InputDocument) => d.span!);
    // The Service (no marker: the comment before it is part of its text), an empty document 1 (a comment only: no object), the ConfigMap, the List (its two items share its span).
    expect(read.documents.map((d) => `${d.index}/${d.item ?? '-'}`)).toEqual(['0/-', '2/-', '3/0', '3/1']);
    const texts = spans.map((s) => bytes.toString('utf8', s.byteStart, s.byteEnd));
    expect(texts[0].startsWith('# a comment')).toBe(true);
    expect(spans[0].byteStart).toBe(bom ? 3 : 0);
    expect(texts[0]).toContain('name: café');
    expect(texts[1].startsWith('--- # a marker')).toBe(true);
    expect(texts[1]).toContain('ünïcödé ✓');
    expect(texts[2].startsWith('---')).toBe(true);
    expect(spans[3]).toEqual(spans[2]);
    // The List is the last document: its span ends at the end of the file.
    expect(spans[2].byteEnd).toBe(bytes.length);
    // The comment-only document between the Service and the ConfigMap is in no span, and each span starts on its own first line.
    const eol = crlf ? '\r\n' : '\n';
    expect(spans.map((s) => s.firstLine)).toEqual([1, 15, 23, 23]);
    expect(bytes.toString('utf8', spans[1].byteStart! - `# only a comment${eol}`.length, spans[1].byteStart)).toBe(`# only a comment${eol}`);
  });

  test.each(VARIANTS)('%s: positions read from the spans equal those found by splitting the file again', (_name, bom, crlf) => {
    const dir = tempDir();
    const file = path.join(dir, 'docs.yaml');
    fs.writeFileSync(file, variant(bom, crlf));
    const read = readInputs([file], undefined);
    const paths = ['', 'metadata.name', 'spec.ports[0].targetPort', 'data.note', 'spec.ports[0].name', 'spec.clusterIP'];
    const queries: PositionQuery[] = read.documents.flatMap((d) => paths.map((p) => ({ file, index: d.index, ...(d.item !== undefined ? { item: d.item } : {}), path: p })));
    const withRegions = queries.map((q, i) => {
      const span = read.documents[Math.floor(i / paths.length)].span!;
      return { ...q, region: { byteStart: span.byteStart!, byteEnd: span.byteEnd!, firstLine: span.firstLine } };
    });
    const split = locatePositions(queries);
    expect(split.filter((p) => p !== undefined).length).toBeGreaterThan(10);
    expect(locatePositions(withRegions)).toEqual(split);
    // The café Service's name: its key, line 5, column 3.
    expect(split[1]).toEqual({ line: 5, column: 3 });
  });

  test('check names the same lines and columns as a check of the text through standard input', () => {
    const dir = tempDir();
    const file = path.join(dir, 'docs.yaml');
    const bytes = variant(true, true);
    fs.writeFileSync(file, bytes);
    const positions = (r: ReturnType<typeof checkInputs>) => r.results.map((x) => `${x.code} ${x.object?.source?.documentIndex}/${x.object?.source?.item ?? '-'} ${x.path} ${x.position?.line}:${x.position?.column}`);
    const fromFile = positions(checkInputs([file], { schema: false }));
    const fromStdin = positions(checkInputs(['-'], { schema: false }, () => bytes));
    expect(fromFile.length).toBeGreaterThan(0);
    expect(fromFile).toEqual(fromStdin);
    expect(fromFile.every((p) => /\d+:\d+$/.test(p))).toBe(true);
  });

  test('a file cut short since it was read gives its findings no column, not a wrong one', () => {
    const dir = tempDir();
    const file = path.join(dir, 'docs.yaml');
    fs.writeFileSync(file, variant(false, false));
    const read = readInputs([file], undefined);
    const span = read.documents[2].span!;
    fs.writeFileSync(file, variant(false, false).subarray(0, span.byteStart! + 10));
    const query = { file, index: 3, item: 1, path: 'spec.ports[0].name', region: { byteStart: span.byteStart!, byteEnd: span.byteEnd!, firstLine: span.firstLine } };
    expect(locatePositions([query])).toEqual([undefined]);
  });
});
