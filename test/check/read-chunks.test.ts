/**
 * A YAML file is read in chunks (the first pass over its bytes in 1 MiB chunks, the second in
 * chunks that end at line breaks): where a chunk ends never changes what is read.
 */
import * as path from 'path';
import { readInputs } from '../../lib/reader/read';
import { DocumentSplitter, StreamRegion } from '../../lib/reader/split';
import { tempDir } from './helpers';

const MIB = 1 << 20;

/** The regions of a text pushed in the given pieces. */
function regions(pieces: readonly string[]): StreamRegion[] {
  const out: StreamRegion[] = [];
  const splitter = new DocumentSplitter((r) => out.push(r));
  for (const p of pieces) splitter.push(p);
  splitter.end();
  return out;
}

/** A text cut after every line break, and after the line breaks `keep` picks. */
function lineCuts(text: string, keep: (lineIndex: number) => boolean): string[] {
  const lines = text.split(/(?<=\n)/);
  const out: string[] = [];
  let piece = '';
  lines.forEach((line, i) => {
    piece += line;
    if (keep(i)) {
      out.push(piece);
      piece = '';
    }
  });
  if (piece !== '') out.push(piece);
  return out;
}

describe('DocumentSplitter: pieces give the regions of the whole text', () => {
  const texts = [
    'a: 1\n---\nb: 2\n--- #c\nc: 3\n---\n',
    '---\na: 1\n---\n---\n----\nb: 2\n---x\n--- \n\n',
    '# only a comment\n---\napiVersion: v1\n---\r\nkind: List\n---\t\nitems: []\n---',
    'a: |\n  ---\n  text\n---\nb: [1, 2]\n---\n---\n---\n',
  ];
  it.each(texts.map((t) => [JSON.stringify(t), t]))('%s', (_name, text) => {
    const whole = regions([text]);
    expect(regions(lineCuts(text, () => true))).toEqual(whole);
    expect(regions(lineCuts(text, (i) => i % 2 === 1))).toEqual(whole);
    expect(regions(lineCuts(text, (i) => i % 3 === 0))).toEqual(whole);
    // Pieces that end inside lines, inside markers too.
    for (const size of [1, 2, 3, 4, 5, 7]) {
      const pieces: string[] = [];
      for (let i = 0; i < text.length; i += size) pieces.push(text.slice(i, i + size));
      expect(regions(pieces)).toEqual(whole);
    }
  });
});

describe('the first pass over a file: flow nesting across its 1 MiB chunks', () => {
  const head = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n  a: "';
  /** A file whose first 1 MiB chunk ends with a backslash inside a string; `after` follows it. */
  const file = (after: string) => {
    const text = head + 'x'.repeat(MIB - head.length - 1) + '\\' + after;
    return path.join(tempDir({ 'big.yaml': text }), 'big.yaml');
  };

  it('an escaped quote at the start of a chunk keeps the string open: brackets in it do not nest', () => {
    const read = readInputs([file(`"${'['.repeat(300)}"\n`)]);
    expect(read.problems).toEqual([]);
    expect(read.documents).toHaveLength(1);
    expect((read.documents[0].value.data as Record<string, string>).a).toBe(`${'x'.repeat(MIB - head.length - 1)}"${'['.repeat(300)}`);
  });

  it('brackets after the string closes nest, and too deep is an error', () => {
    const read = readInputs([file(`""\n  b: ${'['.repeat(300)}\n`)]);
    expect(read.documents).toEqual([]);
    expect(read.problems.map((p) => [p.code, p.message])).toEqual([['ID900', 'nested more than 256 levels deep: not read']]);
  });
});
