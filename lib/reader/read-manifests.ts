/**
 * Reading manifests for the validator: the same robust reader as
 * `istio-direct check` (`lib/reader/read.ts`: encodings, size, nesting and alias
 * limits, symbolic links, FIFOs), in the shape `validateDocuments` takes.
 */
import { collectFiles as collect, UsageError } from './collect';
import { InputDocument, ManifestDocument, parseText, ReadProblem, readManifests as readDocuments } from './read';

export { UsageError, type ManifestDocument };

/**
 * Expands paths into manifest files: a directory gives every *.yaml, *.yml and *.json below it
 * (recursively, sorted); a file is taken as given. Throws {@link UsageError} for a path that does not exist.
 */
export function collectFiles(paths: readonly string[]): string[] {
  return [...collect(paths).files];
}

/**
 * Parses a manifest file's text: JSON for *.json, multi-document YAML otherwise; `List` objects
 * are expanded. A document that cannot be read comes back with its `parseError`.
 */
export function parseManifest(file: string, text: string): ManifestDocument[] {
  const documents: InputDocument[] = [];
  const problems: ReadProblem[] = [];
  parseText(file, Buffer.from(text, 'utf8'), documents, problems, /\.json$/i.test(file));
  const read: ManifestDocument[] = documents.map((d) => ({ file: d.file, index: d.index, value: d.value }));
  const errors: ManifestDocument[] = problems.filter((p) => p.severity === 'error').map((p) => ({ file: p.object.source.file, index: p.object.source.documentIndex ?? 0, parseError: p.message }));
  return [...read, ...errors].sort((a, b) => a.index - b.index);
}

/** Reads and parses every manifest file under the given paths. */
export function readManifests(paths: readonly string[]): ManifestDocument[] {
  return readDocuments(paths);
}
