/**
 * A fast way to the offsets of a document's fields, for the plain block style Kubernetes tools
 * write (`key: value` lines, `- ` items, one-line flow collections and quoted scalars, literal and
 * folded blocks): a walk along each path, for a document known to parse without error (one the
 * reader read), that reads only the lines of the maps and sequences the path goes through, checks
 * everything it reads, skips the blocks beside the path by their indentation, and gives up on
 * anything else (anchors, aliases, tags, multi-line scalars and flow collections, explicit keys,
 * keys it cannot be sure how YAML 1.1 reads, a key found twice, tabs, CR, control characters,
 * directives). Giving up is always safe: the caller then parses the document with the `yaml`
 * package. What it accepts, it locates at the same offsets as the `yaml` package's nodes (a test
 * compares the two on every path of every test document that parses).
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

/** Raised when the walk is not certain. */
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

/** A plain key that reads as a string ({@link PLAIN_STRING}) unless it is one of {@link NOT_STRING}, sticky. */
const PLAIN_KEY = /[A-Za-z_][A-Za-z0-9_./-]*/y;
/** {@link NOT_STRING} before a key's `:`, sticky. */
const NOT_STRING_KEY = /(?:y|n|yes|no|true|false|on|off|null)(?=:)/iy;

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

/** Characters the walk never reads in a value: a tab, CR, a byte order mark, line separators, control characters. */
const NOT_FAST = /[\t\r\ufeff\u0085\u2028\u2029\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/;
/** A map key (plain, or quoted without escapes), sticky; group 3 is a plain key's text. */
const KEY = /"([^"\\\n]*)"|'([^'\n]*)'|([^\s:#'"{}[\],&*!|>%@`?-][^\s:#{}[\],]*)/y;
/** A map key followed by `:` and a space or the line's end: a line (or an item's rest) that starts a block map. */
const KEY_LINE = /(?:"[^"\\\n]*"|'[^'\n]*'|[^\s:#'"{}[\],&*!|>%@`?-][^\s:#{}[\],]*):(?: |\n|$)/y;
/** A plain scalar inside a flow collection, sticky. */
const FLOW_PLAIN = /[^\s,[\]{}#:&*!|>%@`?'"-][^,[\]{}#:\n]*/y;
/** The header of a literal or folded block scalar the walk reads (no indentation indicator). */
const BLOCK_HEADER = /^[|>][+-]?[ ]*(?:[ ]#.*)?$/;
/** What a plain value the fast way reads does not start with. */
const PLAIN_NOT_FIRST = /[&*!%@`?,\]}#|>]/;
/** A comment after a value. */
const COMMENT = / #/;
/** `: ` inside a plain value (a mapping YAML would not take there). */
const MAPPING_INSIDE = /:(?: |$)/;
/** What may follow a value on its line: spaces, then a comment. */
const LINE_REST = /^[ ]*(?:#.*)?$/;

/** {@link NOT_STRING}'s words, either case, as a regular expression's source (the flag `i` would apply to the whole pattern). */
const NOT_STRING_WORDS = ['y', 'n', 'yes', 'no', 'true', 'false', 'on', 'off', 'null'].map((w) => w.replace(/[a-z]/g, (c) => `[${c}${c.toUpperCase()}]`)).join('|');
/** A flow map's entry the way `- {name: http, port: 80}` writes them: a plain key that reads as a string ({@link PLAIN_STRING}), `:`, spaces, a plain value without spaces. */
const SIMPLE_ENTRY = `(?!(?:${NOT_STRING_WORDS}):)[A-Za-z_][A-Za-z0-9_./-]*: +[A-Za-z0-9_./][A-Za-z0-9_./-]*`;
/** A one-line flow map of {@link SIMPLE_ENTRY}s, sticky. */
const SIMPLE_FLOW_MAP = new RegExp(`\\{ *${SIMPLE_ENTRY}(?: *, *${SIMPLE_ENTRY})* *\\}`, 'y');
/** The key and the value of a {@link SIMPLE_ENTRY}. */
const SIMPLE_PAIR = /([A-Za-z_][A-Za-z0-9_./-]*): +([A-Za-z0-9_./][A-Za-z0-9_./-]*)/g;

/** What the walk reads on one line: keys, and scalars and flow collections (their values when certain). */
abstract class LineReader {
  /** The last {@link keyAt}'s key: its value when it was built, else its text ends at `keyEnd`; whether it reads as a number. */
  protected keyValue: string | undefined;
  protected keyEnd = 0;
  protected keyNumber = false;

  constructor(protected readonly text: string) {}

  protected isItem(p: number): boolean {
    const next = this.text[p + 1];
    return this.text[p] === '-' && (next === ' ' || next === '\n' || next === undefined);
  }

  /** Whether the text at `c` (an item's content) is a `key:` that starts a block map. */
  protected isKeyLine(c: number): boolean {
    KEY_LINE.lastIndex = c;
    return KEY_LINE.test(this.text);
  }

  /**
   * The key at `p` read as {@link key} reads it, without building anything for the usual key
   * (`name:`, `app.kubernetes.io/name:`: the text `[p, keyEnd)`); the offset after its `:`.
   */
  protected keyAt(p: number, end: number): number {
    const text = this.text;
    PLAIN_KEY.lastIndex = p;
    const j = PLAIN_KEY.test(text) ? PLAIN_KEY.lastIndex : p;
    if (j > p && text.charCodeAt(j) === 0x3a && j - p <= MAX_KEY_CHARS && (j + 1 >= end || text.charCodeAt(j + 1) === 0x20)) {
      NOT_STRING_KEY.lastIndex = p;
      if (j - p <= 5 && NOT_STRING_KEY.test(text)) decline();
      this.keyValue = undefined;
      this.keyEnd = j;
      this.keyNumber = false;
      return j + 1;
    }
    const key = this.key(p, end);
    this.keyValue = key.value;
    this.keyNumber = key.number;
    return key.after;
  }

  /** A map key at `p` (plain, or quoted without escapes) followed by `:` and a space or the line's end. */
  protected key(p: number, end: number): { value: string; number: boolean; after: number } {
    KEY.lastIndex = p;
    const found = KEY.exec(this.text);
    if (found === null || found[0].length > MAX_KEY_CHARS) decline();
    const colon = KEY.lastIndex;
    if (this.text[colon] !== ':' || (colon + 1 < end && this.text[colon + 1] !== ' ')) decline();
    if (found[3] === undefined) return { value: found[1] !== undefined ? found[1] : found[2], number: false, after: colon + 1 };
    const plain = plainValue(found[3]);
    if (plain === undefined) decline();
    return { value: plain.value, number: plain.number, after: colon + 1 };
  }

  /**
   * The value on the rest of a line from `v` (a scalar or a flow collection, or a block scalar's
   * header: its lines are the caller's to skip); declines anything else on the line.
   */
  protected inlineNode(v: number, end: number): FastNode {
    const c = this.text[v];
    let node: FastNode;
    let after: number;
    if (c === '|' || c === '>') {
      if (!BLOCK_HEADER.test(this.text.slice(v, end))) decline();
      return { kind: 'scalar', offset: v, value: undefined, block: true };
    }
    if (c === '{' || c === '[') {
      const flow = (c === '{' ? this.simpleFlowMap(v) : undefined) ?? this.flow(v, end, 0);
      node = flow.node;
      after = flow.after;
    } else if (c === '"' || c === "'") {
      const q = this.quoted(v, end);
      node = { kind: 'scalar', offset: v, value: q.value, block: false };
      after = q.after;
    } else {
      if (PLAIN_NOT_FIRST.test(c) || (c === '-' && this.isItem(v)) || (c === ':' && (v + 1 >= end || this.text[v + 1] === ' '))) decline();
      const comment = this.text.slice(v, end).search(COMMENT);
      const text = this.text.slice(v, comment < 0 ? end : v + comment).trimEnd();
      if (MAPPING_INSIDE.test(text)) decline();
      const plain = plainValue(text);
      node = { kind: 'scalar', offset: v, value: plain === undefined ? undefined : plain.value, block: false };
      after = comment < 0 ? end : v + comment;
    }
    if (!LINE_REST.test(this.text.slice(after, end)) || (this.text[after] === '#' && after > v)) decline();
    return node;
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

  /**
   * A one-line flow map of {@link SIMPLE_ENTRY}s from `v`, read by two searches: its node and the
   * offset after it, as {@link flow} reads it; `undefined` when it is not such a map.
   */
  private simpleFlowMap(v: number): { node: FastNode; after: number } | undefined {
    const text = this.text;
    SIMPLE_FLOW_MAP.lastIndex = v;
    if (!SIMPLE_FLOW_MAP.test(text)) return undefined;
    const close = SIMPLE_FLOW_MAP.lastIndex - 1;
    const entries = new Map<string, FastEntry>();
    SIMPLE_PAIR.lastIndex = v;
    for (let pair = SIMPLE_PAIR.exec(text); pair !== null && pair.index < close; pair = SIMPLE_PAIR.exec(text)) {
      if (entries.has(pair[1])) decline();
      const plain = plainValue(pair[2]);
      const value: FastNode = { kind: 'scalar', offset: SIMPLE_PAIR.lastIndex - pair[2].length, value: plain === undefined ? undefined : plain.value, block: false };
      entries.set(pair[1], { keyOffset: pair.index, stringKey: true, value });
    }
    return { node: { kind: 'map', offset: v, entries }, after: close + 1 };
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
    FLOW_PLAIN.lastIndex = i;
    const found = FLOW_PLAIN.exec(this.text);
    if (found === null) decline();
    const text = found[0].trimEnd();
    if (this.text[FLOW_PLAIN.lastIndex] === ':' || this.text[FLOW_PLAIN.lastIndex] === '#') decline();
    const plain = plainValue(text);
    return { node: { kind: 'scalar', offset: i, value: plain === undefined ? undefined : plain.value, block: false }, after: i + text.length };
  }

  protected space(i: number, end: number): number {
    while (i < end && this.text[i] === ' ') i++;
    return i;
  }
}

/** A document's first line when it is a `---` marker the walk reads (a comment may follow). */
const MARKER_LINE = /^---[ ]*(?:[ ]#.*)?$/;

/** Whether a line (at indentation 0) is a `---` or `...` marker or a `%` directive. */
function isMarkerOrDirective(text: string, start: number, end: number): boolean {
  const c = text.charCodeAt(start);
  if (c === 0x25) return true;
  if ((c !== 0x2d && c !== 0x2e) || start + 3 > end || text.charCodeAt(start + 1) !== c || text.charCodeAt(start + 2) !== c) return false;
  return start + 3 === end || text.charCodeAt(start + 3) === 0x20;
}

/**
 * Whether the line `[start, end)` (its indentation `indent`) is empty or a whole-line comment; a
 * directive or a marker inside a document declines.
 */
function isBlank(text: string, start: number, indent: number, end: number): boolean {
  const p = start + indent;
  if (p === end || text.charCodeAt(p) === 0x23) return true;
  if (indent === 0 && isMarkerOrDirective(text, start, end)) decline();
  return false;
}

/** What `read` gives for `offset`, read once and kept in `memo`; a decline is kept too (`null`) and declines again. */
function readOnce<V>(memo: Map<number, V | null>, offset: number, read: () => V): V {
  const known = memo.get(offset);
  if (known === null) decline();
  if (known !== undefined) return known;
  memo.set(offset, null);
  const value = read();
  memo.set(offset, value);
  return value;
}

/** Lines longer than this (in UTF-16 units) have their end remembered by the walk. */
const LONG_LINE = 4096;

/** Indentations up to this have their {@link skipper}. */
const MAX_SKIP_INDENT = 64;
const SKIPPERS: Array<RegExp | undefined> = [];

/**
 * A search for the next line (from the line break before it) indented `indent` or less that holds
 * more than spaces or a comment; with `items`, not a `-` item at `indent` either.
 */
function skipper(indent: number, items: boolean): RegExp {
  const slot = 2 * indent + (items ? 1 : 0);
  let found = SKIPPERS[slot];
  if (found === undefined) {
    found = new RegExp(`\\n${items ? `(?! {${indent}}-(?:[ \\n]|$))` : ''}(?= {0,${indent}}[^ \\n#])`, 'g');
    SKIPPERS[slot] = found;
  }
  return found;
}

/** A block collection the walk is at: its first key (or `-`) at `offset`, on the line that starts at `line`, its keys (or `-`) at column `indent`. */
interface BlockAt {
  readonly kind: 'block-map' | 'block-seq';
  readonly offset: number;
  readonly line: number;
  readonly indent: number;
}

/** A value on the rest of the line that starts at `line`, from `offset` to `end`, in a collection at `parentIndent`: read when the walk goes into it. */
interface InlineAt {
  readonly kind: 'inline';
  readonly offset: number;
  readonly line: number;
  readonly end: number;
  readonly parentIndent: number;
}

type WalkNode = FastNode | BlockAt | InlineAt;

/** The items of a block sequence the walk found: each one's `-` offset and line; `done` once the last is known. */
interface SequenceItems {
  readonly offsets: number[];
  readonly lines: number[];
  done: boolean;
}

/** A key of a block map as the walk read it: a {@link MapEntryAt}, and the key's value when it is not the text `[offset, end)`. */
interface KeyAt extends MapEntryAt {
  readonly text: string | undefined;
  readonly end: number;
}

/** An entry of a block map: its key's offset, line and line end, where its value starts on that line (past the spaces after `:`), whether the key reads as a number. */
interface MapEntryAt {
  readonly offset: number;
  readonly line: number;
  readonly lineEnd: number;
  readonly value: number;
  readonly number: boolean;
}

/**
 * A walk along paths in a document known to parse without error (one the reader read): it reads
 * only the lines of the maps and sequences a path goes through (every key of each: a key it is not
 * sure of declines), and skips the blocks beside the path by their indentation. In a document that parses, a line
 * indented deeper than a map's keys (or a sequence's `-`) belongs to one of its values: a plain or
 * quoted scalar goes on only on deeper lines, a block scalar ends at the first line that is not
 * deeper, and a flow collection that goes on below its line closes at most at its key's
 * indentation, a line the walk then reads as a key and declines.
 */
class Walker extends LineReader {
  /** The current line: its start (past the text when the lines are over), indentation and end. */
  private start = 0;
  private indent = 0;
  private end = 0;
  readonly root: BlockAt;

  constructor(text: string) {
    super(text);
    this.root = this.readRoot();
  }

  /**
   * The ends of the long lines the walk has been on, by their start: a line may be a whole
   * embedded bootstrap, which the walk may come back to once per finding (a map's key line before
   * it, a value after it), and is searched for its end once.
   */
  private readonly longLines = new Map<number, number>();

  private moveTo(start: number): void {
    const text = this.text;
    this.start = start;
    if (start > text.length) return;
    let end = this.longLines.size === 0 ? undefined : this.longLines.get(start);
    if (end === undefined) {
      end = text.indexOf('\n', start);
      if (end < 0) end = text.length;
      if (end - start > LONG_LINE) this.longLines.set(start, end);
    }
    let indent = 0;
    while (start + indent < end && text.charCodeAt(start + indent) === 32) indent++;
    this.end = end;
    this.indent = indent;
  }

  private nextLine(): void {
    this.moveTo(this.end + 1);
  }

  private get over(): boolean {
    return this.start > this.text.length;
  }

  private skipBlank(): void {
    while (!this.over && isBlank(this.text, this.start, this.indent, this.end)) this.nextLine();
  }

  /** Moves past the current line and the lines below it indented deeper than `indent` (with `items`, also the `-` lines at `indent`: a key's sequence). */
  private skipValue(indent: number, items: boolean): void {
    const next = indent <= MAX_SKIP_INDENT ? skipper(indent, items) : undefined;
    if (next !== undefined) {
      // One search for the next line that holds more than a comment at `indent` or less.
      next.lastIndex = this.end;
      this.moveTo(next.test(this.text) ? next.lastIndex : this.text.length + 1);
      return;
    }
    for (;;) {
      this.nextLine();
      this.skipBlank();
      if (this.over || this.indent < indent) return;
      if (this.indent === indent && !(items && this.isItem(this.start + indent))) return;
    }
  }

  /** The root: a map (its first line a key) or a sequence at indentation 0, or declines. */
  private readRoot(): BlockAt {
    this.moveTo(0);
    if (this.text.startsWith('---')) {
      if (!MARKER_LINE.test(this.text.slice(0, this.end))) decline();
      this.nextLine();
    }
    this.skipBlank();
    if (this.over || this.indent !== 0) decline();
    const root = this.blockHere(0);
    if (root.kind === 'block-map') this.keyAt(root.offset, this.end);
    return root;
  }

  /** The block collection that starts on the current line, its keys (or `-`) at `indent`. */
  private blockHere(indent: number): BlockAt {
    const p = this.start + this.indent;
    return { kind: this.isItem(p) ? 'block-seq' : 'block-map', offset: p, line: this.start, indent };
  }

  /** Where `step` leads from `node`: the child and the offset to report, as the `yaml`-based locator goes. */
  child(node: WalkNode, step: Step): { node: WalkNode | null; offset: number } | undefined {
    if (node.kind === 'block-map') {
      if (typeof step === 'object') return undefined;
      const entry = this.entry(node, keyForms(step));
      return entry === undefined ? undefined : { node: this.entryValue(entry, node.indent), offset: entry.offset };
    }
    if (node.kind === 'block-seq') return this.item(node, step);
    return child(node.kind === 'inline' ? this.inline(node) : (node as FastNode), step);
  }

  /** The value of an `inline` node (declined when it goes on below its line), else the node. */
  resolve(node: WalkNode): FastNode | BlockAt {
    return node.kind === 'inline' ? this.inline(node) : node;
  }

  /**
   * Inline values read so far, by offset (`null`: declined). Every path of a document's findings
   * may go through the same value, and one may be a whole embedded bootstrap on one line (a
   * ConfigMap's `envoy.yaml: "…"`): read once, not once per finding.
   */
  private readonly inlined = new Map<number, FastNode | null>();

  private inline(node: InlineAt): FastNode {
    return readOnce(this.inlined, node.offset, () => this.readInline(node));
  }

  private readInline(node: InlineAt): FastNode {
    if (NOT_FAST.test(this.text.slice(node.offset, node.end))) decline();
    const value = this.inlineNode(node.offset, node.end);
    if (value.kind === 'scalar' && value.block) return value;
    this.moveTo(node.line);
    this.nextLine();
    this.skipBlank();
    if (!this.over && this.indent > node.parentIndent) decline();
    return value;
  }

  /**
   * The entry of a block map whose key is the first of `forms` the map has: its key's offset, its
   * line and whether the key reads as a number; `undefined` when none is there. Every key of the map
   * is read (once: {@link keysOf}); a form found twice (`1:` and `"1":`) declines.
   */
  private entry(map: BlockAt, forms: readonly string[]): MapEntryAt | undefined {
    let found: (MapEntryAt & { form: number }) | undefined;
    let seen = 0;
    const keys = this.keysOf(map);
    for (let k = 0; k < keys.length; k++) {
      const key = keys[k];
      for (let form = 0; form < forms.length; form++) {
        if (!this.isForm(key, forms[form])) continue;
        if ((seen & (1 << form)) !== 0) decline();
        seen |= 1 << form;
        if (found === undefined || form < found.form) found = { offset: key.offset, line: key.line, lineEnd: key.lineEnd, value: key.value, number: key.number, form };
      }
    }
    return found;
  }

  /**
   * The keys of each block map read so far, by the map's offset (`null`: declined). A document's
   * findings go through the same maps, and a key's value may be long (a whole embedded bootstrap):
   * each map's keys are read once, not once per finding.
   */
  private readonly mapKeys = new Map<number, readonly KeyAt[] | null>();

  private keysOf(map: BlockAt): readonly KeyAt[] {
    return readOnce(this.mapKeys, map.offset, () => this.readKeys(map));
  }

  private readKeys(map: BlockAt): KeyAt[] {
    const keys: KeyAt[] = [];
    this.moveTo(map.line);
    let p = map.offset;
    for (;;) {
      let v = this.keyAt(p, this.end);
      while (this.text.charCodeAt(v) === 32) v++;
      keys.push({ offset: p, line: this.start, lineEnd: this.end, value: v, number: this.keyNumber, text: this.keyValue, end: this.keyEnd });
      this.skipValue(map.indent, v >= this.end || this.text[v] === '#');
      if (this.over || this.indent < map.indent) return keys;
      p = this.start + map.indent;
      if (this.isItem(p)) decline();
    }
  }

  /** Whether a key read by {@link readKeys} is `form`: its value, else the text it was read from. */
  private isForm(key: KeyAt, form: string): boolean {
    if (key.text !== undefined) return key.text === form;
    return key.end - key.offset === form.length && this.text.startsWith(form, key.offset);
  }

  /** The value of an entry (on its key's line, or below it, or none: a comment or the line's end) in a map at `indent`: `null` when it has none. */
  private entryValue(entry: MapEntryAt, indent: number): WalkNode | null {
    const v = entry.value;
    // The key's line end is known: a value on that line (maybe a whole embedded bootstrap) is not searched again.
    if (v < entry.lineEnd && this.text[v] !== '#') return { kind: 'inline', offset: v, line: entry.line, end: entry.lineEnd, parentIndent: indent };
    this.moveTo(entry.line);
    this.nextLine();
    this.skipBlank();
    if (this.over) return null;
    if (this.indent > indent) return this.blockHere(this.indent);
    if (this.indent === indent && this.isItem(this.start + indent)) return { kind: 'block-seq', offset: this.start + indent, line: this.start, indent };
    return null;
  }

  /** Where a step leads in a block sequence: the item it names (by index or selector) and the item's offset. */
  private item(seq: BlockAt, step: Step): { node: WalkNode; offset: number } | undefined {
    if (typeof step === 'string') return undefined;
    if (typeof step === 'object' && PLAIN_INT.test(step.key)) decline();
    if (typeof step === 'number' && !(step >= 0)) return undefined;
    for (let i = typeof step === 'number' ? step : 0; ; i++) {
      const items = this.itemsUpTo(seq, i);
      if (items.offsets.length <= i) return undefined;
      this.moveTo(items.lines[i]);
      const node = this.itemNode(items.offsets[i], seq.indent);
      if (typeof step === 'number' || this.selects(node, step)) return { node, offset: node.offset };
    }
  }

  /**
   * The items of each block sequence found so far, by the sequence's offset. A document's findings
   * go through the same sequences (every item of a `kind: List`): each item is found once, not
   * once per finding after it.
   */
  private readonly seqItems = new Map<number, SequenceItems>();

  /** The items of `seq` found so far, at least up to item `i` when it has one. */
  private itemsUpTo(seq: BlockAt, i: number): SequenceItems {
    let items = this.seqItems.get(seq.offset);
    if (items === undefined) this.seqItems.set(seq.offset, (items = { offsets: [seq.offset], lines: [seq.line], done: false }));
    while (items.offsets.length <= i && !items.done) {
      this.moveTo(items.lines[items.lines.length - 1]);
      this.skipValue(seq.indent, false);
      if (this.over || this.indent < seq.indent || !this.isItem(this.start + seq.indent)) items.done = true;
      else {
        items.offsets.push(this.start + seq.indent);
        items.lines.push(this.start);
      }
    }
    return items;
  }


  /** The node of the item whose `-` is at `p` on the current line, in a sequence at `indent`. */
  private itemNode(p: number, indent: number): BlockAt | InlineAt {
    const c = this.space(p + 1, this.end);
    if (c === p + 1 && c < this.end) decline();
    if (c >= this.end || this.text[c] === '#' || this.isItem(c)) decline();
    if (this.isKeyLine(c)) return { kind: 'block-map', offset: c, line: this.start, indent: c - this.start };
    return { kind: 'inline', offset: c, line: this.start, end: this.end, parentIndent: indent };
  }

  /** Whether an item is a map whose `selector.key` (a string key) is the scalar `selector.value`. */
  private selects(item: BlockAt | InlineAt, selector: PathSelector): boolean {
    if (item.kind === 'block-seq') return false;
    if (item.kind === 'inline') return selects(this.inline(item), selector);
    const entry = this.entry(item, [selector.key]);
    if (entry === undefined) return false;
    const value = this.entryValue(entry, item.indent);
    if (value === null) decline();
    if (entry.number || value.kind !== 'inline') return false;
    return selectsValue(this.inline(value), selector);
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
  const item = node.items.find((n) => selects(n, step));
  return item === undefined ? undefined : { node: item, offset: item.offset };
}

/** Whether a node is a map whose `selector.key` (a string key) is the scalar `selector.value`; a key with no value declines. */
function selects(node: FastNode, selector: PathSelector): boolean {
  if (node.kind !== 'map') return false;
  const entry = node.entries.get(selector.key);
  if (entry === undefined) return false;
  if (entry.value === null) decline();
  return entry.stringKey && selectsValue(entry.value, selector);
}

/** Whether a value is the scalar `selector.value` (a scalar whose value is not certain declines). */
function selectsValue(value: FastNode, selector: PathSelector): boolean {
  if (value.kind !== 'scalar') return false;
  if (value.value === undefined) decline();
  return value.value === selector.value;
}

/** Forms of the segments seen (a path's segments are few: the rules' field names, a few data keys). */
const FORMS = new Map<string | number, string[]>();
const MAX_FORMS = 4096;

/** Keys a segment may be written as (the same forms, in the same order, as the `yaml`-based locator tries). */
export function keyForms(segment: string | number): readonly string[] {
  let forms = FORMS.get(segment);
  if (forms === undefined) {
    if (FORMS.size >= MAX_FORMS) FORMS.clear();
    forms = formsOf(segment);
    FORMS.set(segment, forms);
  }
  return forms;
}

function formsOf(segment: string | number): string[] {
  const key = String(segment);
  const camel = key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
  const snake = key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  return [...new Set([key, camel, snake])];
}

/** What the fast locator answers: an offset, `undefined` (the List item is not there), or that it declines. */
export type FastAnswer = number | undefined | 'decline';

/**
 * A document's text walked along any number of paths, for a text the `yaml` package parses without
 * error (a document the reader read: see {@link Walker}); `undefined` when the walk declines it. On
 * a text that does not parse it may give an offset where the `yaml` package gives none.
 */
export class FastDocument {
  private constructor(private readonly walker: Walker) {}

  static walk(text: string): FastDocument | undefined {
    try {
      return new FastDocument(new Walker(text));
    } catch (e) {
      if (e instanceof Decline) return undefined;
      throw e;
    }
  }

  /** The offset the `yaml`-based locator gives for `steps` (the first `base` of them must exist), or 'decline'. */
  locate(steps: readonly Step[], base: number): FastAnswer {
    const walker = this.walker;
    try {
      let node: WalkNode | null = walker.root;
      let offset = walker.root.offset;
      for (let k = 0; k < steps.length && node !== null; k++) {
        const here = walker.resolve(node);
        const next = walker.child(here, steps[k]);
        if (next === undefined) {
          if (k < base) return undefined;
          // A path into a block scalar may go on into an embedded bootstrap: the `yaml` package's way.
          if (here.kind === 'scalar' && here.block) return 'decline';
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
