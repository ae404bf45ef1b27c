/**
 * ID303: `portLevelMtls` on a PeerAuthentication without a workload selector.
 * Port-level settings only apply to workload-level policies
 * (`pilot/pkg/security/authn/policy_applier.go`); the CRD rejects them from
 * Istio 1.23 (CEL rule "portLevelMtls requires selector"), and Istio's
 * validating webhook rejected them before ("mesh/namespace peer
 * authentication cannot have port level mTLS").
 */
import { formatIstioVersion, istioHas } from '../../core/istio-version';
import { Rule } from '../types';
import { nonEmptySelector } from './helpers/policy';

export const rule: Rule = {
  code: 'ID303',
  name: 'port-level-mtls-without-selector',
  title: 'portLevelMtls on a PeerAuthentication without a workload selector',
  severity: 'error',
  istioVersions: {},
  check(index, options, report) {
    const rejected = istioHas(options.istioVersion, 'portLevelMtlsCel');
    for (const pa of index.peerAuthentications) {
      if (pa.portLevelKeys.length === 0 || nonEmptySelector(pa.selector) !== undefined) continue;
      const scope = pa.namespace === options.rootNamespace ? 'mesh-wide' : 'namespace-wide';
      const effect = rejected
        ? `the PeerAuthentication CRD of Istio ${formatIstioVersion(options.istioVersion)} rejects it ("portLevelMtls requires selector")`
        : `Istio's validating webhook rejects it, and where it is not run Istio ${formatIstioVersion(options.istioVersion)} ignores the port-level settings`;
      report(
        pa.object,
        'spec.portLevelMtls',
        `PeerAuthentication "${pa.object.name}" is ${scope} (no selector.matchLabels) but sets portLevelMtls: ` +
          `port-level mTLS applies only to workload-level policies, and ${effect}; ` +
          'move the port-level entries to a PeerAuthentication with selector.matchLabels selecting the pods',
      );
    }
  },
};
