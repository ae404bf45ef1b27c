/**
 * `npm run fuzz:cli`: runs every hostile input of `support/cli-cases.ts` through
 * `istio-direct check` in a child process and prints a table (input, exit status, time,
 * peak memory, verdict). Exits 1 when any case breaks the contract.
 */
import * as fs from 'fs';
import { caseDir, CLI_CASES, cliViolation, runCli } from './support/cli-cases';

function main(): number {
  const rows: string[][] = [['input', 'exit status', 'time (ms)', 'peak memory (MiB)', 'verdict']];
  let failures = 0;
  for (const c of CLI_CASES) {
    const dir = caseDir();
    try {
      const run = runCli(c.build(dir));
      const why = cliViolation(c, run);
      if (why) failures++;
      const firstLine = `${run.stdout}\n${run.stderr}`.split('\n').find((l) => l.includes(c.names)) ?? '';
      rows.push([
        c.name,
        run.timedOut ? 'timeout' : String(run.status ?? run.signal),
        String(run.ms),
        run.peakKib === undefined ? 'n/a' : (run.peakKib / 1024).toFixed(0),
        why ? `FAIL: ${why.split('\n')[0]}` : `ok: ${firstLine.replace(dir, '<tmp>').slice(0, 110)}`,
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const line = (r: string[]) => `| ${r.map((cell, i) => cell.padEnd(widths[i])).join(' | ')} |`;
  process.stdout.write(`${[line(rows[0]), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.slice(1).map(line)].join('\n')}\n`);
  return failures === 0 ? 0 : 1;
}

process.exitCode = main();
