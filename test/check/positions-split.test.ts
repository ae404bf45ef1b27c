/**
 * The positions' byte splitter (lib/reader/positions-split.ts) finds the documents the reader's text
 * splitter finds (lib/reader/split.ts), numbered the same, with the same text and first line, in
 * chunks of any size that end at line breaks; and it tells the streams to read whole as the text
 * check does.
 */
import * as fc from 'fast-check';
import { ByteSplitter, needsWholeBytes, type WantedDocument } from '../../lib/reader/positions-split';
import { DocumentSplitter, needsWholeStream } from '../../lib/reader/split';

/** The documents of a text as the positions numbered them before: regions with a marker or content. */
function textDocuments(text: string): WantedDocument[] {
  const out: WantedDocument[] = [];
  const splitter = new DocumentSplitter((r) => {
    if (r.marker || /^[ \t]*[^ \t\r\n#]/m.test(r.text)) out.push({ text: r.text, line: r.line });
  });
  splitter.push(text);
  splitter.end();
  return out;
}

/** The bytes cut after line breaks (`cuts` picks which), as the file reader gives them. */
function lineChunks(bytes: Buffer, cuts: readonly boolean[]): Buffer[] {
  const chunks: Buffer[] = [];
  let start = 0;
  let k = 0;
  for (let i = bytes.indexOf(0x0a); i >= 0; i = bytes.indexOf(0x0a, i + 1)) {
    if (cuts[k++ % Math.max(1, cuts.length)] !== false) {
      chunks.push(bytes.subarray(start, i + 1));
      start = i + 1;
    }
  }
  if (start < bytes.length) chunks.push(bytes.subarray(start));
  return chunks;
}

/** The documents the byte splitter gives, `wanted` of them (all when not given). */
function byteDocuments(chunks: readonly Buffer[], wanted?: readonly number[]): Array<WantedDocument & { index: number }> {
  const out: Array<WantedDocument & { index: number }> = [];
  const all = wanted ?? Array.from({ length: 1000 }, (_, i) => i);
  const splitter = new ByteSplitter(all, (d, index) => out.push({ ...d, index }));
  for (const c of chunks) {
    // A buffer of its own with bytes after the chunk's end, as the file reader may give.
    const data = Buffer.concat([c, Buffer.from('---\n')]);
    if (!splitter.done) splitter.push(data, c.length);
  }
  splitter.end();
  return out;
}

const PIECES = ['---\n', '--- \n', '---\t# c\n', '---x\n', '----\n', ' ---\n', '--- a: 1\n', '---', 'a: 1\n', '# comment\n', '  \n', '\n', '\r\n', 'b: é🦓\n', '- x\n', 'c: |\n  ---\n', '\ufeff', 'd: \u2028\n', '\t\n', '...\n', '%YAML 1.2\n', 'e: 50%\n', 'f: a...\n'];

describe('the byte splitter finds the text splitter\'s documents', () => {
  it.each([
    ['one document, no marker', 'a: 1\nb: 2\n'],
    ['a marker first', '---\na: 1\n---\nb: 2\n'],
    ['comments before the first marker (not a document)', '# c\n\n---\na: 1\n'],
    ['content before the first marker', 'a: 1\n---\nb: 2\n'],
    ['empty documents', '---\n---\n---\n'],
    ['a marker with a comment and one with a tab', '--- # c\na: 1\n---\tb: 2\n'],
    ['not markers', '---x\n----\n ---\na: 1\n'],
    ['no line break at the end', 'a: 1\n---\nb: 2'],
    ['a marker as the last line without a line break', 'a: 1\n---'],
    ['CRLF line ends', 'a: 1\r\n---\r\nb: 2\r\n'],
    ['multi-byte characters', 'a: é\n---\nb: 🦓\n'],
    ['only a marker', '---'],
    ['empty', ''],
  ])('%s', (_name, text) => {
    const bytes = Buffer.from(text, 'utf8');
    const expected = textDocuments(text).map((d, index) => ({ ...d, index }));
    expect(byteDocuments([bytes])).toEqual(expected);
    expect(byteDocuments(lineChunks(bytes, [true]))).toEqual(expected);
  });

  it('any text of tricky pieces, in chunks cut anywhere after a line break, all or some documents wanted', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 30 }), fc.array(fc.boolean(), { maxLength: 8 }), fc.array(fc.nat(12), { maxLength: 5 }), (pieces, cuts, some) => {
        const text = pieces.join('');
        const bytes = Buffer.from(text, 'utf8');
        const expected = textDocuments(text).map((d, index) => ({ ...d, index }));
        expect(byteDocuments(lineChunks(bytes, cuts))).toEqual(expected);
        const wanted = [...new Set(some)].sort((a, b) => a - b);
        expect(byteDocuments(lineChunks(bytes, cuts), wanted)).toEqual(expected.filter((d) => wanted.includes(d.index)));
      }),
      { seed: 20, numRuns: 400 },
    );
  });

  it('invalid UTF-8 decodes as the text splitter\'s text does', () => {
    const bytes = Buffer.concat([Buffer.from('a: '), Buffer.from([0xff, 0xe2, 0x80]), Buffer.from('\n---\nb: '), Buffer.from([0xc3]), Buffer.from('\n')]);
    const expected = textDocuments(bytes.toString('utf8')).map((d, index) => ({ ...d, index }));
    expect(byteDocuments(lineChunks(bytes, [true]))).toEqual(expected);
  });
});

describe('streams read whole: a line that starts with `...` or `%`', () => {
  it('as the text check says, on any text of tricky pieces', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES, '\r...', '\r%', '\u2028...', '\u2029%', 'x...', 'y%'), { maxLength: 12 }), (pieces) => {
        const text = pieces.join('');
        const bytes = Buffer.from(text, 'utf8');
        expect(needsWholeBytes(Buffer.concat([bytes, Buffer.from('\n...')]), bytes.length)).toBe(needsWholeStream(text));
      }),
      { seed: 20, numRuns: 400 },
    );
  });
});
