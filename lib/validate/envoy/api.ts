import * as fs from 'fs';
import * as path from 'path';
import * as protobuf from 'protobufjs';
import type { FileRegistry } from '@bufbuild/protobuf';
import { envoyProtoSource, resolveImport, type ProtoSource } from './proto-files';
import { registryFromRoot } from './descriptors';

/** Envoy's v3 API, loaded once per process from the .proto files shipped in node_modules. */
export interface EnvoyApi {
  /** protobufjs reflection, with field options (PGV `validate.rules`) kept. */
  readonly root: protobuf.Root;
  /** The same types as a @bufbuild/protobuf registry, for the conformant proto3-JSON decoder. */
  readonly registry: FileRegistry;
  readonly source: ProtoSource;
  /** Milliseconds spent parsing the protos and building the registry. */
  readonly loadMs: number;
}

let cached: EnvoyApi | undefined;

/**
 * Loads (on first call) and returns Envoy's v3 API: every `envoy/**\/v3*` proto shipped in
 * `@grpc/grpc-js-xds`'s `deps/` folder, with their xds, udpa, googleapis and PGV imports.
 * Memoized: later calls return the same object.
 */
export function loadEnvoyApi(): EnvoyApi {
  if (cached) return cached;
  const t0 = process.hrtime.bigint();
  const source = envoyProtoSource();
  const root = new protobuf.Root();
  const protobufDir = path.dirname(require.resolve('protobufjs/package.json'));
  root.resolvePath = (_origin: string, target: string): string | null => {
    if (path.isAbsolute(target) && fs.existsSync(target)) return target;
    const found = resolveImport(source.roots, target);
    if (found) return found;
    // protobufjs knows the well-known types itself; descriptor.proto ships in its google/ folder.
    const own = path.join(protobufDir, target);
    return fs.existsSync(own) ? own : target;
  };
  root.loadSync(source.entries as string[], { keepCase: true });
  root.resolveAll();
  const registry = registryFromRoot(root, source.roots);
  const loadMs = Number(process.hrtime.bigint() - t0) / 1e6;
  cached = { root, registry, source, loadMs };
  return cached;
}
