/**
 * The rule pages are the rules' fixtures: every `docs/rules/ID*.md` page's
 * failing example gives exactly its `expect` findings of that rule, its
 * passing example none (the failing example's messages are pinned in a
 * snapshot, once per rule); every rule file is named by its rule's code and name
 * and has a page; the README tables are the ones `npm run docs:rules` writes.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { isAtLeast, parseIstioVersion } from '../../lib/core/istio-version';
import { ALL_RULES, CATALOG_RULE_CODES, DEFAULT_RULE_OPTIONS, type Rule } from '../../lib/rules';
import { loadRule, RULE_FILES, ruleFilesIn } from '../../lib/rules/checks';
import { RULES_TABLES, withRulesTable } from '../../scripts/docs-rules';
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
  if (rule === undefined) throw new Error(`${file}: no rule file lib/rules/checks/${file.slice(0, 5)}-<name>.ts`);
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

  it('its failing example gives these messages (the one place they are asserted word for word)', () => {
    const found = check(yamlBlock(section(text, 'Failing example')), options).filter((f) => f.rule === rule.code);
    expect(found.map((f) => `${describeFinding(f)}: ${f.message}`).sort()).toMatchSnapshot();
  });

  it('its passing example gives no finding', () => {
    const found = check(yamlBlock(section(text, 'Passing example')), options).filter((f) => f.rule === rule.code).map(describeFinding);
    expect(found).toEqual([]);
  });
});

test('the registry has the rule of every rule file, in code order, and codes and names are unique', () => {
  expect(RULE_FILES.map((f) => f.code)).toEqual([...CATALOG_RULE_CODES]);
  expect(ALL_RULES.map((r) => `${r.code}-${r.name}`)).toEqual(RULE_FILES.map((f) => `${f.code}-${f.name}`));
  expect([...CATALOG_RULE_CODES].sort()).toEqual([...CATALOG_RULE_CODES]);
  expect(new Set(ALL_RULES.map((r) => r.code)).size).toBe(ALL_RULES.length);
  expect(new Set(ALL_RULES.map((r) => r.name)).size).toBe(ALL_RULES.length);
  expect(ALL_RULES.length).toBeGreaterThanOrEqual(26);
});

test('a rule file whose rule has another code or name, or no `rule` export, is refused', () => {
  const dir = mkdtempSync(join(tmpdir(), 'istio-direct-rules-'));
  try {
    writeFileSync(join(dir, 'ID101-headless-target-port.js'), "exports.rule = { code: 'ID101', name: 'headless-target-port' };");
    writeFileSync(join(dir, 'ID102-port-protocol-undeclared.js'), "exports.rule = { code: 'ID103', name: 'port-protocol-undeclared' };");
    writeFileSync(join(dir, 'ID104-udp-app-protocol-on-tcp.js'), "exports.udp = { code: 'ID104', name: 'udp-app-protocol-on-tcp' };");
    writeFileSync(join(dir, 'ID104-udp-app-protocol-on-tcp.d.ts'), '');
    writeFileSync(join(dir, 'helper.js'), '');
    const files = ruleFilesIn(dir, '.js');
    expect(files.map((f) => [f.code, f.name])).toEqual([['ID101', 'headless-target-port'], ['ID102', 'port-protocol-undeclared'], ['ID104', 'udp-app-protocol-on-tcp']]);
    expect(loadRule(files[0]).code).toBe('ID101');
    expect(() => loadRule(files[1])).toThrow(/ID102-port-protocol-undeclared\.js: a rule file exports its rule as `rule`, with the code and name of its file name \(ID102 port-protocol-undeclared\)/);
    expect(() => loadRule(files[2])).toThrow(/exports its rule as `rule`/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('every rule of the registry has a page, and every page a rule', () => {
  expect(ALL_RULES.map((r) => `${r.code}.md`).sort()).toEqual(pages);
});

test.each(RULES_TABLES.map((t) => [t.file, t.pages]))('the rules table of %s is current (else run `npm run docs:rules`)', (file, prefix) => {
  const text = readFileSync(join(__dirname, '..', '..', file), 'utf8');
  expect(text).toContain(`| [ID101](${prefix}ID101.md) | headless-target-port | error | all |`);
  expect(text).toBe(withRulesTable(text, prefix, file));
});
