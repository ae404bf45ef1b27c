/**
 * Hostile inputs for `istio-direct check`, built in a temporary directory at run time (never
 * committed), and a runner that executes the CLI in a child process with a time limit, an output
 * limit and, when `/usr/bin/time` exists, the peak memory (maximum resident set size).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..', '..');
const BIN = path.join(ROOT, 'bin', 'istio-direct.js');
const GNU_TIME = '/usr/bin/time';

/** Seconds a case may run before it counts as a hang. */
export const CASE_TIMEOUT_MS = Number(process.env.FUZZ_CLI_TIMEOUT_MS ?? 120_000);
/** Most output a case may print (a flood is a failure too). */
export const MAX_OUTPUT_BYTES = 16 * 1024 * 1024;
/** Peak resident memory a case may use. */
export const MAX_PEAK_KIB = 1024 * 1024;

/** One hostile input: how to build it under `dir`, the argument(s), and the exit statuses allowed. */
export interface CliCase {
  readonly name: string;
  /** Builds the input; returns the CLI arguments after `check`. */
  build(dir: string): string[];
  /** The file name the message must name. */
  readonly names: string;
  /**
   * Exit statuses accepted: never 3. An input with no object at all fails (1), as `kubectl apply` does;
   * so does an entry that cannot be read (a symbolic link loop, a dangling link, a FIFO), whether given
   * by name or found in a folder beside readable manifests.
   */
  readonly statuses: readonly number[];
}

/** What one run did. */
export interface CliRun {
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly timedOut: boolean;
  readonly ms: number;
  /** Peak resident set size in KiB, when measurable. */
  readonly peakKib?: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** A valid headless Service: files around a hostile one check clean, so the status is the hostile one's. */
const SERVICE = (name: string) => `apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: zk}
spec:
  clusterIP: None
  selector: {app: zk}
  ports: [{name: tcp-client, port: 2181, targetPort: 2181, appProtocol: tcp}]
`;

function write(dir: string, name: string, content: string | Uint8Array): string {
  const file = path.join(dir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return file;
}

/** A YAML "billion laughs": ten levels of nine aliases each. */
function aliasBomb(): string {
  const lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i <= 9; i++) lines.push(`a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(',')}]`);
  return `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: bomb}\ndata:\n  ${lines.join('\n  ')}\n`;
}

/** A 50 MB YAML file, written in chunks. */
function largeFile(dir: string): string {
  const file = path.join(dir, 'large.yaml');
  const fd = fs.openSync(file, 'w');
  const chunk = Buffer.from(`${SERVICE('zk')}---\n`.repeat(4096));
  let written = 0;
  while (written < 50 * 1000 * 1000) written += fs.writeSync(fd, chunk);
  fs.closeSync(fd);
  return file;
}

/** Deterministic bytes of every value (a xorshift generator). */
function binaryBytes(length: number): Buffer {
  const out = Buffer.alloc(length);
  let x = 0x2545f491;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

function utf16(text: string, bom: boolean): Buffer {
  return Buffer.concat([bom ? Buffer.from([0xff, 0xfe]) : Buffer.alloc(0), Buffer.from(text, 'utf16le')]);
}

export const CLI_CASES: readonly CliCase[] = [
  { name: 'malformed YAML', names: 'malformed.yaml', statuses: [1], build: (d) => [write(d, 'malformed.yaml', 'apiVersion: v1\nkind: [Service\nmetadata: {name: "x\n  - : :\n\t- tab')] },
  { name: 'YAML alias bomb (billion laughs)', names: 'bomb.yaml', statuses: [1], build: (d) => [write(d, 'bomb.yaml', aliasBomb())] },
  { name: '50 MB file', names: 'large.yaml', statuses: [1], build: (d) => [largeFile(d)] },
  { name: 'JSON nested 100,000 levels', names: 'deep.json', statuses: [1], build: (d) => [write(d, 'deep.json', `${'['.repeat(100_000)}${']'.repeat(100_000)}`)] },
  { name: 'YAML nested 100,000 levels', names: 'deep.yaml', statuses: [1], build: (d) => [write(d, 'deep.yaml', `${'['.repeat(100_000)}${']'.repeat(100_000)}`)] },
  { name: 'binary bytes', names: 'binary.yaml', statuses: [1], build: (d) => [write(d, 'binary.yaml', binaryBytes(64 * 1024))] },
  { name: 'empty .yaml', names: 'empty.yaml', statuses: [1], build: (d) => [write(d, 'empty.yaml', '')] },
  { name: 'empty .json', names: 'empty.json', statuses: [1], build: (d) => [write(d, 'empty.json', '')] },
  {
    name: 'folder of 5,000 files',
    names: 'file-4999.yaml',
    statuses: [1],
    build: (d) => {
      // 4,999 valid Services and a last file that is not YAML.
      for (let i = 0; i < 4999; i++) write(d, `many/file-${String(i).padStart(4, '0')}.yaml`, SERVICE(`zk-${i}`));
      write(d, 'many/file-4999.yaml', 'kind: [');
      return [path.join(d, 'many')];
    },
  },
  {
    name: 'symlink loop in a folder',
    names: 'a.yaml: error ID900 a symbolic link loop',
    statuses: [1],
    build: (d) => {
      write(d, 'loop/ok.yaml', SERVICE('zk'));
      fs.symlinkSync('b.yaml', path.join(d, 'loop', 'a.yaml'));
      fs.symlinkSync('a.yaml', path.join(d, 'loop', 'b.yaml'));
      fs.symlinkSync('..', path.join(d, 'loop', 'parent'));
      return [path.join(d, 'loop')];
    },
  },
  {
    name: 'link to its own parent folder',
    names: 'error ID900 a symbolic link loop: it leads back to',
    statuses: [1],
    build: (d) => {
      write(d, 'up/ok.yaml', SERVICE('zk'));
      fs.symlinkSync('..', path.join(d, 'up', 'parent'));
      return [path.join(d, 'up')];
    },
  },
  {
    name: 'two links to one folder',
    names: 'which is already read',
    statuses: [0],
    build: (d) => {
      write(d, 'twice/real/ok.yaml', SERVICE('zk'));
      fs.symlinkSync('real', path.join(d, 'twice', 'second'));
      return [path.join(d, 'twice')];
    },
  },
  {
    name: 'symlink loop as the argument',
    names: 'self.yaml: error ID900 a symbolic link loop',
    statuses: [1],
    build: (d) => {
      fs.symlinkSync('self.yaml', path.join(d, 'self.yaml'));
      return [path.join(d, 'self.yaml')];
    },
  },
  {
    name: 'dangling link',
    names: 'dangling.yaml: error ID900 a dangling symbolic link',
    statuses: [1],
    build: (d) => {
      fs.symlinkSync(path.join(d, 'missing.yaml'), path.join(d, 'dangling.yaml'));
      return [path.join(d, 'dangling.yaml')];
    },
  },
  {
    name: 'dangling link in a folder',
    names: 'dangling.yaml: error ID900 a dangling symbolic link',
    statuses: [1],
    build: (d) => {
      write(d, 'with-dangling/ok.yaml', SERVICE('zk'));
      fs.symlinkSync(path.join(d, 'missing.yaml'), path.join(d, 'with-dangling', 'dangling.yaml'));
      return [path.join(d, 'with-dangling')];
    },
  },
  {
    name: 'link to a folder',
    names: 'broken.yaml',
    statuses: [1],
    build: (d) => {
      write(d, 'real/service.yaml', SERVICE('zk'));
      write(d, 'real/broken.yaml', 'kind: Service\nmetadata: {name: x}\n');
      fs.symlinkSync(path.join(d, 'real'), path.join(d, 'linked'));
      return [path.join(d, 'linked')];
    },
  },
  { name: 'Latin-1 (not UTF-8)', names: 'latin1.yaml', statuses: [1], build: (d) => [write(d, 'latin1.yaml', Buffer.from(SERVICE('zk').replace('zk}', 'zk}\n# café'), 'latin1'))] },
  { name: 'UTF-16 with byte order mark', names: 'utf16-bom.yaml', statuses: [1], build: (d) => [write(d, 'utf16-bom.yaml', utf16(SERVICE('zk'), true))] },
  { name: 'UTF-16 without byte order mark', names: 'utf16.yaml', statuses: [1], build: (d) => [write(d, 'utf16.yaml', utf16(SERVICE('zk'), false))] },
  {
    name: 'FIFO named *.yaml',
    names: 'pipe.yaml: error ID900 a FIFO',
    statuses: [1],
    build: (d) => {
      mkfifo(path.join(d, 'pipe.yaml'));
      return [path.join(d, 'pipe.yaml')];
    },
  },
  {
    name: 'FIFO named *.yaml in a folder',
    names: 'pipe.yaml: error ID900 a FIFO',
    statuses: [1],
    build: (d) => {
      write(d, 'with-fifo/ok.yaml', SERVICE('zk'));
      mkfifo(path.join(d, 'with-fifo', 'pipe.yaml'));
      return [path.join(d, 'with-fifo')];
    },
  },
];

function mkfifo(file: string): void {
  const r = spawnSync('mkfifo', [file]);
  if (r.status !== 0) throw new Error(`mkfifo ${file} failed: ${r.stderr}`);
}

/** A fresh temporary directory for one case. */
export function caseDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'istio-direct-fuzz-cli-'));
}

/** Runs `istio-direct check <args>` in a child process. */
export function runCli(args: readonly string[]): CliRun {
  const timed = fs.existsSync(GNU_TIME);
  const memFile = path.join(os.tmpdir(), `istio-direct-fuzz-mem-${process.pid}-${Date.now()}`);
  const argv = timed ? [GNU_TIME, '-f', '%M', '-o', memFile, process.execPath, BIN] : [process.execPath, BIN];
  const started = Date.now();
  const r = spawnSync(argv[0], [...argv.slice(1), 'check', ...args], {
    cwd: ROOT,
    env: { ...process.env, ISTIO_DIRECT_FROM_SOURCE: '1', ISTIO_DIRECT_DEBUG: '' },
    timeout: CASE_TIMEOUT_MS,
    killSignal: 'SIGKILL',
    maxBuffer: MAX_OUTPUT_BYTES,
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
  });
  const ms = Date.now() - started;
  let peakKib: number | undefined;
  if (timed && fs.existsSync(memFile)) {
    const last = fs.readFileSync(memFile, 'utf8').trim().split('\n').pop() ?? '';
    if (/^\d+$/.test(last)) peakKib = Number(last);
    fs.rmSync(memFile, { force: true });
  }
  const timedOut = (r.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT';
  return { status: r.status, signal: r.signal, timedOut, ms, ...(peakKib !== undefined ? { peakKib } : {}), stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** Why a run breaks the contract, or undefined when it keeps it. */
export function cliViolation(c: CliCase, run: CliRun): string | undefined {
  const output = `${run.stdout}\n${run.stderr}`;
  if (run.timedOut) return `did not end within ${CASE_TIMEOUT_MS} ms (a hang)`;
  if (run.signal !== null) return `killed by ${run.signal}`;
  if (run.status === 3) return `crashed (exit status 3): ${run.stderr.trim()}`;
  if (run.status === null || !c.statuses.includes(run.status)) return `exit status ${run.status}, expected ${c.statuses.join(' or ')}`;
  if (/^\s+at .+[:(]\d+:\d+\)?$/m.test(output) || /\b(TypeError|RangeError|SyntaxError|ReferenceError)\b/.test(output)) return `printed a stack trace or a JavaScript error:\n${output}`;
  if (!output.includes(c.names)) return `the message does not name ${c.names}:\n${output.slice(0, 2000)}`;
  if (run.peakKib !== undefined && run.peakKib > MAX_PEAK_KIB) return `peak memory ${run.peakKib} KiB, more than ${MAX_PEAK_KIB} KiB`;
  return undefined;
}
