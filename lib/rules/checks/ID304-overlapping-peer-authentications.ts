/**
 * ID304: PeerAuthentications that shadow each other. Istio composes at most
 * one policy per level for a pod; when several match, the oldest wins
 * (`pilot/pkg/security/authn/policy_applier.go`, `pilot/pkg/model/authentication.go`).
 */
import { PeerAuthenticationInfo, Rule, RuleReport } from '../types';
import { Overlap, SelectorPolicy, namespaceWideOverlaps, selectorOverlaps } from './helpers/overlap';
import { oldestWording, scopeOf } from './helpers/overlap-message';
import { nonEmptySelector } from './helpers/policy';

interface Policy extends SelectorPolicy {
  readonly info: PeerAuthenticationInfo;
}

export const rule: Rule = {
  code: 'ID304',
  name: 'overlapping-peer-authentications',
  title: 'PeerAuthentications that select the same pods, or two namespace-wide ones in one namespace: only the oldest applies',
  severity: 'error',
  istioVersions: {},
  check(index, options, report) {
    const policies: Policy[] = [];
    for (const info of index.peerAuthentications) {
      const selector = nonEmptySelector(info.selector);
      // Selector policies in the root namespace are ignored by Istio (ID309), so they shadow nothing.
      if (selector !== undefined && info.namespace === options.rootNamespace) continue;
      policies.push({ object: info.object, namespace: info.namespace, selector, info });
    }
    for (const overlap of namespaceWideOverlaps(policies)) {
      report(
        overlap.item.object,
        '',
        `PeerAuthentication "${overlap.item.object.name}" and PeerAuthentication "${overlap.older.object.name}" are both ${scopeOf(overlap.item.namespace, options.rootNamespace)} (no selector): ` +
          `Istio applies only one, ${oldestWording(overlap)}; keep a single selector-less policy (by convention named "default")`,
      );
    }
    for (const overlap of selectorOverlaps(policies, index)) reportSelectorOverlap(overlap, report);
  },
};

function reportSelectorOverlap(overlap: Overlap<Policy>, report: RuleReport): void {
  report(
    overlap.item.object,
    'spec.selector',
    `PeerAuthentication "${overlap.item.object.name}" overlaps PeerAuthentication "${overlap.older.object.name}" (${overlap.reason}): ` +
      `Istio applies only one workload-level PeerAuthentication per pod, ${oldestWording(overlap)} on the pods both select; ` +
      'merge them into one policy (port-level entries included) or make their selectors disjoint',
  );
}
