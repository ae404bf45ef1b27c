import * as fs from 'fs';
import * as path from 'path';

/**
 * Where Envoy's v3 API protos come from: the `deps/` folder shipped in the npm package
 * `@grpc/grpc-js-xds` (pinned in package.json), with its four include roots.
 */
export interface ProtoSource {
  /** Include roots, in lookup order. */
  readonly roots: readonly string[];
  /** Entry files (relative to a root): every `/v3/` or `/v3alpha/` proto under `envoy/`. */
  readonly entries: readonly string[];
  /** Entry files left out because an import they need is not shipped, with the missing import. */
  readonly skipped: ReadonlyArray<{ readonly file: string; readonly missing: string }>;
}

/** Returns the include roots of `@grpc/grpc-js-xds`'s `deps/` folder. */
export function xdsProtoRoots(): string[] {
  const pkg = path.dirname(require.resolve('@grpc/grpc-js-xds/package.json'));
  return ['envoy-api', 'xds', 'googleapis', 'protoc-gen-validate'].map((d) => path.join(pkg, 'deps', d));
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
 * Lists every v3 Envoy proto whose imports are all shipped. A few files import protos that
 * grpc-js-xds does not ship (OpenCensus, OpenTelemetry, Prometheus); they are reported in `skipped`
 * so their types fail as "not in the registry" rather than loading half-resolved.
 */
export function envoyProtoSource(roots: readonly string[] = xdsProtoRoots()): ProtoSource {
  const envoyRoot = roots[0];
  const all = listProtos(path.join(envoyRoot, 'envoy'))
    .map((f) => path.relative(envoyRoot, f).split(path.sep).join('/'))
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
  return { roots, entries, skipped };
}
