/**
 * The runner side of a measurement: one run of a program in a fresh child process.
 *
 * `in-process` programs measure their own measured part (bench/harness/measure.ts) and print it.
 * `whole-process` commands (the cold synth and its floor) are measured from outside by GNU
 * `time`: CPU time of the whole process tree, peak RSS of its largest process.
 *
 * The timeout of in-process programs is on CPU time, like the measurements, so a busy machine
 * does not turn a slow wall clock into a timeout: they run under `ulimit -t <timeout>` (the
 * kernel kills them). A wall-clock limit of {@link WALL_FACTOR} times the timeout guards against
 * hangs; it is the only limit of whole-process commands (coreutils `timeout`, which kills the
 * whole process group).
 */
import { spawnSync, SpawnSyncReturns } from 'child_process';
import { existsSync } from 'fs';
import { ChildResult, RESULT_PREFIX } from './measure';

/** A program to run: `node <args>` (in-process) or any command (whole-process). */
export interface Command {
  readonly kind: 'in-process' | 'whole-process';
  /** For in-process: arguments to node; for whole-process: the command and its arguments. */
  readonly argv: readonly string[];
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
}

/** A run's result, or the CPU-time timeout that stopped it. */
export type RunResult = { readonly ok: ChildResult } | { readonly timedOutS: number };

/** The wall-clock guard, as a multiple of the CPU-time timeout. */
export const WALL_FACTOR = 6;

const TIME = '/usr/bin/time';
const TIMEOUT = '/usr/bin/timeout';
const TIME_PREFIX = '@@bench-time ';
/** `sh -c` script: limit CPU time to $1 seconds, then exec the rest of the arguments. */
const WITH_CPU_LIMIT = 'ulimit -t "$1" && shift && exec "$@"';

/** Whether whole-process measurement is possible here (GNU time and coreutils timeout). */
export function canMeasureWholeProcess(): boolean {
  return existsSync(TIME) && existsSync(TIMEOUT);
}

function spawn(file: string, args: readonly string[], command: Command, wallS: number): SpawnSyncReturns<string> {
  return spawnSync(file, args, {
    cwd: command.cwd,
    env: command.env,
    encoding: 'utf8',
    timeout: wallS * 1000,
    killSignal: 'SIGKILL',
    maxBuffer: 256 * 1024 * 1024,
  });
}

function fail(command: Command, run: SpawnSyncReturns<string>): never {
  const tail = (text: string) => text.split('\n').slice(-15).join('\n');
  throw new Error(`${command.argv.join(' ')} failed (exit ${run.status}, signal ${run.signal}):\n${tail(run.stdout)}\n${tail(run.stderr)}`);
}

function runInProcess(command: Command, timeoutS: number): RunResult {
  const run = spawn('/bin/sh', ['-c', WITH_CPU_LIMIT, 'sh', String(timeoutS), process.execPath, ...command.argv], command, timeoutS * WALL_FACTOR);
  // The kernel sends SIGXCPU, and SIGKILL at the hard limit, which `ulimit -t` sets too.
  if (run.signal === 'SIGXCPU' || run.signal === 'SIGKILL' || (run.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT') {
    return { timedOutS: timeoutS };
  }
  const line = run.stdout.split('\n').find((l) => l.startsWith(RESULT_PREFIX));
  if (run.status !== 0 || line === undefined) {
    fail(command, run);
  }
  return { ok: JSON.parse(line.slice(RESULT_PREFIX.length)) as ChildResult };
}

function runWholeProcess(command: Command, timeoutS: number): RunResult {
  const wallS = timeoutS * WALL_FACTOR;
  // No `ulimit -t` here: it limits each process of the tree, not the tree, and a process it stops
  // fails the command like any error. The wall-clock guard alone stops a hang.
  const args = ['-f', `${TIME_PREFIX}%e %U %S %M %x`, TIMEOUT, '-s', 'KILL', String(wallS), ...command.argv];
  const run = spawn(TIME, args, command, wallS + 30);
  const line = run.stderr.split('\n').find((l) => l.startsWith(TIME_PREFIX));
  if (line === undefined) {
    fail(command, run);
  }
  const [elapsedS, userS, sysS, maxRssKiB, exit] = line.slice(TIME_PREFIX.length).trim().split(/\s+/).map(Number);
  // `timeout -s KILL` exits 137 when it stopped the command.
  if (exit === 137 || exit === 124 || elapsedS >= wallS) {
    return { timedOutS: timeoutS };
  }
  if (run.status !== 0) {
    fail(command, run);
  }
  return { ok: { cpuMs: (userS + sysS) * 1000, wallMs: elapsedS * 1000, maxRssKiB, startRssKiB: 0 } };
}

/** Runs `command` once in a fresh process; throws when it fails. */
export function runOnce(command: Command, timeoutS: number): RunResult {
  return command.kind === 'in-process' ? runInProcess(command, timeoutS) : runWholeProcess(command, timeoutS);
}
