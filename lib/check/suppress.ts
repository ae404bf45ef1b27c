/**
 * Suppressions given outside the objects, in the style of `istioctl analyze --suppress`: a code and
 * the objects it is silenced on, `Kind namespace/name`, where `*` and `?` match any text and any
 * character (`ID101=Service kafka/*`, `ID503=*`). `Kind name` matches the name in any namespace
 * (and a cluster-scoped object). The command line takes `CODE=TARGET` (`--suppress`); the config file adds a required reason.
 */
import type { FindingObject } from '../base/finding';

/** One suppression: the findings of `code` on the objects `target` matches. */
export interface Suppression {
  readonly code: string;
  /** As written: `Kind namespace/name`, `Kind name`, or `*`. */
  readonly target: string;
  /** Why (required in the config file). */
  readonly reason?: string;
  matches(object: FindingObject | undefined): boolean;
}

function wildcard(text: string): RegExp {
  const body = text.replace(/[\\^$.+()[\]{}|]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}

/**
 * Parses a target (`Kind namespace/name`, `Kind name`, `*`); returns why it is not one, as a string,
 * when it cannot be read.
 */
export function parseSuppression(code: string, target: string, reason?: string): Suppression | string {
  const text = target.trim();
  if (text === '*') return { code, target: text, ...(reason !== undefined ? { reason } : {}), matches: (o) => o !== undefined };
  const m = /^(\S+)\s+(?:(\S*)\/)?(\S+)$/.exec(text);
  if (m === null) return `${JSON.stringify(target)} is not an object: write "Kind namespace/name" (or "Kind name" for any namespace); * and ? match any text`;
  const [kind, namespace, name] = [wildcard(m[1]), m[2] !== undefined ? wildcard(m[2]) : undefined, wildcard(m[3])];
  return {
    code,
    target: text,
    ...(reason !== undefined ? { reason } : {}),
    matches: (o) =>
      o !== undefined && kind.test(o.kind ?? '') && name.test(o.name ?? '') && (namespace === undefined || namespace.test(o.namespace ?? '')),
  };
}
