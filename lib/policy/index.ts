// istio-direct/policy: the rules engine as a Pulumi policy pack (@pulumi/policy).
export { istioDirectPolicyPack, type IstioDirectPolicyPackOptions } from './pack';
export { createPolicies, ERRORS_POLICY, WARNINGS_POLICY, NOT_CHECKED_CODE } from './policies';
export { POLICY_CONFIG_SCHEMA, DISABLEABLE_CODES, type IstioDirectPolicyOptions, type PolicyRuleSettings, type RunRules } from './options';
export { stackObjects, parseKubernetesType, type StackResource, type StackObject, type StackObjects, type SkippedResource } from './resources';
export { formatFinding, type PolicyFinding } from './report';
