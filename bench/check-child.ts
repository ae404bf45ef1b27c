/**
 * One measurement of `npm run bench:check`, in its own process (so that peak memory is its own):
 * `node -r ./bin/register-ts.js bench/check-child.ts <mode> <file>` prints
 * `{"ms":…,"cpuMs":…,"mainCpuMs":…,"rssMiB":…}`: wall milliseconds of the measured part, its CPU
 * milliseconds of the whole process (every thread: V8's background compiler and GC helpers too) and of
 * the main thread alone (the thread the caller waits on; Linux only, from /proc, else absent), and
 * the process's peak RSS.
 * Modes: `js-yaml` (js-yaml's loadAll of the file: the baseline), `bootstrap` (js-yaml's load of the
 * file and of the Envoy bootstrap inside its ConfigMap: the baseline of the Envoy lines), `check`
 * and `check-no-schema` (`istio-direct check --json`, output discarded).
 *
 * `check` runs the compiled CLI under `ISTIO_DIRECT_BENCH_BUILD` when it is set (a `tsc -p
 * tsconfig.build.json` output folder: the JavaScript the package ships), else the TypeScript sources.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { main as Main } from '../lib/cli/main';

/** js-yaml: the copy @pulumi/pulumi (a dev dependency) installs; the baseline only, never used by the library. */
function jsYaml(): { loadAll(text: string): unknown[]; load(text: string): unknown; version: string } {
  const from = [path.dirname(require.resolve('@pulumi/pulumi/package.json')), __dirname];
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const lib = require(require.resolve('js-yaml', { paths: from }));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return { ...lib, version: require(require.resolve('js-yaml/package.json', { paths: from })).version };
}

/** The CLI's `main`: the compiled one under ISTIO_DIRECT_BENCH_BUILD, else the sources'. */
function loadMain(): typeof Main {
  const build = process.env.ISTIO_DIRECT_BENCH_BUILD;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require(build !== undefined && build !== '' ? path.join(build, 'lib', 'cli', 'main.js') : '../lib/cli/main') as { main: typeof Main }).main;
}

/**
 * CPU nanoseconds the calling thread has run (the first field of Linux's /proc/thread-self/schedstat,
 * https://docs.kernel.org/scheduler/sched-stats.html); `undefined` where there is no such file.
 * Node 20 has no per-thread CPU clock (`process.threadCpuUsage` came in Node 23.9).
 */
function threadCpuNs(): number | undefined {
  try {
    return Number(fs.readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]);
  } catch {
    return undefined;
  }
}

function run(mode: string, file: string): { ms: number; cpuMs: number; mainCpuMs?: number } {
  // The CLI's modules load before the measurement (the rule files load inside it, on first use).
  const main = mode.startsWith('check') ? loadMain() : undefined;
  const t0 = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  const main0 = threadCpuNs();
  if (mode === 'js-yaml') {
    const docs = jsYaml().loadAll(fs.readFileSync(file, 'utf8'));
    if (docs.length === 0) throw new Error('nothing parsed');
  } else if (mode === 'bootstrap') {
    const y = jsYaml();
    const cm = y.load(fs.readFileSync(file, 'utf8')) as { data: Record<string, string> };
    y.load(cm.data['envoy.yaml']);
  } else {
    const args = ['check', '--json', '--max-file-size', '1GiB', ...(mode === 'check-no-schema' ? ['--no-schema'] : []), file];
    if (main === undefined) throw new Error(`unknown mode ${mode}`);
    const status = main(args, { out: () => undefined, err: (t) => process.stderr.write(`${t}\n`) });
    if (status > 1) throw new Error(`check exited ${status}`);
  }
  const cpu = process.cpuUsage(cpu0);
  const main1 = threadCpuNs();
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const cpuMs = (cpu.user + cpu.system) / 1000;
  return main0 === undefined || main1 === undefined ? { ms, cpuMs } : { ms, cpuMs, mainCpuMs: (main1 - main0) / 1e6 };
}

const [mode, file] = process.argv.slice(2);
if (mode === 'version') process.stdout.write(jsYaml().version);
else {
  process.stdout.write(JSON.stringify({ ...run(mode, file), rssMiB: process.resourceUsage().maxRSS / 1024 }));
}
