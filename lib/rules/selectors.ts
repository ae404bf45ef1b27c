/**
 * Label selectors evaluated as Kubernetes does (`matchLabels` AND every
 * `matchExpressions` term: In, NotIn, Exists, DoesNotExist), with indexes so
 * that selecting never scans every workload for every selector.
 */
import { keptList, keptListOf } from '../base/kept';
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
  let keys = 0;
  for (const k in value) {
    if (!Object.prototype.hasOwnProperty.call(value, k)) continue;
    if ((k !== 'matchLabels' && k !== 'matchExpressions') || typeof value[k] === 'string') return false;
    keys++;
  }
  return keys > 0;
}

const NO_EXPRESSIONS: CompiledSelector['expressions'] = [];

/** A label map as selector terms: its string entries; any other entry makes it invalid. */
function compileLabelMap(selector: Readonly<Record<string, unknown>>): CompiledSelector {
  const labels: Array<readonly [string, string]> = [];
  let invalid = false;
  for (const k in selector) {
    if (!Object.prototype.hasOwnProperty.call(selector, k)) continue;
    const v = selector[k];
    if (typeof v === 'string') labels.push([k, v]);
    else invalid = true;
  }
  return { labels, expressions: NO_EXPRESSIONS, invalid };
}

/** Compiles a selector or a label map; `undefined` for `undefined` (which selects nothing). */
export function compileSelector(selector: LabelSelector | Readonly<Record<string, unknown>> | undefined): CompiledSelector | undefined {
  if (selector === undefined || !isRecord(selector)) return undefined;
  if (!isLabelSelector(selector)) return compileLabelMap(selector);
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
  // Indexed loops, pairs read by position: run per candidate of every selection, many while cold.
  for (let i = 0; i < selector.labels.length; i++) {
    const k = selector.labels[i][0];
    if (!Object.prototype.hasOwnProperty.call(labels, k) || labels[k] !== selector.labels[i][1]) return false;
  }
  for (let i = 0; i < selector.expressions.length; i++) if (!expressionMatches(selector.expressions[i], labels)) return false;
  return true;
}

function expressionMatches(e: CompiledSelector['expressions'][number], labels: Readonly<Record<string, string>>): boolean {
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
}

/** True for a selector with no terms (it selects everything). */
export function isEmptySelector(selector: CompiledSelector): boolean {
  return !selector.invalid && selector.labels.length === 0 && selector.expressions.length === 0;
}

/** An empty candidate list (never written to). */
const NONE: readonly never[] = [];

/** An item in a {@link LabelIndex} (a class: kept until the end of the run, see lib/base/kept.ts). */
class Indexed<T> {
  constructor(
    readonly item: T,
    readonly namespace: string,
    readonly labels: Readonly<Record<string, string>>,
    readonly order: number,
  ) {}
}

/** Items of one scope (a namespace, or every namespace): all of them, by label key and value, and by label key. */
class Scope<T> {
  readonly all = keptList<Indexed<T>>();
  readonly byPair = new Map<string, Map<string, Indexed<T>[]>>();
  readonly byKey = new Map<string, Indexed<T>[]>();

  add(entry: Indexed<T>): void {
    this.all.push(entry);
    for (const k in entry.labels) {
      if (!Object.prototype.hasOwnProperty.call(entry.labels, k)) continue;
      const v = entry.labels[k];
      let values = this.byPair.get(k);
      if (values === undefined) this.byPair.set(k, (values = new Map()));
      const list = values.get(v);
      if (list === undefined) values.set(v, keptListOf(entry));
      else list.push(entry);
      const keyed = this.byKey.get(k);
      if (keyed === undefined) this.byKey.set(k, keptListOf(entry));
      else keyed.push(entry);
    }
  }

  pair(k: string, v: string): readonly Indexed<T>[] {
    const values = this.byPair.get(k);
    const list = values === undefined ? undefined : values.get(v);
    return list === undefined ? NONE : list;
  }
}

/**
 * Items (workloads) indexed by namespace, by label key and value and by label key (maps of maps:
 * no key strings are built). A selection takes the smallest candidate list its terms allow and
 * filters it, so its cost follows the candidates, not the whole input. The index over every
 * namespace is built on the first selection that needs it.
 */
export class LabelIndex<T> {
  private readonly byNamespace = new Map<string, Scope<T>>();
  private everywhere: Scope<T> | undefined;
  private count = 0;

  /** Adds an item with its labels in `namespace`. */
  add(namespace: string, labels: Readonly<Record<string, string>>, item: T): void {
    const entry = new Indexed(item, namespace, labels, this.count++);
    let scope = this.byNamespace.get(namespace);
    if (scope === undefined) this.byNamespace.set(namespace, (scope = new Scope()));
    scope.add(entry);
    if (this.everywhere !== undefined) this.everywhere.add(entry);
  }

  /** Items matching `selector` in `namespace` (every namespace when `undefined`), in insertion order. */
  select(namespace: string | undefined, selector: CompiledSelector | undefined): T[] {
    if (selector === undefined || selector.invalid) return [];
    const candidates = this.candidates(namespace, selector);
    const out = keptList<T>();
    for (let i = 0; i < candidates.length; i++) {
      const e = candidates[i];
      if ((namespace === undefined || e.namespace === namespace) && selectorMatches(selector, e.labels)) out.push(e.item);
    }
    return out;
  }

  /** The scope of every namespace, items in insertion order. */
  private all(): Scope<T> {
    if (this.everywhere === undefined) {
      const entries: Indexed<T>[] = [];
      for (const scope of this.byNamespace.values()) for (const e of scope.all) entries.push(e);
      entries.sort((a, b) => a.order - b.order);
      const everywhere = new Scope<T>();
      for (const e of entries) everywhere.add(e);
      this.everywhere = everywhere;
    }
    return this.everywhere;
  }

  private candidates(namespace: string | undefined, selector: CompiledSelector): readonly Indexed<T>[] {
    const scope = namespace === undefined ? this.all() : this.byNamespace.get(namespace);
    if (scope === undefined) return NONE;
    let best: readonly Indexed<T>[] = scope.all;
    for (let i = 0; i < selector.labels.length; i++) {
      const list = scope.pair(selector.labels[i][0], selector.labels[i][1]);
      if (list.length < best.length) best = list;
    }
    for (const e of selector.expressions) {
      let list: readonly Indexed<T>[] | undefined;
      if (e.operator === 'Exists') list = scope.byKey.get(e.key) ?? NONE;
      if (e.operator === 'In') list = this.union([...e.values].map((v) => scope.pair(e.key, v)));
      if (list !== undefined && list.length < best.length) best = list;
    }
    return best;
  }

  private union(lists: ReadonlyArray<readonly Indexed<T>[]>): readonly Indexed<T>[] {
    if (lists.length === 1) return lists[0];
    const seen = new Set<Indexed<T>>();
    for (const list of lists) for (const e of list) seen.add(e);
    return [...seen].sort((a, b) => a.order - b.order);
  }
}

/**
 * The reverse: items that carry a label-map selector (Services, workload-level
 * policies), found for a set of pod labels. Each item is filed under one pair
 * of its selector, the one with the fewest items filed under it when the item
 * is added, and its whole selector is checked when a pod has that pair. A query
 * touches only the items filed under the pod's own pairs, so a pair every
 * selector has (`part-of: shop` beside a distinct `app`) does not make every
 * query go through every item.
 */
export class SelectorIndex<T> {
  /** Items by namespace, then the label key and value they are filed under. */
  private readonly filed = new Map<string, PairMap<Array<SelectorEntry<T>>>>();
  private count = 0;

  /** Adds an item whose non-empty `selector` applies in `namespace`. */
  add(namespace: string, selector: Readonly<Record<string, string>>, item: T): void {
    const pairs = keptList<string>();
    let best: Map<string, Array<SelectorEntry<T>>> | undefined;
    let bestValue = '';
    let fewest = Infinity;
    for (const k in selector) {
      if (!Object.prototype.hasOwnProperty.call(selector, k)) continue;
      const v = selector[k];
      pairs.push(k, v);
      const values = pairMapOf(this.filed, namespace, k);
      const list = values.get(v);
      const n = list === undefined ? 0 : list.length;
      if (n < fewest) {
        best = values;
        bestValue = v;
        fewest = n;
      }
    }
    // An empty selector is none here: filed under no pair, it matches nothing (callers give none for it).
    if (best === undefined) return;
    const entry = new SelectorEntry(item, pairs, this.count++);
    const list = best.get(bestValue);
    if (list === undefined) best.set(bestValue, keptListOf(entry));
    else list.push(entry);
  }

  /** Items in `namespace` whose every selector pair is among `labels`, in insertion order. */
  matching(namespace: string, labels: Readonly<Record<string, string>>): T[] {
    const keys = this.filed.get(namespace);
    if (keys === undefined) return [];
    let found: Array<SelectorEntry<T>> | undefined;
    let ordered = true;
    for (const k in labels) {
      if (!Object.prototype.hasOwnProperty.call(labels, k)) continue;
      const values = keys.get(k);
      const list = values === undefined ? undefined : values.get(labels[k]);
      if (list === undefined) continue;
      for (let i = 0; i < list.length; i++) {
        const entry = list[i];
        if (!entry.selects(labels)) continue;
        if (found === undefined) found = [];
        else if (found[found.length - 1].order > entry.order) ordered = false;
        found.push(entry);
      }
    }
    if (found === undefined) return [];
    if (!ordered) found.sort((a, b) => a.order - b.order);
    return found.map((entry) => entry.item);
  }
}

/** Values by label key, then label value. */
type PairMap<V> = Map<string, Map<string, V>>;

/** The map of label values of `key` in `namespace`, made when missing. */
function pairMapOf<V>(maps: Map<string, PairMap<V>>, namespace: string, key: string): Map<string, V> {
  let keys = maps.get(namespace);
  if (keys === undefined) maps.set(namespace, (keys = new Map()));
  let values = keys.get(key);
  if (values === undefined) keys.set(key, (values = new Map()));
  return values;
}

/** An item in a {@link SelectorIndex} (a class: kept until the end of the run, see lib/base/kept.ts). */
class SelectorEntry<T> {
  constructor(
    readonly item: T,
    /** The selector's pairs, flat: key, value, key, value… */
    readonly pairs: readonly string[],
    readonly order: number,
  ) {}

  /** Whether every pair of the selector is among `labels`. */
  selects(labels: Readonly<Record<string, string>>): boolean {
    const pairs = this.pairs;
    for (let i = 0; i < pairs.length; i += 2) {
      if (!Object.prototype.hasOwnProperty.call(labels, pairs[i]) || labels[pairs[i]] !== pairs[i + 1]) return false;
    }
    return true;
  }
}
