/**
 * The Istio CRD schemas shipped with the package: `data/istio-crds/istio-<release>.json`, one file per
 * supported Istio release, generated from that release's `manifests/charts/base/files/crd-all.gen.yaml`
 * (istio/istio) by `scripts/istio-crds.ts` and committed. No npm package ships Istio's CRDs
 * (`@kubernetes-models/istio` ships compiled validators from Istio 1.18 without `security.istio.io/v1`
 * or the CEL rules), and a build step that downloads them would break offline installs and CI.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Schema } from './structural';

export const ISTIO_CRDS_FORMAT = 'istio-direct-istio-crds/1';

/** The Istio releases whose CRD schemas ship with the package, oldest first. */
export const SHIPPED_ISTIO_RELEASES = ['1.22', '1.30'] as const;

/** One shipped file: the served versions' `openAPIV3Schema`s, descriptions left out, by `group/version/Kind`. */
export interface IstioCrdsJson {
  readonly format: typeof ISTIO_CRDS_FORMAT;
  /** Istio release, `major.minor.patch`, the file was generated from. */
  readonly istio: string;
  readonly origin: string;
  readonly schemas: Readonly<Record<string, Schema>>;
}

/** Where the shipped file of a release is, inside the package. */
export function shippedCrdsFile(release: string): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return path.join(dir, 'data', 'istio-crds', `istio-${release}.json`);
}

/**
 * The shipped release used for an Istio version (`major.minor`): the newest shipped release not
 * newer than it, else the oldest; the newest when no version is given.
 */
export function shippedReleaseFor(istioVersion?: string): string {
  let release = releaseFor.get(istioVersion);
  if (release === undefined) releaseFor.set(istioVersion, (release = releaseOf(istioVersion)));
  return release;
}

/** {@link shippedReleaseFor}'s answers: it is asked once per Istio object. */
const releaseFor = new Map<string | undefined, string>();

function releaseOf(istioVersion?: string): string {
  const releases = [...SHIPPED_ISTIO_RELEASES];
  if (istioVersion === undefined) return releases[releases.length - 1];
  const minor = (v: string) => Number(v.split('.')[1] ?? 0) + 1000 * Number(v.split('.')[0]);
  const fit = releases.filter((r) => minor(r) <= minor(istioVersion));
  return fit.length > 0 ? fit[fit.length - 1] : releases[0];
}

const loaded = new Map<string, Map<string, Schema>>();

/** The shipped schemas of the release used for `istioVersion` (loaded once per process). */
export function shippedIstioSchemas(istioVersion?: string): { release: string; schemas: Map<string, Schema> } {
  const release = shippedReleaseFor(istioVersion);
  let schemas = loaded.get(release);
  if (schemas === undefined) {
    const file = shippedCrdsFile(release);
    const json = JSON.parse(fs.readFileSync(file, 'utf8')) as IstioCrdsJson;
    if (json.format !== ISTIO_CRDS_FORMAT) throw new Error(`${file} has format ${JSON.stringify(json.format)}, expected ${ISTIO_CRDS_FORMAT}`);
    schemas = new Map(Object.entries(json.schemas));
    loaded.set(release, schemas);
  }
  return { release, schemas };
}

/** A schema without its `description`s (what the shipped files keep), keys sorted. */
export function withoutDescriptions(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutDescriptions);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(value).sort()) {
    if (k === 'description') continue;
    out[k] = withoutDescriptions((value as Record<string, unknown>)[k]);
  }
  return out;
}
