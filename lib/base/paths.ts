/** JSON paths inside objects, as findings name them: `spec.ports[0].port`, `data["envoy.yaml"].admin`. */

/** A JSON path as a list of object keys and array indexes. */
export type PathSegment = string | number;

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/** Appends a key or an index to a path; keys that are not plain identifiers are quoted in brackets. */
export function child(path: string, segment: PathSegment): string {
  if (typeof segment === 'number') return `${path}[${segment}]`;
  if (IDENT.test(segment)) return path === '' ? segment : `${path}.${segment}`;
  return `${path}[${JSON.stringify(segment)}]`;
}

/** Renders segments as one path. */
export function formatPath(segments: readonly PathSegment[]): string {
  return segments.reduce<string>((path, s) => child(path, s), '');
}

/** Joins a prefix path and a sub-path made by {@link formatPath}: `data["envoy.yaml"]` + `admin.address`. */
export function joinPath(prefix: string, sub: string): string {
  if (!prefix) return sub;
  if (!sub) return prefix;
  return sub.startsWith('[') ? prefix + sub : `${prefix}.${sub}`;
}
