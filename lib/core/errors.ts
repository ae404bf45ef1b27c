/**
 * Input errors raised at synth time (cdk8s) or construction time (Pulumi).
 *
 * Every message names the construct, the construct's name, the field, the bad
 * value as the user wrote it, and what would be valid, e.g.
 * `HeadlessMeshService "kafka": ports[0].port: 0 is out of range 1-65535`.
 */
export class IstioDirectError extends Error {
  /** The individual problems, one line each. */
  public readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(problems.length === 1 ? problems[0] : `${problems.length} problems:\n  ${problems.join('\n  ')}`);
    this.name = 'IstioDirectError';
    this.problems = problems;
  }
}

/** Most problems one collector keeps: a value that is wrong everywhere must not flood the user. */
export const MAX_PROBLEMS = 50;

/**
 * Collects every input problem of one construct before throwing, so a user
 * sees all of them at once (the way Envoy Gateway's translator joins its
 * errors before failing).
 */
/**
 * How a problem line names a construct: `HeadlessMeshService "kafka"`, or only the class
 * when the name is missing or not a non-empty string (its own problem line shows the bad
 * value), never `HeadlessMeshService undefined`.
 */
export function constructLabel(construct: string, name: unknown): string {
  const label = typeof name === 'string' && name !== '' ? `${construct} ${show(name)}` : construct;
  return currentPlace === undefined ? label : `${label} (${currentPlace})`;
}

/** Where the construct being built sits in its program (see {@link atPlace}); undefined outside one. */
let currentPlace: string | undefined;

/**
 * Runs `build` with every problem line it raises naming `place` after the construct, e.g.
 * `EnvoyDirectPods "envoy-proxy" (construct echo/envoy): podIps[0]: …`. The cdk8s constructs pass
 * their construct path, the Pulumi components their resource name; the core builders alone name
 * the object only. Synchronous: the place is set for the duration of the call.
 */
export function atPlace<T>(place: string, build: () => T): T {
  const outer = currentPlace;
  currentPlace = place;
  try {
    return build();
  } finally {
    currentPlace = outer;
  }
}

export class Problems {
  private readonly list: string[] = [];
  private dropped = 0;

  /**
   * @param construct the construct's class name, e.g. `HeadlessMeshService`
   * @param name the construct's object name, e.g. `kafka`
   */
  constructor(public readonly construct: string, public readonly name: unknown) {}

  private get header(): string {
    return constructLabel(this.construct, this.name);
  }

  /** Records a problem with `field`. */
  add(field: string, message: string): void {
    if (this.list.length >= MAX_PROBLEMS) {
      this.dropped++;
      return;
    }
    this.list.push(`${this.header}: ${field}: ${message}`);
  }

  /** True when nothing was recorded. */
  get ok(): boolean {
    return this.list.length === 0;
  }

  /** Throws an {@link IstioDirectError} when anything was recorded. */
  throwIfAny(): void {
    if (this.list.length > 0) {
      const more = this.dropped > 0 ? [`${this.header}: ... and ${this.dropped} more problem(s)`] : [];
      throw new IstioDirectError([...this.list, ...more]);
    }
  }
}

/** Longest rendering of a value in a message; longer ones are cut with an ellipsis. */
export const MAX_SHOWN_LENGTH = 80;

/**
 * Renders a user-supplied value for an error message, as the user wrote it:
 * strings quoted, numbers, BigInts (`10n`), symbols, functions and objects
 * rendered safely (cycles, BigInts inside), long values cut. Never throws, and
 * its work is bounded by the length shown, not by the value: a list of a million
 * items or a string of a million characters costs no more than a short one.
 */
export function show(value: unknown): string {
  try {
    const out = new Bounded(MAX_SHOWN_LENGTH + 1);
    write(out, value, new WeakSet<object>(), '');
    return cut(out.text);
  } catch (e) {
    return e instanceof Full ? cut(e.text) : `(${describeType(value)})`;
  }
}

/** Thrown (and caught by {@link show}) once enough is written: the text so far. */
class Full {
  constructor(public readonly text: string) {}
}

/** Text that stops growing (by throwing {@link Full}) past its limit. */
class Bounded {
  public text = '';
  constructor(private readonly limit: number) {}

  add(part: string): void {
    this.text += part.length > this.limit ? part.slice(0, this.limit + 1) : part;
    if (this.text.length > this.limit) throw new Full(this.text);
  }
}

/** A string as JSON writes it, of at most about `limit` characters (the rest would be cut anyway). */
function quote(text: string): string {
  return JSON.stringify(text.length > MAX_SHOWN_LENGTH + 1 ? text.slice(0, MAX_SHOWN_LENGTH + 1) : text);
}

/** Top-level values as themselves; inside objects, as `JSON.stringify` with a safe replacer would write them. */
function write(out: Bounded, value: unknown, seen: WeakSet<object>, key: string): void {
  switch (typeof value) {
    case 'string':
      return out.add(quote(value));
    case 'number':
      return out.add(Object.is(value, -0) ? '-0' : String(value));
    case 'bigint':
      return out.add(`${value}n`);
    case 'symbol':
      return out.add(value.toString());
    case 'function':
      return out.add(`function ${value.name || '(anonymous)'}`);
    case 'undefined':
      return out.add('undefined');
    default:
      return value === null ? out.add('null') : writeJson(out, value, seen, key);
  }
}

/** A value inside an object or list, as JSON (non-JSON values as quoted words, a cycle as "(circular)"). */
function writeJson(out: Bounded, raw: unknown, seen: WeakSet<object>, key: string): void {
  const value = typeof (raw as { toJSON?: unknown } | null)?.toJSON === 'function' ? (raw as { toJSON(k: string): unknown }).toJSON(key) : raw;
  if (value === null) return out.add('null');
  switch (typeof value) {
    case 'string':
      return out.add(quote(value));
    case 'number':
      return out.add(Number.isFinite(value) ? String(value) : quote(String(value)));
    case 'boolean':
      return out.add(String(value));
    case 'bigint':
      return out.add(quote(`${value}n`));
    case 'symbol':
      return out.add(quote(value.toString()));
    case 'function':
      return out.add(quote(`function ${value.name || '(anonymous)'}`));
    case 'undefined':
      return out.add(quote('undefined'));
  }
  if (value instanceof Number || value instanceof String || value instanceof Boolean) return writeJson(out, value.valueOf(), seen, key);
  if (seen.has(value as object)) return out.add(quote('(circular)'));
  seen.add(value as object);
  if (Array.isArray(value)) return writeItems(out, value, seen);
  out.add('{');
  let first = true;
  for (const k of Object.keys(value as object)) {
    out.add(`${first ? '' : ','}${quote(k)}:`);
    writeJson(out, (value as Record<string, unknown>)[k], seen, k);
    first = false;
  }
  out.add('}');
}

function writeItems(out: Bounded, items: readonly unknown[], seen: WeakSet<object>): void {
  out.add('[');
  for (let i = 0; i < items.length; i++) {
    if (i > 0) out.add(',');
    writeJson(out, items[i], seen, String(i));
  }
  out.add(']');
}

function cut(text: string): string {
  return text.length <= MAX_SHOWN_LENGTH ? text : `${text.slice(0, MAX_SHOWN_LENGTH - 1)}…`;
}

/**
 * `a string`, `a number`, `an array`, `an object`, `null`, `a Map object`, …: what a value is,
 * for "X, not Y" messages. An object that is not a plain `{}` is named by its class (a Date,
 * Map, Buffer, a boxed number, a class instance), so `{}` never reads "is an object, not an object".
 */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'undefined':
      return 'undefined';
    case 'object':
      return describeObject(value as object);
    case 'bigint':
      return 'a BigInt';
    default:
      return `a ${typeof value}`;
  }
}

function describeObject(value: object): string {
  try {
    const proto = Object.getPrototypeOf(value);
    if (proto === null || proto === Object.prototype) return 'an object';
    const name = typeof proto.constructor === 'function' ? proto.constructor.name : '';
    return /^[A-Za-z_$][\w$]{0,40}$/.test(name) && name !== 'Object' ? `${/^[AEIO]/.test(name) ? 'an' : 'a'} ${name} object` : 'an object with a prototype';
  } catch {
    return 'an object';
  }
}
