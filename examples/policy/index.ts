// The policy pack program PulumiPolicy.yaml runs: istio-direct's rules over every Kubernetes
// resource of the stack, errors mandatory, warnings and infos advisory.
//
// In your own pack, import from the package instead:
//   import { istioDirectPolicyPack } from 'istio-direct/policy';
import { istioDirectPolicyPack } from '../../lib/policy';

istioDirectPolicyPack({
  // The Istio release your cluster runs (rules and protocol parsing follow it).
  istioVersion: '1.24',
  // Rule codes you do not want, e.g. ['ID402'] to accept STATIC Envoy clusters of pod IPs.
  disable: [],
});
