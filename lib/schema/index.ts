// The schema floor: Kubernetes, Istio CRD and Envoy v3 validation of parsed objects.
export { type Problem, type Finding, type Severity, type RuleCode, formatProblem } from './problem';
export { validateDocuments, validateObject, BOOTSTRAP_KIND, type SchemaOptions } from './validate';
export { KUBERNETES_VERSIONS, DEFAULT_KUBERNETES_VERSION } from './kube/fields-source';
export { SHIPPED_ISTIO_RELEASES } from './crd/shipped';
export { validateKubeObject, isKubeKind } from './kube/validate-kube';
export { shippedKubernetesVersions } from './kube/fields';
export { validateIstioObject, isIstioGroup } from './crd/validate-crd';
export { ISTIO_CRDS_ENV, istioCrdSources, istioSchemas, setIstioCrdSources } from './crd/istio-crds';
export { validateEnvoyJson } from './envoy/walk';
export { loadEnvoyApi, setEnvoyApiDir, envoyApiDir, envoyApiArtifactPath, ENVOY_API_ENV, type EnvoyApi, type EnvoyApiOptions } from './envoy/api';
export { MissingPackageError, OPTIONAL_PACKAGES } from './optional';
