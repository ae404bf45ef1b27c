/**
 * Overlapping policies of one kind (PeerAuthentications, Sidecars): Istio
 * applies only the oldest of those that select the same pod, and only the
 * oldest selector-less one of a namespace.
 *
 * Linear: policies are grouped by namespace and selector; identical selectors
 * meet in their group, subset selectors through their label subsets (at most
 * 2^10 per selector), and others through the workloads both select. Each
 * policy is reported at most once, against its oldest overlapping partner.
 */
import { ManifestObject, ResourceIndex, WorkloadInfo } from '../../types';
import { keptListOf } from '../../../base/kept';
import { compareAge, describeSelector, describeWorkload, oldestOf, selectorKey } from './policy';

/** A policy with its (non-empty) selector, or `undefined` for a selector-less one. */
export interface SelectorPolicy {
  readonly object: ManifestObject;
  readonly namespace: string;
  readonly selector: Readonly<Record<string, string>> | undefined;
}

/** A policy shadowed (on some pods) by an older one. */
export interface Overlap<T extends SelectorPolicy> {
  readonly item: T;
  readonly older: T;
  /** Why they meet: `identical selectors {app: x}`, `both select StatefulSet ns/x`, … */
  readonly reason: string;
}

/** Largest selector whose label subsets are enumerated; bigger ones meet only by identity or shared workloads. */
const MAX_SUBSET_LABELS = 10;

/** Policies with one selector in one namespace (a class: kept until the end of the rule, see lib/base/kept.ts). */
class Group<T> {
  readonly members: T[];

  constructor(
    readonly namespace: string,
    readonly selector: Readonly<Record<string, string>>,
    first: T,
  ) {
    this.members = keptListOf(first);
  }
}

/** Two documents of one object (same namespace and name; ID502 reports the duplicate). */
function sameObject(a: SelectorPolicy, b: SelectorPolicy): boolean {
  return a.namespace === b.namespace && a.object.name === b.object.name;
}

/** Selector-less policies sharing a namespace: every one but the oldest. */
export function namespaceWideOverlaps<T extends SelectorPolicy>(items: readonly T[]): Overlap<T>[] {
  const byNamespace = new Map<string, T[]>();
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (item.selector !== undefined) continue;
    const list = byNamespace.get(item.namespace) ?? [];
    list.push(item);
    byNamespace.set(item.namespace, list);
  }
  const out: Overlap<T>[] = [];
  for (const list of byNamespace.values()) {
    const oldest = oldestOf(list);
    if (oldest === undefined) continue;
    for (const item of list) {
      // The same name in one namespace is one object written twice (ID502), not two policies.
      if (item !== oldest && !sameObject(item, oldest)) out.push({ item, older: oldest, reason: 'both have no selector' });
    }
  }
  return out.sort((a, b) => a.item.object.ordinal - b.item.object.ordinal);
}

/** Policies with selectors that can select the same pod as an older one: identical, subset, or a shared workload. */
export function selectorOverlaps<T extends SelectorPolicy>(items: readonly T[], index: ResourceIndex): Overlap<T>[] {
  const best = new Map<T, { older: T; reason: string }>();
  const consider = (item: T, older: T | undefined, reason: () => string): void => {
    if (older === undefined || older === item || sameObject(older, item) || compareAge(older.object, item.object) >= 0) return;
    const current = best.get(item);
    if (current === undefined || compareAge(older.object, current.older.object) < 0) best.set(item, { older, reason: reason() });
  };
  const groups = groupBySelector(items);
  // forEach and indexed loops here and below: each runs once, cold, over every policy or group.
  groups.forEach((group) => {
    if (group.members.length < 2) return; // A policy alone with its selector meets no identical one.
    const oldest = oldestOf(group.members);
    const reason = () => `identical selectors ${describeSelector(group.selector)}`;
    for (const member of group.members) consider(member, oldest, reason);
  });
  subsetOverlaps(groups, consider);
  workloadOverlaps(groups, index, consider);
  const out: Overlap<T>[] = [];
  for (let i = 0; i < items.length; i++) {
    const found = best.get(items[i]);
    if (found !== undefined) out.push({ item: items[i], older: found.older, reason: found.reason });
  }
  return out;
}

function groupBySelector<T extends SelectorPolicy>(items: readonly T[]): Map<string, Group<T>> {
  const groups = new Map<string, Group<T>>();
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (item.selector === undefined) continue;
    const key = `${item.namespace}\u0000${selectorKey(item.selector)}`;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, new Group(item.namespace, item.selector, item));
    else group.members.push(item);
  }
  return groups;
}

/**
 * A selector group and its oldest policy (`object`: the policy's, for {@link oldestOf}); a class,
 * as the entries live through the pass over every group (see lib/base/kept.ts).
 */
class GroupOldest<T extends SelectorPolicy> {
  readonly object: ManifestObject;

  constructor(
    readonly group: Group<T>,
    readonly oldest: T,
  ) {
    this.object = oldest.object;
  }
}

type Consider<T> = (item: T, older: T | undefined, reason: () => string) => void;

function subsetOverlaps<T extends SelectorPolicy>(groups: Map<string, Group<T>>, consider: Consider<T>): void {
  // Group-level candidates first, so a selector with many supersets costs one pass over its members.
  const candidates = new Map<Group<T>, { older: T; reason: () => string }>();
  const offer = (group: Group<T>, older: T | undefined, reason: () => string): void => {
    const current = candidates.get(group);
    if (older !== undefined && (current === undefined || compareAge(older.object, current.older.object) < 0)) candidates.set(group, { older, reason });
  };
  // The oldest policy of a group, found for the groups that meet a subset only.
  const oldest = new Map<Group<T>, T | undefined>();
  const oldestIn = (group: Group<T>): T | undefined => {
    if (!oldest.has(group)) oldest.set(group, oldestOf(group.members));
    return oldest.get(group);
  };
  groups.forEach((group) => {
    const size = labelCount(group.selector);
    if (size < 2 || size > MAX_SUBSET_LABELS) return;
    const labels = Object.keys(group.selector).sort();
    for (let mask = 1; mask < (1 << labels.length) - 1; mask++) {
      const subset: Record<string, string> = {};
      labels.forEach((label, i) => {
        if (mask & (1 << i)) subset[label] = group.selector[label];
      });
      const smaller = groups.get(`${group.namespace}\u0000${selectorKey(subset)}`);
      if (smaller === undefined) continue;
      const reason = (): string => `selector ${describeSelector(smaller.selector)} is a subset of ${describeSelector(group.selector)}`;
      offer(group, oldestIn(smaller), reason);
      offer(smaller, oldestIn(group), reason);
    }
  });
  candidates.forEach((candidate, group) => {
    for (const member of group.members) consider(member, candidate.older, candidate.reason);
  });
}

/** The number of labels of a selector (its own keys), without a key array. */
function labelCount(selector: Readonly<Record<string, string>>): number {
  let n = 0;
  for (const k in selector) if (Object.prototype.hasOwnProperty.call(selector, k)) n++;
  return n;
}

/** Selector groups meet through the workloads both select; each group is selected once, whatever its size. */
function workloadOverlaps<T extends SelectorPolicy>(groups: Map<string, Group<T>>, index: ResourceIndex, consider: Consider<T>): void {
  // The groups selecting each workload: one entry per group, a list only for a workload two groups select.
  const byWorkload = new Map<WorkloadInfo, GroupOldest<T> | Array<GroupOldest<T>>>();
  // forEach, not for-of: these loops run once, cold, over every group and selected workload (no iterator result per entry).
  groups.forEach((group) => {
    const oldest = oldestOf(group.members);
    if (oldest === undefined) return;
    const entry = new GroupOldest(group, oldest);
    const selected = index.workloadsSelectedBy(group.namespace, group.selector);
    for (let i = 0; i < selected.length; i++) {
      const known = byWorkload.get(selected[i]);
      if (known === undefined) byWorkload.set(selected[i], entry);
      else if (Array.isArray(known)) known.push(entry);
      else byWorkload.set(selected[i], [known, entry]);
    }
  });
  // Per group, the oldest policy of another group sharing a workload with it.
  const candidates = new Map<Group<T>, { older: T; workload: WorkloadInfo }>();
  byWorkload.forEach((entries, workload) => {
    if (!Array.isArray(entries)) return;
    const first = oldestOf(entries);
    if (first === undefined) return;
    for (const { group } of entries) {
      const current = candidates.get(group);
      if (first.group !== group && (current === undefined || compareAge(first.oldest.object, current.older.object) < 0)) {
        candidates.set(group, { older: first.oldest, workload });
      }
    }
  });
  candidates.forEach((candidate, group) => {
    // The workload is described only for a finding.
    for (const member of group.members) consider(member, candidate.older, () => `both select ${describeWorkload(candidate.workload)}`);
  });
}
