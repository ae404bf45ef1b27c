import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import type { Schema } from './structural';

/**
 * Environment variable naming Istio's CRD YAML: files or directories (of `*.yaml`), separated by
 * the platform's path delimiter (`:` on Linux). Istio publishes them as `crd-all.gen.yaml`
 * (`manifests/charts/base/files/` of a release); `kubectl get crd -o yaml` output works too.
 */
export const ISTIO_CRDS_ENV = 'ISTIO_DIRECT_ISTIO_CRDS';

/**
 * No npm package ships Istio's CRDs (`@kubernetes-models/istio` ships compiled validators without
 * the schemas or their CEL rules), so the schemas come from a file the user names: the CRDs of the
 * Istio they run. Without one, Istio objects are reported as not validated (a warning).
 */
let sources: readonly string[] | undefined;
let cached: { key: string; schemas: Map<string, Schema> } | undefined;

interface CrdVersion {
  name: string;
  served?: boolean;
  schema?: { openAPIV3Schema?: Schema };
}

interface Crd {
  kind?: string;
  items?: Crd[];
  spec?: { group: string; names: { kind: string }; versions: CrdVersion[] };
}

/** Sets the CRD files or directories to read (overrides {@link ISTIO_CRDS_ENV}); `undefined` restores the default. */
export function setIstioCrdSources(paths: readonly string[] | undefined): void {
  sources = paths;
}

/** The CRD files or directories in use: those set with {@link setIstioCrdSources}, else {@link ISTIO_CRDS_ENV}. */
export function istioCrdSources(): readonly string[] {
  if (sources !== undefined) return sources;
  return (process.env[ISTIO_CRDS_ENV] ?? '').split(path.delimiter).filter((p) => p.length > 0);
}

function yamlFiles(source: string): string[] {
  if (!fs.existsSync(source)) throw new Error(`Istio CRD source ${source} does not exist (set with ${ISTIO_CRDS_ENV} or --istio-crds)`);
  if (!fs.statSync(source).isDirectory()) return [source];
  return fs
    .readdirSync(source)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => path.join(source, f));
}

function addCrd(crd: Crd | null, out: Map<string, Schema>): void {
  if (crd?.kind === 'List') {
    for (const item of crd.items ?? []) addCrd(item, out);
    return;
  }
  if (crd?.kind !== 'CustomResourceDefinition' || !crd.spec || !/\.istio\.io$/.test(crd.spec.group)) return;
  for (const v of crd.spec.versions) {
    const s = v.schema?.openAPIV3Schema;
    if (s && v.served !== false) out.set(`${crd.spec.group}/${v.name}/${crd.spec.names.kind}`, s);
  }
}

/**
 * The openAPIV3Schema of every served version of every Istio CRD in `list` (by default the
 * configured sources), keyed by `group/version/Kind`; empty when there is no source. Loaded once
 * per process (per source list), on first use.
 */
export function istioSchemas(list: readonly string[] = istioCrdSources()): Map<string, Schema> {
  const key = list.join('\n');
  if (cached?.key === key) return cached.schemas;
  const schemas = new Map<string, Schema>();
  for (const file of list.flatMap(yamlFiles)) {
    for (const doc of parseAllDocuments(fs.readFileSync(file, 'utf8'))) addCrd(doc.toJS() as Crd | null, schemas);
  }
  cached = { key, schemas };
  return schemas;
}
