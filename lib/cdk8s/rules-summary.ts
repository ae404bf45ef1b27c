/**
 * The short summary of the rules' warnings that a cdk8s synth prints once (the errors fail the
 * synth on their own): on a plain `cdk8s synth` (whose app's standard output cdk8s-cli keeps to
 * itself, so it goes to standard error) and on `npm run synth`.
 *
 * Turned off by `configureRules(app, { summary: false })` or `ISTIO_DIRECT_RULES_SUMMARY=off`;
 * a single rule by `configureRules(app, { disable: ['ID106'] })` or the object's
 * `istio-direct/ignore-ID106: "<reason>"` annotation.
 */
import { RULES_SUMMARY_ENV } from '../base/rules-summary';
import { RuleFinding } from '../rules';

/** Longest message shown in the summary; the rule's page has the rest (`istio-direct check --explain`). */
const MAX_MESSAGE = 160;

/** The summary's lines, or none when there is no warning. */
export function rulesSummary(findings: readonly RuleFinding[]): string[] {
  const warnings = findings.filter((f) => f.severity === 'warning');
  if (warnings.length === 0) return [];
  const header = `istio-direct: ${warnings.length} rule warning${warnings.length === 1 ? '' : 's'} (configureRules(app, { summary: false }) or ${RULES_SUMMARY_ENV}=off hides this summary):`;
  return [header, ...warnings.map(summaryLine)];
}

/** `  ID106 Service default/x (construct c/x/Resource): first 160 characters… (istio-direct check --explain ID106)` */
function summaryLine(finding: RuleFinding): string {
  const o = finding.object;
  const where = `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`;
  const construct = o.source.constructPath ? ` (construct ${o.source.constructPath})` : '';
  const message = finding.message.length > MAX_MESSAGE ? `${finding.message.slice(0, MAX_MESSAGE - 1)}…` : finding.message;
  return `  ${finding.rule} ${where}${construct}: ${message} (istio-direct check --explain ${finding.rule})`;
}
