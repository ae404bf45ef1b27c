// The framework-free core: props -> plain Kubernetes objects and Envoy config.
// cdk8s constructs live in `istio-direct/cdk8s`, Pulumi components in `istio-direct/pulumi`.
export * from './core';
