/**
 * A fast parser for the YAML that Kubernetes tools write (`kubectl get -o yaml`, `helm template`,
 * cdk8s): block mappings and sequences, plain, quoted and block scalars, flow collections. It gives
 * exactly the value the `yaml` package (YAML 1.2, core schema, unique keys) gives for the same text,
 * or `undefined` when the text uses anything outside that subset (anchors, aliases, tags, complex
 * keys, multi-line plain or quoted scalars, tabs or CRs outside scalars, explicit indentation
 * indicators, a duplicate key, deep nesting, ...) or is not valid YAML: the caller then parses the
 * text with the `yaml` package, which reads and reports it as before. It never throws, and its work
 * is linear in the text (no recursion deeper than {@link SUBSET_MAX_DEPTH}).
 *
 * Its values are compact, for callers that keep many (`check` over a cluster's objects): plain
 * scalars are cached by their text (bounded caches, kept between calls), so a repeated name, label,
 * image or key is one string, read once; other short strings are shared too; arrays are exactly as
 * long as they are; and no string is a view of the text it was read from.
 */

/** Deepest nesting of collections the subset parser reads itself; deeper text goes to the `yaml` package. */
export const SUBSET_MAX_DEPTH = 200;

/** Thrown (never outside this module) when the text leaves the subset. */
const BAIL: unique symbol = Symbol('bail');

const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const HASH = 0x23;
const COLON = 0x3a;
const DASH = 0x2d;
const COMMA = 0x2c;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;
const LBRACE = 0x7b;
const RBRACE = 0x7d;
const DQUOTE = 0x22;
const SQUOTE = 0x27;
const BACKSLASH = 0x5c;

const INT = /^[-+]?[0-9]+$/;
const OCT = /^0o[0-7]+$/;
const HEX = /^0x[0-9a-fA-F]+$/;
const FLOAT_NAN = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const FLOAT_EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;
const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;

/** The value of a plain scalar, resolved as the `yaml` package's core schema does. */
export function resolvePlain(s: string): unknown {
  const n = s.length;
  const c = n === 0 ? 0 : s.charCodeAt(0);
  if (c === 0 || c === 0x7e || c === 0x6e || c === 0x4e) return n <= 4 && NULL.test(s) ? null : s;
  if (c === 0x74 || c === 0x54 || c === 0x66 || c === 0x46) return (n === 4 || n === 5) && BOOL.test(s) ? c === 0x74 || c === 0x54 : s;
  if ((c >= 0x30 && c <= 0x39) || c === DASH || c === 0x2b || c === 0x2e) {
    if (OCT.test(s)) return parseInt(s.substring(2), 8);
    if (INT.test(s)) return parseInt(s, 10);
    if (HEX.test(s)) return parseInt(s.substring(2), 16);
    if (FLOAT_NAN.test(s)) return s.slice(-3).toLowerCase() === 'nan' ? NaN : s[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
    if (FLOAT_EXP.test(s) || FLOAT.test(s)) return parseFloat(s);
  }
  return s;
}

/**
 * Plain scalars whose YAML 1.1 meaning (go-yaml v2, which kubectl uses) differs from the 1.2 core
 * schema's, or may: 1.1 booleans (`yes`, `on`, `n`…), the merge key `<<`, numbers with a leading 0,
 * a base prefix or `_` (`-_1.5` too), floats, and sexagesimal-looking values. A 1.1 parse steps aside
 * for them, so the `yaml` package reads them with its 1.1 schema as go-yaml does (lib/reader/go-yaml.ts).
 */
const YAML11_DIFFERS = /^(?:[yYnN]|[Yy]es|YES|[Nn]o|NO|[Oo]n|ON|[Oo]ff|OFF|<<|[-+]_.*|[-+]?(?:0[0-9a-zA-Z_]+|\..*|[0-9]*\.[0-9_.eE+-]*|[0-9._]*[eE][-+]?[0-9]+|[0-9.][0-9a-zA-Z.+-]*[_:][0-9a-zA-Z_.:+-]*))$/;

/**
 * Plain scalars {@link YAML11_DIFFERS} takes in that are strings in every reading: a digit first
 * (after a sign), no `_`, and two dots or a colon (`10.96.0.1`, `127.0.0.1:8080`, `1.2.3`, `8080:80`).
 * go-yaml v2 has no sexagesimal numbers (the reader's 1.1 schema drops them too, lib/reader/go-yaml.ts),
 * a number has at most one dot, and none has a colon; the 1.2 core schema reads them as strings as well.
 * IP addresses and `host:port` values fill a cluster's dump (`clusterIP`, `podIP`, Envoy addresses):
 * without this, each document holding one would leave the fast path.
 */
const STRING_IN_EVERY_READING = /^[-+]?[0-9][0-9a-zA-Z.:+-]*$/;

/** Whether a plain scalar's YAML 1.1 value (as kubectl reads it) may differ from its 1.2 core one. */
function yaml11MayDiffer(text: string): boolean {
  if (!YAML11_DIFFERS.test(text)) return false;
  // A lone `.` (the key of a managedFields entry, `f:metadata: {.: {}}`) is a string to go-yaml as to the core schema.
  if (text === '.') return false;
  if (!STRING_IN_EVERY_READING.test(text)) return true;
  const dot = text.indexOf('.');
  return text.indexOf(':') < 0 && (dot < 0 || text.indexOf('.', dot + 1) < 0);
}

/** Options of {@link parseYamlSubset}. */
export interface SubsetOptions {
  /** Resolve plain scalars as YAML 1.1 would: steps aside for those whose 1.1 and 1.2 values may differ. @default false */
  readonly yaml11?: boolean;
}

/**
 * A string value that no longer points into the text it was read from: V8 keeps a slice of 13
 * characters or more as a view of its parent (here the file's chunk), so one short value would
 * keep a whole chunk alive. The copy is flat; shorter strings are copies already. Other values as they are.
 */
function ownString(value: unknown): unknown {
  return typeof value === 'string' && value.length >= 13 ? (' ' + value).slice(1) : value;
}

/** Number of entries of a {@link ScalarCache} (a power of 2). */
const CACHE_SIZE = 1 << 14;
/** Longest text a {@link ScalarCache} keeps: longer values (scripts, certificates) seldom repeat. */
const MAX_CACHED = 256;

/**
 * Plain scalars read recently, by the hash of their text: a text read again gives the value read
 * before, neither cut from the source nor resolved again, and equal strings are one string (the
 * values of a cluster's objects repeat: names, labels, images, apiVersions, keys). Direct-mapped,
 * so bounded: a text takes the place of the one with the same slot. A value is a function of its
 * text (and of the schema: one cache per schema), so the cache never changes what is read.
 */
class ScalarCache {
  /** Texts, owned (never a view of a source); the empty text's value (null) fills the empty slots. */
  readonly texts: string[] = new Array<string>(CACHE_SIZE).fill('');
  readonly values: unknown[] = new Array<unknown>(CACHE_SIZE).fill(null);
}

/** The caches of the YAML 1.2 core schema and of YAML 1.1 (values differ). */
const CORE_CACHE = new ScalarCache();
const YAML11_CACHE = new ScalarCache();

/** The slot of a hash in a cache. */
function slotOf(hash: number): number {
  return (hash ^ (hash >>> 15)) & (CACHE_SIZE - 1);
}

/** Strings shared by {@link sharedString}, owned, by the hash of their text (direct-mapped, as a {@link ScalarCache}). */
const STRINGS: string[] = new Array<string>(CACHE_SIZE).fill('');

/** The shared string equal to `s` (an owned one); a string longer than {@link MAX_CACHED} as it is. */
function sharedString(s: string): string {
  const n = s.length;
  if (n > MAX_CACHED) return s;
  let hash = 0;
  for (let i = 0; i < n; i++) hash = (Math.imul(hash, 31) + s.charCodeAt(i)) | 0;
  const slot = slotOf(hash);
  const found = STRINGS[slot];
  if (found === s) return found;
  const own = ownString(s) as string;
  STRINGS[slot] = own;
  return own;
}

/** A string value as the parser keeps it: owned, and shared when short. */
function keptString(s: string): string {
  return s.length > MAX_CACHED ? (ownString(s) as string) : sharedString(s);
}

/**
 * `value` made as compact as the subset parser's values: each string (up to {@link MAX_CACHED}
 * characters) replaced by a shared equal one, and arrays copied to their length (a growing array
 * keeps room for more). Objects are changed in place (give a value only its caller holds); an
 * array is replaced. For values another parser read, that are kept in numbers (`check`).
 */
export function compactValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return sharedString(value);
  if (depth > SUBSET_MAX_DEPTH || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const out: unknown[] = value.slice();
    for (let i = 0; i < out.length; i++) out[i] = compactValue(out[i], depth + 1);
    return out;
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const v = compactValue(record[key], depth + 1);
    if (key !== '__proto__') record[key] = v;
  }
  return record;
}

/** A map key as the `yaml` package makes it a property name: `null` gives '', other scalars their string. */
function keyOf(value: unknown): string {
  return value === null ? '' : String(value);
}

const ESCAPES: Readonly<Record<string, string>> = {
  '0': '\0', a: '\x07', b: '\b', e: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', N: '\u0085', _: '\u00a0',
  L: '\u2028', P: '\u2029', ' ': ' ', '"': '"', '/': '/', '\\': '\\', '\t': '\t',
};

class SubsetParser {
  private pos: number;
  private depth = 0;
  /** Where {@link nextContentLine} last stopped, and the indentation it returned (it may be asked again). */
  private linePos = -1;
  private lineIndent = -1;
  /** The end of the plain scalar {@link plainBlock} or {@link plainFlow} read last, and the hash of its text. */
  private plainEnd = 0;
  private plainHash = 0;
  private readonly cache: ScalarCache;
  /**
   * Items of the sequences being read, innermost last, from {@link itemCount} down: a sequence is
   * copied out at its end, so that its array is exactly as long as it (a growing array keeps room
   * for more: one holding a single container would keep room for 17).
   */
  private readonly items: unknown[] = [];
  private itemCount = 0;

  constructor(private readonly src: string, start: number, private readonly end: number, private readonly yaml11 = false) {
    this.pos = start;
    this.cache = yaml11 ? YAML11_CACHE : CORE_CACHE;
  }

  /** The value of the plain scalar from `start` that {@link plainBlock} or {@link plainFlow} read last (an owned string). */
  private plainValue(start: number): unknown {
    const end = this.plainEnd;
    const cache = this.cache;
    const slot = slotOf(this.plainHash);
    const cached = cache.texts[slot];
    if (cached.length === end - start && this.src.startsWith(cached, start)) return cache.values[slot];
    const text = this.src.slice(start, end);
    const value = ownString(this.plain(text));
    if (end - start <= MAX_CACHED) {
      cache.texts[slot] = typeof value === 'string' ? value : (ownString(text) as string);
      cache.values[slot] = value;
    }
    return value;
  }

  /** A plain scalar's value; under YAML 1.1, outside the subset when 1.1 may read it otherwise. */
  private plain(text: string): unknown {
    if (this.yaml11 && yaml11MayDiffer(text)) throw BAIL;
    return resolvePlain(text);
  }

  private code(at: number): number {
    return at < this.end ? this.src.charCodeAt(at) : 0;
  }

  /** Offset of the document's first content character (-1 when it has none). */
  contentStart = -1;

  /** The whole document: its root node, then only blank lines and comments. */
  document(): unknown {
    const indent = this.contentLineFrom(this.pos);
    if (indent < 0) return null;
    this.pos += indent;
    this.contentStart = this.pos;
    const value = this.blockNode(indent, -1, true, false);
    if (this.nextContentLine() >= 0) throw BAIL;
    return value;
  }

  /**
   * Ends the current line (spaces, then an optional comment) and skips blank and comment lines.
   * Leaves `pos` at the start of the next content line and returns its indentation, or -1 at the end.
   */
  private nextContentLine(): number {
    if (this.pos === this.linePos) return this.lineIndent;
    let p = this.pos;
    const end = this.end;
    const src = this.src;
    while (p < end && src.charCodeAt(p) === SPACE) p++;
    if (p < end) {
      const c = src.charCodeAt(p);
      if (c === HASH) {
        // A comment must follow white space (or start the line).
        if (p > 0 && src.charCodeAt(p - 1) !== SPACE && src.charCodeAt(p - 1) !== LF) throw BAIL;
        p = src.indexOf('\n', p);
        if (p < 0 || p >= end) p = end;
      } else if (c !== LF) throw BAIL;
    }
    return this.contentLineFrom(p + 1);
  }

  /** Skips blank and comment lines from the line starting at `p`; see {@link nextContentLine}. */
  private contentLineFrom(p: number): number {
    const end = this.end;
    const src = this.src;
    while (p < end) {
      const lineStart = p;
      while (p < end && src.charCodeAt(p) === SPACE) p++;
      if (p >= end) break;
      const c = src.charCodeAt(p);
      if (c === LF) {
        p++;
        continue;
      }
      if (c === HASH) {
        p = src.indexOf('\n', p);
        if (p < 0 || p >= end) break;
        p++;
        continue;
      }
      if (c === TAB || c === CR) throw BAIL;
      // A document marker (`---`, `...`) ends the document: the caller splits documents.
      if (p === lineStart && (c === DASH || c === 0x2e) && (src.startsWith('---', p) || src.startsWith('...', p))) throw BAIL;
      this.pos = lineStart;
      this.linePos = lineStart;
      this.lineIndent = p - lineStart;
      return this.lineIndent;
    }
    this.pos = end;
    this.linePos = end;
    this.lineIndent = -1;
    return -1;
  }

  private enter(): void {
    if (++this.depth > SUBSET_MAX_DEPTH) throw BAIL;
  }

  /**
   * A block node starting at `pos`, at column `col`, inside a collection indented `parent`.
   * `ownLine`: the node starts its line (a mapping may start here); `compact`: it follows `- ` on
   * the same line (a compact mapping or sequence may start here).
   */
  private blockNode(col: number, parent: number, ownLine: boolean, compact: boolean): unknown {
    const c = this.code(this.pos);
    if (c === DASH && this.isSpaceOrBreak(this.pos + 1)) {
      if (!ownLine && !compact) throw BAIL;
      return this.blockSequence(col);
    }
    if (c === LBRACKET || c === LBRACE) {
      const value = this.flowCollection(parent);
      this.endOfScalarLine(parent);
      return value;
    }
    if (c === 0x7c || c === 0x3e) {
      // | and >: not at the root (content may start in column 0 there).
      if (parent < 0) throw BAIL;
      return keptString(this.blockScalar(parent));
    }
    const start = this.pos;
    let scalar: unknown;
    let key: string | undefined;
    if (c === DQUOTE || c === SQUOTE) {
      const text = c === DQUOTE ? this.doubleQuoted() : this.singleQuoted();
      const p = this.skipSpaces(this.pos);
      if (this.code(p) === COLON && this.isSpaceOrBreak(p + 1)) {
        key = text;
        this.pos = p;
      } else scalar = keptString(text);
    } else {
      this.plainBlock();
      if (this.code(this.pos) === COLON && this.pos < this.end) {
        if (this.plainEnd === start) throw BAIL;
        key = keyOf(this.plainValue(start));
      } else scalar = this.plainValue(start);
    }
    if (key !== undefined) {
      if ((!ownLine && !compact) || this.pos - start > 1024) throw BAIL;
      return this.blockMapping(col, key);
    }
    this.endOfScalarLine(parent);
    return scalar;
  }

  /** After a scalar or flow collection: the rest of the line is empty, and no continuation line follows. */
  private endOfScalarLine(parent: number): void {
    const indent = this.nextContentLine();
    if (indent > parent) throw BAIL;
  }

  private isSpaceOrBreak(at: number): boolean {
    if (at >= this.end) return true;
    const c = this.src.charCodeAt(at);
    return c === SPACE || c === LF;
  }

  private skipSpaces(p: number): number {
    while (p < this.end && this.src.charCodeAt(p) === SPACE) p++;
    return p;
  }

  /** A block mapping indented `indent`; `pos` is at the `:` after its first key. */
  private blockMapping(indent: number, firstKey: string): Record<string, unknown> {
    this.enter();
    const map: Record<string, unknown> = {};
    let key = firstKey;
    for (;;) {
      this.pos++; // the ':'
      const value = this.blockValue(indent, true);
      if (Object.prototype.hasOwnProperty.call(map, key)) throw BAIL;
      if (key === '__proto__') Object.defineProperty(map, key, { value, writable: true, enumerable: true, configurable: true });
      else map[key] = value;
      const next = this.nextContentLine();
      if (next < indent) break;
      if (next > indent) throw BAIL;
      this.pos += next;
      key = this.blockKey();
    }
    this.depth--;
    return map;
  }

  /** A key of a block mapping (after the first): plain or quoted, followed by `: ` or `:` at the end of the line. */
  private blockKey(): string {
    const c = this.code(this.pos);
    const start = this.pos;
    let key: string;
    if (c === DQUOTE || c === SQUOTE) {
      key = c === DQUOTE ? this.doubleQuoted() : this.singleQuoted();
      this.pos = this.skipSpaces(this.pos);
    } else {
      if (c === DASH && this.isSpaceOrBreak(this.pos + 1)) throw BAIL;
      this.plainBlock();
      if (this.plainEnd === start) throw BAIL;
      key = keyOf(this.plainValue(start));
    }
    if (this.code(this.pos) !== COLON || !this.isSpaceOrBreak(this.pos + 1) || this.pos - start > 1024) throw BAIL;
    return key;
  }

  /** A block sequence indented `indent`; `pos` is at its first `-`. */
  private blockSequence(indent: number): unknown[] {
    this.enter();
    const base = this.itemCount;
    for (;;) {
      this.pos++; // the '-'
      const item = this.blockValue(indent, false);
      this.items[this.itemCount++] = item;
      const next = this.nextContentLine();
      if (next < indent) break;
      if (next > indent) throw BAIL;
      if (this.code(this.pos + next) !== DASH || !this.isSpaceOrBreak(this.pos + next + 1)) break;
      this.pos += next;
    }
    this.depth--;
    return this.listFrom(base);
  }

  /** The items of the sequence whose first item is at `base` in {@link items}, as an array exactly as long. */
  private listFrom(base: number): unknown[] {
    const list = this.items.slice(base, this.itemCount);
    this.itemCount = base;
    return list;
  }

  /**
   * The value after a mapping's `:` or a sequence's `-` (at `pos`), in a collection indented `indent`:
   * on the same line, or on the lines below (more indented, or a sequence at the mapping's indentation).
   */
  private blockValue(indent: number, inMapping: boolean): unknown {
    // The line nextContentLine (or contentLineFrom) found last: a block value follows its key or `-` on that line.
    const lineStart = this.linePos;
    let p = this.pos;
    while (p < this.end && this.src.charCodeAt(p) === SPACE) p++;
    const c = this.code(p);
    if (c === TAB || c === CR) throw BAIL;
    if (p < this.end && c !== LF && c !== HASH) {
      if (p === this.pos) throw BAIL;
      this.pos = p;
      return this.blockNode(p - lineStart, indent, false, !inMapping);
    }
    this.pos = p;
    const next = this.nextContentLine();
    if (next > indent) {
      this.pos += next;
      return this.blockNode(next, indent, true, false);
    }
    if (next === indent && inMapping && this.code(this.pos + next) === DASH && this.isSpaceOrBreak(this.pos + next + 1)) {
      this.pos += next;
      return this.blockSequence(indent);
    }
    return null;
  }

  /**
   * A plain scalar in block context, on one line: up to `: `, ` #` or the end of the line; `pos` ends
   * at the `:` when one follows (a key), else after the scalar. Its end and hash: {@link plainEnd}, {@link plainHash}.
   */
  private plainBlock(): void {
    const src = this.src;
    const start = this.pos;
    const first = src.charCodeAt(start);
    if (first === DASH || first === 0x3f || first === COLON) {
      if (this.isSpaceOrBreak(start + 1)) throw BAIL;
    } else if (isIndicator(first)) throw BAIL;
    let p = start;
    let last = start; // end of the last non-space character
    let hash = 0;
    let lastHash = 0;
    const end = this.end;
    while (p < end) {
      const c = src.charCodeAt(p);
      if (c === LF) break;
      if (c === COLON) {
        const n = p + 1 < end ? src.charCodeAt(p + 1) : LF;
        if (n === SPACE || n === LF) break;
        if (n === TAB || n === CR) throw BAIL;
      } else if (c === HASH) {
        const b = src.charCodeAt(p - 1);
        if (b === SPACE) break;
      } else if (c === TAB || c === CR) throw BAIL;
      p++;
      hash = (Math.imul(hash, 31) + c) | 0;
      if (c !== SPACE) {
        last = p;
        lastHash = hash;
      }
    }
    this.pos = src.charCodeAt(p) === COLON && p < end ? p : last;
    this.plainEnd = last;
    this.plainHash = lastHash;
  }

  /** A single-quoted scalar on one line; `pos` ends after the closing quote. */
  private singleQuoted(): string {
    const src = this.src;
    let p = this.pos + 1;
    let out = '';
    let from = p;
    for (;;) {
      const q = src.indexOf("'", p);
      const nl = src.indexOf('\n', p);
      if (q < 0 || q >= this.end || (nl >= 0 && nl < q)) throw BAIL;
      if (src.charCodeAt(q + 1) === SQUOTE && q + 1 < this.end) {
        out += src.slice(from, q + 1);
        p = q + 2;
        from = p;
        continue;
      }
      out += src.slice(from, q);
      this.pos = q + 1;
      break;
    }
    if (out.indexOf('\r') >= 0) throw BAIL;
    return out;
  }

  /** A double-quoted scalar on one line; `pos` ends after the closing quote. */
  private doubleQuoted(): string {
    const src = this.src;
    let p = this.pos + 1;
    let out = '';
    let from = p;
    for (;;) {
      if (p >= this.end) throw BAIL;
      const c = src.charCodeAt(p);
      if (c === DQUOTE) break;
      if (c === LF || c === CR) throw BAIL;
      if (c === BACKSLASH) {
        out += src.slice(from, p);
        const next = src[p + 1];
        if (next === 'x' || next === 'u' || next === 'U') {
          const length = next === 'x' ? 2 : next === 'u' ? 4 : 8;
          const hex = src.substr(p + 2, length);
          if (hex.length !== length || !/^[0-9a-fA-F]+$/.test(hex) || p + 2 + length > this.end) throw BAIL;
          const code = parseInt(hex, 16);
          if (code > 0x10ffff) throw BAIL;
          out += String.fromCodePoint(code);
          p += 2 + length;
        } else {
          const e = next === undefined ? undefined : ESCAPES[next];
          if (e === undefined || p + 1 >= this.end) throw BAIL;
          out += e;
          p += 2;
        }
        from = p;
        continue;
      }
      p++;
    }
    out += src.slice(from, p);
    this.pos = p + 1;
    return out;
  }

  /** A block scalar (`|` or `>`, with `-` or no chomping indicator) in a collection indented `parent`. */
  private blockScalar(parent: number): string {
    const src = this.src;
    const folded = src.charCodeAt(this.pos) === 0x3e;
    let p = this.pos + 1;
    let strip = false;
    if (src.charCodeAt(p) === DASH && p < this.end) {
      strip = true;
      p++;
    }
    // Only spaces and a comment may follow the header (no indentation or keep indicator).
    if (p < this.end && src.charCodeAt(p) !== SPACE && src.charCodeAt(p) !== LF) throw BAIL;
    p = this.skipSpaces(p);
    if (p < this.end && src.charCodeAt(p) === HASH) {
      if (src.charCodeAt(p - 1) !== SPACE) throw BAIL;
      p = src.indexOf('\n', p);
      if (p < 0 || p > this.end) p = this.end;
    } else if (p < this.end && src.charCodeAt(p) !== LF) throw BAIL;
    // p is at the line break ending the header (or the end).
    const lines: string[] = [];
    let indent = -1;
    let leadingMax = 0;
    let lineStart = p + 1;
    let contentEnd = p; // the line break after the last content line (or the header)
    while (lineStart < this.end) {
      let q = lineStart;
      while (q < this.end && src.charCodeAt(q) === SPACE) q++;
      let eol = src.indexOf('\n', q);
      if (eol < 0 || eol > this.end) eol = this.end;
      const spaces = q - lineStart;
      if (q === eol) {
        // A blank line (only spaces): more spaces than the content's indentation is not in the subset.
        if (indent < 0) leadingMax = Math.max(leadingMax, spaces);
        else if (spaces > indent) throw BAIL;
        lines.push('');
        lineStart = eol + 1;
        continue;
      }
      if (indent < 0) {
        if (spaces <= parent) break;
        if (leadingMax > spaces) throw BAIL;
        indent = spaces;
      }
      if (spaces < indent) break;
      const text = src.slice(lineStart + indent, eol);
      if (text.indexOf('\r') >= 0) throw BAIL;
      if (folded && (text.charCodeAt(0) === SPACE || text.charCodeAt(0) === TAB)) throw BAIL;
      lines.push(text);
      contentEnd = eol;
      lineStart = eol + 1;
    }
    // Trailing blank lines are not content: drop them (clip and strip chomping).
    let count = lines.length;
    while (count > 0 && lines[count - 1] === '') count--;
    this.pos = contentEnd;
    if (count === 0) return '';
    let value: string;
    if (!folded) value = lines.slice(0, count).join('\n');
    else {
      value = '';
      let previousText = false;
      for (let i = 0; i < count; i++) {
        const line = lines[i];
        if (line === '') {
          value += '\n';
          continue;
        }
        if (previousText && lines[i - 1] !== '') value += ' ';
        value += line;
        previousText = true;
      }
    }
    return strip ? value : value + '\n';
  }

  /** A flow collection (JSON-like) starting at `pos`; it may span lines indented more than `parent`. */
  private flowCollection(parent: number): unknown {
    this.enter();
    const src = this.src;
    const open = src.charCodeAt(this.pos);
    this.pos++;
    let value: unknown;
    if (open === LBRACKET) {
      const base = this.itemCount;
      this.flowSpace(parent);
      while (this.code(this.pos) !== RBRACKET) {
        const item = this.flowNode(parent);
        this.items[this.itemCount++] = item;
        this.flowSpace(parent);
        const c = this.code(this.pos);
        if (c === COMMA) {
          this.pos++;
          this.flowSpace(parent);
        } else if (c !== RBRACKET) throw BAIL;
      }
      value = this.listFrom(base);
    } else {
      const map: Record<string, unknown> = {};
      this.flowSpace(parent);
      while (this.code(this.pos) !== RBRACE) {
        const c0 = this.code(this.pos);
        let key: string;
        let quoted = false;
        if (c0 === DQUOTE || c0 === SQUOTE) {
          key = c0 === DQUOTE ? this.doubleQuoted() : this.singleQuoted();
          quoted = true;
        } else key = keyOf(this.plainValue(this.plainFlow()));
        this.flowSpace(parent);
        if (this.code(this.pos) !== COLON) throw BAIL;
        this.pos++;
        // go-yaml v2 (kubectl) rejects a plain key's ':' followed at once by `,?[]{}` ("found unexpected ':'"): the slow path says so.
        if (!quoted && !this.isSpaceOrBreak(this.pos)) throw BAIL;
        this.flowSpace(parent);
        const c1 = this.code(this.pos);
        if (c1 === COMMA || c1 === RBRACE) throw BAIL;
        const v = this.flowNode(parent);
        if (Object.prototype.hasOwnProperty.call(map, key)) throw BAIL;
        if (key === '__proto__') Object.defineProperty(map, key, { value: v, writable: true, enumerable: true, configurable: true });
        else map[key] = v;
        this.flowSpace(parent);
        const c = this.code(this.pos);
        if (c === COMMA) {
          this.pos++;
          this.flowSpace(parent);
        } else if (c !== RBRACE) throw BAIL;
      }
      value = map;
    }
    this.pos++; // the closing bracket
    this.depth--;
    return value;
  }

  private isFlowSeparator(at: number): boolean {
    if (at >= this.end) return true;
    const c = this.src.charCodeAt(at);
    return c === SPACE || c === LF || c === COMMA || c === LBRACKET || c === RBRACKET || c === LBRACE || c === RBRACE;
  }

  /** Skips spaces, comments and line breaks inside a flow collection; a new line must be indented more than `parent`. */
  private flowSpace(parent: number): void {
    const src = this.src;
    let p = this.pos;
    for (;;) {
      if (p >= this.end) throw BAIL;
      const c = src.charCodeAt(p);
      if (c === SPACE) p++;
      else if (c === LF) {
        p++;
        const lineStart = p;
        while (p < this.end && src.charCodeAt(p) === SPACE) p++;
        const n = this.code(p);
        if (n !== LF && n !== HASH && p - lineStart <= parent) throw BAIL;
        // A document marker at the start of a line ends the document: not in the subset.
        if (p === lineStart && (n === DASH || n === 0x2e)) throw BAIL;
      } else if (c === HASH) {
        if (p > 0 && src.charCodeAt(p - 1) !== SPACE && src.charCodeAt(p - 1) !== LF) throw BAIL;
        const nl = src.indexOf('\n', p);
        if (nl < 0 || nl >= this.end) throw BAIL;
        p = nl;
      } else if (c === TAB || c === CR) throw BAIL;
      else break;
    }
    this.pos = p;
  }

  /** A value inside a flow collection. */
  private flowNode(parent: number): unknown {
    const c = this.code(this.pos);
    if (c === LBRACKET || c === LBRACE) return this.flowCollection(parent);
    if (c === DQUOTE) return keptString(this.doubleQuoted());
    if (c === SQUOTE) return keptString(this.singleQuoted());
    const start = this.plainFlow();
    // `a: b` inside a flow sequence (a single-pair mapping) is not in the subset.
    const p = this.skipSpaces(this.pos);
    if (this.code(p) === COLON) throw BAIL;
    return this.plainValue(start);
  }

  /** A plain scalar in flow context, on one line: its start (its end and hash as {@link plainBlock} gives them). */
  private plainFlow(): number {
    const src = this.src;
    const start = this.pos;
    const first = this.code(start);
    if (first === DASH || first === 0x3f || first === COLON) {
      if (this.isFlowSeparator(start + 1)) throw BAIL;
    } else if (isIndicator(first) || first === 0 || first === LF) throw BAIL;
    let p = start;
    let last = start;
    let hash = 0;
    let lastHash = 0;
    const end = this.end;
    while (p < end) {
      const c = src.charCodeAt(p);
      if (c === LF || c === COMMA || c === LBRACKET || c === RBRACKET || c === LBRACE || c === RBRACE) break;
      if (c === COLON && this.isFlowSeparator(p + 1)) break;
      if (c === HASH && src.charCodeAt(p - 1) === SPACE) break;
      if (c === TAB || c === CR) throw BAIL;
      p++;
      hash = (Math.imul(hash, 31) + c) | 0;
      if (c !== SPACE) {
        last = p;
        lastHash = hash;
      }
    }
    if (last === start) throw BAIL;
    this.pos = last;
    this.plainEnd = last;
    this.plainHash = lastHash;
    return start;
  }
}

/** Characters that cannot start a plain scalar (`-`, `?` and `:` are handled by the callers). */
function isIndicator(c: number): boolean {
  switch (c) {
    case COMMA: case LBRACKET: case RBRACKET: case LBRACE: case RBRACE: case HASH: case 0x26: case 0x2a: case 0x21:
    case 0x7c: case 0x3e: case SQUOTE: case DQUOTE: case 0x25: case 0x40: case 0x60: case TAB: case CR:
      return true;
    default:
      return false;
  }
}

/** A document the subset parser read. */
export interface SubsetDocument {
  readonly value: unknown;
  /** Offset in the text of the document's first content character (-1 for an empty document). */
  readonly contentStart: number;
}

/**
 * The value of one YAML document held in `text` between `start` and `end` (without its `---` line),
 * or `undefined` when the document is outside the subset or invalid (see the module's TSDoc).
 */
export function parseYamlSubset(text: string, start = 0, end = text.length, options: SubsetOptions = {}): SubsetDocument | undefined {
  try {
    const parser = new SubsetParser(text, start, end, options.yaml11 === true);
    const value = parser.document();
    return { value, contentStart: parser.contentStart };
  } catch (e) {
    if (e === BAIL || e instanceof RangeError) return undefined;
    throw e;
  }
}
