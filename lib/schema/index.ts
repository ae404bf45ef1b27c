// The schema floor: Kubernetes, Istio CRD and Envoy v3 validation of parsed objects.
export { type Problem, type Finding, type Severity, type RuleCode, formatProblem } from './problem';
export { validateDocuments, validateObject, BOOTSTRAP_KIND } from './validate';
export { validateKubeObject, isKubeKind } from './kube/validate-kube';
export { validateIstioObject, isIstioGroup } from './crd/validate-crd';
export { ISTIO_CRDS_ENV, istioCrdSources, istioSchemas, setIstioCrdSources } from './crd/istio-crds';
export { validateEnvoyJson } from './envoy/walk';
export { loadEnvoyApi, setEnvoyApiDir, envoyApiDir, envoyApiArtifactPath, ENVOY_API_ENV, type EnvoyApi, type EnvoyApiOptions } from './envoy/api';
export { MissingPackageError, OPTIONAL_PACKAGES } from './optional';
