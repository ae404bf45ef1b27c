import { nameObject, type Finding as BaseFinding, type FindingObject } from '../base/finding';

/** How bad a problem is: errors fail validation (exit status 1), warnings are reported only. */
export type Severity = 'error' | 'warning';

/**
 * Stable rule codes of schema findings (the rules engine and `istio-direct check` key on them):
 * - `ID900` the manifest could not be parsed
 * - `ID901` Kubernetes 1.28 schema (unknown fields, types, enums, names, ports)
 * - `ID902` Istio CRD schema or CEL rule
 * - `ID903` Envoy proto schema or PGV rule
 * - `ID904` deprecated Envoy field or enum value (warning)
 * - `ID905` not checked: unknown kind, Istio object without CRDs, or Envoy type not in the API (warning)
 */
export type RuleCode = 'ID900' | 'ID901' | 'ID902' | 'ID903' | 'ID904' | 'ID905';

/**
 * A finding of the schema validators (the one finding shape, `lib/base/finding.ts`), found inside
 * one object: its code, severity, JSON path in the object and message; `validateObject` leaves
 * the object out (the caller knows it).
 */
export interface Finding extends BaseFinding {
  readonly path: string;
  readonly severity: Severity;
  readonly code: RuleCode;
}

/**
 * One thing wrong with one object of one file: a {@link Finding} with its `object` (kind,
 * namespace, name, file and document index).
 *
 * `path` is a JSON path inside the object (e.g. `spec.ports[0].port`), empty for the whole object.
 * `file`, `kind`, `namespace` and `name` repeat the object's, as earlier releases gave them.
 */
export interface Problem extends Finding {
  readonly object: FindingObject;
  readonly file: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
}

/** An error finding. */
export function error(path: string, message: string, code: RuleCode): Finding {
  return { path, message, severity: 'error', code };
}

/** A warning finding. */
export function warning(path: string, message: string, code: RuleCode): Finding {
  return { path, message, severity: 'warning', code };
}

/** `error` and `warning` bound to one rule code, for a module whose findings all share it. */
export function coded(code: RuleCode): { error(path: string, message: string): Finding; warning(path: string, message: string): Finding } {
  return { error: (path, message) => error(path, message, code), warning: (path, message) => warning(path, message, code) };
}

/** `Kind namespace/name: path`, the slash kept without a namespace, `(root)` for an empty path. */
const PROBLEM_NAMING = { noKind: '(unknown kind)', slashWithoutNamespace: true, pathSeparator: ': ', root: '(root)' } as const;

/**
 * Formats a problem as `<file>: <Kind> <namespace>/<name>: <json.path>: <message>`.
 *
 * A missing namespace prints as empty (`Kind /name`); a missing path prints as `(root)`.
 */
export function formatProblem(p: Problem): string {
  const sev = p.severity === 'warning' ? 'warning: ' : '';
  const object = { kind: p.kind, namespace: p.namespace, name: p.name };
  return `${p.file}: ${nameObject(object, p.path, PROBLEM_NAMING)}: ${sev}${p.message}`;
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
