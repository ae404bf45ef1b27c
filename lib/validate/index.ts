export { type Problem, type Finding, type Severity, formatProblem } from './problem';
export { validatePaths, validateDocuments, validateObject, BOOTSTRAP_KIND } from './validate';
export { readManifests, parseManifest, collectFiles, UsageError, type ManifestDocument } from './read-manifests';
export { validateKubeObject, isKubeKind } from './kube/validate-kube';
export { validateIstioObject, isIstioGroup } from './crd/validate-crd';
export { ISTIO_CRDS_ENV, istioCrdSources, istioSchemas, setIstioCrdSources } from './crd/istio-crds';
export { validateEnvoyJson } from './envoy/walk';
export { loadEnvoyApi, type EnvoyApi } from './envoy/api';
export { bootstrapsInConfigMap, looksLikeBootstrap } from './envoy/detect';
