/**
 * The rule pages are the rules' fixtures: every `docs/rules/ID*.md` page's
 * failing example gives exactly its `expect` findings of that rule, its
 * passing example none; the registry and the pages list the same rules, and
 * the README table matches the registry.
 */
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { isAtLeast, parseIstioVersion } from '../../lib/core/istio-version';
import { CATALOG_RULE_CODES, DEFAULT_RULE_OPTIONS } from '../../lib/rules';
import { ALL_RULES, formatIstioVersionRange, type Rule } from './docs-helpers';
import { check, describeFinding } from './helpers';

const DOCS = join(__dirname, '..', '..', 'docs', 'rules');
const pages = readdirSync(DOCS).filter((f) => /^ID\d{3}\.md$/.test(f)).sort();

function section(text: string, heading: string): string {
  const start = text.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`no "## ${heading}" section`);
  const rest = text.slice(start + heading.length + 5);
  const end = rest.search(/\n## /);
  return end < 0 ? rest : rest.slice(0, end);
}

function yamlBlock(text: string): string {
  const m = /```yaml\n([\s\S]*?)```/.exec(text);
  if (m === null) throw new Error('no ```yaml block');
  return m[1];
}

function expectations(text: string): string[] {
  return [...text.matchAll(/<!-- expect: (\S+) ([^/\s]*)\/(\S*) (.+?) -->/g)].map((m) => `${m[1]} ${m[2]}/${m[3]} ${m[4]}`);
}

function ruleOf(file: string): Rule {
  const rule = ALL_RULES.find((r) => `${r.code}.md` === file);
  if (rule === undefined) throw new Error(`${file}: no rule ${file.slice(0, 5)} in lib/rules/checks/registry.ts`);
  return rule;
}

/** The release the examples run on: the default, or the rule's first release when the default is older. */
function versionFor(rule: Rule): string | undefined {
  const since = parseIstioVersion(rule.istioVersions.since);
  return since !== undefined && !isAtLeast(DEFAULT_RULE_OPTIONS.istioVersion, since) ? rule.istioVersions.since : undefined;
}

describe.each(pages)('docs/rules/%s', (file) => {
  const text = readFileSync(join(DOCS, file), 'utf8');
  const rule = ruleOf(file);
  const options = { rules: [rule], ...(versionFor(rule) !== undefined ? { istioVersion: versionFor(rule) } : {}) };

  it('has the title line, the severity line and every section', () => {
    expect(text.split('\n')[0]).toBe(`# ${rule.code} ${rule.name}: ${rule.title}`);
    expect(text).toMatch(new RegExp(`\\nSeverity: ${rule.severity}\\b[^\\n]*· Istio: [^\\n]+· Objects: `));
    for (const heading of ['What it catches', 'Why', 'How to fix', 'Failing example', 'Passing example']) expect(() => section(text, heading)).not.toThrow();
  });

  it('its failing example gives exactly the expected findings', () => {
    const failing = section(text, 'Failing example');
    const expected = expectations(failing);
    expect(expected.length).toBeGreaterThan(0);
    const found = check(yamlBlock(failing), options).filter((f) => f.rule === rule.code).map((f) => describeFinding(f).slice(rule.code.length + 1));
    expect(found.sort()).toEqual(expected.sort());
  });

  it('its passing example gives no finding', () => {
    const found = check(yamlBlock(section(text, 'Passing example')), options).filter((f) => f.rule === rule.code).map(describeFinding);
    expect(found).toEqual([]);
  });
});

test('the registry has a rule for every code of the catalog', () => {
  expect(ALL_RULES.map((r) => r.code)).toEqual([...CATALOG_RULE_CODES]);
});

test('every rule of the registry has a page, and codes are unique', () => {
  expect(ALL_RULES.map((r) => `${r.code}.md`).sort()).toEqual(pages);
  expect(new Set(ALL_RULES.map((r) => r.code)).size).toBe(ALL_RULES.length);
  expect(new Set(ALL_RULES.map((r) => r.name)).size).toBe(ALL_RULES.length);
});

test('the README table lists exactly the rules of the registry', () => {
  const readme = readFileSync(join(DOCS, 'README.md'), 'utf8');
  const table = /<!-- rules-table:start -->\n([\s\S]*?)<!-- rules-table:end -->/.exec(readme);
  expect(table).not.toBeNull();
  const expected = [
    '| Code | Name | Severity | Istio | Title |',
    '| --- | --- | --- | --- | --- |',
    ...[...ALL_RULES].sort((a, b) => (a.code < b.code ? -1 : 1)).map((r) => `| [${r.code}](${r.code}.md) | ${r.name} | ${r.severity} | ${formatIstioVersionRange(r.istioVersions)} | ${r.title} |`),
  ];
  // On a mismatch, the expected table is printed: paste it between the markers.
  expect(table![1].trimEnd().split('\n')).toEqual(expected);
});
