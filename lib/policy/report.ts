/** How a finding reads in `pulumi preview` / `pulumi up` output. */
import { isNamed, nameObject, type Finding } from '../base/finding';

/** A {@link Finding} as the pack reports it: which of its policies reports it, the printed finding and its resource. */
export interface PolicyFinding {
  /** `errors`: the policy of severity error; `warnings`: the one of warnings and infos. */
  readonly policy: 'errors' | 'warnings';
  readonly message: string;
  /** URN of the resource the finding is on; none for a finding on the whole stack. */
  readonly urn?: string;
}

/** Most unknown paths a preview note names. */
const MAX_NOTED_PATHS = 5;

/**
 * `ID101 error Service default/kafka spec.ports[0].targetPort: <message>`:
 * code, severity, object and path as `istio-direct check` prints them.
 */
export function formatFinding(finding: Finding): string {
  const where = isNamed(finding.object) ? ` ${nameObject(finding.object, finding.path)}` : finding.path ? ` ${finding.path}` : '';
  return `${finding.code} ${finding.severity}${where}: ${finding.message}`;
}

/** The note on a finding whose object still has values unknown during preview. */
export function previewNote(unknownPaths: readonly string[]): string {
  const shown = unknownPaths.slice(0, MAX_NOTED_PATHS).join(', ');
  const more = unknownPaths.length > MAX_NOTED_PATHS ? ` and ${unknownPaths.length - MAX_NOTED_PATHS} more` : '';
  return ` (preview: ${shown}${more} not known yet; reported as advisory, checked again on the deployed object)`;
}
