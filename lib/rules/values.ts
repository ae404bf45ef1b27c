/**
 * Type-safe reads of untrusted parsed values: malformed objects (wrong types
 * anywhere) give `undefined`/empty results, never an exception, so the index
 * skips the bad part and the schema validation reports it.
 */

/** A plain object (not null, not an array). */
export function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** `value[key]` when `value` is a plain object and owns `key`. */
export function field(value: unknown, key: string): unknown {
  if (!isRecord(value)) return undefined;
  // One lookup for an absent key (most reads of optional fields); the own-key test only for a value found.
  const found = value[key];
  return found !== undefined && Object.prototype.hasOwnProperty.call(value, key) ? found : undefined;
}

/** The JSON name of a proto field: `socket_address` → `socketAddress`. */
export function jsonName(protoName: string): string {
  return protoName.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

/**
 * The key under which a plain object holds the proto field `snake`: the proto name itself, else its
 * JSON lowerCamelCase name (both are accepted by Envoy and protobuf JSON); `undefined` when it holds
 * neither. `json` is the JSON name when the caller has it (hot loops skip the conversion). The one
 * reader of proto fields: {@link protoField} and {@link protoEntry} are it.
 */
export function protoKey(value: unknown, snake: string, json?: string): string | undefined {
  if (!isRecord(value)) return undefined;
  if (Object.prototype.hasOwnProperty.call(value, snake) && value[snake] !== undefined) return snake;
  const camel = json ?? jsonName(snake);
  return camel !== snake && Object.prototype.hasOwnProperty.call(value, camel) ? camel : undefined;
}

/** `value[key]` for a proto field written snake_case or in its JSON lowerCamelCase form. */
export function protoField(value: unknown, snake: string, json?: string): unknown {
  const key = protoKey(value, snake, json);
  return key === undefined ? undefined : (value as Readonly<Record<string, unknown>>)[key];
}

/** A proto field as written: its value and its key (proto or JSON name), for paths that name the key as written. */
export interface ProtoEntry {
  readonly value: unknown;
  readonly key: string;
}

/** The proto field `snake` of `value` with the key as written, as {@link protoField} finds it. */
export function protoEntry(value: unknown, snake: string): ProtoEntry | undefined {
  const key = protoKey(value, snake);
  return key === undefined ? undefined : { value: (value as Readonly<Record<string, unknown>>)[key], key };
}

/** A plain object, or `undefined`. */
export function recordOf(value: unknown): Readonly<Record<string, unknown>> | undefined {
  return isRecord(value) ? value : undefined;
}

/** An array, or an empty one. */
export function arrayOf(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

/**
 * `value ?? fallback` for a fallback that is a constant, for code run per object: the sources'
 * transpiler (sucrase, for the CLI run from source and the benches) turns `??` into a closure per call.
 */
export function orElse<T>(value: T | undefined, fallback: T): T {
  return value !== undefined ? value : fallback;
}

/** True when a map has an own key (`Object.keys(map).length > 0` without the array). */
export function hasOwnKeys(map: Readonly<Record<string, unknown>>): boolean {
  for (const key in map) if (Object.prototype.hasOwnProperty.call(map, key)) return true;
  return false;
}

/** A string, or `undefined`. */
export function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A safe integer, or `undefined`. */
export function intOf(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) ? value : undefined;
}

/** A port given as a number or a decimal string (proto JSON allows both), or `undefined`. */
export function portOf(value: unknown): number | undefined {
  const n = typeof value === 'string' && /^\d{1,5}$/.test(value) ? Number(value) : intOf(value);
  return n !== undefined && n >= 0 && n <= 65535 ? n : undefined;
}

/** The one empty string map (frozen): most objects have no annotations, many no labels, and a cluster has many objects. */
const EMPTY_STRING_MAP: Readonly<Record<string, string>> = Object.freeze({});

/**
 * The string entries of a map (labels, annotations, selectors); other entries are left out. A plain
 * object holding strings only is returned as it is (the result is read, never written); an empty
 * result is shared and frozen.
 */
export function stringMap(value: unknown): Readonly<Record<string, string>> {
  if (!isRecord(value)) return EMPTY_STRING_MAP;
  // A plain map of strings only (almost every one) is its own answer: no copy per workload, Service
  // or policy (labels, annotations, selectors), so fewer objects that live through the run.
  if (Object.getPrototypeOf(value) === Object.prototype) {
    const kept = ownStringsOnly(value);
    if (kept !== undefined) return kept;
  }
  let out: Record<string, string> | undefined;
  // Own enumerable keys in Object.entries' order, without its array of entries (run per workload).
  for (const k in value) {
    if (!Object.prototype.hasOwnProperty.call(value, k)) continue;
    const v = value[k];
    if (typeof v === 'string') (out === undefined ? (out = {}) : out)[k] = v;
  }
  return out === undefined ? EMPTY_STRING_MAP : out;
}

/**
 * `value` when it has keys and every enumerable key is its own with a string value (an own
 * `__proto__` key excepted: a copy drops it); else `undefined`.
 */
function ownStringsOnly(value: Readonly<Record<string, unknown>>): Readonly<Record<string, string>> | undefined {
  let any = false;
  for (const k in value) {
    if (!Object.prototype.hasOwnProperty.call(value, k) || typeof value[k] !== 'string' || k === '__proto__') return undefined;
    any = true;
  }
  return any ? (value as Readonly<Record<string, string>>) : undefined;
}

/** Like {@link stringMap}, but `undefined` when the value is not an object. */
export function optionalStringMap(value: unknown): Readonly<Record<string, string>> | undefined {
  return isRecord(value) ? stringMap(value) : undefined;
}
