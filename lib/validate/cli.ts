import { formatProblem, type Problem } from './problem';
import { UsageError } from './read-manifests';
import { validatePaths } from './validate';
import { ISTIO_CRDS_ENV, setIstioCrdSources } from './crd/istio-crds';

const USAGE = `usage: istio-direct validate [--json] [--istio-crds FILE]... [paths...]

Validates Kubernetes 1.28 manifests, Istio CRs and Envoy v3 bootstraps (standalone or in
ConfigMaps) found in the given files and directories (default: dist/).

  --json               print an array of {file, kind, namespace, name, path, message, severity}
  --istio-crds FILE    Istio's CRDs (crd-all.gen.yaml of your Istio release, or a directory of
                       CRD YAML) to validate Istio objects and their CEL rules against; repeatable.
                       Default: the files in $${ISTIO_CRDS_ENV}. Without any, Istio objects get a warning.
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
  let json = false;
  const paths: string[] = [];
  const crds: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a === '--json') json = true;
    else if (a === '--istio-crds' || a.startsWith('--istio-crds=')) {
      const value = a.includes('=') ? a.slice(a.indexOf('=') + 1) : rest[++i];
      if (!value) {
        io.err(`--istio-crds needs a file or directory\n\n${USAGE}`);
        return 2;
      }
      crds.push(value);
    } else if (a === '-h' || a === '--help') {
      io.out(USAGE);
      return 0;
    } else if (a.startsWith('-')) {
      io.err(`unknown option ${JSON.stringify(a)}\n\n${USAGE}`);
      return 2;
    } else paths.push(a);
  }
  let problems: Problem[];
  try {
    if (crds.length > 0) setIstioCrdSources(crds);
    problems = validatePaths(paths.length ? paths : ['dist']);
  } catch (e) {
    if (e instanceof UsageError || (e instanceof Error && e.message.startsWith('Istio CRD source'))) {
      io.err(`istio-direct validate: ${e.message}`);
      return 2;
    }
    throw e;
  } finally {
    if (crds.length > 0) setIstioCrdSources(undefined);
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
