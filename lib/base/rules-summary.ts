/**
 * The switch of the short summary of rule warnings a cdk8s synth prints (lib/cdk8s/rules-summary.ts),
 * read by the cdk8s validation plugin too, so that a synth lists each rule warning once.
 */

/** The environment variable that turns the summary off: `ISTIO_DIRECT_RULES_SUMMARY=off` (or `0`, `false`). */
export const RULES_SUMMARY_ENV = 'ISTIO_DIRECT_RULES_SUMMARY';

/** True unless {@link RULES_SUMMARY_ENV} says off. */
export function rulesSummaryOn(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = (env[RULES_SUMMARY_ENV] ?? '').trim().toLowerCase();
  return !['off', '0', 'false', 'no'].includes(value);
}
