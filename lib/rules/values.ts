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
  return isRecord(value) && Object.prototype.hasOwnProperty.call(value, key) ? value[key] : undefined;
}

/** `value[key]` for a proto field written snake_case or in its JSON lowerCamelCase form. */
export function protoField(value: unknown, snake: string): unknown {
  const direct = field(value, snake);
  if (direct !== undefined) return direct;
  return field(value, snake.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase()));
}

/** A plain object, or `undefined`. */
export function recordOf(value: unknown): Readonly<Record<string, unknown>> | undefined {
  return isRecord(value) ? value : undefined;
}

/** An array, or an empty one. */
export function arrayOf(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
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

/** The string entries of a map (labels, annotations, selectors); other entries are left out. */
export function stringMap(value: unknown): Readonly<Record<string, string>> {
  const out: Record<string, string> = {};
  if (!isRecord(value)) return out;
  for (const [k, v] of Object.entries(value)) {
    if (typeof v === 'string') out[k] = v;
  }
  return out;
}

/** Like {@link stringMap}, but `undefined` when the value is not an object. */
export function optionalStringMap(value: unknown): Readonly<Record<string, string>> | undefined {
  return isRecord(value) ? stringMap(value) : undefined;
}
