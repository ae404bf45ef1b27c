export { ALL_RULES, type Rule, type IstioVersionRange } from '../../lib/rules';
import type { IstioVersionRange } from '../../lib/rules';

/** `all`, `>= 1.23`, `<= 1.21`, `1.19 - 1.23`: how the README table writes a rule's Istio releases. */
export function formatIstioVersionRange(range: IstioVersionRange): string {
  if (range.since !== undefined && range.until !== undefined) return `${range.since} - ${range.until}`;
  if (range.since !== undefined) return `>= ${range.since}`;
  if (range.until !== undefined) return `<= ${range.until}`;
  return 'all';
}
