/**
 * The child side of a measurement: runs the measured part once, in this fresh process, and
 * reports CPU time, wall time and memory on one stdout line the runner parses.
 */

/** What a child reports about its measured part. */
export interface ChildResult {
  /** User + system CPU time of the measured part (`process.cpuUsage()`), ms. */
  readonly cpuMs: number;
  /** Wall time of the measured part, ms. */
  readonly wallMs: number;
  /** Peak resident set size of the whole process (`process.resourceUsage().maxRSS`), KiB. */
  readonly maxRssKiB: number;
  /** Resident set size when the measured part started (modules loaded), KiB. */
  readonly startRssKiB: number;
}

/** Prefix of the result line on stdout. */
export const RESULT_PREFIX = '@@bench-result ';

/**
 * Measures `work` (module loading and input preparation happen before, output checks after)
 * and prints the result line.
 */
export async function measure(work: () => void | Promise<void>): Promise<ChildResult> {
  const startRssKiB = Math.round(process.memoryUsage().rss / 1024);
  const wall0 = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  await work();
  const cpu = process.cpuUsage(cpu0);
  const wallMs = Number(process.hrtime.bigint() - wall0) / 1e6;
  const result: ChildResult = {
    cpuMs: (cpu.user + cpu.system) / 1000,
    wallMs,
    maxRssKiB: process.resourceUsage().maxRSS,
    startRssKiB,
  };
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(result)}\n`);
  return result;
}

/** Runs a bench program's main, exiting 1 with the error on failure and 0 otherwise (Pulumi keeps handles open). */
export function runMain(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}
