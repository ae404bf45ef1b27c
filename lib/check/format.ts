/**
 * Output formats of `check`: human lines (coloured on a terminal), JSON, SARIF 2.1.0, JUnit XML and
 * GitHub Actions workflow commands. A finding's line and column (of the field its path names, see
 * `lib/reader/positions.ts`) go into each: `file:line:column:` in the human lines and JUnit, JSON
 * `line`/`column`, SARIF `region` (columns in Unicode code points), GitHub `line=`/`col=`.
 */
import { SUPPRESSIBLE_CODES } from '../rules/codes';
import { CatalogueEntry, CODE_CATALOGUE } from '../rules/catalogue';
import { isNamed, nameObject } from '../base/finding';
import { RuleSeverity } from '../rules/types';
import { rulePage } from './docs';
import { CheckReport, CheckResult, resultFile } from './run';

/** Output formats of `check`. */
export const FORMATS = ['human', 'json', 'sarif', 'junit', 'github'] as const;
export type OutputFormat = (typeof FORMATS)[number];

/** Where the rule pages are published (the repository's docs/rules/). */
export const DOCS_BASE_URL = 'https://github.com/istio-direct/istio-direct/blob/main/';

const SEVERITY_RANK: Readonly<Record<RuleSeverity, number>> = { info: 0, warning: 1, error: 2 };

/** True when `severity` is at or above the `--fail-on` threshold. */
export function atLeast(severity: RuleSeverity, threshold: RuleSeverity): boolean {
  return SEVERITY_RANK[severity] >= SEVERITY_RANK[threshold];
}

/** ANSI colours of the human format's severity words (only on a terminal: see the CLI). */
const COLOUR: Readonly<Record<RuleSeverity, string>> = { error: '\u001b[31m', warning: '\u001b[33m', info: '\u001b[36m' };
const BOLD = '\u001b[1m';
const RESET = '\u001b[0m';

/**
 * `<file>:<line>:<column>: <severity> <CODE> <Kind> <ns>/<name> <path>: <message>`, the line and
 * column 1-based, as compilers and linters print them (editors and terminals jump to them);
 * `<file>:<line>:` when the column is not known, `<file>:` when neither is. File-level results leave
 * out the object. With `colour`, the severity is coloured and the code bold.
 */
export function formatHuman(r: CheckResult, colour = false): string {
  const where = resultFile(r) === '' ? '(no file)' : location(r);
  const label = colour ? `${COLOUR[r.severity]}${r.severity}${RESET} ${BOLD}${r.code}${RESET}` : `${r.severity} ${r.code}`;
  if (!isNamed(r.object)) return `${where}: ${label} ${r.message}`;
  return `${where}: ${label} ${nameObject(r.object, r.path, { noKind: '(no kind)', noName: '(no name)', root: '(root)' })}: ${r.message}`;
}

/** One line per Helm chart folder that was not read: how to render and check it. */
export function formatNotes(report: CheckReport): string[] {
  return (report.skipped?.helmCharts ?? []).map((c) => `${c.file}: note: ${c.message}`);
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
  const skipped = report.skipped;
  if (skipped !== undefined && skipped.files > 0) parts.push(`${plural(skipped.files, 'file')} skipped: not Kubernetes objects`);
  if (skipped !== undefined && skipped.documents > 0) parts.push(`${plural(skipped.documents, 'document')} skipped: not Kubernetes objects`);
  if (skipped !== undefined && skipped.helmCharts.length > 0) parts.push(`${plural(skipped.helmCharts.length, 'Helm chart')} not read (render ${skipped.helmCharts.length === 1 ? 'it' : 'them'}: see above)`);
  if (skipped !== undefined && skipped.excluded > 0) parts.push(`${plural(skipped.excluded, 'path')} excluded`);
  if ((report.suppressed ?? 0) > 0) parts.push(`${plural(report.suppressed ?? 0, 'finding')} suppressed`);
  return parts.join('; ');
}

/** The line and column of a result, when known. */
function positionOf(r: CheckResult): { readonly line?: number; readonly column?: number } {
  // The result's own position (its fields are read, never written): no copy per result.
  return r.position === undefined ? NO_POSITION : r.position;
}

const NO_POSITION: { readonly line?: number; readonly column?: number } = {};

/** The `--format json` array: `{rule, severity, file, line?, column?, kind, namespace, name, path, message}` per result. */
export function formatJson(report: CheckReport): string {
  return [...formatJsonChunks(report)].join('\n');
}

/** How many rows {@link formatJsonChunks} puts in one piece (about 350 characters each). */
const JSON_CHUNK_ROWS = 256;

/**
 * {@link formatJson}'s text in pieces of whole lines (joined with line breaks they are that text, byte
 * for byte: `JSON.stringify(rows, null, 2)`), so that a large report is written as it is made,
 * never held as one string. Each piece is the rows of a slice of the results written by
 * `JSON.stringify` itself, without the slice's brackets.
 */
export function* formatJsonChunks(report: CheckReport): Generator<string> {
  const results = report.results;
  if (results.length === 0) {
    yield '[]';
    return;
  }
  // Lines joined by line breaks; a piece never starts or ends with one (the writer adds one between pieces).
  for (let start = 0; start < results.length; start += JSON_CHUNK_ROWS) {
    const end = Math.min(results.length, start + JSON_CHUNK_ROWS);
    const rows = new Array<JsonRow>(end - start);
    for (let i = start; i < end; i++) rows[i - start] = jsonRow(results[i]);
    // `[\n` + the rows, each indented by 2 and separated by `,\n` + `\n]`: the brackets belong to the whole array only.
    const text = JSON.stringify(rows, null, 2);
    const first = start === 0;
    const last = end === results.length;
    yield `${first ? '[\n' : ''}${text.slice(2, text.length - 2)}${last ? '\n]' : ','}`;
  }
}

/** A row of the JSON array (a field without a value left out). */
type JsonRow =
  | { rule: string; severity: string; file: string; kind: string; namespace: string; name: string; path: string; message: string }
  | { rule: string; severity: string; file: string; line: number; kind: string; namespace: string; name: string; path: string; message: string }
  | { rule: string; severity: string; file: string; line: number; column: number; kind: string; namespace: string; name: string; path: string; message: string };

/** One row of the JSON array: every row with its fields in one order (object literals of three shapes). */
function jsonRow(r: CheckResult): JsonRow {
  const { line, column } = positionOf(r);
  const o = r.object;
  const kind = o === undefined || o.kind === undefined ? '' : o.kind;
  const namespace = o === undefined || o.namespace === undefined ? '' : o.namespace;
  const name = o === undefined || o.name === undefined ? '' : o.name;
  const path = r.path === undefined ? '' : r.path;
  const file = resultFile(r);
  if (line === undefined) return { rule: r.code, severity: r.severity, file, kind, namespace, name, path, message: r.message };
  if (column === undefined) return { rule: r.code, severity: r.severity, file, line, kind, namespace, name, path, message: r.message };
  return { rule: r.code, severity: r.severity, file, line, column, kind, namespace, name, path, message: r.message };
}

const SARIF_LEVEL: Readonly<Record<RuleSeverity, string>> = { error: 'error', warning: 'warning', info: 'note' };

interface SarifRule {
  readonly id: string;
  readonly name: string;
  readonly shortDescription: { readonly text: string };
  readonly fullDescription: { readonly text: string };
  readonly helpUri: string;
  readonly help: { readonly text: string; readonly markdown: string };
  readonly defaultConfiguration: { readonly level: string };
}

/** The web address of a code's page (a rule's own page, or the codes table). */
export function helpUri(c: CatalogueEntry): string {
  return DOCS_BASE_URL + c.page + (c.page.endsWith('README.md') ? '#schema-codes' : '');
}

/** The first paragraph of a page's "What it catches" section, on one line; the title when there is none. */
function whatItCatches(page: string | undefined, title: string): string {
  const section = page === undefined ? undefined : /(?:^|\n)## What it catches\n+([\s\S]*?)(?:\n\s*\n|\n#|$)/.exec(page);
  return section === null || section === undefined ? `${title}.` : section[1].replace(/\s*\n\s*/g, ' ').trim();
}

/** Every code a result can carry: the code catalogue (rules of this build, schema codes, crash code), each with its page as help. */
function sarifRules(): SarifRule[] {
  return CODE_CATALOGUE.map((c) => {
    const uri = helpUri(c);
    const page = rulePage(c.code);
    return {
      id: c.code, name: c.name, shortDescription: { text: c.title }, fullDescription: { text: whatItCatches(page, c.title) }, helpUri: uri,
      help: { text: `${c.title}. See ${uri}`, markdown: page !== undefined ? page.trimEnd() : `**${c.code} ${c.name}** (${c.severity}): ${c.title}.\n\nSee [the codes table](${uri}).` },
      defaultConfiguration: { level: SARIF_LEVEL[c.severity] },
    };
  });
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
        ...(r.position !== undefined ? { region: { startLine: r.position.line, ...(r.position.column !== undefined ? { startColumn: r.position.column } : {}) } } : {}),
      },
    }];
    const ruleIndex = indexOf.get(r.code);
    return { ruleId: r.code, ...(ruleIndex !== undefined ? { ruleIndex } : {}), level: SARIF_LEVEL[r.severity], message: { text: object + r.message }, locations: location };
  });
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{ tool: { driver: { name: 'istio-direct', version, rules } }, columnKind: 'unicodeCodePoints', results }],
  };
  return JSON.stringify(log, null, 2);
}

/** True when `code` is a code of the catalog or a schema code (valid for `--disable`). */
export function isKnownCode(code: string): boolean {
  return SUPPRESSIBLE_CODES.has(code);
}

function xml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] as string).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
}

/** Where a result is, as `file:line[:column]` (or the file, or '(no file)'). */
function location(r: CheckResult): string {
  const file = resultFile(r) || '(no file)';
  const { line, column } = positionOf(r);
  return line === undefined ? file : `${file}:${line}${column !== undefined ? `:${column}` : ''}`;
}

/**
 * JUnit XML (CI test reports): one test case per finding, a `<failure>` when its severity reaches
 * `failOn` (the run fails on it), else a passing case that prints the finding; a clean run is one
 * passing case, so the report is never empty.
 */
export function formatJunit(report: CheckReport, failOn: RuleSeverity = 'error'): string {
  const cases = report.results.map((r) => {
    const object = isNamed(r.object) ? `${nameObject(r.object, r.path)}` : resultFile(r) || '(no file)';
    const name = xml(`${r.code} ${object}`);
    const text = xml(`${r.severity} ${r.code} ${location(r)}: ${r.message}`);
    const body = atLeast(r.severity, failOn) ? `<failure message="${xml(r.message)}" type="${r.severity}">${text}</failure>` : `<system-out>${text}</system-out>`;
    return `    <testcase classname="${xml(resultFile(r) || 'istio-direct')}" name="${name}">${body}</testcase>`;
  });
  const failures = report.results.filter((r) => atLeast(r.severity, failOn)).length;
  if (cases.length === 0) cases.push(`    <testcase classname="istio-direct" name="check: ${xml(formatSummary(report))}"/>`);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="istio-direct check" tests="${cases.length}" failures="${failures}" errors="0">`,
    `  <testsuite name="istio-direct check" tests="${cases.length}" failures="${failures}" errors="0" skipped="0">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
  ].join('\n');
}

const GITHUB_LEVEL: Readonly<Record<RuleSeverity, string>> = { error: 'error', warning: 'warning', info: 'notice' };

/** A workflow command's message: `%`, CR and LF escaped. */
function githubData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A workflow command's property value: `,` and `:` escaped too. */
function githubProperty(text: string): string {
  return githubData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * GitHub Actions workflow commands, one per finding:
 * `::error file=<f>,line=<l>,col=<c>,title=<CODE name>::<Kind ns/name path>: <message>`
 * (errors, warnings and notices annotate the pull request), then the summary as plain text.
 */
export function formatGithub(report: CheckReport): string[] {
  const names = new Map(CODE_CATALOGUE.map((c) => [c.code, c.name]));
  const lines = report.results.map((r) => {
    const file = resultFile(r);
    const { line, column } = positionOf(r);
    const props = [
      ...(file !== '' && file !== '<stdin>' ? [`file=${githubProperty(file.replace(/\\/g, '/'))}`] : []),
      ...(line !== undefined ? [`line=${line}`] : []),
      ...(column !== undefined ? [`col=${column}`] : []),
      `title=${githubProperty(`${r.code} ${names.get(r.code) ?? ''}`.trim())}`,
    ];
    const object = isNamed(r.object) ? `${nameObject(r.object, r.path)}: ` : '';
    return `::${GITHUB_LEVEL[r.severity]} ${props.join(',')}::${githubData(object + r.message)}`;
  });
  return [...lines, ...formatNotes(report), formatSummary(report)];
}
