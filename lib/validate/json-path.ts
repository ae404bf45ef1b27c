/** A JSON path as a list of object keys and array indexes. */
export type PathSegment = string | number;

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/**
 * Renders path segments as a JSON path: `spec.ports[0].port`, `data["envoy.yaml"].admin`.
 * Keys that are not plain identifiers are quoted in brackets.
 */
export function formatPath(segments: readonly PathSegment[]): string {
  let out = '';
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else if (IDENT.test(s)) out += out === '' ? s : `.${s}`;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out;
}

/** Joins a prefix path and a sub-path produced by {@link formatPath}. */
export function joinPath(prefix: string, sub: string): string {
  if (!prefix) return sub;
  if (!sub) return prefix;
  return sub.startsWith('[') ? prefix + sub : `${prefix}.${sub}`;
}
