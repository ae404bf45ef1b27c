/**
 * Suppression: the annotation `istio-direct/ignore-<CODE>: "<reason>"` on an
 * object silences that code's findings on that object. A reason is required;
 * an empty one suppresses nothing (and is itself reported, ID503).
 */
import { ManifestObject } from './types';

/** Prefix of the suppression annotations. */
export const SUPPRESSION_PREFIX = 'istio-direct/ignore-';

/** The suppression annotation key for a code: `istio-direct/ignore-ID101`. */
export function suppressionKey(code: string): string {
  return `${SUPPRESSION_PREFIX}${code}`;
}

/** True when the object carries a suppression of `code` with a non-empty reason. */
export function isSuppressed(object: ManifestObject, code: string): boolean {
  return isSuppressedBy(object, suppressionKey(code));
}

/** {@link isSuppressed} for the code whose {@link suppressionKey} is `key` (built once per rule, not per finding). */
export function isSuppressedBy(object: ManifestObject, key: string): boolean {
  const reason = object.annotations[key];
  return reason !== undefined && reason.trim() !== '';
}

/** The suppression annotations of an object: code as written and reason. */
export function suppressionsOf(object: ManifestObject): ReadonlyArray<{ readonly key: string; readonly code: string; readonly reason: string }> {
  let out: Array<{ key: string; code: string; reason: string }> | undefined;
  // Run per object: its annotations read in place (own keys, in Object.entries' order), not copied to entries; no list for an object without any.
  const annotations = object.annotations;
  for (const key in annotations) {
    if (Object.prototype.hasOwnProperty.call(annotations, key) && key.startsWith(SUPPRESSION_PREFIX)) {
      (out === undefined ? (out = []) : out).push({ key, code: key.slice(SUPPRESSION_PREFIX.length), reason: annotations[key] });
    }
  }
  return out !== undefined ? out : NO_SUPPRESSIONS;
}

const NO_SUPPRESSIONS: ReturnType<typeof suppressionsOf> = [];
