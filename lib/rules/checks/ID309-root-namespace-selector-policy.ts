/**
 * ID309: a PeerAuthentication with a workload selector in Istio's root
 * namespace. Selector-less policies there are mesh-wide; Istio ignores
 * policies with a selector there (PeerAuthentication reference,
 * https://istio.io/latest/docs/reference/config/security/peer_authentication/).
 */
import { Rule } from '../types';
import { describeSelector, nonEmptySelector } from './helpers/policy';

export const rule: Rule = {
  code: 'ID309',
  name: 'root-namespace-selector-policy',
  title: 'A PeerAuthentication with a selector in the root namespace, which Istio ignores',
  severity: 'warning',
  istioVersions: {},
  check(index, options, report) {
    for (const pa of index.peerAuthentications) {
      const selector = nonEmptySelector(pa.selector);
      if (selector === undefined || pa.namespace !== options.rootNamespace) continue;
      report(
        pa.object,
        'spec.selector',
        `PeerAuthentication "${pa.object.name}" in the root namespace "${pa.namespace}" has selector ${describeSelector(selector)}: ` +
          'Istio ignores PeerAuthentications with a selector in the root namespace (they are neither mesh-wide nor applied to the selected pods); ' +
          'move it to the namespace of the pods it selects, or drop the selector to make it mesh-wide',
      );
    }
  },
};
