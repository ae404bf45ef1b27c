/**
 * Builds the {@link ResourceIndex} once per run, in time linear in the number
 * of objects: every lookup is a hash map keyed by namespace, name or label.
 */
import { namespaceInfoOf, workloadKindOf, workloadOf } from './index-workloads';
import { BOOTSTRAP_KIND } from './manifest';
import { destinationRuleOf, peerAuthenticationOf, serviceOf, sidecarOf } from './index-istio';
import { bootstrapsOf, BootstrapWithoutWorkloads } from './index-envoy';
import { compileSelector, LabelIndex, SelectorIndex } from './selectors';
import {
  DestinationRuleInfo, EnvoyBootstrapInfo, LabelSelector, ManifestObject, NamespaceInfo, PeerAuthenticationInfo,
  ResourceIndex, RuleOptions, ServiceInfo, SidecarInfo, WorkloadInfo,
} from './types';
import { resolveHost } from './hosts';
import { orElse } from './values';
import { keptList, keptListOf } from '../base/kept';

type Selector = LabelSelector | Readonly<Record<string, string>> | undefined;

/** A map keyed by two strings, as a map of maps (no key strings are built per object). */
class Map2<T> {
  private readonly outer = new Map<string, Map<string, T>>();

  get(a: string, b: string): T | undefined {
    // No optional chaining in this hot path: the sources' transpiler turns it into closures.
    const inner = this.outer.get(a);
    return inner === undefined ? undefined : inner.get(b);
  }

  set(a: string, b: string, value: T): void {
    let inner = this.outer.get(a);
    if (inner === undefined) this.outer.set(a, (inner = new Map()));
    inner.set(b, value);
  }

  /** Appends `value` to the list under `a`, `b`. */
  push<V>(this: Map2<V[]>, a: string, b: string, value: V): void {
    const list = this.get(a, b);
    if (list === undefined) this.set(a, b, keptListOf(value));
    else list.push(value);
  }
}

/** Namespaces: declared by Namespace objects, or only used by objects. */
function namespacesOf(objects: readonly ManifestObject[]): Map<string, NamespaceInfo> {
  const namespaces = new Map<string, NamespaceInfo>();
  for (let i = 0; i < objects.length; i++) {
    const o = objects[i];
    if (o.kind !== 'Namespace' || o.apiVersion !== 'v1' || o.name === '') continue;
    const known = namespaces.get(o.name);
    if (known === undefined || known.object === undefined) namespaces.set(o.name, namespaceInfoOf(o.name, o.labels, o));
  }
  for (let i = 0; i < objects.length; i++) {
    const o = objects[i];
    if (o.namespace !== '' && !namespaces.has(o.namespace)) namespaces.set(o.namespace, namespaceInfoOf(o.namespace, {}));
  }
  return namespaces;
}

function push<T>(map: Map<string, T[]>, k: string, value: T): void {
  const list = map.get(k);
  if (list === undefined) map.set(k, keptListOf(value));
  else list.push(value);
}

/** The index's per-kind lists, each in input order, before the lookups that join them. */
interface KindLists {
  readonly workloads: WorkloadInfo[];
  readonly services: ServiceInfo[];
  readonly peerAuthentications: PeerAuthenticationInfo[];
  /** DestinationRule objects: read once the Services are known. */
  readonly ruleObjects: ManifestObject[];
  readonly sidecars: SidecarInfo[];
  readonly partialBootstraps: BootstrapWithoutWorkloads[];
}

/** Each object read by the one reader of its kind (the kinds of the readers do not overlap). */
function kindListsOf(objects: readonly ManifestObject[], options: RuleOptions, namespace: (name: string) => NamespaceInfo): KindLists {
  const lists: KindLists = { workloads: keptList(), services: keptList(), peerAuthentications: keptList(), ruleObjects: keptList(), sidecars: keptList(), partialBootstraps: keptList() };
  for (let i = 0; i < objects.length; i++) {
    const o = objects[i];
    switch (o.kind) {
      case 'Service':
        pushDefined(lists.services, serviceOf(o, options.istioVersion, options.clusterDomain));
        break;
      case 'PeerAuthentication':
        pushDefined(lists.peerAuthentications, peerAuthenticationOf(o));
        break;
      case 'DestinationRule':
        lists.ruleObjects.push(o);
        break;
      case 'Sidecar':
        pushDefined(lists.sidecars, sidecarOf(o));
        break;
      case 'ConfigMap':
      case BOOTSTRAP_KIND:
        for (const b of bootstrapsOf(o)) lists.partialBootstraps.push(b);
        break;
      default:
        if (workloadKindOf(o) !== undefined) pushDefined(lists.workloads, workloadOf(o, namespace(o.namespace)));
    }
  }
  return lists;
}

function pushDefined<T>(list: T[], value: T | undefined): void {
  if (value !== undefined) list.push(value);
}

/** Builds the index of `objects` (in input order) for `options`. */
export function buildIndex(objects: readonly ManifestObject[], options: RuleOptions): ResourceIndex {
  const namespaces = namespacesOf(objects);
  const namespace = (name: string): NamespaceInfo => namespaces.get(name) || namespaceInfoOf(name, {});
  const { workloads, services, peerAuthentications, ruleObjects, sidecars, partialBootstraps } = kindListsOf(objects, options, namespace);
  const lookups = buildLookups(workloads, services, peerAuthentications, options);
  const destinationRules = keptList<DestinationRuleInfo>();
  for (const o of ruleObjects) pushDefined(destinationRules, destinationRuleOf(o, lookups.serviceForHost));
  const envoyBootstraps: EnvoyBootstrapInfo[] = partialBootstraps.map((b) => ({
    ...b,
    workloads: b.key === undefined ? [] : lookups.mounting(b.object.namespace, b.object.name),
  }));
  return {
    objects, workloads, services, peerAuthentications, destinationRules, sidecars, envoyBootstraps, namespaces, namespace,
    ...lookups.api,
    ...objectLookups(objects),
  };
}

/**
 * Objects by kind (every kind listed in one pass, on the first lookup: rules ask about few kinds,
 * and only for some inputs), and by kind, namespace and name (each kind indexed on its first lookup).
 */
function objectLookups(objects: readonly ManifestObject[]): Pick<ResourceIndex, 'objectsOfKind' | 'objectsNamed'> {
  let byKind: Map<string, ManifestObject[]> | undefined;
  const objectsOfKind = (kind: string): readonly ManifestObject[] => {
    if (byKind === undefined) {
      byKind = new Map();
      for (let i = 0; i < objects.length; i++) push(byKind, objects[i].kind, objects[i]);
    }
    return byKind.get(kind) || NONE;
  };
  const byName = new Map<string, Map2<ManifestObject[]>>();
  const objectsNamed = (kind: string, ns: string, name: string): readonly ManifestObject[] => {
    let ofKind = byName.get(kind);
    if (ofKind === undefined) {
      byName.set(kind, (ofKind = new Map2()));
      for (const o of objectsOfKind(kind)) ofKind.push(o.namespace, o.name, o);
    }
    return ofKind.get(ns, name) || NONE;
  };
  return { objectsOfKind, objectsNamed };
}

type Lookups = Pick<ResourceIndex, 'workloadsSelectedBy' | 'workloadsSelectedInAnyNamespace' | 'servicesSelecting' | 'peerAuthenticationsFor' | 'service' | 'serviceForHost'>;

function buildLookups(workloads: readonly WorkloadInfo[], services: readonly ServiceInfo[], pas: readonly PeerAuthenticationInfo[], options: RuleOptions) {
  const labels = new LabelIndex<WorkloadInfo>();
  const mounts = new Map2<WorkloadInfo[]>();
  for (let i = 0; i < workloads.length; i++) {
    const w = workloads[i];
    labels.add(w.namespace, w.podLabels, w);
    for (const cm of w.configMapVolumes) mounts.push(w.namespace, cm, w);
  }
  const serviceByName = new Map2<ServiceInfo>();
  const selecting = new SelectorIndex<ServiceInfo>();
  for (let i = 0; i < services.length; i++) {
    const s = services[i];
    if (serviceByName.get(s.namespace, s.name) === undefined) serviceByName.set(s.namespace, s.name, s);
    if (s.selector !== undefined) selecting.add(s.namespace, s.selector, s);
  }
  const policies = peerAuthenticationLookup(pas, options.rootNamespace);
  const service = (ns: string, name: string) => serviceByName.get(ns, name);
  const servicesMemo = new Map<WorkloadInfo, readonly ServiceInfo[]>();
  // Every rule asks for the workloads of the same selectors (a Service's, a policy's): one answer per selector object and namespace.
  const selected = new WeakMap<object, SelectionMemo>();
  const workloadsSelectedBy = (ns: string, selector: Selector): readonly WorkloadInfo[] => {
    if (selector === undefined || typeof selector !== 'object') return labels.select(ns, compileSelector(selector));
    const memo = selected.get(selector);
    if (memo === undefined) {
      const found = labels.select(ns, compileSelector(selector));
      selected.set(selector, new SelectionMemo(ns, found));
      return found;
    }
    return memo.namespace === ns ? memo.found : selectedElsewhere(memo, ns, selector, labels);
  };
  const api: Lookups = {
    workloadsSelectedBy,
    workloadsSelectedInAnyNamespace: (selector: Selector) => labels.select(undefined, compileSelector(selector)),
    servicesSelecting: (w: WorkloadInfo) => {
      let found = servicesMemo.get(w);
      if (found === undefined) servicesMemo.set(w, (found = selecting.matching(w.namespace, w.podLabels)));
      return found;
    },
    peerAuthenticationsFor: policies,
    service,
    serviceForHost: (host: string, from: string) => resolveHost(host, from, options.clusterDomain, service),
  };
  return { api, serviceForHost: api.serviceForHost, mounting: (ns: string, cm: string) => orElse(mounts.get(ns, cm), []) };
}

/**
 * The workloads a selector object selects: in the namespace it was first asked about (almost every
 * selector is asked about its own namespace only: no map per selector, and its compiled terms are
 * not kept), and in `others`. A class: the memos live until the end of the run (see lib/base/kept.ts).
 */
class SelectionMemo {
  /** The answers in other namespaces. */
  others: Map<string, readonly WorkloadInfo[]> | undefined = undefined;

  constructor(
    readonly namespace: string,
    readonly found: readonly WorkloadInfo[],
  ) {}
}

function selectedElsewhere(memo: SelectionMemo, ns: string, selector: object, labels: LabelIndex<WorkloadInfo>): readonly WorkloadInfo[] {
  if (memo.others === undefined) memo.others = new Map();
  let found = memo.others.get(ns);
  if (found === undefined) memo.others.set(ns, (found = labels.select(ns, compileSelector(selector))));
  return found;
}

/** An empty list (never written to). */
const NONE: readonly never[] = [];

/** PeerAuthentications that apply to a workload: workload-level first, then namespace-wide, then mesh-wide (root namespace). */
function peerAuthenticationLookup(pas: readonly PeerAuthenticationInfo[], rootNamespace: string): (w: WorkloadInfo) => readonly PeerAuthenticationInfo[] {
  const workloadLevel = new SelectorIndex<PeerAuthenticationInfo>();
  const emptySelector = new Map<string, PeerAuthenticationInfo[]>();
  const namespaceWide = new Map<string, PeerAuthenticationInfo[]>();
  for (const pa of pas) {
    if (pa.selector === undefined) push(namespaceWide, pa.namespace, pa);
    else if (Object.keys(pa.selector).length === 0) push(emptySelector, pa.namespace, pa);
    else workloadLevel.add(pa.namespace, pa.selector, pa);
  }
  return (w) => {
    const mesh = w.namespace === rootNamespace ? undefined : namespaceWide.get(rootNamespace);
    return joined([workloadLevel.matching(w.namespace, w.podLabels), emptySelector.get(w.namespace), namespaceWide.get(w.namespace), mesh]);
  };
}

/** The lists one after the other (no copy when at most one has entries). */
function joined<T>(lists: ReadonlyArray<readonly T[] | undefined>): readonly T[] {
  let only: readonly T[] | undefined;
  let out: T[] | undefined;
  for (const list of lists) {
    if (list === undefined || list.length === 0) continue;
    if (only === undefined) only = list;
    else {
      if (out === undefined) out = only.slice();
      for (const item of list) out.push(item);
    }
  }
  return out !== undefined ? out : only !== undefined ? only : NONE;
}
