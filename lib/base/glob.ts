/**
 * Glob patterns as `.gitignore` and most linters read them: `*` matches within one path segment,
 * `**` any number of segments, `?` one character, `[abc]` one of a set. A pattern without a `/`
 * matches a file or folder name at any depth (`*.tmpl.yaml`, `vendor`); a pattern with a `/` is
 * anchored at its base folder (`charts/**`, `deploy/*.json`). Matching a folder matches everything
 * under it. Paths use `/`; a leading `./` and a trailing `/` in the pattern are ignored.
 */

/** A compiled glob. */
export interface Glob {
  /** The pattern as written. */
  readonly pattern: string;
  /** True when `relative` (a `/`-separated path relative to the pattern's base) or a folder above it matches. */
  matches(relative: string): boolean;
}

function escape(c: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(c) ? `\\${c}` : c;
}

/** The regular expression source of a pattern (no anchors). */
function source(pattern: string): string {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*' && pattern[i + 1] === '*') {
      const slash = pattern[i + 2] === '/';
      out += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end < 0) out += '\\[';
      else {
        const body = pattern.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\');
        out += `[${body}]`;
        i = end;
      }
    } else out += escape(c);
  }
  return out;
}

/** Compiles a pattern; throws an Error naming the pattern when it is empty. */
export function compileGlob(pattern: string): Glob {
  const trimmed = pattern.trim().replace(/^\.\//, '').replace(/\/+$/, '');
  if (trimmed === '') throw new Error(`glob ${JSON.stringify(pattern)} is empty`);
  const anchored = trimmed.includes('/');
  const body = source(trimmed.replace(/^\//, ''));
  const regex = new RegExp(anchored ? `^${body}(?:/.*)?$` : `(?:^|/)${body}(?:/.*)?$`);
  return { pattern, matches: (relative: string) => regex.test(relative.replace(/\\/g, '/').replace(/^\.\//, '')) };
}
