import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as run from '../../lib/check/run';
import { main } from '../../lib/cli/main';

/** Runs `istio-direct <argv>` in-process; returns the exit status and both streams. */
export function cli(argv: string[], stdin?: string | Uint8Array): { status: number; out: string; err: string } {
  const out: string[] = [];
  const err: string[] = [];
  const status = main(argv, { out: (t) => out.push(t), err: (t) => err.push(t), ...(stdin !== undefined ? { stdin: () => stdin } : {}) });
  return { status, out: out.join('\n'), err: err.join('\n') };
}

const created: string[] = [];
// Every directory tempDir makes is removed after the test file that made it.
afterAll(() => {
  for (const dir of created.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A fresh temporary directory with the given files (path → content), removed after the test file. */
export function tempDir(files: Readonly<Record<string, string | Uint8Array>> = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'istio-direct-check-'));
  created.push(dir);
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

/** Every path under a directory with its size and mtime, to show that nothing was written. */
export function listing(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      const st = fs.lstatSync(p);
      out.push(`${path.relative(dir, p)} ${st.size} ${st.mtimeMs}`);
      if (e.isDirectory()) walk(p);
    }
  };
  walk(dir);
  return out.sort();
}

export const SERVICE = `apiVersion: v1
kind: Service
metadata: {name: zk, namespace: zk}
spec:
  clusterIP: None
  selector: {app: zk}
  ports: [{name: tcp-client, port: 2181, targetPort: 12181}]
`;

/**
 * The options the last in-process `check` handed to `checkInputs`: a pass-through spy set up for
 * each test of the describe block that calls this, and removed after it.
 */
export function optionsSeenByCheck(): () => run.CheckOptions | undefined {
  let seen: run.CheckOptions | undefined;
  beforeEach(() => {
    seen = undefined;
    const real = run.checkInputs;
    jest.spyOn(run, 'checkInputs').mockImplementation((paths, options, stdin, readOptions) => {
      seen = options;
      return real(paths, options, stdin, readOptions);
    });
  });
  afterEach(() => jest.restoreAllMocks());
  return () => seen;
}
