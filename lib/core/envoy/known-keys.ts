/** Unknown-key checks with a "did you mean" for near misses (`podIP` -> `podIps`), not only case slips. */
import { Problems, show } from '../errors';
import { closest } from '../../base/suggest';
import { propertyPath } from '../validate';

/** Keys longer than this get no suggestion (the edit distance is quadratic in the length). */
const MAX_SUGGESTED_KEY_LENGTH = 64;

/**
 * Reports every key of `value` not among `known`, suggesting the closest known
 * key when one is near (case-insensitive, or within a small edit distance).
 */
export function checkEnvoyKeys(p: Problems, field: string, value: Readonly<Record<string, unknown>>, known: readonly string[]): boolean {
  let ok = true;
  for (const key of Object.keys(value)) {
    if (known.includes(key)) {
      continue;
    }
    const near = key.length <= MAX_SUGGESTED_KEY_LENGTH ? closest(key, known) : undefined;
    p.add(propertyPath(field, key), `is not a known property${near ? ` (did you mean ${show(near)}?)` : `; known: ${known.join(', ')}`}`);
    ok = false;
  }
  return ok;
}
