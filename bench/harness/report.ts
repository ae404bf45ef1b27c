/** The bench's table and goal lines. */
import { MAX_POD_IPS } from '../../lib/core/envoy/defaults';
import { Bound, cpuSeconds, growthPer10x, median, ratio, Series, showBound, workRssMiB } from './stats';

/** One measured line: the library and its floor at one size. */
export interface LineResult {
  readonly family: string;
  readonly label: string;
  readonly n: number;
  readonly lib: Series;
  readonly floor: Series;
  /** The cold line only: reading the output once. */
  readonly read?: Series;
  /** Differences between the library's and the floor's output; undefined when not compared. */
  readonly differences?: readonly string[];
}

function cell(series: Series): string {
  if (series.skipped !== undefined) {
    return `skipped (${series.skipped})`;
  }
  const cpu = series.samples.map((s) => s.cpuMs / 1000);
  const measured = cpu.length === 0 ? '' : `${Math.min(...cpu).toFixed(3)} / ${median(cpu).toFixed(3)} / ${Math.max(...cpu).toFixed(3)}`;
  if (series.timedOutS === undefined) {
    return measured;
  }
  const timedOut = `> ${series.timedOutS} s CPU (timed out)`;
  return measured === '' ? timedOut : `${measured}, then ${timedOut}`;
}

function wall(series: Series): string {
  return series.samples.length === 0 ? '-' : median(series.samples.map((s) => s.wallMs / 1000)).toFixed(2);
}

function rss(series: Series): string {
  return series.samples.length === 0 ? '-' : String(Math.round(Math.max(...series.samples.map((s) => s.maxRssKiB)) / 1024));
}

/** The growth per 10x of `line` against the previous size of its family. */
export function growthOf(lines: readonly LineResult[], line: LineResult, side: 'lib' | 'floor'): Bound | undefined {
  const family = lines.filter((l) => l.family === line.family);
  const prev = family[family.indexOf(line) - 1];
  return prev === undefined ? undefined : growthPer10x(cpuSeconds(prev[side]), cpuSeconds(line[side]), prev.n, line.n);
}

function pad(rows: readonly string[][]): string[] {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((v, c) => (c < 2 ? v.padEnd(widths[c]) : v.padStart(widths[c]))).join('  ').trimEnd());
}

/** The table: one row per line (and one for reading the cold output), CPU seconds min / median / max. */
export function table(lines: readonly LineResult[]): string[] {
  const rows = [
    ['line', 'n', 'library CPU s min / med / max', 'floor CPU s min / med / max', 'ratio', 'growth/10x lib | floor', 'wall med s lib | floor', 'peak RSS MiB lib | floor', 'runs'],
  ];
  for (const line of lines) {
    rows.push([
      line.label,
      line.n.toLocaleString('en-US'),
      cell(line.lib),
      cell(line.floor),
      showBound(ratio(cpuSeconds(line.lib), cpuSeconds(line.floor))),
      `${showBound(growthOf(lines, line, 'lib'))} | ${showBound(growthOf(lines, line, 'floor'))}`,
      `${wall(line.lib)} | ${wall(line.floor)}`,
      `${rss(line.lib)} | ${rss(line.floor)}`,
      `${line.lib.samples.length} | ${line.floor.samples.length}`,
    ]);
    if (line.read !== undefined) {
      rows.push(['  read that output once (in-process)', '', cell(line.read), '', '', '', `${wall(line.read)} | -`, `${rss(line.read)} | -`, `${line.read.samples.length} | -`]);
    }
  }
  return pad(rows);
}

/** A goal: a measured value against its limit. */
interface Goal {
  readonly text: string;
  readonly value: Bound | undefined;
  readonly limit: number;
  /** Why there is no value. */
  readonly missing?: string;
  /** Shows the value as a percentage share rather than a ratio. */
  readonly percent?: boolean;
}

function goalLine(goal: Goal): string {
  if (goal.value === undefined) {
    return `goal ${goal.text}: NOT met (not measured${goal.missing ? `: ${goal.missing}` : ''})`;
  }
  const percent = (b: Bound) => `${b.atLeast ? '>' : ''}${(b.value * 100).toFixed(1)}%`;
  const shown = goal.percent ? `share ${percent(goal.value)}` : `ratio ${showBound(goal.value)}`;
  const limit = goal.percent ? percent({ value: goal.limit, atLeast: false }) : String(goal.limit);
  const met = !goal.value.atLeast && goal.value.value <= goal.limit;
  return met ? `goal ${goal.text}: met (${shown} <= ${limit})` : `goal ${goal.text}: NOT met (${shown}; goal <= ${limit})`;
}

function find(lines: readonly LineResult[], family: string, n?: number): LineResult[] {
  return lines.filter((l) => l.family === family && (n === undefined || l.n === n));
}

/**
 * The largest of some steps. A failing lower bound (`> limit`) decides alone; otherwise every
 * step must be known, or the result is undefined (a skipped or timed-out size hides nothing).
 */
function worst(steps: readonly (Bound | undefined)[], limit: number): Bound | undefined {
  const known = steps.filter((b): b is Bound => b !== undefined);
  const largest = known.reduce<Bound | undefined>((a, b) => (a === undefined || b.value > a.value || (b.value === a.value && b.atLeast) ? b : a), undefined);
  const complete = known.length > 0 && known.length === steps.length;
  return largest !== undefined && (complete || largest.value > limit) ? largest : undefined;
}

function ratioGoal(lines: readonly LineResult[], family: string, n: number, text: string, limit: number): Goal {
  const line = find(lines, family, n)[0];
  const value = line && ratio(cpuSeconds(line.lib), cpuSeconds(line.floor));
  return { text, value, limit, missing: line ? line.lib.skipped : `no ${family} line of ${n}` };
}

function linearGoal(lines: readonly LineResult[], family: string, label: string): Goal {
  const sized = find(lines, family);
  const value = worst(sized.slice(1).map((l) => growthOf(lines, l, 'lib')), 11);
  const sizes = sized.map((l) => l.n.toLocaleString('en-US')).join(' -> ');
  const missing = sized.filter((l) => cpuSeconds(l.lib) === undefined || cpuSeconds(l.lib)?.atLeast).map((l) => `n=${l.n.toLocaleString('en-US')}`);
  return { text: `${label} linear (library CPU time per 10x work, worst step of ${sizes})`, value, limit: 11, missing: `${missing.join(', ')} not measured` };
}

/** The library's own share of the Pulumi run at the largest size: (library - floor) / library. */
function pulumiShareGoal(lines: readonly LineResult[]): Goal {
  const line = find(lines, 'pulumi').pop();
  const lib = line && cpuSeconds(line.lib);
  const floor = line && cpuSeconds(line.floor);
  const text = `Pulumi: the library's own share of the run under 10% (${line?.n.toLocaleString('en-US')} components; (library - floor) / library)`;
  if (lib === undefined || floor === undefined || floor.atLeast) {
    return { text, value: undefined, limit: 0.1, missing: line?.lib.skipped };
  }
  return { text, value: { value: Math.max(0, lib.value - floor.value) / lib.value, atLeast: lib.atLeast }, limit: 0.1, percent: true };
}

/** Memory the Pulumi runs add (peak RSS minus RSS at the start), per 10x components, worst step. */
function pulumiMemoryGoal(lines: readonly LineResult[]): Goal {
  const family = find(lines, 'pulumi');
  const steps = family.slice(1).map((line, i) => growthPer10x(workRssMiB(family[i].lib), workRssMiB(line.lib), family[i].n, line.n));
  const shown = family.map((l) => `${showBound(workRssMiB(l.lib), 0)} MiB`).join(' -> ');
  return {
    text: `Pulumi: memory grows linearly (peak RSS above the loaded process, per 10x components <= 11x; ${shown})`,
    value: worst(steps, 11),
    limit: 11,
    missing: 'a size timed out or was skipped',
  };
}

/** The cold synth against the compiled floor app plus reading the output once. */
function coldGoal(lines: readonly LineResult[]): Goal {
  const line = find(lines, 'cold')[0];
  const text = 'cold main job (npm run synth of the examples, validation and rules included) within 3x of the compiled floor app + reading the output once';
  const floor = line && cpuSeconds(line.floor);
  const read = line && cpuSeconds(line.read);
  if (line === undefined || floor === undefined || read === undefined || floor.atLeast || read.atLeast) {
    return { text, value: undefined, limit: 3, missing: line?.lib.skipped ?? line?.floor.skipped };
  }
  return { text, value: ratio(cpuSeconds(line.lib), { value: floor.value + read.value, atLeast: false }), limit: 3 };
}

/** One line per goal: `goal …: met (…)` or `goal …: NOT met (ratio X; …)`. */
export function goals(lines: readonly LineResult[]): string[] {
  return [
    ratioGoal(lines, 'hms-one-chart', 1000, '1,000 HeadlessMeshServices in one chart within 1.5x of the floor', 1.5),
    ratioGoal(lines, 'hms-chart-each', 1000, '1,000 HeadlessMeshServices in one chart each within 1.5x of the floor', 1.5),
    ratioGoal(lines, 'envoy-static', MAX_POD_IPS, `EnvoyDirectPods with ${MAX_POD_IPS.toLocaleString('en-US')} pod IPs (the most a static cluster takes) within 2x of the floor`, 2),
    pulumiShareGoal(lines),
    pulumiMemoryGoal(lines),
    linearGoal(lines, 'hms-one-chart', 'HeadlessMeshService in one chart'),
    linearGoal(lines, 'hms-chart-each', 'HeadlessMeshService one chart each'),
    linearGoal(lines, 'envoy-static', 'EnvoyDirectPods static pod IPs'),
    linearGoal(lines, 'pulumi', 'Pulumi components'),
    coldGoal(lines),
  ].map(goalLine);
}

/** One warning per line whose library and floor output differ. */
export function warnings(lines: readonly LineResult[]): string[] {
  return lines
    .filter((l) => l.differences !== undefined && l.differences.length > 0)
    .map((l) => `WARNING ${l.label} n=${l.n}: library and floor output are not byte-identical: ${(l.differences ?? []).join('; ')}`);
}
