/**
 * `istio-direct check` under hostile input, each case in a child process with a time limit and
 * an output limit (and its peak memory, from `/usr/bin/time`, when present): every case ends with
 * a clear message naming the file, the expected exit status (never 3, the internal-error status,
 * which never equals 1, "problems found"), and no stack trace. `npm run fuzz:cli` prints the table.
 */
import * as fs from 'fs';
import { caseDir, CASE_TIMEOUT_MS, CLI_CASES, cliViolation, CliRun, runCli } from './support/cli-cases';

const runs = new Map<string, CliRun>();

describe('istio-direct check under hostile input', () => {
  test.each(CLI_CASES.map((c) => [c.name, c] as const))(
    '%s: ends with a clear message and the expected status',
    (_name, c) => {
      const dir = caseDir();
      try {
        const run = runCli(c.build(dir));
        runs.set(c.name, run);
        expect(cliViolation(c, run)).toBeUndefined();
        expect(run.status).not.toBe(3);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
    CASE_TIMEOUT_MS + 60_000,
  );

  test('an empty .yaml and an empty .json file get the same status and message', () => {
    const yaml = runs.get('empty .yaml');
    const json = runs.get('empty .json');
    expect(yaml && json).toBeTruthy();
    const strip = (r: CliRun) => `${r.stdout}${r.stderr}`.replace(/\/\S*empty\.(yaml|json)/g, 'FILE');
    expect(json!.status).toBe(yaml!.status);
    expect(strip(json!)).toBe(strip(yaml!));
    expect(strip(yaml!)).toContain('FILE: warning ID905 no objects: the file is empty or holds only empty documents');
    // Nothing at all to check is a failure, as `kubectl apply` answers "no objects passed to apply".
    expect(yaml!.status).toBe(1);
    expect(strip(yaml!)).toContain('FILE: error ID900 no objects to check: the input is empty');
  });
});
