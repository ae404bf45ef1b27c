/**
 * Every finding code istio-direct uses: the rules of the catalog (one file
 * each in checks/, named by its code), the schema codes of the validator and
 * the reader, and the crash code. Codes are never reused.
 */
import { RULE_FILES } from './checks/files';
import { RuleSeverity } from './types';

/** A code and what it means in one line. */
export interface CodeInfo {
  readonly code: string;
  readonly name: string;
  readonly severity: RuleSeverity;
  readonly title: string;
}

/** Code of a rule that failed with an exception (a bug in istio-direct). */
export const RULE_CRASH_CODE = 'ID000';

/** The crash code and what it means. */
export const RULE_CRASH: CodeInfo = { code: RULE_CRASH_CODE, name: 'rule-crashed', severity: 'error', title: 'A rule failed with an exception (a bug in istio-direct)' };

/** Codes of the schema validation and the manifest reader. */
export const SCHEMA_CODES: readonly CodeInfo[] = [
  { code: 'ID900', name: 'parse-error', severity: 'error', title: 'A file or document cannot be read or parsed, or is not a Kubernetes object' },
  { code: 'ID901', name: 'kubernetes-schema', severity: 'error', title: 'A field does not match the Kubernetes schema' },
  { code: 'ID902', name: 'istio-schema', severity: 'error', title: 'An Istio resource does not match its CRD schema or CEL rules' },
  { code: 'ID903', name: 'envoy-schema', severity: 'error', title: 'An Envoy bootstrap does not match the Envoy v3 API or its validation rules' },
  { code: 'ID904', name: 'envoy-deprecated', severity: 'warning', title: 'An Envoy bootstrap uses a deprecated field' },
  { code: 'ID905', name: 'not-checked', severity: 'warning', title: 'An object, file or field was not checked (unknown kind or type, empty or skipped file)' },
];

/** Every rule code of the catalog, in code order: the codes of the rule files (read from their names). */
export const CATALOG_RULE_CODES: readonly string[] = RULE_FILES.map((f) => f.code);

/** Codes a suppression annotation may name. */
export const SUPPRESSIBLE_CODES: ReadonlySet<string> = new Set([...CATALOG_RULE_CODES, ...SCHEMA_CODES.map((c) => c.code)]);
