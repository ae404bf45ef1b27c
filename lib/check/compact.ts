/**
 * What `check` keeps of an object once it is schema-validated, for the rules that run after the
 * last document is read: at cluster scale (a `kubectl get -A -o yaml` dump, hundreds of thousands
 * of objects) the kept objects are most of the memory.
 *
 * - Subtrees no rule reads are left out: the object's `status`, `metadata.managedFields`, and the
 *   `kubectl.kubernetes.io/last-applied-configuration` annotation (a copy of the whole object, as
 *   JSON, on every object `kubectl apply` created). The rules read `metadata` for the name,
 *   namespace, labels, annotations (suppressions, scraping) and `creationTimestamp` only, and never
 *   a Kubernetes object's `status`. The object is copied where something is left out: the caller's
 *   value is never changed.
 * - Equal strings are shared ({@link StringPool}): a parsed value holds its own copy of every
 *   string, and names, labels, images and apiVersions repeat across a cluster's objects; arrays are
 *   copied to their length.
 *
 * Positions of findings are computed later from the file's text (`lib/reader/positions.ts`), and
 * findings quote only fields the rules read, so the output does not change.
 */
import { isRecord } from '../rules/values';

/** The annotation `kubectl apply` writes: the last applied object as JSON. No rule reads it. */
export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** `raw` without the subtrees no rule reads (a copy); `raw` itself when it has none, or is not a Kubernetes object (an Envoy bootstrap). */
export function forRules(raw: Readonly<Record<string, unknown>>): Readonly<Record<string, unknown>> {
  if (typeof raw.apiVersion !== 'string' || typeof raw.kind !== 'string') return raw;
  const metadata = isRecord(raw.metadata) ? raw.metadata : undefined;
  const annotations = metadata !== undefined && isRecord(metadata.annotations) ? metadata.annotations : undefined;
  const lastApplied = annotations !== undefined && own(annotations, LAST_APPLIED);
  const managed = metadata !== undefined && own(metadata, 'managedFields');
  const status = own(raw, 'status');
  if (!lastApplied && !managed && !status) return raw;
  const keptMetadata = metadata === undefined || (!lastApplied && !managed) ? metadata : without(metadata, managed ? 'managedFields' : undefined, lastApplied ? { annotations: without(annotations!, LAST_APPLIED) } : {});
  return without(raw, status ? 'status' : undefined, keptMetadata !== metadata ? { metadata: keptMetadata } : {});
}

function own(value: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(value, key);
}

/** A copy of `value` without the key `drop`, with `replace`'s entries in place of its own (same key order). */
function without<T>(value: Readonly<Record<string, T>>, drop: string | undefined, replace: Readonly<Record<string, T>> = {}): Record<string, T> {
  const out: Record<string, T> = {};
  for (const key of Object.keys(value)) {
    if (key === drop) continue;
    const v = own(replace, key) ? replace[key] : value[key];
    if (key === '__proto__') Object.defineProperty(out, key, { value: v, writable: true, enumerable: true, configurable: true });
    else out[key] = v;
  }
  return out;
}

/** Longer strings (scripts, config files, certificates) are not pooled: they seldom repeat, and the pool would keep them. */
const MAX_POOLED = 256;

/**
 * Shares equal strings among the values it is given: each string (up to {@link MAX_POOLED}
 * characters) found in a value's tree is replaced (in place) by the first equal string the pool saw. Bounded: the pool starts again
 * empty after `limit` distinct strings, so a stream of unique names costs no more than `limit`
 * entries, and strings that repeat (apiVersions, images, label values) are soon shared again.
 */
export class StringPool {
  private strings = new Map<string, string>();

  constructor(private readonly limit = 65_536) {}

  /**
   * `value` with the strings of its tree shared, and its arrays copied to their length (a parser's
   * array grows by steps: one holding a single container or port keeps room for 17). Objects are
   * changed in place (the caller's parse, which only the caller holds); an array is replaced.
   */
  share(value: unknown, depth = 0): unknown {
    if (typeof value === 'string') return this.get(value);
    if (depth > 200 || value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) {
      const out: unknown[] = value.slice();
      for (let i = 0; i < out.length; i++) out[i] = this.share(out[i], depth + 1);
      return out;
    }
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const v = this.share(record[key], depth + 1);
      if (key !== '__proto__') record[key] = v;
    }
    return record;
  }

  /** The pooled string equal to `s`. */
  get(s: string): string {
    if (s.length > MAX_POOLED) return s;
    const found = this.strings.get(s);
    if (found !== undefined) return found;
    if (this.strings.size >= this.limit) this.strings = new Map();
    this.strings.set(s, s);
    return s;
  }
}
