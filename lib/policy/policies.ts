/**
 * The istio-direct rules as Pulumi stack policies.
 *
 * The rules span resources (a Service and the pods it selects, a
 * PeerAuthentication and the DestinationRule of the same host), so they run
 * as stack validations, once over every Kubernetes object of the stack
 * (https://www.pulumi.com/docs/discovery-governance/policy/policy-packs/).
 * Two policies share that one run: `istio-direct-errors` reports the findings
 * of severity error (mandatory by default), `istio-direct-warnings` those of
 * severity warning and info (advisory by default).
 */
import type { PolicyConfigSchema, ReportViolation, StackValidationArgs, StackValidationPolicy } from '@pulumi/policy/policy';
import { runRules as engineRunRules } from '../rules/engine';
import { EngineOptions } from '../rules/options';
import { RuleFinding } from '../rules/types';
import type { Finding } from '../base/finding';
import { checkPolicyOptions, engineOptionsFor, IstioDirectPolicyOptions, POLICY_CONFIG_SCHEMA, RunRules } from './options';
import { formatFinding, PolicyFinding, previewNote } from './report';
import { StackObject, StackObjects, stackObjects, StackResource } from './resources';

/** Name of the policy reporting findings of severity error. */
export const ERRORS_POLICY = 'istio-direct-errors';
/** Name of the policy reporting findings of severity warning and info. */
export const WARNINGS_POLICY = 'istio-direct-warnings';

/** The code reported for a Kubernetes resource the rules could not check. */
export const NOT_CHECKED_CODE = 'ID905';

/**
 * The policies of the pack, to pass to `new PolicyPack(name, { policies })`
 * (alone or next to your own). Checks `options` now.
 *
 * @example
 *   new PolicyPack('kubernetes', { policies: [...createPolicies({ istioVersion: '1.22' }), myPolicy] });
 */
export function createPolicies(options: IstioDirectPolicyOptions = {}, packName = 'istio-direct'): StackValidationPolicy[] {
  checkPolicyOptions(packName, options);
  const run = new SharedRun(options.runRules ?? engineRunRules);
  const configSchema: PolicyConfigSchema = POLICY_CONFIG_SCHEMA;
  return [
    {
      name: ERRORS_POLICY,
      description: 'istio-direct rules of severity error: pod-to-pod traffic under Istio that fails (503s, resets, plaintext to STRICT pods). Explain a code with `npx istio-direct check --explain <code>`.',
      enforcementLevel: options.errorEnforcementLevel ?? 'mandatory',
      severity: 'high',
      configSchema,
      validateStack: (args, report) => run.report(ERRORS_POLICY, options, args, report, 'errors'),
    },
    {
      name: WARNINGS_POLICY,
      description: 'istio-direct rules of severity warning and info: pod-to-pod traffic under Istio that is fragile or not what it seems. Explain a code with `npx istio-direct check --explain <code>`.',
      enforcementLevel: options.warningEnforcementLevel ?? 'advisory',
      severity: 'medium',
      configSchema,
      validateStack: (args, report) => run.report(WARNINGS_POLICY, options, args, report, 'warnings'),
    },
  ];
}

/**
 * The findings of one stack, computed once for both policies: the Pulumi CLI
 * calls each policy's `validateStack` in turn with the same resources, so the
 * last run is kept and reused when the objects and options are the same.
 */
class SharedRun {
  private last?: { readonly key: string; readonly findings: readonly PolicyFinding[] };

  constructor(private readonly runRules: RunRules) {}

  report(policyName: string, options: IstioDirectPolicyOptions, args: StackValidationArgs, report: ReportViolation, side: 'errors' | 'warnings'): void {
    const engineOptions = engineOptionsFor(policyName, options, args.getConfig<Record<string, unknown>>());
    for (const finding of this.findings(args.resources as readonly StackResource[], engineOptions)) {
      if (finding.policy === side) {
        report(finding.message, finding.urn);
      }
    }
  }

  private findings(resources: readonly StackResource[], options: EngineOptions): readonly PolicyFinding[] {
    const stack = stackObjects(resources, options.defaultNamespace ?? 'default');
    const key = runKey(stack, options);
    if (this.last?.key !== key) {
      const findings = this.runRules(stack.objects.map((o) => o.object), options);
      this.last = { key, findings: policyFindings(stack, findings, (options.disable ?? []).includes(NOT_CHECKED_CODE)) };
    }
    return this.last.findings;
  }
}

/** Identifies a run: the objects as read (with their URNs) and the options. */
function runKey(stack: StackObjects, options: EngineOptions): string {
  const objects = stack.objects.map((o) => [o.object.source.constructPath, o.object.raw, o.unknownPaths]);
  const rules = options.rules?.map((r) => r.code);
  return JSON.stringify([objects, stack.skipped, { ...options, rules }]);
}

/**
 * The engine's findings as violations. An error on an object with values
 * unknown during preview is reported as advisory, with a note: the missing
 * value may be what makes it fail, and the deployed object is checked again
 * at `pulumi up`. Resources that could not be checked get an ID905 advisory
 * (unless ID905 is disabled).
 */
function policyFindings(stack: StackObjects, findings: readonly RuleFinding[], notCheckedDisabled: boolean): PolicyFinding[] {
  const byOrdinal = new Map<number, StackObject>(stack.objects.map((o) => [o.object.ordinal, o]));
  const out: PolicyFinding[] = [];
  for (const finding of findings) {
    const unknownPaths = byOrdinal.get(finding.object.ordinal)?.unknownPaths ?? [];
    const urn = finding.object.source.constructPath || undefined;
    const preview = unknownPaths.length > 0;
    const policy = finding.severity === 'error' && !preview ? 'errors' : 'warnings';
    const message = formatFinding(finding) + (preview ? previewNote(unknownPaths) : '');
    out.push({ policy, message, ...(urn !== undefined ? { urn } : {}) });
  }
  for (const skipped of notCheckedDisabled ? [] : stack.skipped) {
    const finding: Finding = { code: NOT_CHECKED_CODE, severity: 'warning', object: { source: { constructPath: skipped.urn } }, message: `not checked: ${skipped.reason}` };
    out.push({ policy: 'warnings', urn: skipped.urn, message: formatFinding(finding) });
  }
  return out;
}
