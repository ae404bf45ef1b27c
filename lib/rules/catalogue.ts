/**
 * The code catalogue: every code a finding can carry, with its name, severity, title and page, in
 * one list derived from the rule files (checks/) and the schema and crash codes (codes.ts). The
 * SARIF rule list, the cdk8s plugin's rule names and the README tables (`npm run docs:rules`) read it.
 */
import { ALL_RULES } from './checks';
import { CodeInfo, RULE_CRASH, SCHEMA_CODES } from './codes';

/** A code of the catalogue and the page that documents it, relative to the package root. */
export interface CatalogueEntry extends CodeInfo {
  readonly page: string;
}

/** The page of the schema, reader and crash codes. */
const CODES_PAGE = 'docs/rules/README.md';

/** The rules of this build (code order), then the schema and reader codes, then the crash code. */
export const CODE_CATALOGUE: readonly CatalogueEntry[] = [
  ...ALL_RULES.map((r) => ({ code: r.code, name: r.name, severity: r.severity, title: r.title, page: `docs/rules/${r.code}.md` })),
  ...SCHEMA_CODES.map((c) => ({ ...c, page: CODES_PAGE })),
  { ...RULE_CRASH, page: CODES_PAGE },
];

