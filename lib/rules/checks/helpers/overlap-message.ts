/** Messages shared by the overlapping-policy rules (ID304, ID305). */
import { ageKnown } from './policy';
import { Overlap, SelectorPolicy } from './overlap';

/** `the oldest by creationTimestamp ("a"), and ignores "b"` or the same when the age is not written. */
export function oldestWording(overlap: Overlap<SelectorPolicy>): string {
  const item = overlap.item.object.name;
  const older = overlap.older.object.name;
  return ageKnown(overlap.item.object, overlap.older.object)
    ? `the oldest by creationTimestamp ("${older}"), and ignores "${item}"`
    : `the oldest by creationTimestamp, so whether "${older}" or "${item}" takes effect depends on which was created first`;
}

/** The scope of a selector-less policy: mesh-wide in the root namespace, else namespace-wide. */
export function scopeOf(namespace: string, rootNamespace: string): string {
  return namespace === rootNamespace ? 'mesh-wide' : `namespace-wide in namespace "${namespace}"`;
}
