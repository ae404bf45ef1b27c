import * as fs from 'fs';
import * as path from 'path';
import { MissingPackageError } from '../optional';

/**
 * Where Envoy's v3 API protos come from: by default the `deps/` folder shipped in the npm package
 * `@grpc/grpc-js-xds` (pinned in package.json), with its four include roots; or a directory of
 * Envoy API protos (a checkout of envoyproxy/data-plane-api or of Envoy's `api/` folder) whose
 * imports (validate, udpa, xds, googleapis) are resolved from `@grpc/grpc-js-xds`'s `deps/`.
 */
export interface ProtoSource {
  /** What the protos are, for messages: `@grpc/grpc-js-xds@1.14.1 deps/` or the directory. */
  readonly origin: string;
  /** Include roots, in lookup order. */
  readonly roots: readonly string[];
  /** Entry files (relative to a root): every `/v3/` or `/v3alpha/` proto under `envoy/`. */
  readonly entries: readonly string[];
  /** Entry files left out because an import they need is not shipped, with the missing import. */
  readonly skipped: ReadonlyArray<{ readonly file: string; readonly missing: string }>;
}

function xdsPackageDir(): string {
  try {
    return path.dirname(require.resolve('@grpc/grpc-js-xds/package.json'));
  } catch {
    throw new MissingPackageError('@grpc/grpc-js-xds', 'parsing Envoy API protos (their imports come from its deps/ folder)');
  }
}

/** `@grpc/grpc-js-xds@<version> deps/`: the default origin. */
export function xdsOrigin(): string {
  const pkg = xdsPackageDir();
  const version = (JSON.parse(fs.readFileSync(path.join(pkg, 'package.json'), 'utf8')) as { version: string }).version;
  return `@grpc/grpc-js-xds@${version} deps/`;
}

/** Returns the include roots of `@grpc/grpc-js-xds`'s `deps/` folder. */
export function xdsProtoRoots(): string[] {
  const pkg = xdsPackageDir();
  return ['envoy-api', 'xds', 'googleapis', 'protoc-gen-validate'].map((d) => path.join(pkg, 'deps', d));
}

/**
 * Include roots for a directory of Envoy API protos (it must hold `envoy/`): the directory first,
 * then `@grpc/grpc-js-xds`'s xds, googleapis and protoc-gen-validate roots for the imports.
 */
export function envoyApiDirRoots(dir: string): string[] {
  const abs = path.resolve(dir);
  if (!fs.existsSync(path.join(abs, 'envoy')) || !fs.statSync(path.join(abs, 'envoy')).isDirectory()) {
    throw new Error(`Envoy API directory ${dir} has no envoy/ folder (expected a checkout of envoyproxy/data-plane-api or Envoy's api/ folder)`);
  }
  return [abs, ...xdsProtoRoots().slice(1)];
}

/** Finds `target` (an import path) under the roots; null when not shipped. */
export function resolveImport(roots: readonly string[], target: string): string | null {
  for (const r of roots) {
    const p = path.join(r, target);
    if (fs.existsSync(p)) return p;
  }
  return null;
}

function listProtos(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...listProtos(p));
    else if (e.name.endsWith('.proto')) out.push(p);
  }
  return out;
}

const IMPORT = /^\s*import\s+(?:public\s+|weak\s+)?"([^"]+)"\s*;/gm;

/**
 * The Envoy API protos istio-direct adds to `@grpc/grpc-js-xds`'s snapshot for the types the library
 * itself emits (`protos/` of the repository, copied unchanged from envoyproxy/data-plane-api under its
 * Apache-2.0 licence, `protos/LICENSE`): `envoy/extensions/clusters/dns/v3/dns_cluster.proto` (the
 * `envoy.cluster.dns` cluster) and its import `envoy/extensions/clusters/common/dns/v3/dns.proto`.
 * Read at build time into `build/envoy-api.json`; absent from the installed package.
 */
export function supplementProtoRoot(): string | undefined {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  const root = path.join(dir, 'protos');
  return fs.existsSync(path.join(root, 'envoy')) ? root : undefined;
}

/** The default include roots: grpc-js-xds's Envoy API, the supplement (when present), then grpc-js-xds's other deps. */
export function defaultProtoRoots(): string[] {
  const [envoy, ...rest] = xdsProtoRoots();
  const supplement = supplementProtoRoot();
  return supplement === undefined ? [envoy, ...rest] : [envoy, supplement, ...rest];
}

/**
 * Lists every v3 Envoy proto whose imports are all shipped (under the first root, and the supplement
 * root when it is one of `roots`). A few files import protos that
 * grpc-js-xds does not ship (OpenCensus, OpenTelemetry, Prometheus); they are reported in `skipped`
 * so their types fail as "not in the registry" rather than loading half-resolved.
 */
export function envoyProtoSource(roots: readonly string[] = defaultProtoRoots(), origin?: string): ProtoSource {
  const envoyRoot = roots[0];
  const supplement = supplementProtoRoot();
  const entryRoots = supplement !== undefined && roots.includes(supplement) ? [envoyRoot, supplement] : [envoyRoot];
  const all = entryRoots
    .flatMap((root) => listProtos(path.join(root, 'envoy')).map((f) => path.relative(root, f).split(path.sep).join('/')))
    .filter((f) => /\/v3(alpha)?\//.test(f))
    .sort();
  const memo = new Map<string, string | null>(); // file -> first missing import (transitively), null if complete
  const missingOf = (file: string): string | null => {
    if (file.startsWith('google/protobuf/')) return null; // well-known types are built in
    const known = memo.get(file);
    if (known !== undefined) return known;
    memo.set(file, null); // cycle guard
    const p = resolveImport(roots, file);
    let missing: string | null = p === null ? file : null;
    if (p !== null) {
      const src = fs.readFileSync(p, 'utf8');
      for (const m of src.matchAll(IMPORT)) {
        missing = missingOf(m[1]);
        if (missing !== null) break;
      }
    }
    memo.set(file, missing);
    return missing;
  };
  const entries: string[] = [];
  const skipped: Array<{ file: string; missing: string }> = [];
  for (const f of all) {
    const missing = missingOf(f);
    if (missing === null) entries.push(f);
    else skipped.push({ file: f, missing });
  }
  const withSupplement = entryRoots.length > 1 ? ' and istio-direct protos/ (Envoy DnsCluster)' : '';
  return { origin: origin ?? (roots[0].includes('grpc-js-xds') ? xdsOrigin() + withSupplement : envoyRoot), roots, entries, skipped };
}
