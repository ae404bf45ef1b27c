/**
 * Test support for the rules ID301-ID309 and ID401-ID404: YAML snippets to
 * findings of one rule through the real index and engine, and the examples of
 * a rule's doc page.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { parseAllDocuments } from 'yaml';
import { runRules } from '../../lib/rules/engine';
import { toManifestObjects } from '../../lib/rules/manifest';
import { EngineOptions } from '../../lib/rules/options';
import { Rule, RuleFinding } from '../../lib/rules/types';

/** Parses multi-document YAML into plain objects (empty documents left out). */
export function documents(yaml: string): unknown[] {
  return parseAllDocuments(yaml)
    .map((doc) => doc.toJS() as unknown)
    .filter((v) => v !== null && v !== undefined);
}

/** The findings of `rule` over the YAML (or already parsed objects). */
export function findings(rule: Rule, input: string | readonly unknown[], options: EngineOptions = {}): RuleFinding[] {
  const objects = toManifestObjects(typeof input === 'string' ? documents(input) : input);
  return runRules(objects, { ...options, rules: [rule] }).filter((f) => f.rule === rule.code || f.rule === 'ID000');
}

/** `Kind namespace/name path`, the form of the doc pages' `expect` lines (path '' as `(root)`). */
export function where(finding: RuleFinding): string {
  return `${finding.object.kind} ${finding.object.namespace}/${finding.object.name} ${finding.path === '' ? '(root)' : finding.path}`;
}

/** The failing and passing examples of `docs/rules/<code>.md`, with the failing example's `expect` lines. */
export function docExamples(code: string): { failing: string; passing: string; expected: string[] } {
  const text = readFileSync(join(__dirname, '..', '..', 'docs', 'rules', `${code}.md`), 'utf8');
  const block = (heading: string): string => {
    const start = text.indexOf(`## ${heading}`);
    const match = /```ya?ml\n([\s\S]*?)```/.exec(text.slice(start));
    if (start < 0 || match === null) throw new Error(`${code}.md has no "${heading}" YAML block`);
    return match[1];
  };
  const failingSection = text.slice(text.indexOf('## Failing example'), text.indexOf('## Passing example'));
  const expected = [...failingSection.matchAll(/<!-- expect: (.+?) -->/g)].map((m) => m[1].trim());
  return { failing: block('Failing example'), passing: block('Passing example'), expected };
}
