/**
 * Splits a YAML stream into its documents' texts, incrementally (text may come in chunks), the
 * way the `yaml` package counts documents: a `---` line (followed by a space, a tab or the end of
 * the line) at the start of a line starts a document; text before the first marker is a document
 * only when it holds more than blank lines and comments. Streams with a `...` line or a directive
 * (`%` at the start of a line) are not split here: see {@link needsWholeStream}.
 */

/** The text of one document of a stream. */
export interface StreamRegion {
  /** The document's text, its `---` line included. */
  readonly text: string;
  /** 1-based line of the stream where the text starts. */
  readonly line: number;
  /** Whether the text starts with a `---` line. */
  readonly marker: boolean;
  /** Number of line breaks in the text. */
  readonly breaks: number;
}

/** True when a stream has a document end marker (`...`) or a directive (`%`) at the start of a line. */
export function needsWholeStream(text: string): boolean {
  return /^(?:\.\.\.|%)/m.test(text);
}

function isMarkerEnd(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

/** Number of line breaks in `text` before `end`. */
export function countLines(text: string, end = text.length): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < end; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/**
 * Offset of the first marker line in a text that follows a line break (at its start, or after one
 * of its line breaks), when the character after the marker is in the text; -1 when there is none, or
 * when that character is not there yet.
 */
function firstMarker(text: string): number {
  if (text.startsWith('---')) {
    if (text.length === 3) return -1;
    if (isMarkerEnd(text.charCodeAt(3))) return 0;
  }
  for (let i = text.indexOf('\n---'); i >= 0; i = text.indexOf('\n---', i + 1)) {
    if (i + 4 >= text.length) return -1;
    if (isMarkerEnd(text.charCodeAt(i + 4))) return i + 1;
  }
  return -1;
}

/** Feeds text in; calls `onRegion` for every document text, in order. */
export class DocumentSplitter {
  private carry = '';
  /** Line of the stream where {@link carry} starts. */
  private line = 1;
  /** Where to look for the next marker in {@link carry}. */
  private from = 0;
  /** Whether {@link carry} starts with a marker. */
  private marker = false;

  constructor(private readonly onRegion: (region: StreamRegion) => void) {}

  /** Length of the text given but not yet split into documents (the start of a document not yet ended). */
  get pending(): number {
    return this.carry.length;
  }

  /** Adds text (it may end anywhere, even inside a line). */
  push(text: string): void {
    if (this.carry.length > 0 && this.pushAfterLine(text)) return;
    this.carry = this.carry.length === 0 ? text : this.carry + text;
    this.scan(false);
  }

  /**
   * Adds text after a carried text that ends a line (a file's chunks end at line breaks) when the
   * text starts the next document: the document carried is joined with the text's part before
   * that alone, and the text is never copied into one string with the carried one. `false` (nothing
   * done) when that does not hold: at the stream's first line, or when no marker in the text ends
   * the carried document yet.
   */
  private pushAfterLine(text: string): boolean {
    const carry = this.carry;
    if ((this.line === 1 && !this.marker) || carry.charCodeAt(carry.length - 1) !== 0x0a) return false;
    const next = firstMarker(text);
    if (next < 0) return false;
    this.emitText(next === 0 ? carry : carry + text.slice(0, next));
    this.marker = true;
    this.carry = text.slice(next);
    this.from = 0;
    this.scan(false);
    return true;
  }

  /** The stream ended: the last document is given. */
  end(): void {
    this.scan(true);
    if (this.carry.length > 0 || this.marker) this.emit(this.carry.length);
    this.carry = '';
  }

  private scan(final: boolean): void {
    const text = this.carry;
    let start = 0;
    // A marker on the stream's (or this chunk's carried) first line.
    if (this.line === 1 && !this.marker && this.from === 0 && text.startsWith('---')) {
      if (text.length === 3 && !final) return;
      if (text.length === 3 || isMarkerEnd(text.charCodeAt(3))) {
        this.marker = true;
        this.from = 3;
      }
    }
    for (let i = text.indexOf('\n---', this.from); i >= 0; i = text.indexOf('\n---', i + 1)) {
      const after = i + 4;
      if (after >= text.length && !final) {
        this.from = i;
        this.cut(start);
        return;
      }
      if (after < text.length && !isMarkerEnd(text.charCodeAt(after))) continue;
      this.emitPart(start, i + 1);
      start = i + 1;
      this.marker = true;
    }
    this.from = Math.max(0, text.length - start - 3);
    this.cut(start);
  }

  private cut(start: number): void {
    if (start > 0) {
      this.carry = this.carry.slice(start);
      this.from = Math.max(0, this.from - start);
    }
  }

  private emitPart(start: number, end: number): void {
    this.emitText(this.carry.slice(start, end));
  }

  private emitText(text: string): void {
    const breaks = countLines(text);
    const region = { text, line: this.line, marker: this.marker, breaks };
    this.line += breaks;
    this.onRegion(region);
  }

  private emit(end: number): void {
    this.emitPart(0, end);
  }
}
