// istio-direct/policy: the rules engine as a Pulumi policy pack (@pulumi/policy).
export { istioDirectPolicyPack, type IstioDirectPolicyPackOptions } from './pack';
export { createPolicies, ERRORS_POLICY, WARNINGS_POLICY } from './policies';
export { type IstioDirectPolicyOptions, type PolicyRuleSettings, type RunRules } from './options';
