/**
 * `npm run docs:rules`: rewrites the rules tables of README.md and docs/rules/README.md (between the
 * `<!-- rules-table:start -->` and `<!-- rules-table:end -->` markers) from the rule files. A test
 * (test/rules/docs.test.ts) fails when a table is not the one this script writes.
 */
import { readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { ALL_RULES, type IstioVersionRange } from '../lib/rules';

const ROOT = join(__dirname, '..');
const START = '<!-- rules-table:start -->\n';
const END = '<!-- rules-table:end -->';

/** The files with a rules table, and the prefix of their links to a rule's page. */
export const RULES_TABLES: readonly { readonly file: string; readonly pages: string }[] = [
  { file: 'README.md', pages: 'docs/rules/' },
  { file: join('docs', 'rules', 'README.md'), pages: '' },
];

/** `all`, `>= 1.23`, `<= 1.21`, `1.19 - 1.23`: how the tables write a rule's Istio releases. */
export function formatIstioVersionRange(range: IstioVersionRange): string {
  if (range.since !== undefined && range.until !== undefined) return `${range.since} - ${range.until}`;
  if (range.since !== undefined) return `>= ${range.since}`;
  if (range.until !== undefined) return `<= ${range.until}`;
  return 'all';
}

/** The rules table, one line per rule of the registry, in code order. */
export function rulesTable(pages: string): string {
  return [
    '| Code | Name | Severity | Istio | Title |',
    '| --- | --- | --- | --- | --- |',
    ...ALL_RULES.map((r) => `| [${r.code}](${pages}${r.code}.md) | ${r.name} | ${r.severity} | ${formatIstioVersionRange(r.istioVersions)} | ${r.title} |`),
  ].join('\n') + '\n';
}

/** `text` with the table between its markers replaced; throws when the markers are missing. */
export function withRulesTable(text: string, pages: string, file: string): string {
  const start = text.indexOf(START);
  const end = text.indexOf(END, start);
  if (start < 0 || end < 0) throw new Error(`${file}: no ${START.trim()} … ${END} markers`);
  return text.slice(0, start + START.length) + rulesTable(pages) + text.slice(end);
}

/** Rewrites every table; returns the files that changed. */
export function writeRulesTables(root = ROOT): string[] {
  return RULES_TABLES.flatMap(({ file, pages }) => {
    const path = join(root, file);
    const text = readFileSync(path, 'utf8');
    const next = withRulesTable(text, pages, file);
    if (next === text) return [];
    writeFileSync(path, next);
    return [file];
  });
}

if (require.main === module) {
  const changed = writeRulesTables();
  process.stdout.write(changed.length === 0 ? 'docs:rules: the rules tables are up to date\n' : `docs:rules: rewrote ${changed.join(', ')}\n`);
}
