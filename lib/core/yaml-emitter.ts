/**
 * A small block-YAML emitter for plain data (objects, arrays, strings, finite
 * numbers, booleans, null) that writes exactly the bytes of the `yaml`
 * package's `stringify(value, YAML_OPTIONS)`, in time linear in the output.
 *
 * `stringify` builds a document tree and stringifies it node by node, which
 * is most of the cost of a large Envoy bootstrap (thousands of endpoints).
 * This emitter only decides the layout (block maps, block sequences with
 * compact nested collections, `{}` / `[]` when empty) and writes every
 * single-line string made of {@link SAFE} characters itself, plain or in
 * double quotes, by the tests `yaml` applies (below), so a bootstrap never
 * reaches `yaml`. A long sequence of same-shaped maps (the endpoints) is
 * written from the layout of its first item. Any other scalar is written by
 * `yaml` itself, once per distinct value. A value outside the subset (a
 * multi-line string, undefined in an array, a class instance, ...) makes
 * {@link emitYaml} return `undefined`: the caller then uses `stringify`.
 *
 * It runs once per synth over thousands of items, mostly before the JIT has
 * warmed up: few calls per item, few allocations that live long.
 */
import { stringify } from 'yaml';

/** The `stringify` options whose output {@link emitYaml} reproduces. */
export const YAML_OPTIONS = { lineWidth: 0, minContentWidth: 0, aliasDuplicateObjects: false } as const;

/** Thrown inside the emitter when a value is outside the subset; never escapes {@link emitYaml}. */
class Unsupported extends Error {}

/**
 * Strings the emitter writes itself: one line of letters, digits and
 * `_./,:@*+=-`. None of them is a quote, a backslash, a space or a control
 * character, so `yaml` writes such a string either plain or, when plain would
 * not read back as the same string, in double quotes with nothing escaped
 * (`JSON.stringify` of printable ASCII; `yaml` picks double quotes unless the
 * string holds `"`), and never folds a line (`lineWidth: 0`).
 */
const SAFE = /^[A-Za-z0-9_./,:@*+=-]+$/;
/**
 * The part of `yaml`'s plain-scalar test (`plainString` in
 * `yaml/dist/stringify/stringifyString.js`) that a {@link SAFE} string can
 * meet: an indicator first (`,`, `*`, `@`), exactly `-`, or a `:` last. The
 * rest of that test needs a space, a tab, a newline or a `#`.
 */
function indicatorFirstOrColonLast(value: string): boolean {
  const first = value.charCodeAt(0);
  return first === 0x2c /* , */ || first === 0x2a /* * */ || first === 0x40 /* @ */ || value === '-' || value.charCodeAt(value.length - 1) === 0x3a /* : */;
}
/**
 * Plain strings the YAML 1.2 core schema (`yaml`'s default) reads as null, a
 * boolean, an integer or a float: one alternative per default tag of
 * `yaml/dist/schema/core/*.js` and `common/null.js`, each that tag's `test`,
 * as `yaml` applies them before writing a string plain
 * (https://yaml.org/spec/1.2.2/#1032-tag-resolution).
 */
const CORE_SCALAR = new RegExp(
  [
    /^(?:~|[Nn]ull|NULL)?$/,
    /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/,
    /^0o[0-7]+$/,
    /^[-+]?[0-9]+$/,
    /^0x[0-9a-fA-F]+$/,
    /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
    /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/,
    /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/,
  ]
    .map((test) => `(?:${test.source})`)
    .join('|'),
);
/**
 * Whether a non-empty string can match {@link CORE_SCALAR}: every
 * alternative starts with one of `-+.~0-9NnTtFf`.
 */
function mayReadAsOtherScalar(value: string): boolean {
  const c = value.charCodeAt(0);
  return (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2b || c === 0x2e || c === 0x7e || c === 0x4e || c === 0x6e || c === 0x54 || c === 0x74 || c === 0x46 || c === 0x66;
}
/** Longest key text `yaml` writes as an implicit (`key: value`) key; longer ones become `? key`. */
const MAX_IMPLICIT_KEY = 1024;
/** A document marker at the start: how `yaml` writes it depends on the indentation, so it is left to `yaml`. */
const DOCUMENT_MARKER = /^(?:%|---|\.\.\.)/;

/** Distinct scalars remembered per cache (then it starts over): bounds memory across synths. */
const CACHE_LIMIT = 10_000;
/** Texts of strings `yaml` wrote (values), by string. */
const valueCache = new Map<string, string>();
/** Texts of keys, by key: a document has few distinct keys, so every key is looked up here first. */
const keyCache = new Map<string, string>();

function remember(cache: Map<string, string>, key: string, text: string): void {
  if (cache.size >= CACHE_LIMIT) {
    cache.clear();
  }
  cache.set(key, text);
}

/**
 * The YAML text of `value` (a plain object or array at the top), identical to
 * `stringify(value, YAML_OPTIONS)`, or `undefined` when `value` holds
 * something this emitter does not write.
 */
export function emitYaml(value: unknown): string | undefined {
  return emitYamlChecked(value)?.text;
}

/** Options of {@link emitYamlChecked}. */
export interface EmitOptions {
  /**
   * Freeze every object and array of the value as it is written (before it is
   * read), so the value keeps saying what the text says.
   * @default false
   */
  readonly freeze?: boolean;
}

/** {@link emitYaml}'s text, and what `yaml`'s `parse` of it gives back. */
export interface EmittedYaml {
  readonly text: string;
  /** False when a map value was undefined (left out of the text) or a key was `__proto__`. */
  readonly roundTrips: boolean;
  /**
   * True when the text parses back to a value deep-equal to the input and the
   * input cannot change: every object and array in it is frozen, and every
   * object is an ordinary one (`Object.prototype`), as `parse` makes them.
   */
  readonly immutable: boolean;
}

/**
 * Output of the current emission (the emitter is synchronous, so one at a
 * time): lines go to `lines`, joined into one flat string every
 * {@link LINES_PER_CHUNK} lines, so the many short strings die young instead
 * of being kept (and copied by every young-generation GC) to the end.
 */
const lines: string[] = [];
const chunks: string[] = [];
const LINES_PER_CHUNK = 512;
let lossy = false;
let mutable = false;
let freezing = false;

function write(line: string): void {
  if (lines.push(line) === LINES_PER_CHUNK) {
    chunks.push(lines.join(''));
    lines.length = 0;
  }
}

function reset(): void {
  lines.length = 0;
  chunks.length = 0;
  lossy = false;
  mutable = false;
  freezing = false;
}

/** {@link emitYaml}, and whether the text parses back to the same value. */
export function emitYamlChecked(value: unknown, options: EmitOptions = {}): EmittedYaml | undefined {
  if (!isCollection(value)) {
    return undefined;
  }
  if (isEmpty(value)) {
    const roundTrips = Array.isArray(value) || Object.keys(value).length === 0;
    return { text: Array.isArray(value) ? '[]\n' : '{}\n', roundTrips, immutable: false };
  }
  reset();
  freezing = options.freeze === true;
  try {
    collection(value, '', '');
  } catch (error) {
    reset();
    if (error instanceof Unsupported) {
      return undefined;
    }
    throw error;
  }
  chunks.push(lines.join(''));
  const text = chunks.join('');
  const result = { text, roundTrips: !lossy, immutable: !lossy && !mutable };
  reset();
  return result;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function isCollection(value: unknown): value is Record<string, unknown> | unknown[] {
  return Array.isArray(value) || isPlainObject(value);
}

function isEmpty(value: Record<string, unknown> | unknown[]): boolean {
  return Array.isArray(value) ? value.length === 0 : !hasDefinedValue(value, Object.keys(value));
}

function hasDefinedValue(object: Record<string, unknown>, keys: readonly string[]): boolean {
  for (let i = 0; i < keys.length; i++) {
    if (object[keys[i]] !== undefined) {
      return true;
    }
  }
  return false;
}

/**
 * Writes `value` after `prefix` (`key:` or `-`, with its indentation): a
 * non-empty collection on the next lines (`nested`), or compactly on the same
 * line for a sequence item (`compact`: its first line starts with `prefix `);
 * anything else inline. `value` is not undefined.
 */
function member(value: unknown, prefix: string, nested: string, compact: boolean): void {
  if (typeof value === 'object' && value !== null) {
    if (Array.isArray(value)) {
      if (value.length > 0) {
        nestedCollection(value, prefix, nested, compact);
        return;
      }
      write(`${prefix} []\n`);
      return;
    }
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto !== Object.prototype && proto !== null) {
      throw new Unsupported();
    }
    const keys = Object.keys(value);
    if (hasDefinedValue(value as Record<string, unknown>, keys)) {
      nestedCollection(value as Record<string, unknown>, prefix, nested, compact, keys);
      return;
    }
    write(`${prefix} {}\n`);
    return;
  }
  write(`${prefix} ${inline(value)}\n`);
}

function nestedCollection(
  value: Record<string, unknown> | unknown[],
  prefix: string,
  nested: string,
  compact: boolean,
  keys?: readonly string[],
): void {
  if (compact) {
    collection(value, nested, `${prefix} `, keys);
  } else {
    write(`${prefix}\n`);
    collection(value, nested, nested, keys);
  }
}

/**
 * Appends the lines of a non-empty collection, each starting with `indent`,
 * except the first, which starts with `first` (the `- ` of a compact item).
 */
function collection(value: Record<string, unknown> | unknown[], indent: string, first: string, keys?: readonly string[]): void {
  if (freezing) {
    Object.freeze(value);
  }
  if (!mutable && !(Object.isFrozen(value) && (Array.isArray(value) || Object.getPrototypeOf(value) === Object.prototype))) {
    mutable = true;
  }
  const nested = `${indent}  `;
  if (Array.isArray(value)) {
    // Long sequences of same-shaped maps (thousands of Envoy endpoints) take a shorter way.
    for (let i = value.length >= UNIFORM_MIN ? uniformItems(value, indent, first) : 0; i < value.length; i++) {
      // A hole or `undefined` in an array: leave it to `yaml`.
      if (!(i in value) || value[i] === undefined) {
        throw new Unsupported();
      }
      // Compact form: a nested collection's first line goes on the `- ` line.
      member(value[i], `${i === 0 ? first : indent}-`, nested, true);
    }
    return;
  }
  const names = keys ?? Object.keys(value);
  let start = first;
  for (let i = 0; i < names.length; i++) {
    const key = names[i];
    const item = value[key];
    // `yaml` leaves out pairs whose value is undefined.
    if (item === undefined) {
      lossy = true;
      continue;
    }
    if (key === '__proto__') {
      lossy = true;
    }
    // Sequences in a map are indented too (`indentSeq`, on by default).
    member(item, `${start}${keyText(key)}:`, nested, false);
    start = indent;
  }
}

/** Fewest items of a sequence worth compiling the {@link Shape} of its first item. */
const UNIFORM_MIN = 8;

/**
 * The layout of a sequence item that is a map of scalars and of such maps
 * (none empty), compiled from a first item: `collection` would write every
 * item of that shape with the same lines but for the scalars.
 */
interface Shape {
  /** Per map, in pre-order (0 is the item): the map it is in, its key there, and its own keys in order. */
  readonly parents: number[];
  readonly keysIn: string[];
  readonly keys: string[][];
  /** Per line, in order: its text up to the value (a map's line ends with `:\n`), and the map and key of its scalar (-1 and '' for a map's line). */
  readonly heads: string[];
  readonly leafMaps: number[];
  readonly leafKeys: string[];
  /** The first line's text after the `- ` that starts it. */
  readonly head0: string;
}

type ShapeBuilder = { -readonly [K in keyof Shape]: Shape[K] };

/** The {@link Shape} of `item`, with its lines indented by `nested`; undefined when it has none. */
function shapeOf(item: unknown, nested: string): Shape | undefined {
  const shape: ShapeBuilder = { parents: [], keysIn: [], keys: [], heads: [], leafMaps: [], leafKeys: [], head0: '' };
  if (!addMap(shape, item, -1, '', nested)) {
    return undefined;
  }
  shape.head0 = shape.heads[0].slice(nested.length);
  return shape;
}

function addMap(shape: ShapeBuilder, map: unknown, parent: number, keyIn: string, indent: string): boolean {
  if (typeof map !== 'object' || map === null || Object.getPrototypeOf(map) !== Object.prototype) {
    return false;
  }
  const keys = Object.keys(map);
  const index = shape.keys.length;
  shape.parents.push(parent);
  shape.keysIn.push(keyIn);
  shape.keys.push(keys);
  for (const key of keys) {
    const value = (map as Record<string, unknown>)[key];
    if (key === '__proto__') {
      return false;
    }
    const scalar = isScalar(value);
    shape.heads.push(scalar ? `${indent}${keyText(key)}: ` : `${indent}${keyText(key)}:\n`);
    shape.leafMaps.push(scalar ? index : -1);
    shape.leafKeys.push(scalar ? key : '');
    if (!scalar && !addMap(shape, value, index, key, `${indent}  `)) {
      return false;
    }
  }
  return keys.length > 0;
}

function isScalar(value: unknown): boolean {
  return value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/**
 * Writes the items of `items` that have the shape of the first one, from the
 * first, as `collection` would; returns how many it wrote (0 when the first
 * item has no {@link Shape}). The rest are left to `collection`.
 */
function uniformItems(items: readonly unknown[], indent: string, first: string): number {
  const shape = shapeOf(items[0], `${indent}  `);
  if (shape === undefined) {
    return 0;
  }
  const maps: unknown[] = new Array(shape.keys.length);
  const leaves: unknown[] = new Array(shape.heads.length);
  for (let i = 0; i < items.length; i++) {
    if (!matchShape(items[i], shape, maps, leaves)) {
      return i;
    }
    writeShaped(shape, leaves, i === 0 ? first : indent);
  }
  return items.length;
}

/** Fills `maps` and `leaves` from `item` when it has `shape` (freezing its maps first when asked to). */
function matchShape(item: unknown, shape: Shape, maps: unknown[], leaves: unknown[]): boolean {
  for (let m = 0; m < shape.keys.length; m++) {
    const map = m === 0 ? item : (maps[shape.parents[m]] as Record<string, unknown>)[shape.keysIn[m]];
    if (typeof map !== 'object' || map === null || Object.getPrototypeOf(map) !== Object.prototype) {
      return false;
    }
    if (freezing) {
      Object.freeze(map);
    }
    if (!mutable && !Object.isFrozen(map)) {
      mutable = true;
    }
    const keys = Object.keys(map);
    const expected = shape.keys[m];
    if (keys.length !== expected.length) {
      return false;
    }
    for (let k = 0; k < keys.length; k++) {
      if (keys[k] !== expected[k]) {
        return false;
      }
    }
    maps[m] = map;
  }
  for (let j = 0; j < shape.heads.length; j++) {
    const m = shape.leafMaps[j];
    if (m >= 0) {
      const leaf = (maps[m] as Record<string, unknown>)[shape.leafKeys[j]];
      if (!isScalar(leaf)) {
        return false;
      }
      leaves[j] = leaf;
    }
  }
  return true;
}

function writeShaped(shape: Shape, leaves: readonly unknown[], start: string): void {
  for (let j = 0; j < shape.heads.length; j++) {
    const head = j === 0 ? `${start}- ${shape.head0}` : shape.heads[j];
    write(shape.leafMaps[j] >= 0 ? `${head}${inline(leaves[j])}\n` : head);
  }
}

/** A scalar, or an empty collection, on the line it belongs to. */
function inline(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return stringText(value);
    case 'number':
      return numberText(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      if (value === null) {
        return 'null';
      }
      if (isCollection(value)) {
        return Array.isArray(value) ? '[]' : '{}';
      }
      throw new Unsupported();
    default:
      throw new Unsupported();
  }
}

/** `yaml` writes a finite number as `JSON.stringify` (and `String`) do (`-0` aside). */
function numberText(value: number): string {
  if (!Number.isFinite(value) || Object.is(value, -0)) {
    throw new Unsupported();
  }
  return String(value);
}

/**
 * How `yaml` writes a {@link SAFE} string, as a value or an implicit key:
 * plain, or in double quotes when plain would read as something else.
 * `undefined` for a string that starts with a document marker (left to `yaml`).
 */
function safeText(value: string): string | undefined {
  const first = value.charCodeAt(0);
  if ((first === 0x2e /* . */ || first === 0x2d) /* - */ && DOCUMENT_MARKER.test(value)) {
    return undefined;
  }
  if (indicatorFirstOrColonLast(value) || (mayReadAsOtherScalar(value) && CORE_SCALAR.test(value))) {
    return `"${value}"`;
  }
  return value;
}

/**
 * Digits and dots with at least two dots (IPv4 addresses): plain, since none
 * of {@link CORE_SCALAR} has two dots and none of the plain-scalar test's
 * characters is there. One test for the most common value of a bootstrap.
 */
const DOTTED_DIGITS = /^[0-9]+\.[0-9]+\.[0-9.]*$/;

function stringText(value: string): string {
  if (DOTTED_DIGITS.test(value)) {
    return value;
  }
  if (SAFE.test(value)) {
    const text = safeText(value);
    if (text !== undefined) {
      return text;
    }
  }
  let text = valueCache.get(value);
  if (text === undefined) {
    // As a sequence item, a string is written as it is as any block value.
    if (DOCUMENT_MARKER.test(value)) {
      throw new Unsupported();
    }
    text = singleLine(stringify([value], YAML_OPTIONS), '- ', '\n');
    remember(valueCache, value, text);
  }
  return text;
}

function keyText(key: string): string {
  let text = keyCache.get(key);
  if (text === undefined) {
    text = (SAFE.test(key) ? safeText(key) : undefined) ?? singleLine(stringify({ [key]: 0 }, YAML_OPTIONS), '', ': 0\n');
    if (text.length > MAX_IMPLICIT_KEY || DOCUMENT_MARKER.test(key)) {
      throw new Unsupported();
    }
    remember(keyCache, key, text);
  }
  return text;
}

/** The scalar between `prefix` and `suffix` of `yaml`'s text, which must be one line. */
function singleLine(text: string, prefix: string, suffix: string): string {
  if (!text.startsWith(prefix) || !text.endsWith(suffix)) {
    throw new Unsupported();
  }
  const scalar = text.slice(prefix.length, text.length - suffix.length);
  if (scalar.length === 0 || scalar.includes('\n') || scalar.startsWith('? ') || scalar.startsWith('|') || scalar.startsWith('>')) {
    throw new Unsupported();
  }
  return scalar;
}
