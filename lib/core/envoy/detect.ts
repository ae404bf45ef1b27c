import { parseYaml } from '../render';

/** Top-level fields that only an Envoy bootstrap has (proto and JSON names). */
const BOOTSTRAP_KEYS = [
  'static_resources', 'staticResources', 'dynamic_resources', 'dynamicResources', 'admin', 'node',
  'overload_manager', 'overloadManager', 'layered_runtime', 'layeredRuntime', 'cluster_manager', 'clusterManager',
];

/** Whether a parsed document looks like an Envoy bootstrap (no apiVersion/kind, bootstrap fields). */
export function looksLikeBootstrap(v: unknown): boolean {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const o = v as Record<string, unknown>;
  if ('apiVersion' in o || 'kind' in o) return false;
  return BOOTSTRAP_KEYS.some((k) => k in o);
}

/** Whether a text holds the name of a bootstrap field anywhere. */
function namesBootstrapField(text: string): boolean {
  for (let i = 0; i < BOOTSTRAP_KEYS.length; i++) if (text.includes(BOOTSTRAP_KEYS[i])) return true;
  return false;
}

/** Whether a ConfigMap data key names an Envoy bootstrap file (envoy.yaml, envoy-bootstrap.json, bootstrap.yaml…). */
export function isBootstrapKey(key: string): boolean {
  return /(envoy|bootstrap)[^/]*\.(ya?ml|json)$/i.test(key);
}

/** A bootstrap found in a ConfigMap data key: the parsed value, or why it could not be parsed. */
export type EmbeddedBootstrap = { key: string; value: unknown } | { key: string; parseError: string };

/**
 * Finds the Envoy bootstraps held in a ConfigMap's `data`: keys named like a bootstrap file, and any
 * other key whose content parses (as YAML or JSON) to something that looks like a bootstrap.
 */
export function bootstrapsInConfigMap(data: unknown): EmbeddedBootstrap[] {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return [];
  // The schema validation and the rules index both ask about the same `data` object: it is parsed once
  // (the answer is kept while the object lives, and only while its values are the same strings).
  const known = found.get(data);
  if (known !== undefined && sameEntries(data as Record<string, unknown>, known.entries)) return [...known.bootstraps];
  const { bootstraps, parsed } = findBootstraps(data as Record<string, unknown>);
  // Kept only when a value was parsed: finding that no value can be a bootstrap is as quick as the check of a kept answer.
  if (parsed) {
    const entries: unknown[] = [];
    for (const key of Object.keys(data)) entries.push(key, (data as Record<string, unknown>)[key]);
    found.set(data, { entries, bootstraps });
  }
  return [...bootstraps];
}

/** True when `data` still holds exactly these keys and values (key, value, key, …), in order. */
function sameEntries(data: Readonly<Record<string, unknown>>, entries: readonly unknown[]): boolean {
  const keys = Object.keys(data);
  if (keys.length * 2 !== entries.length) return false;
  for (let i = 0; i < keys.length; i++) if (entries[2 * i] !== keys[i] || entries[2 * i + 1] !== data[keys[i]]) return false;
  return true;
}

/** What {@link bootstrapsInConfigMap} found in a `data` object, with the keys and values it read (key, value, key, …). */
const found = new WeakMap<object, { readonly entries: readonly unknown[]; readonly bootstraps: readonly EmbeddedBootstrap[] }>();

/** The bootstraps in `data`, and whether any value was parsed to find them. */
function findBootstraps(data: Readonly<Record<string, unknown>>): { bootstraps: EmbeddedBootstrap[]; parsed: boolean } {
  const out: EmbeddedBootstrap[] = [];
  let parsed = false;
  // Own keys in Object.entries' order, without its array of entries: run per ConfigMap of the input.
  for (const key in data) {
    const text = data[key];
    if (typeof text !== 'string' || !Object.prototype.hasOwnProperty.call(data, key)) continue;
    // A text that names no bootstrap field (and escapes none) cannot parse to a bootstrap: not parsed.
    if (!isBootstrapKey(key) && !text.includes('\\') && !namesBootstrapField(text)) continue;
    let value: unknown;
    parsed = true;
    try {
      value = parseYaml(text);
    } catch (e) {
      if (isBootstrapKey(key)) out.push({ key, parseError: (e as Error).message.split('\n')[0].replace(/:$/, '') });
      continue;
    }
    if (isBootstrapKey(key) || looksLikeBootstrap(value)) out.push({ key, value });
  }
  return { bootstraps: out, parsed };
}
