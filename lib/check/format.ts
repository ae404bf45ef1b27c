/** Output formats of `check`: human lines, JSON, SARIF 2.1.0. */
import { SUPPRESSIBLE_CODES } from '../rules/codes';
import { CODE_CATALOGUE } from '../rules/catalogue';
import { isNamed, nameObject } from '../base/finding';
import { RuleSeverity } from '../rules/types';
import { CheckReport, CheckResult, resultFile } from './run';

/** `<file>:<doc>: <severity> <CODE> <Kind> <ns>/<name> <path>: <message>`; file-level results leave out the object. */
export function formatHuman(r: CheckResult): string {
  const file = resultFile(r);
  const document = r.object?.source?.documentIndex;
  const where = file === '' ? '(no file)' : document !== undefined ? `${file}:${document}` : file;
  if (!isNamed(r.object)) return `${where}: ${r.severity} ${r.code} ${r.message}`;
  return `${where}: ${r.severity} ${r.code} ${nameObject(r.object, r.path, { noKind: '(no kind)', noName: '(no name)', root: '(root)' })}: ${r.message}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The summary line: counts by severity, files, objects, skipped kinds. */
export function formatSummary(report: CheckReport): string {
  const count = (s: RuleSeverity) => report.results.filter((r) => r.severity === s).length;
  const parts = [`${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}, ${plural(count('info'), 'info')}`];
  parts.push(`${plural(report.objects, 'object')} checked in ${plural(report.files, 'file')}`);
  const unknown = [...report.unknownKinds].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (unknown.length > 0) {
    const total = unknown.reduce((n, [, c]) => n + c, 0);
    const list = unknown.slice(0, 5).map(([k, c]) => `${k}${c > 1 ? ` ×${c}` : ''}`).join(', ');
    parts.push(`${plural(total, 'object')} of unknown kinds skipped (${list}${unknown.length > 5 ? ', …' : ''})`);
  }
  return parts.join('; ');
}

/** The `--json` array: `{rule, severity, file, kind, namespace, name, path, message}` per result. */
export function formatJson(report: CheckReport): string {
  const rows = report.results.map((r) => ({
    rule: r.code, severity: r.severity, file: resultFile(r), kind: r.object?.kind ?? '', namespace: r.object?.namespace ?? '', name: r.object?.name ?? '', path: r.path ?? '', message: r.message,
  }));
  return JSON.stringify(rows, null, 2);
}

const SARIF_LEVEL: Readonly<Record<RuleSeverity, string>> = { error: 'error', warning: 'warning', info: 'note' };

interface SarifRule {
  readonly id: string;
  readonly name: string;
  readonly shortDescription: { readonly text: string };
  readonly helpUri: string;
  readonly defaultConfiguration: { readonly level: string };
}

/** Every code a result can carry: the code catalogue (rules of this build, schema codes, crash code). */
function sarifRules(): SarifRule[] {
  return CODE_CATALOGUE.map((c) => ({
    id: c.code, name: c.name, shortDescription: { text: c.title }, helpUri: c.page, defaultConfiguration: { level: SARIF_LEVEL[c.severity] },
  }));
}

function artifactUri(file: string): string {
  return encodeURI(file.replace(/\\/g, '/'));
}

/** The `--sarif` log: SARIF 2.1.0, one run, for code scanning. */
export function formatSarif(report: CheckReport, version: string): string {
  const rules = sarifRules();
  const indexOf = new Map(rules.map((r, i) => [r.id, i]));
  const results = report.results.map((r) => {
    const object = isNamed(r.object) ? `${nameObject(r.object, r.path)}: ` : '';
    const file = resultFile(r);
    const location = file === '' ? [] : [{
      physicalLocation: {
        artifactLocation: { uri: artifactUri(file) },
        ...(r.position !== undefined ? { region: { startLine: r.position.line } } : {}),
      },
    }];
    const ruleIndex = indexOf.get(r.code);
    return { ruleId: r.code, ...(ruleIndex !== undefined ? { ruleIndex } : {}), level: SARIF_LEVEL[r.severity], message: { text: object + r.message }, locations: location };
  });
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{ tool: { driver: { name: 'istio-direct', version, rules } }, results }],
  };
  return JSON.stringify(log, null, 2);
}

/** True when `code` is a code of the catalog or a schema code (valid for `--disable`). */
export function isKnownCode(code: string): boolean {
  return SUPPRESSIBLE_CODES.has(code);
}
