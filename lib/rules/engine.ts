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
import { isSuppressedBy, suppressionKey } from './suppression';
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
  for (const rule of rules) {
    const suppression = suppressionKey(rule.code);
    const seen = new ReportedFindings();
    const report = (object: ManifestObject, path: string, message: string, severity?: RuleSeverity) => {
      if (isSuppressedBy(object, suppression)) {
        if (options.onSuppressed !== undefined) options.onSuppressed(rule.code, object);
        return;
      }
      if (seen.add(object.ordinal, path, message)) findings.push(ruleFinding(rule.code, severity !== undefined ? severity : rule.severity, object, path, message));
    };
    try {
      rule.check(index, resolved, report);
    } catch (e) {
      findings.push(ruleFinding(RULE_CRASH_CODE, 'error', NO_OBJECT, '', crashMessage(rule, e)));
    }
  }
  return findings.sort(compareFindings);
}

/** Few findings of one rule share an object: past this many, an object's are kept in a set. */
const LIST_LIMIT = 8;

/**
 * The findings one rule reported, by object ordinal, path and message, to drop repeats. No key
 * strings are built: an object's few findings are compared in a list (a set past {@link LIST_LIMIT}).
 */
class ReportedFindings {
  private readonly byOrdinal = new Map<number, Array<{ readonly path: string; readonly message: string }> | Set<string>>();

  /** False when the same finding was reported before. */
  add(ordinal: number, path: string, message: string): boolean {
    const known = this.byOrdinal.get(ordinal);
    if (known === undefined) {
      this.byOrdinal.set(ordinal, [{ path, message }]);
      return true;
    }
    if (known instanceof Set) {
      const key = `${path}\u0000${message}`;
      if (known.has(key)) return false;
      known.add(key);
      return true;
    }
    for (const f of known) if (f.path === path && f.message === message) return false;
    if (known.length < LIST_LIMIT) known.push({ path, message });
    else this.byOrdinal.set(ordinal, new Set([...known, { path, message }].map((f) => `${f.path}\u0000${f.message}`)));
    return true;
  }
}

/** A finding on an input object; `rule` repeats `code` for callers of the older shape. */
export function ruleFinding(code: string, severity: RuleSeverity, object: ManifestObject, path: string, message: string): RuleFinding {
  return new Reported(code, severity, object, path, message);
}

/**
 * A finding: a class, as findings live until the end of the run (see lib/base/kept.ts), and the
 * one maker of {@link RuleFinding} objects; plain data fields, set in the order they always had.
 */
class Reported implements RuleFinding {
  readonly code: string;
  readonly rule: string;
  readonly severity: RuleSeverity;
  readonly object: ManifestObject;
  readonly path: string;
  readonly message: string;

  constructor(code: string, severity: RuleSeverity, object: ManifestObject, path: string, message: string) {
    this.code = code;
    this.rule = code;
    this.severity = severity;
    this.object = object;
    this.path = path;
    this.message = message;
  }
}

function crashMessage(rule: Rule, e: unknown): string {
  const why = e instanceof Error ? e.message : String(e);
  return `rule ${rule.code} (${rule.name}) failed: ${why.split('\n')[0]}; this is a bug in istio-direct, please report it`;
}

function order(f: RuleFinding): number {
  return f.object.ordinal < 0 ? Number.MAX_SAFE_INTEGER : f.object.ordinal;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Input order (findings without an object, rule crashes, last), then path, then code, then message. */
export function compareFindings(a: RuleFinding, b: RuleFinding): number {
  return order(a) - order(b) || cmp(a.path, b.path) || cmp(a.code, b.code) || cmp(a.message, b.message);
}
