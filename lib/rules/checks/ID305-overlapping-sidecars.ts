/**
 * ID305: Sidecars that shadow each other. A pod gets exactly one Sidecar: the
 * oldest whose `workloadSelector` matches it, else the oldest selector-less
 * one of its namespace, else the root namespace's (`pilot/pkg/model/push_context.go`).
 */
import { Rule, RuleReport, SidecarInfo } from '../types';
import { Overlap, SelectorPolicy, namespaceWideOverlaps, selectorOverlaps } from './helpers/overlap';
import { oldestWording, scopeOf } from './helpers/overlap-message';
import { nonEmptySelector } from './helpers/policy';

interface Policy extends SelectorPolicy {
  readonly info: SidecarInfo;
}

export const rule: Rule = {
  code: 'ID305',
  name: 'overlapping-sidecars',
  title: 'Sidecars that select the same pods, or two namespace-wide ones in one namespace: only the oldest applies',
  severity: 'error',
  istioVersions: {},
  check(index, options, report) {
    const policies: Policy[] = index.sidecars.map((info) => ({
      object: info.object,
      namespace: info.namespace,
      selector: nonEmptySelector(info.selector),
      info,
    }));
    for (const overlap of namespaceWideOverlaps(policies)) {
      report(
        overlap.item.object,
        '',
        `Sidecar "${overlap.item.object.name}" and Sidecar "${overlap.older.object.name}" are both ${scopeOf(overlap.item.namespace, options.rootNamespace)} (no workloadSelector): ` +
          `Istio applies only one, ${oldestWording(overlap)}; keep a single selector-less Sidecar per namespace`,
      );
    }
    for (const overlap of selectorOverlaps(policies, index)) reportSelectorOverlap(overlap, report);
  },
};

function reportSelectorOverlap(overlap: Overlap<Policy>, report: RuleReport): void {
  report(
    overlap.item.object,
    'spec.workloadSelector',
    `Sidecar "${overlap.item.object.name}" overlaps Sidecar "${overlap.older.object.name}" (${overlap.reason}): ` +
      `a pod gets exactly one Sidecar, ${oldestWording(overlap)} on the pods both select (its ingress, egress and outbound policy are lost there); ` +
      'merge them into one Sidecar or make their workloadSelectors disjoint',
  );
}
