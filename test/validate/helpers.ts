import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';

export const FIXTURES = path.join(__dirname, 'fixtures');

/** Reads a fixture (YAML or JSON) as a fresh, mutable value. */
export function fixture<T = any>(rel: string): T {
  return parse(fs.readFileSync(path.join(FIXTURES, rel), 'utf8')) as T;
}

/** Fresh copy of the n-th document of a multi-document YAML fixture with the given kind and name. */
export function docOf<T = any>(rel: string, kind: string, name: string, apiVersion?: string): T {
  const { parseAllDocuments } = require('yaml') as typeof import('yaml');
  const docs = parseAllDocuments(fs.readFileSync(path.join(FIXTURES, rel), 'utf8')).map((d) => d.toJS());
  const found = docs.find((d: any) => d.kind === kind && d.metadata?.name === name && (!apiVersion || d.apiVersion === apiVersion));
  if (!found) throw new Error(`no ${kind} ${name} in ${rel}`);
  return found as T;
}

/** The repository's root folder. */
export const REPO_ROOT = path.join(__dirname, '..', '..');

/**
 * Reference data that is not ours to vendor (Istio's CRD YAML, a newer Envoy API checkout): read
 * from `ISTIO_DIRECT_SHARED_REFERENCE`, else from `reference/` in the `shared` folder beside the
 * repository's folder. Tests that need it skip (with a note) when it is absent.
 */
export const REFERENCE_DIR: string | undefined = [process.env.ISTIO_DIRECT_SHARED_REFERENCE, path.join(REPO_ROOT, '..', 'shared', 'reference')].find(
  (p): p is string => typeof p === 'string' && p.length > 0 && fs.existsSync(p),
);

/** A file or folder under the reference data, or undefined when absent. */
export function referencePath(...rel: string[]): string | undefined {
  if (!REFERENCE_DIR) return undefined;
  const p = path.join(REFERENCE_DIR, ...rel);
  return fs.existsSync(p) ? p : undefined;
}

/** Istio's CRDs, when available: `ISTIO_DIRECT_ISTIO_CRDS`, else Istio's crd-all.gen.yaml in the reference data. */
export const ISTIO_CRDS: string | undefined = [process.env.ISTIO_DIRECT_ISTIO_CRDS, referencePath('istio', 'crd-all.gen.yaml')].find(
  (p): p is string => typeof p === 'string' && p.length > 0 && fs.existsSync(p),
);

/** A newer Envoy API (envoyproxy/data-plane-api protos), when available in the reference data. */
export const NEWER_ENVOY_API: string | undefined = referencePath('envoy-api');


/** `describe` when `available`, else `describe.skip` with the reason in the suite's name. */
function describeIf(available: unknown, reason: string): (name: string, fn: () => void) => void {
  return available ? describe : (name, fn) => describe.skip(`${name} [skipped: ${reason}]`, fn);
}

/** `describe` when Istio's CRDs are available, else skipped with a note. */
export const describeWithIstioCrds = describeIf(ISTIO_CRDS, 'no Istio CRDs; set ISTIO_DIRECT_ISTIO_CRDS or ISTIO_DIRECT_SHARED_REFERENCE');

/** `describe` when a newer Envoy API checkout is available, else skipped with a note. */
export const describeWithNewerEnvoyApi = describeIf(NEWER_ENVOY_API, 'no newer Envoy API protos; set ISTIO_DIRECT_SHARED_REFERENCE to a folder holding envoy-api/');
