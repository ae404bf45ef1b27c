// istio-direct/validate: schema validation of manifests (Kubernetes 1.28, Istio CRDs, Envoy v3), by name.
export { validatePaths, validateDocuments, validateObject } from '../schema/validate';
export { formatProblem, type Problem, type Finding, type Severity, type RuleCode } from '../schema/problem';
export { readManifests, parseManifest, UsageError, type ManifestDocument } from '../reader/read-manifests';
export { validateKubeObject } from '../schema/kube/validate-kube';
export { validateIstioObject } from '../schema/crd/validate-crd';
export { setIstioCrdSources } from '../schema/crd/istio-crds';
export { validateEnvoyJson } from '../schema/envoy/walk';
export { loadEnvoyApi, setEnvoyApiDir, type EnvoyApi, type EnvoyApiOptions } from '../schema/envoy/api';
export { MissingPackageError, OPTIONAL_PACKAGES } from '../schema/optional';
