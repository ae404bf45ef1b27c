/** The ready policy pack: `new PolicyPack` over {@link createPolicies}. */
import { PolicyPack } from '@pulumi/policy/policy';
import { IstioDirectError, show } from '../core/errors';
import { IstioDirectPolicyOptions } from './options';
import { createPolicies } from './policies';

/** Options of {@link istioDirectPolicyPack}: the rules' settings and the pack's name. */
export interface IstioDirectPolicyPackOptions extends IstioDirectPolicyOptions {
  /** The pack's name (letters, digits, `-`, `_`, `.`), as `pulumi preview --policy-pack` shows it. @default 'istio-direct' */
  readonly name?: string;
}

/** Policy pack names the Pulumi CLI accepts (`@pulumi/policy`'s server checks the same). */
const PACK_NAME = /^[a-zA-Z0-9_.-]{1,100}$/;

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
  if (typeof name !== 'string' || !PACK_NAME.test(name)) {
    throw new IstioDirectError([`PolicyPack ${show(name)}: name: ${show(name)} is not a policy pack name: 1 to 100 letters, digits, '-', '_' or '.'`]);
  }
  const policies = createPolicies(options, name);
  return new PolicyPack(name, {
    policies,
    description: 'istio-direct: direct pod-to-pod traffic under Istio (headless Services, appProtocol, mTLS policies, Envoy bootstraps), checked across the Kubernetes resources of the stack.',
  });
}
