/**
 * Run parameters of the property-based suite: seeded and reproducible.
 *
 * - `FUZZ_SEED`: the seed (default {@link DEFAULT_SEED}, fixed so CI is deterministic). fast-check
 *   prints the seed and the counterexample's path on failure; `FUZZ_SEED=<seed> FUZZ_PATH=<path>`
 *   replays exactly that prop set.
 * - `FUZZ_RUNS`: prop sets per construct (default: each test's CI count).
 * - `FUZZ_REPORT=1`: print the counts of outcomes by class after the run (`npm run fuzz`).
 */
import * as fc from 'fast-check';

/** The seed CI uses. */
export const DEFAULT_SEED = 20261122;

/** Per-property budget: a run that has not finished by then is a failure (a hang), not a skipped run. */
export const TIME_LIMIT_MS = Number(process.env.FUZZ_TIME_LIMIT_MS ?? 600_000);

function envInt(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isSafeInteger(n)) throw new Error(`${name}=${JSON.stringify(raw)} is not an integer`);
  return n;
}

/** The seed in use. */
export function fuzzSeed(): number {
  return envInt('FUZZ_SEED') ?? DEFAULT_SEED;
}

/** Prop sets per construct: `FUZZ_RUNS`, else `ciRuns`. */
export function fuzzRuns(ciRuns: number): number {
  return envInt('FUZZ_RUNS') ?? ciRuns;
}

/**
 * fast-check parameters: fixed seed, run count, replay path, and a hang counted as a failure.
 * `share`: the part of `FUZZ_RUNS` this property runs when it is set (slow subjects run fewer).
 */
export function fuzzParameters<T>(ciRuns: number, share = 1): fc.Parameters<T> {
  const path = process.env.FUZZ_PATH;
  const runs = envInt('FUZZ_RUNS');
  return {
    seed: fuzzSeed(),
    numRuns: runs === undefined ? ciRuns : Math.max(1, Math.round(runs * share)),
    ...(path ? { path } : {}),
    interruptAfterTimeLimit: TIME_LIMIT_MS,
    markInterruptAsFailure: true,
  };
}

/** Jest's timeout for one property: a little more than fast-check's own limit. */
export const JEST_TIMEOUT_MS = TIME_LIMIT_MS + 60_000;
