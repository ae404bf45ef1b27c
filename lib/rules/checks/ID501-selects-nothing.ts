/**
 * ID501 selects-nothing: a Service, PeerAuthentication, DestinationRule subset
 * or Sidecar whose selector matches no workload of its namespace. Selectors
 * only ever match pods of their own namespace, so a policy or Service that
 * matches pods elsewhere is an error (it names that namespace). Runs only when
 * the input holds workloads at all, so a partial input (policies only) stays quiet.
 */
import { child } from '../../base/paths';
import { ManifestObject, ResourceIndex, Rule, RuleReport } from '../types';

type LabelMap = Readonly<Record<string, string>>;

function describe(selector: LabelMap): string {
  return Object.entries(selector).map(([k, v]) => `${k}=${v}`).join(',');
}

function checkSelector(index: ResourceIndex, object: ManifestObject, what: string, selector: LabelMap, path: string, report: RuleReport): void {
  if (Object.keys(selector).length === 0) return;
  if (index.workloadsSelectedBy(object.namespace, selector).length > 0) return;
  const elsewhere = [...new Set(index.workloadsSelectedInAnyNamespace(selector).map((w) => w.namespace))].filter((ns) => ns !== object.namespace).sort();
  if (elsewhere.length > 0) {
    const where = elsewhere.length > 3 ? `${elsewhere.slice(0, 3).join(', ')} and ${elsewhere.length - 3} more` : elsewhere.join(', ');
    report(object, path, `${what} ${describe(selector)} matches no workload in namespace ${object.namespace} but matches workloads in namespace ${where}: selectors only match pods of their own namespace; move the object to that namespace or fix its labels`, 'error');
    return;
  }
  report(object, path, `${what} ${describe(selector)} matches no workload in namespace ${object.namespace} of the input: check the labels against the pods' labels (spec.template.metadata.labels)`);
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
      if (combined === undefined || index.workloadsSelectedBy(dr.service.namespace, combined).length === 0) {
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
    for (const s of index.services) {
      if (s.selector !== undefined) checkSelector(index, s.object, 'selector', s.selector, 'spec.selector', report);
    }
    for (const pa of index.peerAuthentications) {
      if (pa.selector !== undefined) checkSelector(index, pa.object, 'selector', pa.selector, 'spec.selector', report);
    }
    for (const sc of index.sidecars) {
      if (sc.selector !== undefined) checkSelector(index, sc.object, 'workloadSelector', sc.selector, 'spec.workloadSelector', report);
    }
    checkSubsets(index, report);
  },
};
