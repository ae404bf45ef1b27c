/**
 * Lists kept until the end of a run (index entries, per-object info, findings), made without an
 * allocation site.
 *
 * V8 gives every array literal (`[]`, `[x]`, also `new Array()`) an allocation site. When most
 * arrays made at one site survive garbage collections, V8 switches the site to old-space
 * allocation ("pretenuring") and throws away the optimised code of every function that allocates
 * there, which is then compiled again. Arrays a builtin makes (`slice`, `Array.of`) have no
 * allocation site, so a list that lives long is made here instead. (Objects that live long are
 * class instances for the same reason: `new C()` has no allocation site either.)
 */

/**
 * An empty list of any values (never written to): its copies start with the elements kind that
 * holds any value, so pushing an object into one never changes its kind (a literal's allocation
 * site learns that; a builtin's array does not, and `Array.of()` starts as a list of small integers).
 */
const ANY: unknown[] = [undefined];
ANY.pop();

/** A new empty list, made without an allocation site (see the module comment). */
export function keptList<T>(): T[] {
  return ANY.slice() as T[];
}

/** A list of one value of any kind, never written to: {@link keptListOf} copies it. */
const ONE: unknown[] = [undefined];

/**
 * A new list holding `item`, made without an allocation site (see the module comment). Room for
 * one value, as `[item]` makes it (a push into an empty list makes room for 17): most such lists
 * (index entries by label) keep one item. (`Array.of(item)` does the same about twice as slowly.)
 */
export function keptListOf<T>(item: T): T[] {
  const list = ONE.slice() as T[];
  list[0] = item;
  return list;
}
