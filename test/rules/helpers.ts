import { parseAllDocuments } from 'yaml';
import { runRules, toManifestObjects, type EngineOptions, type ManifestObject, type RuleFinding } from '../../lib/rules';

/** Objects of a multi-document YAML text. */
export function objectsOf(yamlText: string, defaultNamespace?: string): ManifestObject[] {
  const values = parseAllDocuments(yamlText).map((d) => {
    if (d.errors.length > 0) throw new Error(d.errors[0].message);
    return d.toJS() as unknown;
  });
  return toManifestObjects(values.filter((v) => v !== null), { defaultNamespace });
}

/** `Kind ns/name path` of each finding (path '' as `(root)`), as the doc pages and corpus list them. */
export function describeFinding(f: RuleFinding): string {
  return `${f.rule} ${f.object.kind} ${f.object.namespace}/${f.object.name} ${f.path === '' ? '(root)' : f.path}`;
}

/** Runs the rules over a YAML text. */
export function check(yamlText: string, options: EngineOptions = {}): RuleFinding[] {
  return runRules(objectsOf(yamlText, options.defaultNamespace), options);
}
