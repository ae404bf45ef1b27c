/**
 * `istio-direct check [options] [paths|-]` (and its alias `validate`): reads
 * manifests from files, directories or standard input, runs the schema
 * validation and the rules, and prints the findings. Never writes anything.
 *
 * Exit status: 0 clean (or warnings/infos only), 1 any error finding (3 when a rule crashed),
 * 2 usage error, 3 internal error.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseIstioVersion } from '../core/istio-version';
import { RULE_CRASH_CODE, SCHEMA_CODES } from '../rules/codes';
import { UsageError } from '../reader/collect';
import { packageRoot, rulePage } from '../check/docs';
import { formatHuman, formatJson, formatSarif, formatSummary, isKnownCode } from '../check/format';
import { MAX_FILE_BYTES, StdinSource } from '../reader/read';
import { checkInputs, CheckOptions, CheckReport } from '../check/run';

const USAGE = `usage: istio-direct check [options] [paths...|-]

Checks Kubernetes manifests, Istio resources and Envoy bootstraps (standalone or in ConfigMaps)
for direct pod-to-pod traffic in an Istio mesh: the schema (Kubernetes 1.28, Istio CRDs, Envoy v3)
and the rules of docs/rules/README.md. Paths are files or directories (every *.yaml, *.yml and
*.json below, sorted); - reads standard input (helm template ... | istio-direct check -).
\`istio-direct validate\` is the same command (with dist/ as the default path).

  --json               print an array of {rule, severity, file, kind, namespace, name, path, message}
  --sarif              print a SARIF 2.1.0 log (code scanning)
  --istio-version X.Y  the Istio release the manifests run on (default 1.24)
  --namespace NS       namespace of objects that do not say (default: default)
  --disable CODE       do not report CODE (repeatable; comma lists allowed)
  --explain CODE       print the documentation of a rule and exit
  --istio-crds FILE    Istio's CRDs (crd-all.gen.yaml of your release, or a directory) for the schema
  --envoy-api DIR      a newer Envoy's API protos (holding envoy/) to check bootstraps against
                       (default: the API bundled in @grpc/grpc-js-xds, about Envoy 1.31)
  --no-schema          run the rules only, without the schema validation
  --max-file-size SIZE largest file (or standard input) read, e.g. 200MiB, 2GiB (default 32MiB);
                       files are read as a stream: memory grows with the objects, not the text
  -h, --help           show this help

Exit status: 0 no errors (warnings and infos only), 1 errors found, 2 usage error, 3 internal error.`;

/** Output streams and standard input, injectable for tests. */
export interface CheckIo {
  out(text: string): void;
  err(text: string): void;
  /** Standard input, read when a path is `-`. @default - the process's standard input */
  readonly stdin?: StdinSource;
}

const stdio: CheckIo = {
  out: (t) => process.stdout.write(t + '\n'),
  err: (t) => process.stderr.write(t + '\n'),
};

/** Parsed command line. */
interface Args {
  readonly format: 'human' | 'json' | 'sarif';
  readonly options: CheckOptions;
  readonly maxFileBytes: number;
  readonly paths: readonly string[];
  readonly explain?: string;
  readonly help: boolean;
}

const VALUE_OPTIONS = new Set(['--istio-version', '--namespace', '--disable', '--explain', '--istio-crds', '--envoy-api', '--max-file-size']);
const SIZE = /^([0-9]+(?:\.[0-9]+)?)\s*(B|KiB|MiB|GiB|KB|MB|GB|K|M|G)?$/i;
const UNITS: Readonly<Record<string, number>> = { b: 1, k: 1024, kb: 1000, kib: 1024, m: 1024 ** 2, mb: 1000 ** 2, mib: 1024 ** 2, g: 1024 ** 3, gb: 1000 ** 3, gib: 1024 ** 3 };

/** `--max-file-size`: bytes, or a number with a unit (KiB, MiB, GiB; KB, MB, GB). */
export function parseSize(text: string): number | undefined {
  const m = SIZE.exec(text.trim());
  if (m === null) return undefined;
  const bytes = Math.floor(Number(m[1]) * UNITS[(m[2] ?? 'b').toLowerCase()]);
  return bytes >= 1 && Number.isSafeInteger(bytes) ? bytes : undefined;
}
const NAMESPACE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

function usage(message: string): never {
  throw new UsageError(message);
}

/** Splits `--opt=value` and `--opt value`; returns the options and the remaining paths. */
function parseArgs(command: string, argv: readonly string[]): Args {
  const values = new Map<string, string[]>();
  const flags = new Set<string>();
  const paths: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (VALUE_OPTIONS.has(name)) {
      const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined || value === '') usage(`${name} needs a value`);
      values.set(name, [...(values.get(name) ?? []), value]);
    } else if (['--json', '--sarif', '--no-schema', '-h', '--help'].includes(arg)) flags.add(arg);
    else if (arg.startsWith('-') && arg !== '-') usage(`unknown option ${JSON.stringify(arg)}`);
    else paths.push(arg);
  }
  if (flags.has('--json') && flags.has('--sarif')) usage('--json and --sarif cannot be used together');
  const last = (name: string) => values.get(name)?.[values.get(name)!.length - 1];
  const explain = last('--explain');
  const help = flags.has('-h') || flags.has('--help');
  if (paths.length === 0 && explain === undefined && !help && command !== 'validate') usage('no paths given (use - to read standard input)');
  const sizeText = last('--max-file-size');
  const maxFileBytes = sizeText === undefined ? MAX_FILE_BYTES : parseSize(sizeText);
  if (maxFileBytes === undefined) usage(`--max-file-size: ${JSON.stringify(sizeText)} is not a size; write bytes or a number with a unit, e.g. 200MiB or 2GiB`);
  return {
    format: flags.has('--json') ? 'json' : flags.has('--sarif') ? 'sarif' : 'human',
    options: checkOptions(values, flags, last),
    maxFileBytes,
    paths: paths.length > 0 ? paths : ['dist'],
    ...(explain !== undefined ? { explain } : {}),
    help,
  };
}

function checkOptions(values: ReadonlyMap<string, string[]>, flags: ReadonlySet<string>, last: (name: string) => string | undefined): CheckOptions {
  const versionText = last('--istio-version');
  const istioVersion = versionText !== undefined ? parseIstioVersion(versionText) : undefined;
  if (versionText !== undefined && istioVersion === undefined) usage(`--istio-version: ${JSON.stringify(versionText)} is not an Istio release; write major.minor, e.g. 1.24`);
  const namespace = last('--namespace');
  if (namespace !== undefined && !NAMESPACE.test(namespace)) usage(`--namespace: ${JSON.stringify(namespace)} is not a namespace name (lower-case letters, digits and '-', at most 63)`);
  const disable = (values.get('--disable') ?? []).flatMap((v) => v.split(',')).map((c) => c.trim().toUpperCase()).filter((c) => c !== '');
  const unknown = disable.filter((c) => !isKnownCode(c));
  if (unknown.length > 0) usage(`--disable: unknown code ${unknown.map((c) => JSON.stringify(c)).join(', ')} (codes are listed in docs/rules/README.md)`);
  return {
    ...(istioVersion !== undefined ? { istioVersion } : {}),
    ...(namespace !== undefined ? { defaultNamespace: namespace } : {}),
    disable,
    schema: !flags.has('--no-schema'),
    ...(values.has('--istio-crds') ? { istioCrds: values.get('--istio-crds') } : {}),
    ...(last('--envoy-api') !== undefined ? { envoyApi: last('--envoy-api') } : {}),
  };
}

function explain(code: string, io: CheckIo): number {
  const upper = code.toUpperCase();
  const page = rulePage(upper);
  if (page !== undefined) {
    io.out(page.trimEnd());
    return 0;
  }
  const schema = SCHEMA_CODES.find((c) => c.code === upper);
  if (schema !== undefined) {
    io.out(`${schema.code} ${schema.name} (${schema.severity}): ${schema.title}.\nSchema findings are described in docs/rules/README.md.`);
    return 0;
  }
  io.err(`istio-direct check: --explain: ${isKnownCode(upper) ? `no documentation page for ${upper} in this build` : `unknown code ${JSON.stringify(code)}`} (codes are listed in docs/rules/README.md)`);
  return 2;
}

function packageVersion(): string {
  try {
    return (JSON.parse(fs.readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

function run(command: string, argv: readonly string[], io: CheckIo): number {
  const args = parseArgs(command, argv);
  if (args.help) {
    io.out(USAGE);
    return 0;
  }
  if (args.explain !== undefined) return explain(args.explain, io);
  const report = checkInputs(args.paths, args.options, io.stdin, { maxFileBytes: args.maxFileBytes });
  if (args.format === 'json') io.out(formatJson(report));
  else if (args.format === 'sarif') io.out(formatSarif(report, packageVersion()));
  else {
    for (const r of report.results) io.out(formatHuman(r));
    io.out(formatSummary(report));
  }
  return exitStatus(report);
}

/**
 * 1 on any error finding, 0 otherwise; 3 when a rule crashed (`ID000`, reported with the other
 * findings): an internal error never shares the status of "problems found".
 */
export function exitStatus(report: CheckReport): number {
  if (report.results.some((r) => r.code === RULE_CRASH_CODE)) return 3;
  return report.results.some((r) => r.severity === 'error') ? 1 : 0;
}

/** Runs `istio-direct <argv>` (without node and script) and returns the exit status. */
export function main(argv: readonly string[], io: CheckIo = stdio): number {
  const [command, ...rest] = argv;
  if (command === '-h' || command === '--help' || command === 'help') {
    io.out(USAGE);
    return 0;
  }
  if (command !== 'check' && command !== 'validate') {
    io.err(`${command === undefined ? 'no command given' : `unknown command ${JSON.stringify(command)}`}\n\n${USAGE}`);
    return 2;
  }
  try {
    return run(command, rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`istio-direct ${command}: ${e.message}\n(istio-direct check -h for help)`);
      return 2;
    }
    // A bad --istio-crds / --envoy-api source, or an optional schema package that is not installed
    // (the message says what to install): the user's to fix, not a bug.
    if (e instanceof Error && (e.name === 'MissingPackageError' || /^(Istio CRD source|Envoy API directory)/.test(e.message))) {
      io.err(`istio-direct ${command}: ${e.message}`);
      return 2;
    }
    const message = e instanceof Error ? e.message.split('\n')[0] : String(e);
    io.err(`istio-direct ${command}: internal error: ${message} (this is a bug; set ISTIO_DIRECT_DEBUG=1 for details)`);
    if (process.env.ISTIO_DIRECT_DEBUG === '1' && e instanceof Error && e.stack !== undefined) io.err(e.stack);
    return 3;
  }
}
