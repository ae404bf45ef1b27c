/**
 * The rules engine: builds the index once, runs every enabled rule that
 * applies to the targeted Istio release, applies suppressions, and returns
 * the findings in a deterministic order (input order, then path, then code).
 */
import { isAtLeast, parseIstioVersion } from '../core/istio-version';
import { RULE_CRASH_CODE } from './codes';
import { buildIndex } from './index-builder';
import { EngineOptions, resolveRuleOptions } from './options';
import { ALL_RULES } from './checks';
import { isSuppressed } from './suppression';
import { ManifestObject, Rule, RuleFinding, RuleOptions, RuleSeverity } from './types';

/** True when the rule applies to the targeted Istio release. */
export function ruleAppliesTo(rule: Rule, options: RuleOptions): boolean {
  const since = rule.istioVersions.since !== undefined ? parseIstioVersion(rule.istioVersions.since) : undefined;
  const until = rule.istioVersions.until !== undefined ? parseIstioVersion(rule.istioVersions.until) : undefined;
  if (since !== undefined && !isAtLeast(options.istioVersion, since)) return false;
  return until === undefined || isAtLeast(until, options.istioVersion);
}

/** The object a rule crash is reported on when it cannot be tied to one. */
const NO_OBJECT: ManifestObject = { raw: {}, apiVersion: '', kind: '', name: '', namespace: '', labels: {}, annotations: {}, source: {}, ordinal: -1 };

/**
 * Runs the rules over `objects` and returns their findings. A rule that
 * throws does not stop the run: it gives one `ID000` error naming the rule.
 *
 * @example
 *   const findings = runRules(toManifestObjects(chart.toJson()), { istioVersion: '1.24' });
 */
export function runRules(objects: readonly ManifestObject[], options: EngineOptions = {}): RuleFinding[] {
  const resolved = resolveRuleOptions(options);
  const disabled = new Set((options.disable ?? []).map((c) => c.trim().toUpperCase()));
  const rules = (options.rules ?? ALL_RULES).filter((r) => !disabled.has(r.code) && ruleAppliesTo(r, resolved));
  const index = buildIndex(objects, resolved);
  const findings: RuleFinding[] = [];
  const seen = new Set<string>();
  for (const rule of rules) {
    const report = (object: ManifestObject, path: string, message: string, severity?: RuleSeverity) => {
      if (isSuppressed(object, rule.code)) return;
      const id = `${object.ordinal}\u0000${path}\u0000${message}`;
      if (seen.has(`${rule.code}\u0000${id}`)) return;
      seen.add(`${rule.code}\u0000${id}`);
      findings.push(ruleFinding(rule.code, severity ?? rule.severity, object, path, message));
    };
    try {
      rule.check(index, resolved, report);
    } catch (e) {
      findings.push(ruleFinding(RULE_CRASH_CODE, 'error', NO_OBJECT, '', crashMessage(rule, e)));
    }
  }
  return findings.sort(compareFindings);
}

/** A finding on an input object; `rule` repeats `code` for callers of the older shape. */
export function ruleFinding(code: string, severity: RuleSeverity, object: ManifestObject, path: string, message: string): RuleFinding {
  return { code, rule: code, severity, object, path, message };
}

function crashMessage(rule: Rule, e: unknown): string {
  const why = e instanceof Error ? e.message : String(e);
  return `rule ${rule.code} (${rule.name}) failed: ${why.split('\n')[0]}; this is a bug in istio-direct, please report it`;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Input order (findings without an object, rule crashes, last), then path, then code, then message. */
export function compareFindings(a: RuleFinding, b: RuleFinding): number {
  const order = (f: RuleFinding) => (f.object.ordinal < 0 ? Number.MAX_SAFE_INTEGER : f.object.ordinal);
  return order(a) - order(b) || cmp(a.path, b.path) || cmp(a.code, b.code) || cmp(a.message, b.message);
}
