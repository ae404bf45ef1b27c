// cdk8s constructs. Import from 'istio-direct/cdk8s'.
export * from './echo-service';
export * from './headless-mesh-service';
export * from './envoy-direct-pods';
export { configureRules, RulesOptions, rulesFindings } from './rules-pass';
