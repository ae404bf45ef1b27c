/** The ready policy pack: `new PolicyPack` over {@link createPolicies}. */
import { PolicyPack } from '@pulumi/policy/policy';
import { IstioDirectPolicyOptions } from './options';
import { createPolicies } from './policies';

/** Options of {@link istioDirectPolicyPack}: the rules' settings and the pack's name. */
export interface IstioDirectPolicyPackOptions extends IstioDirectPolicyOptions {
  /** The pack's name (letters, digits, `-`, `_`, `.`), as `pulumi preview --policy-pack` shows it. @default 'istio-direct' */
  readonly name?: string;
}

/**
 * Creates the istio-direct policy pack. Call it once, from the pack's
 * `index.ts` (the program `PulumiPolicy.yaml` runs): a `PolicyPack` starts
 * serving the Pulumi CLI as soon as it is constructed.
 *
 * @example
 *   // index.ts of a policy pack
 *   import { istioDirectPolicyPack } from 'istio-direct/policy';
 *   istioDirectPolicyPack({ istioVersion: '1.24', disable: ['ID402'] });
 */
export function istioDirectPolicyPack(options: IstioDirectPolicyPackOptions = {}): PolicyPack {
  const name = options.name ?? 'istio-direct';
  const policies = createPolicies(options, name);
  return new PolicyPack(name, {
    policies,
    description: 'istio-direct: direct pod-to-pod traffic under Istio (headless Services, appProtocol, mTLS policies, Envoy bootstraps), checked across the Kubernetes resources of the stack.',
  });
}
