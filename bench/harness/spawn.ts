/**
 * The runner side of a measurement: one run of a program in a fresh child process.
 *
 * `in-process` programs measure their own measured part (bench/harness/measure.ts) and print it.
 * `whole-process` commands (the cold synth and its floor) are measured from outside by GNU
 * `time` (CPU time of the whole process tree, peak RSS of its largest process), under
 * coreutils `timeout`, which kills the whole process group on timeout.
 */
import { spawnSync } from 'child_process';
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

/** A run's result, or the timeout that stopped it. */
export type RunResult = { readonly ok: ChildResult } | { readonly timedOutS: number };

const TIME = '/usr/bin/time';
const TIME_PREFIX = '@@bench-time ';

/** Whether whole-process measurement is possible here (GNU time and coreutils timeout). */
export function canMeasureWholeProcess(): boolean {
  return existsSync(TIME) && existsSync('/usr/bin/timeout');
}

function fail(command: Command, status: number | null, stdout: string, stderr: string): never {
  const tail = (text: string) => text.split('\n').slice(-15).join('\n');
  throw new Error(`${command.argv.join(' ')} failed (exit ${status}):\n${tail(stdout)}\n${tail(stderr)}`);
}

function runInProcess(command: Command, timeoutS: number): RunResult {
  const run = spawnSync(process.execPath, command.argv, {
    cwd: command.cwd,
    env: command.env,
    encoding: 'utf8',
    timeout: timeoutS * 1000,
    killSignal: 'SIGKILL',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (run.signal === 'SIGKILL' || (run.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT') {
    return { timedOutS: timeoutS };
  }
  const line = run.stdout.split('\n').find((l) => l.startsWith(RESULT_PREFIX));
  if (run.status !== 0 || line === undefined) {
    fail(command, run.status, run.stdout, run.stderr);
  }
  return { ok: JSON.parse(line.slice(RESULT_PREFIX.length)) as ChildResult };
}

function runWholeProcess(command: Command, timeoutS: number): RunResult {
  const argv = ['-f', `${TIME_PREFIX}%e %U %S %M %x`, 'timeout', '-s', 'KILL', String(timeoutS), ...command.argv];
  const run = spawnSync(TIME, argv, {
    cwd: command.cwd,
    env: command.env,
    encoding: 'utf8',
    timeout: (timeoutS + 30) * 1000,
    killSignal: 'SIGKILL',
    maxBuffer: 256 * 1024 * 1024,
  });
  const line = run.stderr.split('\n').find((l) => l.startsWith(TIME_PREFIX));
  if (line === undefined) {
    fail(command, run.status, run.stdout, run.stderr);
  }
  const [wallS, userS, sysS, maxRssKiB, exit] = line.slice(TIME_PREFIX.length).trim().split(/\s+/).map(Number);
  // `timeout -s KILL` exits 137 when it killed the command.
  if (exit === 137 || exit === 124 || wallS >= timeoutS) {
    return { timedOutS: timeoutS };
  }
  if (run.status !== 0) {
    fail(command, run.status, run.stdout, run.stderr);
  }
  return { ok: { cpuMs: (userS + sysS) * 1000, wallMs: wallS * 1000, maxRssKiB, startRssKiB: 0 } };
}

/** Runs `command` once in a fresh process; throws when it fails. */
export function runOnce(command: Command, timeoutS: number): RunResult {
  return command.kind === 'in-process' ? runInProcess(command, timeoutS) : runWholeProcess(command, timeoutS);
}
