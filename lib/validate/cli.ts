import { formatProblem, type Problem } from './problem';
import { UsageError } from './read-manifests';
import { validatePaths } from './validate';
import { ISTIO_CRDS_ENV, setIstioCrdSources } from './crd/istio-crds';
import { ENVOY_API_ENV, setEnvoyApiDir } from './envoy/api';
import { MissingPackageError } from './optional';

const USAGE = `usage: istio-direct validate [--json] [--istio-crds FILE]... [--envoy-api DIR] [paths...]

Validates Kubernetes 1.28 manifests, Istio CRs and Envoy v3 bootstraps (standalone or in
ConfigMaps) found in the given files and directories (default: dist/).

  --json               print an array of {file, kind, namespace, name, path, message, severity}
  --istio-crds FILE    Istio's CRDs (crd-all.gen.yaml of your Istio release, or a directory of
                       CRD YAML) to validate Istio objects and their CEL rules against; repeatable.
                       Default: the files in $${ISTIO_CRDS_ENV}. Without any, Istio objects get a warning.
  --envoy-api DIR      validate Envoy configs against this directory of Envoy API protos (holding
                       envoy/, e.g. a checkout of envoyproxy/data-plane-api for a newer Envoy);
                       imports come from @grpc/grpc-js-xds (an optional peer dependency).
                       Default: $${ENVOY_API_ENV}, else the API built into this package.
  -h                   show this help

Exit status: 0 when no errors, 1 when any error was found, 2 on usage errors.`;

/** Output streams, injectable for tests. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

const stdio: CliIo = {
  out: (t) => process.stdout.write(t + '\n'),
  err: (t) => process.stderr.write(t + '\n'),
};

interface Args {
  readonly json: boolean;
  readonly paths: string[];
  readonly crds: string[];
  readonly envoyApi: string | undefined;
}

/** Parses `validate`'s arguments, or says what to print and the exit status (help, usage errors). */
function parseArgs(rest: readonly string[]): Args | { exit: number; text: string } {
  const out = { json: false, paths: [] as string[], crds: [] as string[], envoyApi: undefined as string | undefined };
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    const option = /^(--istio-crds|--envoy-api)(=.*)?$/.exec(a);
    if (a === '--json') out.json = true;
    else if (option) {
      const value = option[2] !== undefined ? option[2].slice(1) : rest[++i];
      if (!value) return { exit: 2, text: `${option[1]} needs ${option[1] === '--envoy-api' ? 'a directory' : 'a file or directory'}\n\n${USAGE}` };
      if (option[1] === '--istio-crds') out.crds.push(value);
      else out.envoyApi = value;
    } else if (a === '-h' || a === '--help') return { exit: 0, text: USAGE };
    else if (a.startsWith('-')) return { exit: 2, text: `unknown option ${JSON.stringify(a)}\n\n${USAGE}` };
    else out.paths.push(a);
  }
  return out;
}

/** Runs the CLI with `argv` (without node and script) and returns the exit status. */
export function main(argv: readonly string[], io: CliIo = stdio): number {
  const [cmd, ...rest] = argv;
  if (cmd === '-h' || cmd === '--help' || cmd === 'help') {
    io.out(USAGE);
    return 0;
  }
  if (cmd !== 'validate') {
    io.err(cmd === undefined ? USAGE : `unknown command ${JSON.stringify(cmd)}\n\n${USAGE}`);
    return 2;
  }
  const args = parseArgs(rest);
  if ('exit' in args) {
    (args.exit === 0 ? io.out : io.err)(args.text);
    return args.exit;
  }
  const { json, paths, crds, envoyApi } = args;
  let problems: Problem[];
  try {
    if (crds.length > 0) setIstioCrdSources(crds);
    if (envoyApi !== undefined) setEnvoyApiDir(envoyApi);
    problems = validatePaths(paths.length ? paths : ['dist']);
  } catch (e) {
    const usage = e instanceof UsageError || e instanceof MissingPackageError || (e instanceof Error && /^(Istio CRD source|Envoy API directory)/.test(e.message));
    if (usage) {
      io.err(`istio-direct validate: ${(e as Error).message.replace(/^istio-direct: /, '')}`);
      return 2;
    }
    throw e;
  } finally {
    if (crds.length > 0) setIstioCrdSources(undefined);
    if (envoyApi !== undefined) setEnvoyApiDir(undefined);
  }
  const errors = problems.filter((p) => p.severity === 'error').length;
  if (json) {
    io.out(JSON.stringify(problems, null, 2));
  } else {
    for (const p of problems) io.out(formatProblem(p));
    io.out(`${errors} error(s), ${problems.length - errors} warning(s)`);
  }
  return errors > 0 ? 1 : 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
