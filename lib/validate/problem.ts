/** How bad a problem is: errors fail validation (exit status 1), warnings are reported only. */
export type Severity = 'error' | 'warning';

/**
 * One thing wrong with one object of one file.
 *
 * `path` is a JSON path inside the object (e.g. `spec.ports[0].port`), empty for the whole object.
 */
export interface Problem {
  readonly file: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly path: string;
  readonly message: string;
  readonly severity: Severity;
}

/** A problem found inside one object, before the file and object identity are attached. */
export interface Finding {
  readonly path: string;
  readonly message: string;
  readonly severity: Severity;
}

/** Shorthand for an error finding. */
export function error(path: string, message: string): Finding {
  return { path, message, severity: 'error' };
}

/** Shorthand for a warning finding. */
export function warning(path: string, message: string): Finding {
  return { path, message, severity: 'warning' };
}

/**
 * Formats a problem as `<file>: <Kind> <namespace>/<name>: <json.path>: <message>`.
 *
 * A missing namespace prints as empty (`Kind /name`); a missing path prints as `(root)`.
 */
export function formatProblem(p: Problem): string {
  const sev = p.severity === 'warning' ? 'warning: ' : '';
  return `${p.file}: ${p.kind || '(unknown kind)'} ${p.namespace}/${p.name}: ${p.path || '(root)'}: ${sev}${p.message}`;
}

/** Sorts problems deterministically: by file, then document order is kept by the caller's index. */
export function compareProblems(a: Problem, b: Problem): number {
  return (
    cmp(a.file, b.file) ||
    cmp(a.kind, b.kind) ||
    cmp(a.namespace, b.namespace) ||
    cmp(a.name, b.name) ||
    cmp(a.path, b.path) ||
    cmp(a.message, b.message)
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
