import * as path from 'path';
import { error, warning, type Finding, type Problem } from './problem';
import { joinPath, formatPath } from '../base/paths';
import { readManifests, type ManifestDocument } from '../reader/read-manifests';
import { isKubeKind, validateKubeObject } from './kube/validate-kube';
import { isIstioGroup, validateIstioObject } from './crd/validate-crd';
import { validateEnvoyJson } from './envoy/walk';
import { bootstrapsInConfigMap, looksLikeBootstrap } from '../core/envoy/detect';

/** Kind reported for a standalone Envoy bootstrap file. */
export const BOOTSTRAP_KIND = 'Bootstrap';

/**
 * Validates one parsed object: a built-in Kubernetes 1.28 kind, an Istio custom resource, or a
 * standalone Envoy bootstrap. ConfigMaps are also searched for Envoy bootstraps in their data.
 * Returns findings with JSON paths relative to the object.
 */
export function validateObject(obj: unknown): Finding[] {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
    return [error('', `expected an object (a Kubernetes manifest or an Envoy bootstrap), got ${Array.isArray(obj) ? 'an array' : JSON.stringify(obj)}`, 'ID900')];
  }
  const o = obj as Record<string, unknown>;
  if (typeof o.apiVersion !== 'string' || typeof o.kind !== 'string') {
    if (looksLikeBootstrap(o)) return validateEnvoyJson(o);
    return [warning('', 'neither a Kubernetes object (no apiVersion and kind) nor an Envoy bootstrap: not validated', 'ID905')];
  }
  const out: Finding[] = [];
  if (isKubeKind(o.apiVersion, o.kind)) out.push(...validateKubeObject(o));
  else if (isIstioGroup(o.apiVersion)) out.push(...validateIstioObject(o));
  else out.push(warning('', `unknown kind ${o.apiVersion}/${o.kind}: not validated`, 'ID905'));
  if (o.apiVersion === 'v1' && o.kind === 'ConfigMap') {
    for (const b of bootstrapsInConfigMap(o.data)) {
      const at = formatPath(['data', b.key]);
      if ('parseError' in b) out.push(error(at, `Envoy bootstrap is not valid YAML/JSON: ${b.parseError}`, 'ID900'));
      else for (const f of validateEnvoyJson(b.value)) out.push({ ...f, path: joinPath(at, f.path) });
    }
  }
  return out;
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
    for (const f of findings) out.push({ file: doc.file, ...id, path: f.path, message: f.message, severity: f.severity, code: f.code });
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
