/**
 * The one test helper of the rules: YAML to objects, the runners (every rule through the engine, one
 * rule through the engine, one rule called directly), the examples of a rule's doc page, and the
 * summary of a finding the tests assert (code, object, path). `summary` is the only function that
 * reads a finding's fields: a rename of them changes this file alone.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { parseAllDocuments } from 'yaml';
import { buildIndex, resolveRuleOptions, runRules, toManifestObjects, type EngineOptions, type ManifestObject, type Rule, type RuleFinding, type RuleOptions, type RuleSeverity } from '../../lib/rules';
import { ruleFinding } from '../../lib/rules/engine';

/** The documents of a multi-document YAML text (empty documents left out); a YAML error throws. */
export function documents(yamlText: string): unknown[] {
  return parseAllDocuments(yamlText)
    .map((d) => {
      if (d.errors.length > 0) throw new Error(d.errors[0].message);
      return d.toJS() as unknown;
    })
    .filter((v) => v !== null && v !== undefined);
}

/** Objects of a multi-document YAML text. */
export function objectsOf(yamlText: string, defaultNamespace?: string): ManifestObject[] {
  return toManifestObjects(documents(yamlText), { defaultNamespace });
}

/** Runs every rule (or `options.rules`) through the engine over a YAML text. */
export function check(yamlText: string, options: EngineOptions = {}): RuleFinding[] {
  return runRules(objectsOf(yamlText, options.defaultNamespace), options);
}

/** The findings of `rule` alone through the engine (sorted, suppressions applied), crashes (ID000) included. */
export function findings(rule: Rule, input: string | readonly unknown[], options: EngineOptions = {}): RuleFinding[] {
  const objects = toManifestObjects(typeof input === 'string' ? documents(input) : input, { defaultNamespace: options.defaultNamespace });
  return runRules(objects, { ...options, rules: [rule] }).filter((f) => f.rule === rule.code || f.rule === 'ID000');
}

/** Options as the engine defaults them, with `istioVersion` as `major.minor`. */
export function optionsFor(istioVersion = '1.24'): RuleOptions {
  return resolveRuleOptions({ istioVersion });
}

/** Calls `rule.check` directly (no engine: no sorting, no suppression, no version gate): its findings in report order. */
export function runRule(rule: Rule, input: string | readonly unknown[], options: RuleOptions = optionsFor()): RuleFinding[] {
  const objects = toManifestObjects(typeof input === 'string' ? documents(input) : input, { defaultNamespace: options.defaultNamespace });
  const found: RuleFinding[] = [];
  rule.check(buildIndex(objects, options), options, (object: ManifestObject, path: string, message: string, severity?: RuleSeverity) => {
    found.push(ruleFinding(rule.code, severity ?? rule.severity, object, path, message));
  });
  return found;
}

/** What a rule test asserts of a finding. */
export interface Summary {
  readonly code: string;
  /** `Kind namespace/name`. */
  readonly object: string;
  /** JSON path in the object, `(root)` for the whole object. */
  readonly path: string;
}

/** The code, object and path of a finding: the one reader of a finding's fields in the tests. */
export function summary(f: RuleFinding): Summary {
  return { code: f.code, object: `${f.object.kind} ${f.object.namespace}/${f.object.name}`, path: f.path === '' ? '(root)' : f.path };
}

/** `Kind namespace/name path`, the form of the doc pages' `expect` lines. */
export function where(f: RuleFinding): string {
  const s = summary(f);
  return `${s.object} ${s.path}`;
}

/** `CODE Kind namespace/name path`, as the corpus lists findings. */
export function describeFinding(f: RuleFinding): string {
  return `${summary(f).code} ${where(f)}`;
}

/** The failing and passing examples (YAML) of `docs/rules/<code>.md`, with the failing example's `expect` lines. */
export function docExamples(code: string): { failing: string; passing: string; expected: string[] } {
  const text = readFileSync(join(__dirname, '..', '..', 'docs', 'rules', `${code}.md`), 'utf8');
  const section = (heading: string): string => {
    const start = text.indexOf(`\n## ${heading}\n`);
    if (start < 0) throw new Error(`${code}.md has no "## ${heading}"`);
    const end = text.indexOf('\n## ', start + 1);
    return text.slice(start, end < 0 ? undefined : end);
  };
  const yamlOf = (body: string): string => {
    const m = /```ya?ml\n([\s\S]*?)```/.exec(body);
    if (m === null) throw new Error(`${code}.md: no YAML block`);
    return m[1];
  };
  const failing = section('Failing example');
  return {
    failing: yamlOf(failing),
    passing: yamlOf(section('Passing example')),
    expected: [...failing.matchAll(/<!-- expect: (.+?) -->/g)].map((m) => m[1].trim()),
  };
}
