import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';

/** A path given to validate does not exist or cannot be read. */
export class UsageError extends Error {}

/** One parsed document of a manifest file (YAML documents are numbered from 0). */
export interface ManifestDocument {
  readonly file: string;
  readonly index: number;
  readonly value?: unknown;
  /** Set when the document could not be parsed. */
  readonly parseError?: string;
}

const EXT = /\.(ya?ml|json)$/i;

/** File `cdk8s synth` writes into its output folder when validation plugins run: not a manifest. */
const CDK8S_METADATA = 'construct-metadata.json';

/**
 * Expands paths into files: a directory gives every *.yaml, *.yml and *.json below it (recursively,
 * sorted, without cdk8s's construct-metadata.json); a file is taken as given. Throws
 * {@link UsageError} for a path that does not exist.
 */
export function collectFiles(paths: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      // cdk8s synth writes its construct metadata beside the manifests for validation plugins.
      else if (EXT.test(e.name) && e.name !== CDK8S_METADATA) out.push(p);
    }
  };
  for (const p of paths) {
    let st: fs.Stats;
    try {
      st = fs.statSync(p);
    } catch {
      throw new UsageError(`no such file or directory: ${p}`);
    }
    if (st.isDirectory()) walk(p);
    else out.push(p);
  }
  return out;
}

/** Parses a manifest file's text: JSON for *.json, multi-document YAML otherwise. `List` objects are expanded. */
export function parseManifest(file: string, text: string): ManifestDocument[] {
  const docs: ManifestDocument[] = [];
  if (/\.json$/i.test(file)) {
    try {
      docs.push({ file, index: 0, value: JSON.parse(text) });
    } catch (e) {
      docs.push({ file, index: 0, parseError: `invalid JSON: ${(e as Error).message}` });
    }
  } else {
    parseAllDocuments(text).forEach((d, index) => {
      if (d.errors.length) docs.push({ file, index, parseError: `invalid YAML: ${d.errors[0].message.split('\n')[0].replace(/:$/, '')}` });
      else docs.push({ file, index, value: d.toJS({ maxAliasCount: 100 }) });
    });
  }
  const out: ManifestDocument[] = [];
  for (const d of docs) {
    const v = d.value as { kind?: unknown; items?: unknown } | null | undefined;
    if (v && typeof v === 'object' && !Array.isArray(v) && typeof v.kind === 'string' && v.kind.endsWith('List') && Array.isArray(v.items)) {
      v.items.forEach((item) => out.push({ file: d.file, index: d.index, value: item }));
    } else if (Array.isArray(d.value) && /\.json$/i.test(file)) {
      d.value.forEach((item, i) => out.push({ file: d.file, index: i, value: item }));
    } else if (d.value !== null || d.parseError) {
      out.push(d);
    }
  }
  return out;
}

/** Reads and parses every manifest file under the given paths. */
export function readManifests(paths: readonly string[]): ManifestDocument[] {
  return collectFiles(paths).flatMap((f) => parseManifest(f, fs.readFileSync(f, 'utf8')));
}
