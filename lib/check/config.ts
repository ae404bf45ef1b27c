/**
 * The `check` configuration file, `.istio-direct.yaml`: found in the working directory or the
 * nearest folder above it (or named with `--config`), validated in full, every mistake named with
 * its field and what is valid. Command-line flags win over its settings; its lists (exclude,
 * disable, suppress) add to theirs. Its exclude globs are relative to its own folder.
 *
 * ```yaml
 * istioVersion: "1.24"
 * kubernetesVersion: "1.28"
 * namespace: default              # of objects that do not say
 * exclude: [charts/**, "**\/*.tmpl.yaml"]
 * disable: [ID905]
 * suppress:
 *   - code: ID101
 *     object: Service kafka/kafka  # Kind namespace/name; * and ? match any
 *     reason: the broker port moves in v2 (JIRA-123)
 * mesh:
 *   mtlsMode: STRICT             # the mesh-wide PeerAuthentication mode
 *   rootNamespace: istio-system
 *   clusterDomain: cluster.local
 * ```
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseDocument } from 'yaml';
import { unknownMessage } from '../base/suggest';
import { IstioVersion, parseIstioVersion } from '../core/istio-version';
import { MTLS_MODES, MtlsMode } from '../core/types';
import { SUPPRESSIBLE_CODES } from '../rules/codes';
import { parseSuppression, Suppression } from './suppress';
import { shippedKubernetesVersions as shippedVersions } from '../schema/kube/fields';

/** Names the config file is found by, in the working directory or a folder above. */
export const CONFIG_NAMES: readonly string[] = ['.istio-direct.yaml', '.istio-direct.yml'];

/** The Kubernetes versions whose schemas this package ships (`--kubernetes-version`), read from the shipped data. */
export function shippedKubernetesVersions(): readonly string[] {
  return shippedVersions();
}

/** A config file (or a flag value) that cannot be used: a usage error (exit status 2). */
export class ConfigError extends Error {}

/** The mesh-wide settings the rules assume. */
export interface MeshSettings {
  readonly mtlsMode?: MtlsMode;
  readonly rootNamespace?: string;
  readonly clusterDomain?: string;
}

/** A validated config file. */
export interface CheckConfig {
  /** The file it was read from. */
  readonly file: string;
  /** Exclude globs, relative to the file's folder. */
  readonly exclude: readonly string[];
  readonly disable: readonly string[];
  readonly suppress: readonly Suppression[];
  readonly istioVersion?: IstioVersion;
  readonly kubernetesVersion?: string;
  readonly namespace?: string;
  readonly mesh: MeshSettings;
}

const NAMESPACE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const DNS_NAME = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*$/;

/** Each value check returns the value, or throws a {@link ConfigError} `<what>: <why>`. */
export const checkValue = {
  istioVersion(what: string, value: unknown): IstioVersion {
    const parsed = typeof value === 'string' ? parseIstioVersion(value) : undefined;
    if (parsed === undefined) throw new ConfigError(`${what}: ${JSON.stringify(value)} is not an Istio release; write major.minor, e.g. 1.24`);
    return parsed;
  },
  kubernetesVersion(what: string, value: unknown): string {
    // A YAML 1.28 unquoted is the number 1.28; `v1.33` and `1.33.2` name the same release.
    const text = typeof value === 'number' ? String(value) : value;
    const release = typeof text === 'string' ? /^v?(\d+\.\d+)(?:\.\d+)?$/.exec(text.trim())?.[1] : undefined;
    if (release === undefined || !shippedVersions().includes(release)) {
      throw new ConfigError(`${what}: ${JSON.stringify(value)} is not a Kubernetes version this package ships schemas for; valid: ${shippedVersions().join(', ')}`);
    }
    return release;
  },
  namespace(what: string, value: unknown): string {
    if (typeof value !== 'string' || !NAMESPACE.test(value)) throw new ConfigError(`${what}: ${JSON.stringify(value)} is not a namespace name (lower-case letters, digits and '-', at most 63)`);
    return value;
  },
  clusterDomain(what: string, value: unknown): string {
    if (typeof value !== 'string' || !DNS_NAME.test(value)) throw new ConfigError(`${what}: ${JSON.stringify(value)} is not a DNS domain (lower-case labels separated by dots, e.g. cluster.local)`);
    return value;
  },
  mtlsMode(what: string, value: unknown): MtlsMode {
    const upper = typeof value === 'string' ? value.toUpperCase() : value;
    if (!MTLS_MODES.includes(upper as MtlsMode)) throw new ConfigError(`${what}: ${JSON.stringify(value)} is not an mTLS mode; valid: ${MTLS_MODES.join(', ')}`);
    return upper as MtlsMode;
  },
  code(what: string, value: unknown): string {
    const upper = typeof value === 'string' ? value.trim().toUpperCase() : '';
    if (!SUPPRESSIBLE_CODES.has(upper)) throw new ConfigError(`${what}: unknown code ${JSON.stringify(value)} (codes are listed in docs/rules/README.md)`);
    return upper;
  },
};

/** The config file in `dir` or the nearest folder above it, if any. */
export function findConfig(dir: string = process.cwd()): string | undefined {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    for (const name of CONFIG_NAMES) {
      const file = path.join(d, name);
      try {
        if (fs.statSync(file).isFile()) return file;
      } catch {
        // Not here.
      }
    }
    if (path.dirname(d) === d) return undefined;
  }
}

const TOP_KEYS = ['istioVersion', 'kubernetesVersion', 'namespace', 'exclude', 'disable', 'suppress', 'mesh'];
const MESH_KEYS = ['mtlsMode', 'rootNamespace', 'clusterDomain'];
const SUPPRESS_KEYS = ['code', 'object', 'reason'];

/** An empty value (`mesh:` with nothing after it reads as ''). */
function absent(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function knownKeys(where: string, value: Record<string, unknown>, keys: readonly string[]): void {
  for (const key of Object.keys(value)) if (!keys.includes(key)) throw new ConfigError(`${where}${unknownMessage('field', key, keys)}`);
}

function stringList(what: string, value: unknown): string[] {
  if (absent(value)) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || v.trim() === '')) throw new ConfigError(`${what}: must be a list of non-empty strings`);
  return value as string[];
}

function suppressions(value: unknown): Suppression[] {
  if (absent(value)) return [];
  if (!Array.isArray(value)) throw new ConfigError('suppress: must be a list of {code, object, reason}');
  return value.map((entry, i) => {
    const at = `suppress[${i}]`;
    if (!isMap(entry)) throw new ConfigError(`${at}: must be a map with code, object and reason`);
    knownKeys(`${at}: `, entry, SUPPRESS_KEYS);
    const code = checkValue.code(`${at}.code`, entry.code);
    if (typeof entry.object !== 'string') throw new ConfigError(`${at}.object: required: the objects to silence ${code} on, "Kind namespace/name" (* and ? match any)`);
    if (typeof entry.reason !== 'string' || entry.reason.trim() === '') throw new ConfigError(`${at}.reason: required: say why ${code} does not apply to ${entry.object}`);
    const parsed = parseSuppression(code, entry.object, entry.reason.trim());
    if (typeof parsed === 'string') throw new ConfigError(`${at}.object: ${parsed}`);
    return parsed;
  });
}

function meshSettings(value: unknown): MeshSettings {
  if (absent(value)) return {};
  if (!isMap(value)) throw new ConfigError('mesh: must be a map (mtlsMode, rootNamespace, clusterDomain)');
  knownKeys('mesh: ', value, MESH_KEYS);
  return {
    ...(value.mtlsMode !== undefined ? { mtlsMode: checkValue.mtlsMode('mesh.mtlsMode', value.mtlsMode) } : {}),
    ...(value.rootNamespace !== undefined ? { rootNamespace: checkValue.namespace('mesh.rootNamespace', value.rootNamespace) } : {}),
    ...(value.clusterDomain !== undefined ? { clusterDomain: checkValue.clusterDomain('mesh.clusterDomain', value.clusterDomain) } : {}),
  };
}

/** Validates a parsed config; throws {@link ConfigError} naming the field. */
export function parseConfig(file: string, value: unknown): CheckConfig {
  if (absent(value)) value = {};
  if (!isMap(value)) throw new ConfigError('must be a map of settings (istioVersion, exclude, disable, suppress, mesh, …)');
  knownKeys('', value, TOP_KEYS);
  return {
    file,
    exclude: stringList('exclude', value.exclude),
    disable: stringList('disable', value.disable).map((c, i) => checkValue.code(`disable[${i}]`, c)),
    suppress: suppressions(value.suppress),
    ...(value.istioVersion !== undefined ? { istioVersion: checkValue.istioVersion('istioVersion', value.istioVersion) } : {}),
    ...(value.kubernetesVersion !== undefined ? { kubernetesVersion: checkValue.kubernetesVersion('kubernetesVersion', value.kubernetesVersion) } : {}),
    ...(value.namespace !== undefined ? { namespace: checkValue.namespace('namespace', value.namespace) } : {}),
    mesh: meshSettings(value.mesh),
  };
}

/** Reads and validates a config file; every problem is a {@link ConfigError} starting with the file name. */
export function loadConfig(file: string): CheckConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(`${file}: cannot read the config file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  // Every scalar as a string (YAML's failsafe schema): `istioVersion: 1.20` stays "1.20", not the number 1.2.
  const doc = parseDocument(text, { uniqueKeys: true, schema: 'failsafe' });
  if (doc.errors.length > 0) throw new ConfigError(`${file}: invalid YAML: ${doc.errors[0].message.split('\n')[0]}`);
  try {
    return parseConfig(file, doc.toJS({ maxAliasCount: 100 }));
  } catch (e) {
    if (e instanceof ConfigError) throw new ConfigError(`${file}: ${e.message}`);
    throw e;
  }
}
