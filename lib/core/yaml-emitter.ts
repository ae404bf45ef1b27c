/**
 * A small block-YAML emitter for plain data (objects, arrays, strings, finite
 * numbers, booleans, null) that writes exactly the bytes of the `yaml`
 * package's `stringify(value, YAML_OPTIONS)`, in time linear in the output.
 *
 * `stringify` builds a document tree and stringifies it node by node, which
 * is most of the cost of a large Envoy bootstrap (thousands of endpoints).
 * This emitter only decides the layout (block maps, block sequences with
 * compact nested collections, `{}` / `[]` when empty), and the few scalars it
 * cannot write with certainty (anything but a plain identifier-like string or
 * a safe number) are written by `yaml` itself, once per distinct value. A
 * value outside the subset (a multi-line string, undefined in an array, a
 * class instance, ...) makes {@link emitYaml} return `undefined`: the caller
 * then uses `stringify`.
 */
import { stringify } from 'yaml';

/** The `stringify` options whose output {@link emitYaml} reproduces. */
export const YAML_OPTIONS = { lineWidth: 0, minContentWidth: 0, aliasDuplicateObjects: false } as const;

/** Thrown inside the emitter when a value is outside the subset; never escapes {@link emitYaml}. */
class Unsupported extends Error {}

/**
 * Strings `yaml` writes plain, whatever their position: a letter, digit, `_`
 * or `/` first, then letters, digits and `_./-` (no indicator, no `: `, no
 * ` #`, no space), unless they read as another core-schema scalar (below).
 */
const PLAIN = /^[A-Za-z0-9_/][A-Za-z0-9_./-]*$/;
/** Keys written plain: as {@link PLAIN}, without `/` and `.`, and a letter or `_` first. */
const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;
/**
 * Plain strings the YAML 1.2 core schema would read as a boolean, null or
 * number (https://yaml.org/spec/1.2.2/#1032-tag-resolution): `yaml` quotes them.
 */
const RESERVED =
  /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE|[Nn]ull|NULL|[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|[0-9]+(?:\.[0-9]*)?[eE][-+]?[0-9]+|[0-9]+\.[0-9]*)$/;
/** Longest key text `yaml` writes as an implicit (`key: value`) key; longer ones become `? key`. */
const MAX_IMPLICIT_KEY = 1024;
/** A document marker at the start: how `yaml` writes it depends on the indentation, so it is left to `yaml`. */
const DOCUMENT_MARKER = /^(?:%|---|\.\.\.)/;

/** Distinct scalars remembered per cache (then it starts over): bounds memory across synths. */
const CACHE_LIMIT = 10_000;
const valueCache = new Map<string, string>();
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

/** {@link emitYaml}'s text, and whether `yaml`'s `parse` of it gives back a value deep-equal to the input. */
export interface EmittedYaml {
  readonly text: string;
  /** False when a map value was undefined (left out of the text) or a key was `__proto__`. */
  readonly roundTrips: boolean;
}

/** Set while emitting when the text will not parse back to the same value. */
let lossy = false;

/** {@link emitYaml}, and whether the text parses back to the same value. */
export function emitYamlChecked(value: unknown): EmittedYaml | undefined {
  if (!isCollection(value)) {
    return undefined;
  }
  const out: string[] = [];
  lossy = false;
  try {
    if (isEmpty(value)) {
      return { text: Array.isArray(value) ? '[]\n' : '{}\n', roundTrips: Array.isArray(value) || Object.keys(value).length === 0 };
    }
    block(value, '', out);
  } catch (error) {
    if (error instanceof Unsupported) {
      return undefined;
    }
    throw error;
  }
  return { text: out.join(''), roundTrips: !lossy };
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
  if (Array.isArray(value)) {
    return value.length === 0;
  }
  for (const key in value) {
    if (Object.prototype.hasOwnProperty.call(value, key) && value[key] !== undefined) {
      return false;
    }
  }
  return true;
}

/** Appends the lines of a non-empty collection, each starting with `indent`. */
function block(value: Record<string, unknown> | unknown[], indent: string, out: string[]): void {
  if (Array.isArray(value)) {
    sequence(value, indent, out);
  } else {
    mapping(value, indent, out);
  }
}

function sequence(items: readonly unknown[], indent: string, out: string[]): void {
  for (let i = 0; i < items.length; i++) {
    // A hole or `undefined` in an array: leave it to `yaml`.
    if (!(i in items)) {
      throw new Unsupported();
    }
    const item = items[i];
    if (isCollection(item) && !isEmpty(item)) {
      // Compact form: the item's first line goes on the `- ` line.
      const first = out.length;
      block(item, `${indent}  `, out);
      out[first] = `${indent}- ${out[first].slice(indent.length + 2)}`;
    } else {
      out.push(`${indent}- ${inline(item)}\n`);
    }
  }
}

function mapping(object: Record<string, unknown>, indent: string, out: string[]): void {
  for (const key of Object.keys(object)) {
    const value = object[key];
    // `yaml` leaves out pairs whose value is undefined.
    if (value === undefined) {
      lossy = true;
      continue;
    }
    if (key === '__proto__') {
      lossy = true;
    }
    if (isCollection(value) && !isEmpty(value)) {
      out.push(`${indent}${keyText(key)}:\n`);
      // Sequences in a map are indented too (`indentSeq`, on by default).
      block(value, `${indent}  `, out);
    } else {
      out.push(`${indent}${keyText(key)}: ${inline(value)}\n`);
    }
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

/** `yaml` writes a finite number as `JSON.stringify` does (`-0` aside). */
function numberText(value: number): string {
  if (!Number.isFinite(value) || Object.is(value, -0)) {
    throw new Unsupported();
  }
  return JSON.stringify(value);
}

function stringText(value: string): string {
  if (PLAIN.test(value) && !RESERVED.test(value)) {
    return value;
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
  if (key.length <= MAX_IMPLICIT_KEY && PLAIN_KEY.test(key) && !RESERVED.test(key)) {
    return key;
  }
  let text = keyCache.get(key);
  if (text === undefined) {
    text = singleLine(stringify({ [key]: 0 }, YAML_OPTIONS), '', ': 0\n');
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
