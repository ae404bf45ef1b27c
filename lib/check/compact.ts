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
 * - Equal strings are shared, and arrays are exactly as long as they are: the reader makes the values
 *   compact as it reads them (`ReadOptions.compact`; names, labels, images and apiVersions repeat
 *   across a cluster's objects, and a parsed string or array would otherwise be a copy of its own).
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
