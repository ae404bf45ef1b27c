/**
 * A fast way to the offsets of a document's fields, for the plain block style Kubernetes tools
 * write (`key: value` lines, `- ` items, one-line flow collections and quoted scalars, literal and
 * folded blocks that are skipped): a line scanner that reads the whole document, checks everything
 * it reads, and gives up on anything else (anchors, aliases, tags, multi-line scalars and flow
 * collections, explicit keys, keys it cannot be sure how YAML 1.1 reads, duplicate keys, tabs, CR,
 * a byte order mark, control characters, directives). Giving up is always safe: the caller then
 * parses the document with the `yaml` package. What it accepts, it locates at the same offsets as
 * the `yaml` package's nodes (a test compares the two on every path of every test document).
 */
import type { PathSegment, PathSelector } from '../base/paths';

type Step = PathSegment | PathSelector;

/** A node: its first character's offset; a scalar's value when it is certainly that string. */
type FastNode =
  | { readonly kind: 'map'; readonly offset: number; readonly entries: Map<string, FastEntry> }
  | { readonly kind: 'seq'; readonly offset: number; readonly items: FastNode[] }
  | { readonly kind: 'scalar'; readonly offset: number; readonly value: string | undefined; readonly block: boolean };

interface FastEntry {
  readonly keyOffset: number;
  /** Whether the key reads as a string (not as a number). */
  readonly stringKey: boolean;
  readonly value: FastNode | null;
}

/** Raised when the scanner is not certain. */
class Decline {}
const DECLINE = new Decline();

function decline(): never {
  throw DECLINE;
}

/** A plain scalar YAML 1.1 reads as exactly its text (a string). */
const PLAIN_STRING = /^[A-Za-z_][A-Za-z0-9_./-]*$/;
/** YAML 1.1 booleans and null (which the plain-string pattern would let through). */
const NOT_STRING = /^(?:y|n|yes|no|true|false|on|off|null)$/i;
/** A plain integer whose value written back is its text. */
const PLAIN_INT = /^(?:0|[1-9][0-9]{0,14})$/;

/** The value of a plain scalar when it is certainly a string (or an integer, `number`), else undefined. */
function plainValue(text: string): { value: string; number: boolean } | undefined {
  if (PLAIN_STRING.test(text) && !NOT_STRING.test(text)) return { value: text, number: false };
  if (PLAIN_INT.test(text)) return { value: text, number: true };
  return undefined;
}

/** What may follow `\\` in a double-quoted scalar (YAML 1.2, section 5.7). */
const ESCAPE = /[0abt\tnvfre "/\\N_LP]|x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}/y;

const MAX_FLOW_DEPTH = 16;
const MAX_KEY_CHARS = 512;

/** One line of the document: offset of its start, indentation, offset of its end. */
interface Line {
  readonly start: number;
  readonly indent: number;
  readonly end: number;
}

class Scanner {
  private readonly lines: Line[] = [];
  private at = 0;

  constructor(private readonly text: string) {
    if (/[\t\r\ufeff\u0085\u2028\u2029\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/.test(text)) decline();
    for (let start = 0; start <= text.length; ) {
      let end = text.indexOf('\n', start);
      if (end < 0) end = text.length;
      let indent = 0;
      while (text.charCodeAt(start + indent) === 32) indent++;
      this.lines.push({ start, indent, end });
      start = end + 1;
    }
  }

  /** The document's root node (a map or a sequence at indentation 0), or declines. */
  root(): FastNode {
    const first = this.lines[0];
    const firstText = this.text.slice(first.start, first.end);
    if (firstText.startsWith('---')) {
      if (!/^---[ ]*(?:[ ]#.*)?$/.test(firstText)) decline();
      this.at = 1;
    }
    this.skipBlank();
    const line = this.lines[this.at];
    if (line === undefined || line.indent !== 0) decline();
    const node = this.block(0);
    this.skipBlank();
    if (this.at < this.lines.length) decline();
    return node;
  }

  /** Skips empty lines and whole-line comments; directives and markers inside a document decline. */
  private skipBlank(): void {
    for (; this.at < this.lines.length; this.at++) {
      const { start, indent, end } = this.lines[this.at];
      const c = this.text[start + indent];
      if (start + indent === end || c === '#') continue;
      if (indent === 0 && /^(?:---|\.\.\.)(?:[ ]|$)|^%/.test(this.text.slice(start, Math.min(end, start + 4)))) decline();
      return;
    }
  }

  /** The block node starting on the current line at `indent`: a map or a sequence. */
  private block(indent: number): FastNode {
    const line = this.lines[this.at];
    const p = line.start + line.indent;
    return this.isItem(p) ? this.seq(indent, p) : this.map(indent, p);
  }

  private isItem(p: number): boolean {
    const next = this.text[p + 1];
    return this.text[p] === '-' && (next === ' ' || next === '\n' || next === undefined);
  }

  /** A block map whose keys are at column `indent`; the first key at `p` on the current line. */
  private map(indent: number, p: number): FastNode {
    const entries = new Map<string, FastEntry>();
    const node: FastNode = { kind: 'map', offset: p, entries };
    for (;;) {
      const line = this.lines[this.at];
      this.entry(entries, indent, p, line.end);
      this.skipBlank();
      const next = this.lines[this.at];
      if (next === undefined || next.indent < indent) return node;
      if (next.indent > indent) decline();
      p = next.start + next.indent;
      if (this.isItem(p)) decline();
    }
  }

  /** One `key: value` of a map at `indent`, its key at `p`; moves past the value's lines. */
  private entry(entries: Map<string, FastEntry>, indent: number, p: number, end: number): void {
    const key = this.key(p, end);
    if (entries.has(key.value)) decline();
    let v = key.after;
    while (this.text[v] === ' ') v++;
    if (v >= end || this.text[v] === '#') {
      this.at++;
      this.skipBlank();
      const next = this.lines[this.at];
      let value: FastNode | null = null;
      if (next !== undefined && next.indent > indent) value = this.block(next.indent);
      else if (next !== undefined && next.indent === indent && this.isItem(next.start + next.indent)) value = this.seq(indent, next.start + next.indent);
      entries.set(key.value, { keyOffset: p, stringKey: !key.number, value });
      return;
    }
    entries.set(key.value, { keyOffset: p, stringKey: !key.number, value: this.inline(v, end, indent) });
  }

  /** A map key at `p` (plain, or quoted without escapes) followed by `:` and a space or the line's end. */
  private key(p: number, end: number): { value: string; number: boolean; after: number } {
    const m = /"([^"\\\n]*)"|'([^'\n]*)'|([^\s:#'"{}[\],&*!|>%@`?-][^\s:#{}[\],]*)/y;
    m.lastIndex = p;
    const found = m.exec(this.text);
    if (found === null || found[0].length > MAX_KEY_CHARS) decline();
    const colon = m.lastIndex;
    if (this.text[colon] !== ':' || (colon + 1 < end && this.text[colon + 1] !== ' ')) decline();
    if (found[3] === undefined) return { value: found[1] ?? found[2], number: false, after: colon + 1 };
    const plain = plainValue(found[3]) ?? decline();
    return { value: plain.value, number: plain.number, after: colon + 1 };
  }

  /** A value on the rest of a line from `v` (a scalar or a flow collection); moves to the next line (past a block scalar's). */
  private inline(v: number, end: number, parentIndent: number): FastNode {
    const c = this.text[v];
    let node: FastNode;
    let after: number;
    if (c === '|' || c === '>') {
      if (!/^[|>][+-]?[ ]*(?:[ ]#.*)?$/.test(this.text.slice(v, end))) decline();
      this.at++;
      this.blockScalar(parentIndent);
      return { kind: 'scalar', offset: v, value: undefined, block: true };
    }
    if (c === '{' || c === '[') {
      const flow = this.flow(v, end, 0);
      node = flow.node;
      after = flow.after;
    } else if (c === '"' || c === "'") {
      const q = this.quoted(v, end);
      node = { kind: 'scalar', offset: v, value: q.value, block: false };
      after = q.after;
    } else {
      if (/[&*!%@`?,\]}#|>]/.test(c) || (c === '-' && this.isItem(v)) || (c === ':' && /[ \n]/.test(this.text[v + 1] ?? '\n'))) decline();
      const comment = this.text.slice(v, end).search(/ #/);
      const text = this.text.slice(v, comment < 0 ? end : v + comment).trimEnd();
      if (/:(?: |$)/.test(text)) decline();
      node = { kind: 'scalar', offset: v, value: plainValue(text)?.value, block: false };
      after = comment < 0 ? end : v + comment;
    }
    if (!/^[ ]*(?:#.*)?$/.test(this.text.slice(after, end)) || (this.text[after] === '#' && after > v)) decline();
    this.at++;
    this.skipBlank();
    const next = this.lines[this.at];
    if (next !== undefined && next.indent > parentIndent) decline();
    return node;
  }

  /** Skips the lines of a block scalar whose parent is at `parentIndent` (its indentation detected, as YAML does). */
  private blockScalar(parentIndent: number): void {
    let detected = -1;
    let leading = 0;
    for (; this.at < this.lines.length; this.at++) {
      const { start, indent, end } = this.lines[this.at];
      if (start + indent === end) {
        if (detected < 0) leading = Math.max(leading, indent);
        continue;
      }
      if (indent <= parentIndent) break;
      if (detected < 0) {
        detected = indent;
        if (leading > detected) decline();
      } else if (indent < detected) decline();
    }
    this.skipBlank();
  }

  /** A quoted scalar on one line: its value when it has no escapes, and the offset after it. */
  private quoted(v: number, end: number): { value: string | undefined; after: number } {
    const quote = this.text[v];
    let escaped = false;
    for (let i = v + 1; i < end; i++) {
      const d = this.text[i];
      if (quote === '"' && d === '\\') {
        // An escape the `yaml` package would refuse (or one that continues the line) is not for the fast way.
        ESCAPE.lastIndex = i + 1;
        if (!ESCAPE.test(this.text) || ESCAPE.lastIndex > end) decline();
        escaped = true;
        i = ESCAPE.lastIndex - 1;
      } else if (d === quote) {
        if (quote === "'" && this.text[i + 1] === "'") {
          escaped = true;
          i++;
          continue;
        }
        return { value: escaped ? undefined : this.text.slice(v + 1, i), after: i + 1 };
      }
    }
    return decline();
  }

  /** A flow collection on one line from `v`: its node and the offset after it. */
  private flow(v: number, end: number, depth: number): { node: FastNode; after: number } {
    if (depth > MAX_FLOW_DEPTH) decline();
    const close = this.text[v] === '{' ? '}' : ']';
    const entries = new Map<string, FastEntry>();
    const items: FastNode[] = [];
    let i = this.space(v + 1, end);
    if (this.text[i] !== close) {
      for (;;) {
        if (close === '}') {
          const key = this.key(i, end);
          if (this.text[key.after] !== ' ' || entries.has(key.value)) decline();
          const value = this.flowValue(this.space(key.after, end), end, depth);
          entries.set(key.value, { keyOffset: i, stringKey: !key.number, value: value.node });
          i = this.space(value.after, end);
        } else {
          const item = this.flowValue(i, end, depth);
          items.push(item.node);
          i = this.space(item.after, end);
        }
        if (this.text[i] === close) break;
        if (this.text[i] !== ',') decline();
        i = this.space(i + 1, end);
        if (this.text[i] === close || this.text[i] === ',') decline();
      }
    }
    const node: FastNode = close === '}' ? { kind: 'map', offset: v, entries } : { kind: 'seq', offset: v, items };
    return { node, after: i + 1 };
  }

  /** A value inside a flow collection: a nested collection, a quoted scalar or a plain one. */
  private flowValue(i: number, end: number, depth: number): { node: FastNode; after: number } {
    const c = this.text[i];
    if (c === '{' || c === '[') return this.flow(i, end, depth + 1);
    if (c === '"' || c === "'") {
      const q = this.quoted(i, end);
      return { node: { kind: 'scalar', offset: i, value: q.value, block: false }, after: q.after };
    }
    const m = /[^\s,[\]{}#:&*!|>%@`?'"-][^,[\]{}#:\n]*/y;
    m.lastIndex = i;
    const found = m.exec(this.text) ?? decline();
    const text = found[0].trimEnd();
    if (this.text[m.lastIndex] === ':' || this.text[m.lastIndex] === '#') decline();
    return { node: { kind: 'scalar', offset: i, value: plainValue(text)?.value, block: false }, after: i + text.length };
  }

  private space(i: number, end: number): number {
    while (i < end && this.text[i] === ' ') i++;
    return i;
  }

  /** A block sequence whose `- ` are at column `indent`; the first at `p` on the current line. */
  private seq(indent: number, p: number): FastNode {
    const items: FastNode[] = [];
    const node: FastNode = { kind: 'seq', offset: p, items };
    for (;;) {
      items.push(this.item(indent, p));
      const next = this.lines[this.at];
      if (next === undefined || next.indent < indent) return node;
      if (next.indent > indent) decline();
      p = next.start + next.indent;
      if (!this.isItem(p)) return node;
    }
  }

  /** One item of a sequence at `indent`, its `-` at `p`. */
  private item(indent: number, p: number): FastNode {
    const line = this.lines[this.at];
    const c = this.space(p + 1, line.end);
    if (c === p + 1 && c < line.end) decline();
    if (c >= line.end || this.text[c] === '#' || this.isItem(c)) return decline();
    const column = c - line.start;
    if (/^(?:"[^"\\\n]*"|'[^'\n]*'|[^\s:#'"{}[\],&*!|>%@`?-][^\s:#{}[\],]*):(?: |$)/.test(this.text.slice(c, line.end))) return this.map(column, c);
    return this.inline(c, line.end, indent);
  }
}

/** Where `step` leads from `node`, as the `yaml`-based locator goes: the child and the offset to report. */
function child(node: FastNode, step: Step): { node: FastNode | null; offset: number } | undefined {
  if (node.kind === 'map' && typeof step !== 'object') {
    for (const form of keyForms(step)) {
      const entry = node.entries.get(form);
      if (entry !== undefined) return { node: entry.value, offset: entry.keyOffset };
    }
    return undefined;
  }
  if (node.kind !== 'seq') return undefined;
  if (typeof step === 'number') {
    const item = node.items[step];
    return item === undefined ? undefined : { node: item, offset: item.offset };
  }
  if (typeof step === 'string') return undefined;
  if (PLAIN_INT.test(step.key)) decline();
  const item = node.items.find((n) => {
    if (n.kind !== 'map') return false;
    const entry = n.entries.get(step.key);
    if (entry === undefined || !entry.stringKey || entry.value === null || entry.value.kind !== 'scalar') {
      if (entry !== undefined && entry.value === null) decline();
      return false;
    }
    return (entry.value.value ?? decline()) === step.value;
  });
  return item === undefined ? undefined : { node: item, offset: item.offset };
}

/** Keys a segment may be written as (the same forms, in the same order, as the `yaml`-based locator tries). */
export function keyForms(segment: string | number): string[] {
  const key = String(segment);
  const camel = key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
  const snake = key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  return [...new Set([key, camel, snake])];
}

/** What the fast locator answers: an offset, `undefined` (the List item is not there), or that it declines. */
export type FastAnswer = number | undefined | 'decline';

/** A document's text read by the fast scanner, once, for any number of paths; `undefined` when it declines the document. */
export class FastDocument {
  private constructor(private readonly root: FastNode) {}

  static read(text: string): FastDocument | undefined {
    try {
      return new FastDocument(new Scanner(text).root());
    } catch (e) {
      if (e instanceof Decline) return undefined;
      throw e;
    }
  }

  /** The offset the `yaml`-based locator gives for `steps` (the first `base` of them must exist), or 'decline'. */
  locate(steps: readonly Step[], base: number): FastAnswer {
    try {
      let node: FastNode | null = this.root;
      let offset = this.root.offset;
      for (let k = 0; k < steps.length && node !== null; k++) {
        const next = child(node, steps[k]);
        if (next === undefined) {
          if (k < base) return undefined;
          // A path into a block scalar may go on into an embedded bootstrap: the `yaml` package's way.
          if (node.kind === 'scalar' && node.block) return 'decline';
          return offset;
        }
        node = next.node;
        offset = next.offset;
      }
      return offset;
    } catch (e) {
      if (e instanceof Decline) return 'decline';
      throw e;
    }
  }
}
