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

/**
 * Istio's CRDs, when available: no npm package ships them, so they come from
 * `ISTIO_DIRECT_ISTIO_CRDS` or from the team's shared reference folder beside the repository.
 * Tests that need them are skipped (with a note) when neither exists.
 */
export const ISTIO_CRDS: string | undefined = [
  process.env.ISTIO_DIRECT_ISTIO_CRDS,
  path.join(__dirname, '..', '..', '..', 'shared', 'reference', 'istio', 'crd-all.gen.yaml'),
].find((p): p is string => typeof p === 'string' && p.length > 0 && fs.existsSync(p));

/** `describe` when Istio's CRDs are available, else `describe.skip`. */
export const describeWithIstioCrds = ISTIO_CRDS ? describe : describe.skip;
