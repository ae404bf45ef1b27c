/**
 * Test support for the Service, protocol and StatefulSet rules (ID102-ID107,
 * ID201-ID203): parse YAML documents, build the index, run one rule and
 * collect its findings.
 */
import { parseAllDocuments } from 'yaml';
import { buildIndex } from '../../lib/rules/index-builder';
import { toManifestObjects } from '../../lib/rules/manifest';
import { resolveRuleOptions } from '../../lib/rules/options';
import { ManifestObject, ResourceIndex, Rule, RuleOptions, RuleSeverity } from '../../lib/rules/types';

/** One finding as a test sees it. */
export interface Found {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly path: string;
  readonly message: string;
  readonly severity: RuleSeverity;
}

/** Every YAML document of `text`, parsed (empty documents skipped). */
export function parseYaml(text: string): Record<string, unknown>[] {
  return parseAllDocuments(text)
    .map((d) => d.toJS() as unknown)
    .filter((d): d is Record<string, unknown> => d !== null && typeof d === 'object');
}

/** Options as the engine defaults them, with `istioVersion` as `major.minor`. */
export function optionsFor(istioVersion = '1.24'): RuleOptions {
  return resolveRuleOptions({ istioVersion });
}

/** The index of `objects`. */
export function indexOf(objects: readonly Record<string, unknown>[], options: RuleOptions = optionsFor()): ResourceIndex {
  return buildIndex(toManifestObjects(objects, { defaultNamespace: options.defaultNamespace }), options);
}

/** Runs `rule` alone over the YAML documents and returns its findings in report order. */
export function check(rule: Rule, yamlText: string, istioVersion = '1.24'): Found[] {
  const options = optionsFor(istioVersion);
  return checkObjects(rule, parseYaml(yamlText), options);
}

/** Runs `rule` alone over plain objects. */
export function checkObjects(rule: Rule, objects: readonly Record<string, unknown>[], options: RuleOptions = optionsFor()): Found[] {
  const found: Found[] = [];
  const index = indexOf(objects, options);
  rule.check(index, options, (object: ManifestObject, path: string, message: string, severity?: RuleSeverity) => {
    found.push({ kind: object.kind, namespace: object.namespace, name: object.name, path, message, severity: severity ?? rule.severity });
  });
  return found;
}

/** `Kind ns/name path` of each finding, the way doc pages write expectations. */
export function where(found: readonly Found[]): string[] {
  return found.map((f) => `${f.kind} ${f.namespace}/${f.name} ${f.path === '' ? '(root)' : f.path}`);
}

/** The examples of a rule's doc page `docs/rules/<code>.md`. */
export interface DocExamples {
  readonly failing: string;
  /** The `<!-- expect: ... -->` lines of the failing example, as written. */
  readonly expects: string[];
  readonly passing: string;
}

/** Reads the failing and passing examples (YAML blocks) and expectations of a doc page. */
export function docExamples(code: string): DocExamples {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { readFileSync } = require('fs') as typeof import('fs');
  const text = readFileSync(`${__dirname}/../../docs/rules/${code}.md`, 'utf8');
  const section = (title: string) => {
    const start = text.indexOf(`## ${title}`);
    if (start < 0) throw new Error(`${code}.md has no "## ${title}"`);
    const end = text.indexOf('\n## ', start + 1);
    return text.slice(start, end < 0 ? undefined : end);
  };
  const yamlOf = (body: string) => [...body.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]).join('\n---\n');
  const failing = section('Failing example');
  return {
    failing: yamlOf(failing),
    expects: [...failing.matchAll(/<!-- expect: (.*?) -->/g)].map((m) => m[1].trim()),
    passing: yamlOf(section('Passing example')),
  };
}
