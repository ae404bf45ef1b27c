/**
 * ID501 selects-nothing: a Service, PeerAuthentication, DestinationRule subset
 * or Sidecar whose selector matches no workload of its namespace. Selectors
 * only ever match pods of their own namespace, so a policy or Service that
 * matches pods elsewhere is an error (it names that namespace). Runs only when
 * the input holds workloads at all, so a partial input (policies only) stays quiet.
 *
 * Pods carry labels their template does not: the ones their controller adds
 * (below), and Istio matches its selectors against the proxy's labels, which
 * it augments with the node's topology (`pkg/kube/labels` AugmentLabels in
 * istio/istio). A selector term on such a label is taken as met by every pod
 * of a workload the label is added to. Pods an operator creates from its own
 * custom resource are not in the input: with a custom resource in the
 * namespace, no match is only an info, and a match elsewhere only a warning.
 */
import { child } from '../../base/paths';
import { IndexedWorkloadKind, ManifestObject, ResourceIndex, Rule, RuleReport, RuleSeverity, WorkloadInfo } from '../types';
import { hasOwnKeys } from '../values';

type LabelMap = Readonly<Record<string, string>>;

/** Labels Kubernetes controllers add to the pods they create, and the workload kinds that get them. */
const CONTROLLER_LABELS: ReadonlyMap<string, readonly IndexedWorkloadKind[]> = new Map<string, readonly IndexedWorkloadKind[]>([
  ['statefulset.kubernetes.io/pod-name', ['StatefulSet']],
  ['apps.kubernetes.io/pod-index', ['StatefulSet']],
  ['controller-revision-hash', ['StatefulSet', 'DaemonSet']],
  ['pod-template-generation', ['DaemonSet']],
  ['pod-template-hash', ['Deployment', 'ReplicaSet']],
  ['batch.kubernetes.io/job-name', ['Job', 'CronJob']],
  ['batch.kubernetes.io/controller-uid', ['Job', 'CronJob']],
  ['batch.kubernetes.io/job-completion-index', ['Job', 'CronJob']],
  ['job-name', ['Job', 'CronJob']],
  ['controller-uid', ['Job', 'CronJob']],
]);

/** The topology labels Istio adds to every workload's labels (and endpoint's) for its own selectors. */
const ISTIO_TOPOLOGY_LABELS = new Set([
  'topology.kubernetes.io/region',
  'topology.kubernetes.io/zone',
  'topology.istio.io/subzone',
  'topology.istio.io/network',
  'topology.istio.io/cluster',
  'kubernetes.io/hostname',
]);

/**
 * Workloads of `namespace` whose pods `selector` may match once the added labels are counted: the
 * selector without its added-label terms matches their template labels, and every added label it
 * names is one their pods get. `istio`: the selector is Istio's (topology labels count too).
 */
function selectedWithAddedLabels(index: ResourceIndex, namespace: string, selector: LabelMap, istio: boolean): readonly WorkloadInfo[] {
  // Most selectors name no added label: asked as they are, the index answers each selector object once for all rules.
  if (!namesAddedLabel(selector, istio)) return index.workloadsSelectedBy(namespace, selector);
  const rest: Record<string, string> = {};
  const kinds: Array<readonly IndexedWorkloadKind[]> = [];
  for (const [k, v] of Object.entries(selector)) {
    if (istio && ISTIO_TOPOLOGY_LABELS.has(k)) continue;
    const added = CONTROLLER_LABELS.get(k);
    if (added !== undefined) kinds.push(added);
    else rest[k] = v;
  }
  return index.workloadsSelectedBy(namespace, rest).filter((w) => kinds.every((ks) => ks.includes(w.kind)));
}

/** True when the selector names a label that controllers (or, for `istio`, Istio) add; empty selectors name none. */
function namesAddedLabel(selector: LabelMap, istio: boolean): boolean {
  for (const k in selector) {
    if (!Object.prototype.hasOwnProperty.call(selector, k)) continue;
    if ((istio && ISTIO_TOPOLOGY_LABELS.has(k)) || CONTROLLER_LABELS.has(k)) return true;
  }
  return false;
}

/** Custom resources (neither built-in Kubernetes nor Istio kinds) in `namespace`: an operator may create pods from them. */
function customResources(index: ResourceIndex, namespace: string): readonly ManifestObject[] {
  let byNamespace = customResourceCache.get(index);
  if (byNamespace === undefined) {
    byNamespace = new Map();
    for (let i = 0; i < index.objects.length; i++) {
      const o = index.objects[i];
      if (!isCustomResource(o.apiVersion)) continue;
      const list = byNamespace.get(o.namespace);
      if (list === undefined) byNamespace.set(o.namespace, [o]);
      else list.push(o);
    }
    customResourceCache.set(index, byNamespace);
  }
  return byNamespace.get(namespace) ?? [];
}
const customResourceCache = new WeakMap<ResourceIndex, Map<string, ManifestObject[]>>();

function isCustomResource(apiVersion: string): boolean {
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  return group.includes('.') && !group.endsWith('.k8s.io') && !group.endsWith('.istio.io');
}

function describe(selector: LabelMap): string {
  return Object.entries(selector).map(([k, v]) => `${k}=${v}`).join(',');
}

function checkSelector(index: ResourceIndex, object: ManifestObject, what: string, selector: LabelMap, path: string, report: RuleReport, istio: boolean): void {
  if (!hasOwnKeys(selector)) return;
  if (selectedWithAddedLabels(index, object.namespace, selector, istio).length > 0) return;
  const operated = customResources(index, object.namespace);
  const operator = operated.length === 0 ? '' : `; its pods may come from an operator of ${operated[0].kind} ${operated[0].name}${operated.length > 1 ? ` (or ${operated.length - 1} more custom resource(s))` : ''} in that namespace, which the input does not show`;
  const elsewhere = [...new Set(index.workloadsSelectedInAnyNamespace(selector).map((w) => w.namespace))].filter((ns) => ns !== object.namespace).sort();
  if (elsewhere.length > 0) {
    const where = elsewhere.length > 3 ? `${elsewhere.slice(0, 3).join(', ')} and ${elsewhere.length - 3} more` : elsewhere.join(', ');
    const severity: RuleSeverity = operated.length === 0 ? 'error' : 'warning';
    report(object, path, `${what} ${describe(selector)} matches no workload in namespace ${object.namespace} but matches workloads in namespace ${where}: selectors only match pods of their own namespace; move the object to that namespace or fix its labels${operator}`, severity);
    return;
  }
  const severity: RuleSeverity = operated.length === 0 ? 'warning' : 'info';
  report(object, path, `${what} ${describe(selector)} matches no workload in namespace ${object.namespace} of the input: check the labels against the pods' labels (spec.template.metadata.labels)${operator}`, severity);
}

/** Subset labels apply to the Service's endpoints: the pods its selector matches that also carry the subset labels. */
function subsetSelector(serviceSelector: LabelMap, subset: LabelMap): LabelMap | undefined {
  for (const [k, v] of Object.entries(subset)) {
    if (serviceSelector[k] !== undefined && serviceSelector[k] !== v) return undefined;
  }
  return { ...serviceSelector, ...subset };
}

function checkSubsets(index: ResourceIndex, report: RuleReport): void {
  for (const dr of index.destinationRules) {
    const selector = dr.service?.selector;
    if (dr.service === undefined || selector === undefined) continue;
    for (const subset of dr.subsets) {
      if (Object.keys(subset.labels).length === 0) continue;
      const combined = subsetSelector(selector, subset.labels);
      const path = child(subset.path, 'labels');
      if (combined === undefined || selectedWithAddedLabels(index, dr.service.namespace, combined, true).length === 0) {
        report(dr.object, path, `subset ${JSON.stringify(subset.name)} labels ${describe(subset.labels)} match none of the pods of Service ${dr.service.namespace}/${dr.service.name} (selector ${describe(selector)}): traffic routed to this subset finds no endpoint`);
      }
    }
  }
}

/** The rule. */
export const rule: Rule = {
  code: 'ID501',
  name: 'selects-nothing',
  title: 'A selector matches no workload in its namespace',
  severity: 'warning',
  istioVersions: {},
  check(index, _options, report) {
    if (index.workloads.length === 0) return;
    for (let i = 0; i < index.services.length; i++) {
      const s = index.services[i];
      if (s.selector !== undefined) checkSelector(index, s.object, 'selector', s.selector, 'spec.selector', report, false);
    }
    for (const pa of index.peerAuthentications) {
      if (pa.selector !== undefined) checkSelector(index, pa.object, 'selector', pa.selector, 'spec.selector', report, true);
    }
    for (const sc of index.sidecars) {
      if (sc.selector !== undefined) checkSelector(index, sc.object, 'workloadSelector', sc.selector, 'spec.workloadSelector', report, true);
    }
    checkSubsets(index, report);
  },
};
