/**
 * The one shape of a finding, whatever produced it: a rule, the schema validators, the manifest
 * reader, `check` or the policy pack. A source fills what it knows and leaves the rest absent
 * (a file that cannot be read has a file but no kind or name; a schema finding on a bare object
 * has a path but no file).
 */

/** How bad a finding is: errors fail `check` and synth, warnings and infos are reported only. */
export type FindingSeverity = 'error' | 'warning' | 'info';

/** Where an object came from; every field is optional. */
export interface FindingSource {
  /** The file it was read from. */
  readonly file?: string;
  /** Index of the YAML document in that file (from 0). */
  readonly documentIndex?: number;
  /** Index in the `items` of a `List` document. */
  readonly item?: number;
  /** The cdk8s construct path of the `ApiObject`, or the Pulumi resource name. */
  readonly constructPath?: string;
}

/** The object a finding is about, as far as it is known. */
export interface FindingObject {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly namespace?: string;
  readonly name?: string;
  readonly source?: FindingSource;
}

/** Where in its file a finding is: the field its path names, or its object (`check`: `lib/reader/positions.ts`). */
export interface FindingPosition {
  /** 1-based line. */
  readonly line: number;
  /** 1-based column in characters (Unicode code points), when known. */
  readonly column?: number;
}

/** One finding. */
export interface Finding {
  /** Stable code: a rule's (`ID101`), a schema code (`ID901` …), or the rule-crash code. */
  readonly code: string;
  readonly severity: FindingSeverity;
  /** The object (or file) it is about; absent when it is about nothing read (a rule crash). */
  readonly object?: FindingObject;
  /** JSON path inside the object (`spec.ports[0].port`); '' or absent for the whole object. */
  readonly path?: string;
  /** Position in the file, when known. */
  readonly position?: FindingPosition;
  readonly message: string;
}

/** How {@link nameObject} prints missing parts; each printer keeps its own established wording. */
export interface NamingStyle {
  /** Printed for a missing kind. @default '' */
  readonly noKind?: string;
  /** Printed for a missing name. @default '' */
  readonly noName?: string;
  /** Print the `/` even when the namespace is empty (`Kind /name`). @default false */
  readonly slashWithoutNamespace?: boolean;
  /** Print the kind alone (no ` ns/name`) when the name is missing. @default false */
  readonly kindOnlyWithoutName?: boolean;
  /** Printed for an empty path; without it an empty path is left out. @default - left out */
  readonly root?: string;
  /** Between the object and the path. @default ' ' */
  readonly pathSeparator?: string;
}

/** Whether the object has a kind or a name to print (a file-level finding has neither). */
export function isNamed(object: FindingObject | undefined): boolean {
  return (object?.kind ?? '') !== '' || (object?.name ?? '') !== '';
}

/**
 * Names an object and a place in it, `Kind namespace/name path` (`Service kafka/zk spec.ports[0]`):
 * an empty namespace prints as `Kind name`, an empty path is left out, unless `style` says otherwise.
 */
export function nameObject(object: FindingObject | undefined, path = '', style: NamingStyle = {}): string {
  const kind = object?.kind || (style.noKind ?? '');
  const namespace = object?.namespace ?? '';
  const name = object?.name ?? '';
  const named =
    name === '' && style.kindOnlyWithoutName === true
      ? kind
      : `${kind} ${namespace !== '' || style.slashWithoutNamespace === true ? `${namespace}/` : ''}${name || (style.noName ?? '')}`;
  const at = path || style.root;
  return at ? `${named}${style.pathSeparator ?? ' '}${at}` : named;
}
