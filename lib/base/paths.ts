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

/** A segment picking the list item whose `key` is `value` (`containers[name=app]`), as paths written by hand name items. */
export interface PathSelector {
  readonly key: string;
  readonly value: string;
}

/** Offset after the closing quote of the JSON string that starts at `start`, or -1. */
function quotedEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i + 1;
  }
  return -1;
}

/** A plain key of a path: up to the next `.` or `[`. */
const KEY = /[^.[]+/y;

/** A JSON string literal's value, or undefined when it is malformed. */
function jsonString(literal: string): string | undefined {
  try {
    return JSON.parse(literal) as string;
  } catch {
    return undefined;
  }
}

/** One bracketed segment's content: an index, a `key=value` selector, or a key. */
function bracketSegment(inner: string): PathSegment | PathSelector {
  if (/^\d+$/.test(inner)) return Number(inner);
  const eq = inner.indexOf('=');
  if (eq <= 0) return inner;
  const value = inner.slice(eq + 1);
  return { key: inner.slice(0, eq), value: /^(["']).*\1$/.test(value) ? value.slice(1, -1) : value };
}

/**
 * Splits a path back into segments, the inverse of {@link formatPath} (`spec.ports[0]`,
 * `metadata.labels["app.kubernetes.io/name"]`), also taking `[key=value]` selectors. A malformed
 * part ends the path: the segments before it are given.
 */
export function parsePath(path: string): Array<PathSegment | PathSelector> {
  const out: Array<PathSegment | PathSelector> = [];
  let i = 0;
  while (i < path.length) {
    if (path[i] === '.') {
      i++;
    } else if (path[i] === '[' && path[i + 1] === '"') {
      const end = quotedEnd(path, i + 1);
      const key = end > 0 && path[end] === ']' ? jsonString(path.slice(i + 1, end)) : undefined;
      if (key === undefined) break;
      out.push(key);
      i = end + 1;
    } else if (path[i] === '[') {
      const end = path.indexOf(']', i);
      if (end < 0) break;
      out.push(bracketSegment(path.slice(i + 1, end)));
      i = end + 1;
    } else {
      KEY.lastIndex = i;
      const key = (KEY.exec(path) as RegExpExecArray)[0];
      out.push(key);
      i += key.length;
    }
  }
  return out;
}
