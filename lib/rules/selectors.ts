/**
 * Label selectors evaluated as Kubernetes does (`matchLabels` AND every
 * `matchExpressions` term: In, NotIn, Exists, DoesNotExist), with indexes so
 * that selecting never scans every workload for every selector.
 */
import { LabelSelector } from './types';
import { arrayOf, field, isRecord, stringMap, stringOf } from './values';

/** A selector reduced to terms; `invalid` selectors match nothing. */
export interface CompiledSelector {
  readonly labels: ReadonlyArray<readonly [string, string]>;
  readonly expressions: ReadonlyArray<{ readonly key: string; readonly operator: string; readonly values: ReadonlySet<string> }>;
  readonly invalid: boolean;
}

const OPERATORS = new Set(['In', 'NotIn', 'Exists', 'DoesNotExist']);

/** True when a value is a `LabelSelector` (`matchLabels`/`matchExpressions`) rather than a plain label map. */
function isLabelSelector(value: Readonly<Record<string, unknown>>): boolean {
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((k) => (k === 'matchLabels' || k === 'matchExpressions') && typeof value[k] !== 'string');
}

/** Compiles a selector or a label map; `undefined` for `undefined` (which selects nothing). */
export function compileSelector(selector: LabelSelector | Readonly<Record<string, unknown>> | undefined): CompiledSelector | undefined {
  if (selector === undefined || !isRecord(selector)) return undefined;
  if (!isLabelSelector(selector)) {
    return { labels: Object.entries(stringMap(selector)), expressions: [], invalid: Object.values(selector).some((v) => typeof v !== 'string') };
  }
  let invalid = field(selector, 'matchLabels') !== undefined && !isRecord(field(selector, 'matchLabels'));
  const expressions: Array<CompiledSelector['expressions'][number]> = [];
  for (const e of arrayOf(field(selector, 'matchExpressions'))) {
    const key = stringOf(field(e, 'key'));
    const operator = stringOf(field(e, 'operator'));
    if (key === undefined || operator === undefined || !OPERATORS.has(operator)) {
      invalid = true;
      continue;
    }
    expressions.push({ key, operator, values: new Set(arrayOf(field(e, 'values')).filter((v): v is string => typeof v === 'string')) });
  }
  return { labels: Object.entries(stringMap(field(selector, 'matchLabels'))), expressions, invalid };
}

/** True when the compiled selector matches the labels. */
export function selectorMatches(selector: CompiledSelector, labels: Readonly<Record<string, string>>): boolean {
  if (selector.invalid) return false;
  for (const [k, v] of selector.labels) {
    if (!Object.prototype.hasOwnProperty.call(labels, k) || labels[k] !== v) return false;
  }
  return selector.expressions.every((e) => {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    switch (e.operator) {
      case 'In':
        return has && e.values.has(labels[e.key]);
      case 'NotIn':
        return !has || !e.values.has(labels[e.key]);
      case 'Exists':
        return has;
      default:
        return !has;
    }
  });
}

/** True for a selector with no terms (it selects everything). */
export function isEmptySelector(selector: CompiledSelector): boolean {
  return !selector.invalid && selector.labels.length === 0 && selector.expressions.length === 0;
}

/** An empty candidate list (never written to). */
const NONE: readonly never[] = [];

interface Indexed<T> {
  readonly item: T;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly order: number;
}

/**
 * Items (workloads) indexed by namespace, by label `key=value` and by label
 * key. A selection takes the smallest candidate list its terms allow and
 * filters it, so its cost follows the candidates, not the whole input.
 */
export class LabelIndex<T> {
  private readonly all: Indexed<T>[] = [];
  private readonly byScope = new Map<string, Indexed<T>[]>();
  private count = 0;

  /** Adds an item with its labels in `namespace`. */
  add(namespace: string, labels: Readonly<Record<string, string>>, item: T): void {
    const entry: Indexed<T> = { item, namespace, labels, order: this.count++ };
    this.all.push(entry);
    for (const scope of scopesOf(namespace, labels)) {
      const list = this.byScope.get(scope);
      if (list === undefined) this.byScope.set(scope, [entry]);
      else list.push(entry);
    }
  }

  /** Items matching `selector` in `namespace` (every namespace when `undefined`), in insertion order. */
  select(namespace: string | undefined, selector: CompiledSelector | undefined): T[] {
    if (selector === undefined || selector.invalid) return [];
    const candidates = this.candidates(namespace, selector);
    return candidates.filter((e) => (namespace === undefined || e.namespace === namespace) && selectorMatches(selector, e.labels)).map((e) => e.item);
  }

  private candidates(namespace: string | undefined, selector: CompiledSelector): readonly Indexed<T>[] {
    const ns = namespace === undefined ? '' : `${namespace}\u0000`;
    let best: readonly Indexed<T>[] = namespace === undefined ? this.all : this.byScope.get(`ns:${namespace}`) ?? NONE;
    for (const [k, v] of selector.labels) {
      const list = this.byScope.get(`kv:${ns}${k}=${v}`) ?? NONE;
      if (list.length < best.length) best = list;
    }
    for (const e of selector.expressions) {
      let list: readonly Indexed<T>[] | undefined;
      if (e.operator === 'Exists') list = this.byScope.get(`k:${ns}${e.key}`) ?? NONE;
      if (e.operator === 'In') list = this.union([...e.values].map((v) => this.byScope.get(`kv:${ns}${e.key}=${v}`) ?? NONE));
      if (list !== undefined && list.length < best.length) best = list;
    }
    return best;
  }

  private union(lists: ReadonlyArray<readonly Indexed<T>[]>): Indexed<T>[] {
    if (lists.length === 1) return [...lists[0]];
    const seen = new Set<Indexed<T>>();
    for (const list of lists) for (const e of list) seen.add(e);
    return [...seen].sort((a, b) => a.order - b.order);
  }
}

/** The index keys an item is listed under: its namespace, and each label pair and key, with and without the namespace. */
function scopesOf(namespace: string, labels: Readonly<Record<string, string>>): string[] {
  const scopes = [`ns:${namespace}`];
  for (const [k, v] of Object.entries(labels)) {
    scopes.push(`kv:${namespace}\u0000${k}=${v}`, `k:${namespace}\u0000${k}`, `kv:${k}=${v}`, `k:${k}`);
  }
  return scopes;
}

/**
 * The reverse: items that carry a label-map selector (Services, workload-level
 * policies), found for a set of pod labels by counting matched pairs.
 */
export class SelectorIndex<T> {
  private readonly byPair = new Map<string, Array<{ item: T; size: number; order: number }>>();
  private count = 0;

  /** Adds an item whose non-empty `selector` applies in `namespace`. */
  add(namespace: string, selector: Readonly<Record<string, string>>, item: T): void {
    const entries = Object.entries(selector);
    const entry = { item, size: entries.length, order: this.count++ };
    for (const [k, v] of entries) {
      const key = `${namespace}\u0000${k}=${v}`;
      const list = this.byPair.get(key);
      if (list === undefined) this.byPair.set(key, [entry]);
      else list.push(entry);
    }
  }

  /** Items in `namespace` whose every selector pair is among `labels`, in insertion order. */
  matching(namespace: string, labels: Readonly<Record<string, string>>): T[] {
    const hits = new Map<{ item: T; size: number; order: number }, number>();
    for (const [k, v] of Object.entries(labels)) {
      for (const entry of this.byPair.get(`${namespace}\u0000${k}=${v}`) ?? []) hits.set(entry, (hits.get(entry) ?? 0) + 1);
    }
    return [...hits].filter(([entry, n]) => n === entry.size).sort(([a], [b]) => a.order - b.order).map(([entry]) => entry.item);
  }
}
