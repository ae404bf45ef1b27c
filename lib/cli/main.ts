/**
 * `istio-direct check [options] [paths|-]` (and its alias `validate`): reads
 * manifests from files, directories or standard input, runs the schema
 * validation and the rules, and prints the findings. Never writes anything.
 *
 * Exit status: 0 clean (or findings below `--fail-on` only), 1 a finding at or above `--fail-on`
 * (error by default; 3 when a rule crashed), 2 usage or config error, 3 internal error.
 */
import * as fs from 'fs';
import * as path from 'path';
import { RULE_CRASH_CODE, SCHEMA_CODES } from '../rules/codes';
import { excludeRules, UsageError } from '../reader/collect';
import { packageRoot, rulePage } from '../check/docs';
import { atLeast, FORMATS, formatGithub, formatHuman, formatJsonChunks, formatJunit, formatNotes, formatSarif, formatSummary, isKnownCode, OutputFormat } from '../check/format';
import { MAX_FILE_BYTES, StdinSource } from '../reader/read';
import { checkInputs, CheckOptions, CheckReport } from '../check/run';
import { checkValue, CheckConfig, ConfigError, findConfig, loadConfig, shippedKubernetesVersions } from '../check/config';
import { parseSuppression, Suppression } from '../check/suppress';
import type { RuleSeverity } from '../rules/types';

const USAGE = `usage: istio-direct check [options] [paths...|-]

Checks Kubernetes manifests, Istio resources and Envoy bootstraps (standalone or in ConfigMaps)
for direct pod-to-pod traffic in an Istio mesh: the schema (Kubernetes 1.28, Istio CRDs, Envoy v3)
and the rules of docs/rules/README.md. Paths are files or directories (every *.yaml, *.yml and
*.json below, sorted; node_modules and dot-folders are not entered unless named, Helm charts are
not read: render them); - reads standard input (helm template ... | istio-direct check -).
Files that are not Kubernetes objects (no apiVersion and kind) are skipped and counted.
\`istio-direct validate\` is the same command (with dist/ as the default path).

Output
  --format FORMAT      human (default), json, sarif (code scanning), junit (XML test report) or
                       github (GitHub Actions annotations)
  --json, --sarif      the same as --format json, --format sarif
  --fail-on SEVERITY   exit 1 on a finding of this severity or worse: error (default), warning, info
  --version            print the version and exit
  Colour: on a terminal only; NO_COLOR=1 turns it off, FORCE_COLOR=1 on.

What to read and report
  --config FILE        the config file (default: .istio-direct.yaml in the working directory or
                       the nearest folder above; its fields are in the README)
  --no-config          do not read a config file
  --exclude GLOB       do not read paths matching GLOB (repeatable): *.tmpl.yaml, charts/**
  --disable CODE       do not report CODE (repeatable; comma lists allowed)
  -S, --suppress CODE=OBJECT
                       do not report CODE on OBJECT, "Kind namespace/name" (* and ? match any;
                       repeatable), e.g. -S 'ID101=Service kafka/*'
  --explain CODE       print the documentation of a rule and exit

The cluster the manifests run in
  --istio-version X.Y  the Istio release (default 1.24)
  --kubernetes-version X.Y
                       the Kubernetes release of the schemas (shipped: ${shippedKubernetesVersions().join(', ')}; default 1.28)
  --namespace NS       namespace of objects that do not say (default: default)
  --mesh-mtls MODE     the mesh-wide mTLS mode when the input has no PeerAuthentication in the
                       root namespace: STRICT, PERMISSIVE (default, Istio's) or DISABLE
  --root-namespace NS  Istio's root namespace (default istio-system)
  --cluster-domain D   the cluster's DNS domain (default cluster.local)

Schema
  --istio-crds FILE    Istio's CRDs (crd-all.gen.yaml of your release, or a directory) for the schema
  --envoy-api DIR      a newer Envoy's API protos (holding envoy/) to check bootstraps against
                       (default: the API bundled in @grpc/grpc-js-xds, about Envoy 1.31)
  --no-schema          run the rules only, without the schema validation
  --max-file-size SIZE largest file (or standard input) read, e.g. 200MiB, 2GiB (default 32MiB);
                       files are read as a stream: memory grows with the objects, not the text
  -h, --help           show this help

Exit status: 0 nothing at or above --fail-on, 1 findings at or above it (error by default),
2 usage error, 3 internal error.`;

/** Output streams, standard input and the environment, injectable for tests. */
export interface CheckIo {
  out(text: string): void;
  err(text: string): void;
  /** Standard input, read when a path is `-`. @default - the process's standard input */
  readonly stdin?: StdinSource;
  /** Whether the output is a terminal (colour). @default false (the process's own streams: process.stdout.isTTY) */
  readonly isTTY?: boolean;
  /** Environment (NO_COLOR, FORCE_COLOR, TERM). @default - none: no colour (the process's own streams read process.env) */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Working directory (the config file is found from it). @default - process.cwd() */
  readonly cwd?: string;
}

const stdio: CheckIo = {
  out: (t) => process.stdout.write(t + '\n'),
  err: (t) => process.stderr.write(t + '\n'),
  isTTY: process.stdout.isTTY === true,
  env: process.env,
};

/** Parsed command line. */
interface Args {
  readonly format: OutputFormat;
  readonly failOn: RuleSeverity;
  readonly maxFileBytes: number;
  readonly values: ReadonlyMap<string, string[]>;
  readonly flags: ReadonlySet<string>;
  readonly paths: readonly string[];
  readonly explain?: string;
  readonly help: boolean;
  readonly version: boolean;
}

const VALUE_OPTIONS = new Set([
  '--istio-version', '--kubernetes-version', '--namespace', '--disable', '--explain', '--istio-crds', '--envoy-api', '--format', '--fail-on',
  '--config', '--exclude', '--suppress', '-S', '--mesh-mtls', '--root-namespace', '--cluster-domain', '--max-file-size',
]);
const FLAG_OPTIONS = new Set(['--json', '--sarif', '--no-schema', '--no-config', '-h', '--help', '--version']);
const SEVERITIES: readonly RuleSeverity[] = ['error', 'warning', 'info'];
const SIZE = /^([0-9]+(?:\.[0-9]+)?)\s*(B|KiB|MiB|GiB|KB|MB|GB|K|M|G)?$/i;
const UNITS: Readonly<Record<string, number>> = { b: 1, k: 1024, kb: 1000, kib: 1024, m: 1024 ** 2, mb: 1000 ** 2, mib: 1024 ** 2, g: 1024 ** 3, gb: 1000 ** 3, gib: 1024 ** 3 };

/** `--max-file-size`: bytes, or a number with a unit (KiB, MiB, GiB; KB, MB, GB). */
export function parseSize(text: string): number | undefined {
  const m = SIZE.exec(text.trim());
  if (m === null) return undefined;
  const bytes = Math.floor(Number(m[1]) * UNITS[(m[2] ?? 'b').toLowerCase()]);
  return bytes >= 1 && Number.isSafeInteger(bytes) ? bytes : undefined;
}

function usage(message: string): never {
  throw new UsageError(message);
}

/** The output format: `--format`, or its aliases `--json` and `--sarif` (one of them at most). */
function formatOf(values: ReadonlyMap<string, string[]>, flags: ReadonlySet<string>): OutputFormat {
  const asked = [...(values.get('--format') ?? []), ...(flags.has('--json') ? ['json'] : []), ...(flags.has('--sarif') ? ['sarif'] : [])];
  for (const f of asked) if (!(FORMATS as readonly string[]).includes(f)) usage(`--format: ${JSON.stringify(f)} is not a format; valid: ${FORMATS.join(', ')}`);
  if (new Set(asked).size > 1) usage(`choose one output format (--format ${[...new Set(asked)].join(', --format ')} given)`);
  return (asked[0] as OutputFormat | undefined) ?? 'human';
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
      const key = name === '-S' ? '--suppress' : name;
      values.set(key, [...(values.get(key) ?? []), value]);
    } else if (FLAG_OPTIONS.has(arg)) flags.add(arg);
    else if (arg.startsWith('-') && arg !== '-') usage(`unknown option ${JSON.stringify(arg)}`);
    else paths.push(arg);
  }
  const explain = values.get('--explain')?.at(-1);
  const help = flags.has('-h') || flags.has('--help');
  const version = flags.has('--version');
  const failOn = values.get('--fail-on')?.at(-1) ?? 'error';
  if (!SEVERITIES.includes(failOn as RuleSeverity)) usage(`--fail-on: ${JSON.stringify(failOn)} is not a severity; valid: ${SEVERITIES.join(', ')}`);
  if (paths.length === 0 && explain === undefined && !help && !version && command !== 'validate') usage('no paths given (use - to read standard input)');
  const sizeText = values.get('--max-file-size')?.at(-1);
  const maxFileBytes = sizeText === undefined ? MAX_FILE_BYTES : parseSize(sizeText);
  if (maxFileBytes === undefined) usage(`--max-file-size: ${JSON.stringify(sizeText)} is not a size; write bytes or a number with a unit, e.g. 200MiB or 2GiB`);
  return {
    format: formatOf(values, flags), failOn: failOn as RuleSeverity, maxFileBytes, values, flags,
    paths: paths.length > 0 ? paths : ['dist'], ...(explain !== undefined ? { explain } : {}), help, version,
  };
}

/** Runs a value check on a flag's last value; a bad value is a usage error. */
function flagValue<T>(values: ReadonlyMap<string, string[]>, name: string, check: (what: string, value: unknown) => T): T | undefined {
  const value = values.get(name)?.at(-1);
  if (value === undefined) return undefined;
  try {
    return check(name, value);
  } catch (e) {
    if (e instanceof ConfigError) usage(e.message);
    throw e;
  }
}

/** The config file: `--config FILE`, else the one found from the working directory, unless `--no-config`. */
function configOf(args: Args, cwd: string): CheckConfig | undefined {
  const named = args.values.get('--config')?.at(-1);
  if (named !== undefined && args.flags.has('--no-config')) usage('--config and --no-config cannot be used together');
  if (args.flags.has('--no-config')) return undefined;
  if (named !== undefined && !fs.existsSync(path.resolve(cwd, named))) usage(`--config: no such file: ${named}`);
  const file = named !== undefined ? path.resolve(cwd, named) : findConfig(cwd);
  return file === undefined ? undefined : loadConfig(file);
}

/** `--suppress CODE=Kind ns/name` values. */
function suppressFlags(values: ReadonlyMap<string, string[]>): Suppression[] {
  return (values.get('--suppress') ?? []).map((text) => {
    const eq = text.indexOf('=');
    if (eq < 0) usage(`--suppress: ${JSON.stringify(text)} is not CODE=OBJECT, e.g. 'ID101=Service kafka/*'`);
    const code = flagValue(new Map([['--suppress', [text.slice(0, eq)]]]), '--suppress', checkValue.code) as string;
    const parsed = parseSuppression(code, text.slice(eq + 1));
    if (typeof parsed === 'string') usage(`--suppress: ${parsed}`);
    return parsed;
  });
}

/** The options of the run: flags first, then the config file, then the defaults. */
function checkOptions(args: Args, config: CheckConfig | undefined, cwd: string): { options: CheckOptions; exclude: ReturnType<typeof excludeRules> } {
  const { values, flags } = args;
  const disable = (values.get('--disable') ?? []).flatMap((v) => v.split(',')).map((c) => c.trim().toUpperCase()).filter((c) => c !== '');
  const unknown = disable.filter((c) => !isKnownCode(c));
  if (unknown.length > 0) usage(`--disable: unknown code ${unknown.map((c) => JSON.stringify(c)).join(', ')} (codes are listed in docs/rules/README.md)`);
  const istioVersion = flagValue(values, '--istio-version', checkValue.istioVersion) ?? config?.istioVersion;
  const kubernetesVersion = flagValue(values, '--kubernetes-version', checkValue.kubernetesVersion) ?? config?.kubernetesVersion;
  const namespace = flagValue(values, '--namespace', checkValue.namespace) ?? config?.namespace;
  const meshMtlsMode = flagValue(values, '--mesh-mtls', checkValue.mtlsMode) ?? config?.mesh.mtlsMode;
  const rootNamespace = flagValue(values, '--root-namespace', checkValue.namespace) ?? config?.mesh.rootNamespace;
  const clusterDomain = flagValue(values, '--cluster-domain', checkValue.clusterDomain) ?? config?.mesh.clusterDomain;
  let exclude: ReturnType<typeof excludeRules>;
  try {
    exclude = [...excludeRules(values.get('--exclude') ?? [], cwd), ...(config !== undefined ? excludeRules(config.exclude, path.dirname(config.file)) : [])];
  } catch (e) {
    usage(`--exclude: ${(e as Error).message}`);
  }
  const options: CheckOptions = {
    ...(istioVersion !== undefined ? { istioVersion } : {}),
    ...(kubernetesVersion !== undefined ? { kubernetesVersion } : {}),
    ...(namespace !== undefined ? { defaultNamespace: namespace } : {}),
    disable: [...disable, ...(config?.disable ?? [])],
    suppress: [...suppressFlags(values), ...(config?.suppress ?? [])],
    ...(meshMtlsMode !== undefined ? { meshMtlsMode } : {}),
    ...(rootNamespace !== undefined ? { rootNamespace } : {}),
    ...(clusterDomain !== undefined ? { clusterDomain } : {}),
    schema: !flags.has('--no-schema'),
    ...(values.has('--istio-crds') ? { istioCrds: values.get('--istio-crds') } : {}),
    ...(values.get('--envoy-api')?.at(-1) !== undefined ? { envoyApi: values.get('--envoy-api')?.at(-1) } : {}),
  };
  return { options, exclude };
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

/** Colour on a terminal only: NO_COLOR (non-empty) turns it off, FORCE_COLOR (not 0/false) on, and wins (as in Node). */
export function useColour(io: CheckIo): boolean {
  const env = io.env ?? {};
  const force = env.FORCE_COLOR;
  if (force !== undefined) return !['0', 'false'].includes(force.toLowerCase());
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return io.isTTY === true && env.TERM !== 'dumb';
}

/** Prints the report in the chosen format; notes (Helm charts) go to standard error in machine formats. */
function print(report: CheckReport, args: Args, io: CheckIo): void {
  if (args.format === 'human') {
    const colour = useColour(io);
    for (const r of report.results) io.out(formatHuman(r, colour));
    for (const note of formatNotes(report)) io.out(note);
    io.out(formatSummary(report));
    return;
  }
  if (args.format === 'github') {
    for (const line of formatGithub(report)) io.out(line);
    return;
  }
  for (const note of formatNotes(report)) io.err(note);
  if (args.format === 'json') for (const piece of formatJsonChunks(report)) io.out(piece);
  else if (args.format === 'sarif') io.out(formatSarif(report, packageVersion()));
  else io.out(formatJunit(report, args.failOn));
}

function run(command: string, argv: readonly string[], io: CheckIo): number {
  const args = parseArgs(command, argv);
  if (args.help) {
    io.out(USAGE);
    return 0;
  }
  if (args.version) {
    io.out(packageVersion());
    return 0;
  }
  if (args.explain !== undefined) return explain(args.explain, io);
  const cwd = io.cwd ?? process.cwd();
  const { options, exclude } = checkOptions(args, configOf(args, cwd), cwd);
  const report = checkInputs(args.paths, options, io.stdin, { maxFileBytes: args.maxFileBytes, exclude });
  print(report, args, io);
  return exitStatus(report, args.failOn);
}

/**
 * 1 on any finding at or above `failOn` (errors by default), 0 otherwise; 3 when a rule crashed
 * (`ID000`, reported with the other findings): an internal error never shares the status of
 * "problems found".
 */
export function exitStatus(report: CheckReport, failOn: RuleSeverity = 'error'): number {
  if (report.results.some((r) => r.code === RULE_CRASH_CODE)) return 3;
  return report.results.some((r) => atLeast(r.severity, failOn)) ? 1 : 0;
}

/** A message without the `istio-direct:` prefix some errors carry (never `istio-direct check: istio-direct: …`). */
function withoutPrefix(message: string): string {
  return message.replace(/^istio-direct( [a-z]+)?:\s*/, '');
}

/** Runs `istio-direct <argv>` (without node and script) and returns the exit status. */
export function main(argv: readonly string[], io: CheckIo = stdio): number {
  const [command, ...rest] = argv;
  if (command === '-h' || command === '--help' || command === 'help') {
    io.out(USAGE);
    return 0;
  }
  if (command === '--version' || command === '-v' || command === 'version') {
    io.out(packageVersion());
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
    if (e instanceof ConfigError) {
      io.err(`istio-direct ${command}: config: ${e.message}`);
      return 2;
    }
    // A bad --istio-crds / --envoy-api source, or an optional schema package that is not installed
    // (the message says what to install): the user's to fix, not a bug. Its own `istio-direct:`
    // prefix is dropped: the line already starts with the command.
    if (e instanceof Error && (e.name === 'MissingPackageError' || /^(Istio CRD source|Envoy API directory)/.test(e.message))) {
      io.err(`istio-direct ${command}: ${withoutPrefix(e.message)}`);
      return 2;
    }
    const message = withoutPrefix(e instanceof Error ? e.message.split('\n')[0] : String(e));
    io.err(`istio-direct ${command}: internal error: ${message} (this is a bug; set ISTIO_DIRECT_DEBUG=1 for details)`);
    if (process.env.ISTIO_DIRECT_DEBUG === '1' && e instanceof Error && e.stack !== undefined) io.err(e.stack);
    return 3;
  }
}
