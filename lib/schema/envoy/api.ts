import * as fs from 'fs';
import * as path from 'path';
import type { FileRegistry } from '@bufbuild/protobuf';
import { ApiTypes, type ApiJson } from './model';
import { registryFromModel } from './descriptors';

/** Environment variable naming a directory of Envoy API protos to validate against. */
export const ENVOY_API_ENV = 'ISTIO_DIRECT_ENVOY_API';

/** File name of the prebuilt API under the package's `build/` folder. */
export const ENVOY_API_ARTIFACT = 'envoy-api.json';

/** Envoy's v3 API as the validator sees it. */
export interface EnvoyApi {
  /** Messages and enums, with PGV rules and deprecation annotations. */
  readonly types: ApiTypes;
  /** What the API was built from: `@grpc/grpc-js-xds@1.14.1 deps/`, or a directory. */
  readonly origin: string;
  /** Whether this is the API built into the package (not one from `--envoy-api DIR`). */
  readonly bundled: boolean;
  /** How it was loaded: the prebuilt artifact, or by parsing .proto files (slow path). */
  readonly loadedFrom: 'artifact' | 'protos';
  /** Entry files left out because an import they need is missing. */
  readonly skipped: ApiJson['skipped'];
  /** Milliseconds spent loading. */
  readonly loadMs: number;
  /**
   * The same types as a @bufbuild/protobuf registry, for the conformant decoder. With `types`: a
   * registry holding at least those messages and what they reach, grown (rebuilt) only when a call
   * needs a type it lacks, since building one for the whole API costs a few hundred milliseconds.
   * Without: every type.
   */
  registry(types?: readonly string[]): FileRegistry;
}

/** Where to load from: a directory of protos, or the default (artifact, else the bundled protos). */
export interface EnvoyApiOptions {
  /** Directory of Envoy API protos (holding `envoy/`). Default: `ISTIO_DIRECT_ENVOY_API`, else the bundled API. */
  readonly dir?: string;
  /** `false` parses the bundled protos even when the prebuilt artifact exists (tests, bench). */
  readonly artifact?: boolean;
}

const cache = new Map<string, EnvoyApi>();
const BOOTSTRAP = 'envoy.config.bootstrap.v3.Bootstrap';
let selectedDir: string | undefined;

/** Selects the Envoy API directory for later validations (`undefined`: back to the environment/default). */
export function setEnvoyApiDir(dir: string | undefined): void {
  selectedDir = dir;
}

/** The Envoy API directory in effect: the one set by `setEnvoyApiDir`, else `ISTIO_DIRECT_ENVOY_API`. */
export function envoyApiDir(): string | undefined {
  return selectedDir ?? (process.env[ENVOY_API_ENV] || undefined);
}

/** The package's root folder (holding package.json), from the sources or from build/lib. */
function packageRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

/** Path of the prebuilt API artifact (it may not exist: `npm run build` or `npm ci` writes it). */
export function envoyApiArtifactPath(): string {
  return path.join(packageRoot(), 'build', ENVOY_API_ARTIFACT);
}

function make(json: ApiJson, loadedFrom: EnvoyApi['loadedFrom'], bundled: boolean, t0: bigint): EnvoyApi {
  const types = new ApiTypes(json);
  let full: FileRegistry | undefined;
  let partial: FileRegistry | undefined;
  const covered = new Set<string>();
  const registry = (wanted?: readonly string[]): FileRegistry => {
    if (wanted === undefined) return (full ??= registryFromModel(json));
    if (full) return full;
    const missing = wanted.filter((t) => !covered.has(t));
    if (partial && missing.length === 0) return partial;
    for (const t of missing) covered.add(t);
    partial = registryFromModel(json, [...covered].sort());
    return partial;
  };
  return {
    types,
    origin: json.origin,
    bundled,
    loadedFrom,
    skipped: json.skipped,
    loadMs: Number(process.hrtime.bigint() - t0) / 1e6,
    registry,
  };
}

/**
 * Loads (on first call) and returns Envoy's v3 API. By default from the artifact built from
 * `@grpc/grpc-js-xds`'s protos at build time (`build/envoy-api.json`, a few milliseconds), falling
 * back to parsing those protos with protobufjs when it is absent. With `dir` (or
 * `ISTIO_DIRECT_ENVOY_API`), parses that directory's protos instead. Memoized per source.
 */
export function loadEnvoyApi(options: EnvoyApiOptions = {}): EnvoyApi {
  const dir = options.dir ?? envoyApiDir();
  const key = dir ? `dir:${path.resolve(dir)}` : options.artifact === false ? 'protos' : 'default';
  const known = cache.get(key);
  if (known) return known;
  const t0 = process.hrtime.bigint();
  let api: EnvoyApi;
  const artifact = envoyApiArtifactPath();
  if (!dir && options.artifact !== false && fs.existsSync(artifact)) {
    api = make(JSON.parse(fs.readFileSync(artifact, 'utf8')) as ApiJson, 'artifact', true, t0);
  } else {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { modelFromProtos } = require('./from-protos') as typeof import('./from-protos');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { envoyApiDirRoots } = require('./proto-files') as typeof import('./proto-files');
    api = make(dir ? modelFromProtos(envoyApiDirRoots(dir), path.resolve(dir)) : modelFromProtos(), 'protos', !dir, t0);
    if (!api.types.lookup(BOOTSTRAP)) throw new Error(`Envoy API directory ${dir ?? api.origin} has no ${BOOTSTRAP} (no loadable envoy/config/bootstrap/v3/bootstrap.proto)`);
  }
  cache.set(key, api);
  return api;
}
