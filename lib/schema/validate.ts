import * as path from 'path';
import { error, warning, type Finding, type Problem } from './problem';
import { joinPath, formatPath } from '../base/paths';
import { readManifests, type ManifestDocument } from '../reader/read-manifests';
import { isKubeKind, validateKubeObject } from './kube/validate-kube';
import { isIstioGroup, validateIstioObject } from './crd/validate-crd';
import { validateEnvoyJson } from './envoy/walk';
import { loadEnvoyApi, type EnvoyApi } from './envoy/api';
import { bootstrapsInConfigMap, looksLikeBootstrap } from '../core/envoy/detect';

/** Kind reported for a standalone Envoy bootstrap file. */
export const BOOTSTRAP_KIND = 'Bootstrap';

/** Where the validators read their schemas from; each defaults to its environment variable. */
export interface SchemaOptions {
  /**
   * Istio CRD files or directories to check Istio objects against.
   * @default - those set with `setIstioCrdSources`, else `ISTIO_DIRECT_ISTIO_CRDS`
   */
  readonly istioCrds?: readonly string[];
  /**
   * A directory of Envoy API protos (holding `envoy/`) to check Envoy configs against.
   * @default - the one set with `setEnvoyApiDir`, else `ISTIO_DIRECT_ENVOY_API`, else the API built into the package
   */
  readonly envoyApi?: string;
  /**
   * The Istio release (`major.minor`) whose shipped CRD schemas check Istio objects when no
   * `istioCrds` are given: the newest shipped release not newer than it (`SHIPPED_ISTIO_RELEASES`).
   * @default - the newest shipped release
   */
  readonly istioVersion?: string;
  /**
   * The Kubernetes version (`major.minor`) built-in kinds are checked against: one of the versions
   * shipped (`shippedKubernetesVersions()`: 1.28 and 1.33; another throws a `UsageError` naming them).
   * Kinds a later version added (1.33's ValidatingAdmissionPolicy, ServiceCIDR, …) are known there.
   * @default DEFAULT_KUBERNETES_VERSION (1.28, the Kubernetes of cdk8s-plus-28)
   */
  readonly kubernetesVersion?: string;
}

/**
 * Validates one parsed object: a built-in Kubernetes kind (of `options.kubernetesVersion`), an Istio custom resource, or a
 * standalone Envoy bootstrap. ConfigMaps are also searched for Envoy bootstraps in their data.
 * Returns findings with JSON paths relative to the object, each with the code of the check that
 * produced it.
 */
export function validateObject(obj: unknown, options: SchemaOptions = {}): Finding[] {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
    return [error('', `expected an object (a Kubernetes manifest or an Envoy bootstrap), got ${Array.isArray(obj) ? 'an array' : JSON.stringify(obj)}`, 'ID900')];
  }
  const o = obj as Record<string, unknown>;
  if (typeof o.apiVersion !== 'string' || typeof o.kind !== 'string') {
    if (looksLikeBootstrap(o)) return validateEnvoyJson(o, undefined, envoyApiOf(options));
    return [warning('', 'neither a Kubernetes object (no apiVersion and kind) nor an Envoy bootstrap: not validated', 'ID905')];
  }
  const out: Finding[] = [];
  if (isKubeKind(o.apiVersion, o.kind, options.kubernetesVersion)) out.push(...validateKubeObject(o, options.kubernetesVersion));
  else if (isIstioGroup(o.apiVersion)) out.push(...validateIstioObject(o, options.istioCrds, options.istioVersion));
  else out.push(warning('', `unknown kind ${o.apiVersion}/${o.kind}: not validated`, 'ID905'));
  if (o.apiVersion === 'v1' && o.kind === 'ConfigMap') {
    for (const b of bootstrapsInConfigMap(o.data)) {
      const at = formatPath(['data', b.key]);
      if ('parseError' in b) out.push(error(at, `Envoy bootstrap is not valid YAML/JSON: ${b.parseError}`, 'ID900'));
      else for (const f of validateEnvoyJson(b.value, undefined, envoyApiOf(options))) out.push({ ...f, path: joinPath(at, f.path) });
    }
  }
  return out;
}

function envoyApiOf(options: SchemaOptions): EnvoyApi {
  return loadEnvoyApi(options.envoyApi !== undefined ? { dir: options.envoyApi } : {});
}

function identity(doc: ManifestDocument): { kind: string; namespace: string; name: string } {
  const v = doc.value as { kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } } | undefined;
  if (v && typeof v === 'object' && !Array.isArray(v) && typeof v.kind === 'string') {
    const md = v.metadata && typeof v.metadata === 'object' ? v.metadata : {};
    return { kind: v.kind, namespace: typeof md.namespace === 'string' ? md.namespace : '', name: typeof md.name === 'string' ? md.name : '' };
  }
  if (looksLikeBootstrap(v)) return { kind: BOOTSTRAP_KIND, namespace: '', name: path.basename(doc.file) };
  return { kind: '', namespace: '', name: `document ${doc.index}` };
}

/** Validates parsed documents; problems come out in file and document order. */
export function validateDocuments(docs: readonly ManifestDocument[]): Problem[] {
  const out: Problem[] = [];
  for (const doc of docs) {
    const id = identity(doc);
    const findings = doc.parseError !== undefined ? [error('', doc.parseError, 'ID900')] : validateObject(doc.value);
    const object = { ...id, source: { file: doc.file, documentIndex: doc.index } };
    for (const f of findings) out.push({ code: f.code, severity: f.severity, object, path: f.path, message: f.message, file: doc.file, ...id });
  }
  return out;
}

/**
 * Validates every manifest under the given files and directories (default `dist`): *.yaml, *.yml
 * and *.json, multi-document YAML included. Throws UsageError for a path that does not exist.
 *
 * @example
 *   const problems = validatePaths(['dist']);
 *   if (problems.some((p) => p.severity === 'error')) process.exitCode = 1;
 */
export function validatePaths(paths: readonly string[] = ['dist']): Problem[] {
  return validateDocuments(readManifests(paths));
}
