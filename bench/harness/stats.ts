/** Summaries of repeated runs: min / median / max, ratios and growth, with timed-out runs as lower bounds. */
import type { ChildResult } from './measure';

/** The runs of one side (library, floor or read) of a bench line. */
export interface Series {
  readonly samples: readonly ChildResult[];
  /** Set when a run hit the per-run timeout (seconds); the samples before it stay. */
  readonly timedOutS?: number;
  /** Why the side was not run. */
  readonly skipped?: string;
}

/** A number that may be only a lower bound (a timed-out run). */
export interface Bound {
  readonly value: number;
  readonly atLeast: boolean;
}

/** The median of `xs` (mean of the middle two for an even count). */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Median CPU seconds of a series; a timeout makes it "at least the timeout"; undefined when skipped or empty. */
export function cpuSeconds(series: Series | undefined): Bound | undefined {
  if (series === undefined || series.skipped !== undefined) {
    return undefined;
  }
  if (series.timedOutS !== undefined) {
    return { value: series.timedOutS, atLeast: true };
  }
  return series.samples.length === 0 ? undefined : { value: median(series.samples.map((s) => s.cpuMs)) / 1000, atLeast: false };
}

/** Median memory the measured part added (peak RSS minus RSS at its start), MiB. */
export function workRssMiB(series: Series | undefined): Bound | undefined {
  if (series === undefined || series.samples.length === 0 || series.timedOutS !== undefined) {
    return undefined;
  }
  return { value: median(series.samples.map((s) => Math.max(0, s.maxRssKiB - s.startRssKiB))) / 1024, atLeast: false };
}

/** `a / b`; a lower bound when only `a` is one; undefined when `b` is a bound or either is missing. */
export function ratio(a: Bound | undefined, b: Bound | undefined): Bound | undefined {
  if (a === undefined || b === undefined || b.atLeast || b.value <= 0) {
    return undefined;
  }
  return { value: a.value / b.value, atLeast: a.atLeast };
}

/** Growth per 10x work between two sizes: (after / before) ^ (1 / log10(nAfter / nBefore)). */
export function growthPer10x(before: Bound | undefined, after: Bound | undefined, nBefore: number, nAfter: number): Bound | undefined {
  const r = ratio(after, before);
  if (r === undefined || nAfter <= nBefore) {
    return undefined;
  }
  return { value: Math.pow(r.value, 1 / Math.log10(nAfter / nBefore)), atLeast: r.atLeast };
}

/** `1.23`, `> 20.00`, or `-`. */
export function showBound(b: Bound | undefined, digits = 2): string {
  return b === undefined ? '-' : `${b.atLeast ? '>' : ''}${b.value.toFixed(digits)}`;
}
