/**
 * The documents of a YAML file found in its bytes, for the positions of a few of them: the same
 * documents, lines and numbering as the reader's splitter gives in the decoded text
 * (lib/reader/split.ts: a `---` line starts a document; what comes before the first one is a
 * document when it holds more than blank lines and comments), but only the wanted documents are
 * decoded; the rest of the file is searched for markers and line breaks without building strings.
 * The bytes come in chunks that end just after a line break (or at the file's end), a UTF-8 byte
 * order mark dropped; a line break is one byte in UTF-8 and never part of another character, so
 * the decoded text of a document is the decoded text of its bytes.
 */
/** A wanted document's text and its first line in the stream. */
export interface WantedDocument {
  readonly text: string;
  readonly line: number;
}

const DOCUMENT_END = Buffer.from('...');
const PERCENT = 0x25;
const LF = 0x0a;

/** A line that holds more than spaces, tabs and a comment (what makes the text before the first marker a document). */
const HAS_CONTENT = /^[ \t]*[^ \t\r\n#]/m;

/**
 * Splits the bytes of a YAML stream into documents, chunk by chunk, as the reader's splitter
 * splits its text, and gives the wanted ones; the others are only counted.
 */
export class ByteSplitter {
  /** The index the current region has if it is a document, and the position in `wanted` of the next wanted one. */
  private index = 0;
  private next = 0;
  /** The stream's line where the current chunk's bytes counted so far end. */
  private line = 1;
  /** The current region: whether it starts with a marker, whether it holds content (before the first marker), its first line and bytes when wanted. */
  private marker = false;
  private content = false;
  private first = 1;
  private parts: Buffer[] | undefined;

  /** @param wanted the indexes of the wanted documents, ascending */
  constructor(private readonly wanted: readonly number[], private readonly onDocument: (document: WantedDocument, index: number) => void) {
    this.parts = wanted[0] === 0 ? [] : undefined;
  }

  /** Whether every wanted document was given. */
  get done(): boolean {
    return this.next >= this.wanted.length;
  }

  /** Adds the bytes `data[0, end)`: whole lines, but for the file's last one. */
  push(data: Buffer, end: number): void {
    const bytes = data.subarray(0, end);
    // Searched as Latin-1 text: one character a byte, so its offsets are the bytes' (and its string search the fastest).
    const text = bytes.toString('latin1');
    let start = 0;
    let counted = 0;
    for (let marker = isMarkerAt(text, 0) ? 0 : nextMarker(text, 0); marker >= 0 && !this.done; marker = nextMarker(text, marker)) {
      this.add(bytes, start, marker);
      this.close();
      this.marker = true;
      this.parts = undefined;
      if (this.index === this.wanted[this.next]) {
        this.line += countBreaks(text, counted, marker);
        counted = marker;
        this.first = this.line;
        this.parts = [];
      }
      start = marker;
    }
    if (this.done) return;
    this.add(bytes, start, bytes.length);
    this.line += countBreaks(text, counted, bytes.length);
  }

  /** The stream ended: the last document is given. */
  end(): void {
    if (!this.done) this.close();
  }

  /** Adds bytes to the current region: kept when it is wanted, searched for content before the first marker. */
  private add(bytes: Buffer, start: number, end: number): void {
    if (end <= start) return;
    if (this.parts !== undefined) this.parts.push(bytes.subarray(start, end));
    if (!this.marker && !this.content) this.content = HAS_CONTENT.test(bytes.toString('utf8', start, end));
  }

  /** Ends the current region: a document when it starts with a marker or holds content; given when wanted. */
  private close(): void {
    if (!this.marker && !this.content) return;
    const index = this.index++;
    const parts = this.parts;
    if (parts === undefined) return;
    this.next++;
    const text = (parts.length === 1 ? parts[0] : Buffer.concat(parts)).toString('utf8');
    this.onDocument({ text, line: this.first }, index);
  }
}

/** Whether a `---` marker (followed by a space, a tab, a line break or the end) starts at `p`, a line's start. */
function isMarkerAt(text: string, p: number): boolean {
  if (!text.startsWith('---', p)) return false;
  const c = text.charCodeAt(p + 3);
  return Number.isNaN(c) || c === 0x20 || c === 0x09 || c === LF || c === 0x0d;
}

/** The start of the next marker line after `from` (a line's start), or -1. */
function nextMarker(text: string, from: number): number {
  for (let i = text.indexOf('\n---', from); i >= 0; i = text.indexOf('\n---', i + 1)) {
    if (isMarkerAt(text, i + 1)) return i + 1;
  }
  return -1;
}

/** Line breaks (`\n`) in `text[start, end)`. */
function countBreaks(text: string, start: number, end: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', start); i >= 0 && i < end; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/**
 * {@link needsWholeStream} of the decoded text of a chunk `data[0, end)`: whether a line starts with
 * `...` or `%`, a line starting (as in a regular expression's multiline mode) at the chunk's start
 * and after `\n`, `\r`, U+2028 and U+2029 (whose UTF-8 bytes always decode to them).
 */
export function needsWholeBytes(data: Buffer, end: number): boolean {
  const bytes = data.subarray(0, end);
  for (let i = bytes.indexOf(DOCUMENT_END); i >= 0; i = bytes.indexOf(DOCUMENT_END, i + 1)) if (atLineStart(bytes, i)) return true;
  for (let i = bytes.indexOf(PERCENT); i >= 0; i = bytes.indexOf(PERCENT, i + 1)) if (atLineStart(bytes, i)) return true;
  return false;
}

function atLineStart(bytes: Buffer, i: number): boolean {
  if (i === 0) return true;
  const c = bytes[i - 1];
  return c === LF || c === 0x0d || (i >= 3 && bytes[i - 3] === 0xe2 && bytes[i - 2] === 0x80 && (c === 0xa8 || c === 0xa9));
}
