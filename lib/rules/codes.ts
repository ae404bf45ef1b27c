/**
 * Every finding code istio-direct uses: the rules of the catalog (a test
 * checks that the registry has a rule for each) and the schema codes of the
 * validator. Codes are never reused.
 */
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

/** Codes of the schema validation and the manifest reader. */
export const SCHEMA_CODES: readonly CodeInfo[] = [
  { code: 'ID900', name: 'parse-error', severity: 'error', title: 'A file or document cannot be read or parsed, or is not a Kubernetes object' },
  { code: 'ID901', name: 'kubernetes-schema', severity: 'error', title: 'A field does not match the Kubernetes schema' },
  { code: 'ID902', name: 'istio-schema', severity: 'error', title: 'An Istio resource does not match its CRD schema or CEL rules' },
  { code: 'ID903', name: 'envoy-schema', severity: 'error', title: 'An Envoy bootstrap does not match the Envoy v3 API or its validation rules' },
  { code: 'ID904', name: 'envoy-deprecated', severity: 'warning', title: 'An Envoy bootstrap uses a deprecated field' },
  { code: 'ID905', name: 'not-checked', severity: 'warning', title: 'An object, file or field was not checked (unknown kind or type, empty or skipped file)' },
];

/** Every rule code of the catalog, with or without its rule in this build. */
export const CATALOG_RULE_CODES: readonly string[] = [
  'ID101', 'ID102', 'ID103', 'ID104', 'ID105', 'ID106', 'ID107',
  'ID201', 'ID202', 'ID203', 'ID204', 'ID205',
  'ID301', 'ID302', 'ID303', 'ID304', 'ID305', 'ID306', 'ID307', 'ID308', 'ID309',
  'ID401', 'ID402', 'ID403', 'ID404',
  'ID501', 'ID502', 'ID503',
  'ID701', 'ID702', 'ID703', 'ID704',
];

/** Codes a suppression annotation may name. */
export const SUPPRESSIBLE_CODES: ReadonlySet<string> = new Set([...CATALOG_RULE_CODES, ...SCHEMA_CODES.map((c) => c.code)]);
