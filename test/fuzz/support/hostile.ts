/**
 * Hostile values and perturbations: what a JavaScript user or a YAML-driven Pulumi config
 * puts where a prop belongs (wrong types, extreme numbers, odd strings, unknown keys,
 * duplicate entries). Mostly-valid prop sets get 0-3 of them at random places.
 */
import * as fc from 'fast-check';

/** A function value (functions are props nobody should pass). */
function namedFunction(): unknown {
  return function portFactory() {
    return 8080;
  };
}

/** Numbers at and past every boundary the builders check. */
export const extremeNumber: fc.Arbitrary<number> = fc.constantFrom(
  0, -0, -1, 1.5, 0.1, NaN, Infinity, -Infinity, 2 ** 31, 2 ** 31 - 1, 2 ** 32, 2 ** 32 - 1, 2 ** 53, -(2 ** 53), Number.MAX_VALUE,
  Number.MIN_VALUE, 65535, 65536, 1e-10,
);

/** Strings that break names, paths, labels and messages. */
export const oddString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '', ' ', '..', '.', '.hidden', 'UPPER', 'Echo-Service', 'a'.repeat(64), 'a'.repeat(254), 'x'.repeat(100_000), 'naïve', '名前', '😀',
    'tab\there', 'line\nbreak', 'nul\u0000byte', '\u202eevil', 'with space', 'a:b', 'key: value', '[object Object]', 'undefined', 'null',
    '8080', '-1', '0x1F90', '1e3', 'true', '__proto__', 'constructor', 'toString', 'hasOwnProperty', '../../etc/passwd', '*', '*/*', '"quoted"',
    '127.0.0.1', '::1', '10.0.0.1/8', 'http', 'TCP', 'STRICT', '1.24', 'v1', '\ud800', 'x\udc00y', '/\ud83d', '\u200f',
  ),
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'grapheme', maxLength: 10 }),
);

/** Any value of the wrong type, shape or range. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: extremeNumber, weight: 3 },
  { arbitrary: oddString, weight: 3 },
  {
    arbitrary: fc.constantFrom<() => unknown>(
      () => null,
      () => undefined,
      () => true,
      () => false,
      () => 10n,
      () => 2n ** 70n,
      () => Symbol('port'),
      namedFunction,
      () => () => 1,
      () => ({}),
      () => ({ nested: { deeper: { deepest: 1 } } }),
      () => ({ port: 8080 }),
      () => [],
      () => [1, 2, 3],
      () => ['a', 'b'],
      () => [null],
      () => [[1]],
      () => [{}],
      () => new Date(0),
      () => new Map([['a', 1]]),
      () => new Set([1]),
      () => Object.create(null),
      () => /regex/,
      () => new Number(8080),
      () => new String('echo'),
      () => Buffer.from('abc'),
      () => {
        const cyclic: Record<string, unknown> = { port: 8080 };
        cyclic.self = cyclic;
        return cyclic;
      },
      () => Object.freeze({ cpu: '1' }),
    ).map((make) => make()),
    weight: 4,
  },
);

/** One perturbation of a prop set. */
export type Perturbation =
  | { readonly kind: 'set'; readonly at: number; readonly value: unknown }
  | { readonly kind: 'delete'; readonly at: number }
  | { readonly kind: 'unknownKey'; readonly at: number; readonly key: string; readonly value: unknown }
  | { readonly kind: 'duplicate'; readonly at: number }
  | { readonly kind: 'throwingGetter'; readonly at: number }
  | { readonly kind: 'throwingProxy'; readonly at: number };

/** Keys nobody declares: typos, case variants, prototype names, odd characters. */
const unknownKey: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('Name', 'replica', 'ports ', 'targetport', '__proto__', 'constructor', 'toString', 'key: value', 'a.b', '[0]', '', '😀', 'x'.repeat(200)),
  fc.string({ minLength: 1, maxLength: 12 }),
);

export const perturbation: fc.Arbitrary<Perturbation> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('set' as const), at: fc.nat(), value: hostileValue }), weight: 6 },
  { arbitrary: fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('unknownKey' as const), at: fc.nat(), key: unknownKey, value: hostileValue }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat() }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('throwingGetter' as const), at: fc.nat() }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('throwingProxy' as const), at: fc.nat() }), weight: 1 },
);

/** Values that throw when read go in last, so that the other perturbations can still walk the props. */
function readersLast(changes: readonly Perturbation[]): Perturbation[] {
  const throws = (c: Perturbation) => c.kind === 'throwingGetter' || c.kind === 'throwingProxy';
  return [...changes.filter((c) => !throws(c)), ...changes.filter(throws)];
}

type Container = Record<string, unknown> | unknown[];

function isContainer(v: unknown): v is Container {
  if (Array.isArray(v)) return true;
  if (typeof v !== 'object' || v === null) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** A field's path from the props' root: keys and array indexes. */
export type FieldPath = ReadonlyArray<string | number>;

/** A field a perturbation set, and the value it set (the oracle expects to see it in a problem about that field). */
export interface PerturbedField {
  readonly path: FieldPath;
  readonly value: unknown;
}

/** Every (container, key) slot of a plain-data value, in a fixed order, with its path. */
function slots(root: Container): Array<[Container, string | number, FieldPath]> {
  const out: Array<[Container, string | number, FieldPath]> = [];
  const walk = (c: Container, at: FieldPath, depth: number) => {
    const keys: Array<string | number> = Array.isArray(c) ? c.map((_, i) => i) : Object.keys(c);
    for (const k of keys) {
      out.push([c, k, [...at, k]]);
      const child = (c as Record<string | number, unknown>)[k];
      // A frozen value is a leaf: it cannot be changed in place.
      if (isContainer(child) && Object.isExtensible(child) && depth < 6) walk(child, [...at, k], depth + 1);
    }
  };
  walk(root, [], 0);
  return out;
}

/** Containers of a plain-data value (the root first), in a fixed order. */
function containers(root: Container): Array<[Container, FieldPath]> {
  const inner = slots(root)
    .map(([c, k, at]): [unknown, FieldPath] => [(c as Record<string | number, unknown>)[k], at])
    .filter((e): e is [Container, FieldPath] => isContainer(e[0]) && Object.isExtensible(e[0]));
  return [[root, []], ...inner];
}

/** A deep copy of plain data (functions, symbols, class instances and anything deeper than 8 levels shared, so cycles end). */
export function clone<T>(v: T, depth = 0): T {
  if (depth > 8) return v;
  if (Array.isArray(v)) return v.map((item) => clone(item, depth + 1)) as unknown as T;
  if (isContainer(v)) {
    const out: Record<string, unknown> = Object.getPrototypeOf(v) === null ? Object.create(null) : {};
    for (const k of Object.keys(v)) out[k] = clone((v as Record<string, unknown>)[k], depth + 1);
    return out as T;
  }
  return v;
}

/** Applies one perturbation that leaves every value readable; returns the field it set, if any. */
function applyPlain(root: Container, change: Perturbation): PerturbedField | undefined {
  if (change.kind === 'unknownKey') {
    // The key is the bad thing here (the problem names it in its field), not its value.
    const objects = containers(root).filter(([c]) => !Array.isArray(c)) as Array<[Record<string, unknown>, FieldPath]>;
    const [target] = objects[change.at % objects.length];
    Object.defineProperty(target, change.key, { value: change.value, enumerable: true, writable: true, configurable: true });
    return undefined;
  }
  if (change.kind === 'duplicate') {
    const arrays = containers(root).filter((e): e is [unknown[], FieldPath] => Array.isArray(e[0]) && e[0].length > 0);
    if (arrays.length === 0) return undefined;
    const [target] = arrays[change.at % arrays.length];
    target.push(clone(target[change.at % target.length]));
    return undefined;
  }
  const all = slots(root);
  if (all.length === 0) return undefined;
  const [container, key, at] = all[change.at % all.length];
  if (change.kind === 'delete') {
    if (Array.isArray(container)) container.splice(key as number, 1);
    else delete container[key as string];
    return undefined;
  }
  if (change.kind !== 'set') return undefined;
  (container as Record<string | number, unknown>)[key] = change.value;
  return { path: at, value: change.value };
}

/** The value at `path` in plain data, or `missing` (read without trusting it). */
export function valueAt(root: unknown, path: FieldPath, missing: unknown): unknown {
  let v = root;
  try {
    for (const k of path) {
      const d = typeof v === 'object' && v !== null ? Object.getOwnPropertyDescriptor(v, k) : undefined;
      if (d === undefined || !('value' in d)) return missing;
      v = d.value;
    }
  } catch {
    return missing; // a Proxy's trap threw
  }
  return v;
}

/** A perturbed prop set and the fields the perturbations set (those still in place at the end). */
export interface Perturbed<T> {
  readonly props: T;
  readonly perturbed: readonly PerturbedField[];
}

/** Applies perturbations to a copy of `props` (`props` is untouched), recording the fields set. */
export function perturbRecorded<T extends object>(props: T, changes: readonly Perturbation[]): Perturbed<T> {
  const root = clone(props) as unknown as Container;
  const ordered = readersLast(changes);
  const plain = ordered.filter((c) => c.kind !== 'throwingGetter' && c.kind !== 'throwingProxy');
  const set: PerturbedField[] = [];
  for (const change of plain) {
    const field = applyPlain(root, change);
    if (field !== undefined) set.push(field);
  }
  // Slots are listed once, before any value that throws when read is in place.
  const all = slots(root);
  for (const change of ordered.slice(plain.length)) {
    if (all.length === 0) continue;
    const [container, key] = all[change.at % all.length];
    Object.defineProperty(container, key, change.kind === 'throwingProxy' ? throwingProxy() : throwingGetter());
  }
  // A later change may have moved or replaced a field set earlier: keep those still in place.
  const gone = Symbol('gone');
  const perturbed = set.filter((f) => Object.is(valueAt(root, f.path, gone), f.value));
  return { props: root as unknown as T, perturbed };
}

/** Applies perturbations to a copy of `props` (the copy is returned; `props` is untouched). */
export function perturb<T extends object>(props: T, changes: readonly Perturbation[]): T {
  return perturbRecorded(props, changes).props;
}

/** An object whose keys cannot be listed (a Proxy from a config library gone wrong). */
function throwingProxy(): PropertyDescriptor {
  const trap = () => {
    throw new Error('proxy trap');
  };
  const proxy = new Proxy({}, { ownKeys: trap, get: trap, has: trap, getOwnPropertyDescriptor: trap });
  return { value: proxy, enumerable: true, writable: true, configurable: true };
}

/** A getter that throws while the builder reads the props (a lazy config object). */
function throwingGetter(): PropertyDescriptor {
  return {
    get: () => {
      throw new Error('getter exploded');
    },
    enumerable: true,
    configurable: true,
  };
}

/** Mostly valid: 40% untouched, else 1-3 perturbations. */
export const perturbations: fc.Arbitrary<Perturbation[]> = fc.oneof(
  { arbitrary: fc.constant<Perturbation[]>([]), weight: 2 },
  { arbitrary: fc.array(perturbation, { minLength: 1, maxLength: 3 }), weight: 3 },
);
