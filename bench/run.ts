/**
 * `npm run bench`: synthesis at scale, library against floors, in one run.
 *
 * Compiles the bench programs and the library once into a temp folder (bench/harness/compile.ts), then runs
 * every measurement in a fresh child process, repeated, and prints a table (library and floor
 * CPU seconds min / median / max, ratio, growth per 10x work, wall time, peak RSS) and one line
 * per goal. See bench/README.md. Settings (environment):
 *   BENCH_TIMEOUT_S  per-run timeout, CPU seconds of the child (default 20): a longer run prints "> N s CPU (timed out)"
 *   BENCH_RUNS       most runs per measurement (default 5; 3 when the first run takes > 3 s, 1 when > 20 s)
 *   BENCH_BUDGET_S   once the bench has run this long, every further measurement runs once (default 420)
 *   BENCH_SIZES      'small' runs only the two smallest sizes of each family (a quick check)
 */
import { spawnSync } from 'child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { MAX_POD_IPS } from '../lib/core/envoy/defaults';
import { outputDifferences } from './harness/compare';
import { compileTree } from './harness/compile';
import { describeMachine } from './harness/machine';
import { goals, LineResult, table, warnings } from './harness/report';
import { canMeasureWholeProcess, Command, runOnce, WALL_FACTOR } from './harness/spawn';
import { Series } from './harness/stats';

const ROOT = join(__dirname, '..');

/** Run settings, from the environment. */
interface Settings {
  readonly timeoutS: number;
  readonly maxRuns: number;
  readonly budgetS: number;
  readonly small: boolean;
  readonly started: number;
}

function numberFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  const n = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isFinite(n) || n <= 0) {
    throw new Error(`${name}: ${JSON.stringify(raw)} is not a positive number`);
  }
  return n;
}

function settings(): Settings {
  return {
    timeoutS: numberFromEnv('BENCH_TIMEOUT_S', 20),
    maxRuns: Math.floor(numberFromEnv('BENCH_RUNS', 5)),
    budgetS: numberFromEnv('BENCH_BUDGET_S', 420),
    small: process.env.BENCH_SIZES === 'small',
    started: Date.now(),
  };
}

function elapsedS(s: Settings): number {
  return (Date.now() - s.started) / 1000;
}

function progress(s: Settings, message: string): void {
  process.stderr.write(`[bench ${elapsedS(s).toFixed(0).padStart(4)} s] ${message}\n`);
}

/** How many runs a measurement gets, from its first child's wall time (start-up included) and the time spent so far. */
function runsFor(firstWallS: number, s: Settings): number {
  if (elapsedS(s) > s.budgetS || firstWallS > 20) {
    return 1;
  }
  return firstWallS > 3 ? Math.min(3, s.maxRuns) : s.maxRuns;
}

/**
 * Runs `work`; when it throws (a program failed), prints the error and returns a short reason,
 * so one broken line does not lose the rest of the report.
 */
function attempt<T>(name: string, work: () => T, s: Settings): T | string {
  try {
    return work();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    progress(s, `${name} FAILED: ${message}`);
    return `failed: ${message.split('\n')[0].slice(0, 80)}`;
  }
}

/** Runs `command(rep)` up to the runs {@link runsFor} allows; stops at the first timeout. */
function measureSeries(name: string, command: (rep: number) => Command, s: Settings): Series {
  const samples = [];
  let runs = s.maxRuns;
  for (let rep = 0; rep < runs; rep++) {
    progress(s, `${name}: run ${rep + 1}/${rep === 0 ? '?' : runs}`);
    const spawned = Date.now();
    const result = attempt(name, () => runOnce(command(rep), s.timeoutS), s);
    const processWallS = (Date.now() - spawned) / 1000;
    if (typeof result === 'string') {
      return { samples, skipped: result };
    }
    if ('timedOutS' in result) {
      progress(s, `${name}: > ${result.timedOutS} s CPU (timed out)`);
      return { samples, timedOutS: result.timedOutS };
    }
    samples.push(result.ok);
    if (rep === 0) {
      runs = runsFor(processWallS, s);
    }
  }
  return { samples };
}

/** Where a run keeps its compiled programs, the floors' input and the outputs. */
interface Paths {
  readonly build: string;
  readonly data: string;
  readonly out: string;
}

/** A family of lines: the library's program, its floor, and how the floor's input is made. */
interface Family {
  readonly id: string;
  readonly label: string;
  readonly sizes: readonly number[];
  lib(n: number, outdir: string): Command;
  floor(data: string, outdir: string): Command;
  /** Writes the floor's input to `data`; `libOut` holds the library's first output. */
  prepare(n: number, data: string, libOut: string): Command;
  /** Reads the library's output once (the cold line). */
  read?(libOut: string): Command;
}

const CHILD_ENV = { ...process.env, NODE_PATH: join(ROOT, 'node_modules') };

function node(paths: Paths, script: string, ...args: (string | number)[]): Command {
  return { kind: 'in-process', argv: [join(paths.build, 'bench', script), ...args.map(String)], cwd: ROOT, env: CHILD_ENV };
}

function cdk8sFamily(paths: Paths, id: string, label: string, sizes: readonly number[]): Family {
  return {
    id,
    label,
    sizes,
    lib: (n, outdir) => node(paths, 'apps/cdk8s-app.js', id, n, outdir),
    floor: (data, outdir) => node(paths, 'floors/cdk8s-floor.js', data, outdir),
    prepare: (n, data) => node(paths, 'floors/prepare.js', id, n, data),
  };
}

/**
 * The cold synth as a whole process tree: `npm run synth` (scripts/synth.js: cdk8s.yaml's app,
 * then the validation plugin, in one process), or with `cli`, `cdk8s synth` (cdk8s-cli starting the
 * app in a shell, then the plugin: `npm run synth:cdk8s`).
 */
function coldFamily(paths: Paths, cli: boolean): Family {
  const whole = (argv: string[], env: NodeJS.ProcessEnv): Command => ({ kind: 'whole-process', argv, cwd: ROOT, env });
  const cdk8s = join(ROOT, 'node_modules', 'cdk8s-cli', 'bin', 'cdk8s');
  const synth = cli ? [cdk8s, 'synth', '--no-check-upgrade'] : [join(ROOT, 'scripts', 'synth.js')];
  return {
    id: cli ? 'cold-cdk8s-cli' : 'cold',
    label: cli ? 'cold synth through cdk8s-cli' : 'cold npm run synth of the examples',
    sizes: [1],
    lib: (_n, outdir) => whole([process.execPath, ...synth, '--output', outdir], process.env),
    floor: (data, outdir) => whole([process.execPath, join(paths.build, 'bench', 'floors', 'cdk8s-floor.js'), data, outdir], CHILD_ENV),
    prepare: (_n, data, libOut) => node(paths, 'floors/prepare.js', 'examples', libOut, data),
    read: (libOut) => node(paths, 'apps/read-output.js', libOut),
  };
}

function families(paths: Paths, s: Settings): Family[] {
  const sizes = (all: number[]) => (s.small ? all.slice(0, 2) : all);
  // The cold line first: it is the one a user waits for on every synth.
  return [
    coldFamily(paths, false),
    coldFamily(paths, true),
    cdk8sFamily(paths, 'hms-one-chart', 'HeadlessMeshService, one chart', sizes([10, 100, 1000])),
    cdk8sFamily(paths, 'hms-chart-each', 'HeadlessMeshService, one chart each', sizes([10, 100, 1000])),
    cdk8sFamily(paths, 'envoy-static', 'EnvoyDirectPods, static pod IPs', sizes([100, 1000, MAX_POD_IPS])),
    {
      id: 'pulumi',
      label: 'Pulumi HeadlessMeshService components',
      sizes: sizes([10, 100, 1000]),
      lib: (n, outdir) => node(paths, 'apps/pulumi-app.js', n, outdir),
      floor: (data, outdir) => node(paths, 'floors/pulumi-floor.js', data, outdir),
      prepare: (n, data) => node(paths, 'floors/prepare.js', 'pulumi', n, data),
    },
  ];
}

/** Runs a program that is not measured (the floors' input); throws when it fails. */
function runPlain(command: Command): void {
  const run = spawnSync(process.execPath, command.argv, { cwd: command.cwd, env: command.env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (run.status !== 0) {
    throw new Error(`${command.argv.join(' ')} failed (exit ${run.status}):\n${run.stdout}${run.stderr}`);
  }
}

/**
 * One line: the library's runs, then the floor's input and the floor's runs (and, for the cold
 * line, reading the output once); then the byte-for-byte check of the first outputs.
 */
function measureLine(family: Family, n: number, skipLib: string | undefined, paths: Paths, s: Settings): LineResult {
  const dir = join(paths.out, `${family.id}-${n}`);
  const libOut = (rep: number) => join(dir, `lib-${rep}`);
  const floorOut = (rep: number) => join(dir, `floor-${rep}`);
  const name = `${family.label} n=${n}`;
  mkdirSync(dir, { recursive: true });
  try {
    const lib: Series = skipLib !== undefined ? { samples: [], skipped: skipLib } : measureSeries(`${name} library`, (rep) => family.lib(n, libOut(rep)), s);
    const data = join(paths.data, `${family.id}-${n}.json`);
    let floor: Series;
    if (family.read !== undefined && lib.samples.length === 0) {
      floor = { samples: [], skipped: 'its input is the library output' };
    } else {
      const prepared = attempt(`${name} floor input`, () => runPlain(family.prepare(n, data, libOut(0))), s);
      floor = typeof prepared === 'string' ? { samples: [], skipped: prepared } : measureSeries(`${name} floor`, (rep) => family.floor(data, floorOut(rep)), s);
    }
    const read = family.read && lib.samples.length > 0 ? measureSeries(`${name} read output`, () => family.read!(libOut(0)), s) : undefined;
    const compared = lib.samples.length > 0 && floor.samples.length > 0;
    const differences = compared ? outputDifferences(libOut(0), floorOut(0)) : undefined;
    return { family: family.id, label: family.label, n, lib, floor, read, differences };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function measureFamily(family: Family, paths: Paths, s: Settings): LineResult[] {
  const lines: LineResult[] = [];
  let skip: string | undefined = family.id.startsWith('cold') && !canMeasureWholeProcess() ? 'needs /usr/bin/time and /usr/bin/timeout' : undefined;
  for (const n of family.sizes) {
    const line = measureLine(family, n, skip, paths, s);
    lines.push(line);
    if (skip === undefined && line.lib.timedOutS !== undefined) {
      skip = `n=${n.toLocaleString('en-US')} timed out`;
    }
  }
  return lines;
}

function main(): void {
  const s = settings();
  const tmp = mkdtempSync(join(tmpdir(), 'istio-direct-bench-'));
  const paths: Paths = { build: join(tmp, 'build'), data: join(tmp, 'data'), out: join(tmp, 'out') };
  try {
    mkdirSync(paths.data);
    progress(s, `compiling the bench and the library into ${paths.build}`);
    progress(s, `compiled ${compileTree(ROOT, ['lib', 'bench/harness', 'bench/apps', 'bench/floors'], paths.build)} files`);
    const lines = families(paths, s).flatMap((family) => measureFamily(family, paths, s));
    const out = [
      describeMachine(ROOT),
      `settings: per-run timeout ${s.timeoutS} s of CPU time (${s.timeoutS * WALL_FACTOR} s wall), up to ${s.maxRuns} runs per measurement (3 when the first child takes > 3 s of wall time, 1 when > 20 s or after ${s.budgetS} s of bench); ` +
        `ISTIO_DIRECT_ISTIO_CRDS ${process.env.ISTIO_DIRECT_ISTIO_CRDS ? 'set' : 'not set'}; bench took ${elapsedS(s).toFixed(0)} s`,
      'CPU seconds of the measured part of each fresh child process (the cold line: of the whole process tree); ratio = library median / floor median;',
      'growth/10x = how much the median grows per 10x work from the previous size (linear: 10, with fixed costs: less).',
      '',
      ...table(lines),
      '',
      ...warnings(lines),
      ...goals(lines),
    ];
    process.stdout.write(`${out.join('\n')}\n`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

main();
