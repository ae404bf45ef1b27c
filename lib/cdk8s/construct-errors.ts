/**
 * Bad props of a cdk8s construct fail its constructor with an IstioDirectError whose every line
 * names the construct path as well as the object (`EnvoyDirectPods "x" (construct echo/envoy): …`).
 *
 * Under `cdk8s synth`, the app runs in its own process, and an error the app does not catch would
 * reach the user as Node's stack trace of the library's internals. So while an istio-direct
 * construct is created under `cdk8s synth` (cdk8s-cli sets `CDK8S_OUTDIR` for the app), an
 * IstioDirectError, or cdk8s's "Validation failed" (the rules' errors among them), that nothing
 * catches is printed as its message alone, and the process exits with status 1, as Node's default
 * does; any other uncaught error is printed with its stack, as Node prints it. `npm run synth`
 * (scripts/synth.js) catches and prints them itself.
 */
import { IConstruct } from 'constructs';
import { atPlace } from '../core/errors';

const INSTALLED = Symbol.for('istio-direct.cdk8s.uncaught-errors');

/** Runs `build` so that every problem line it raises names `construct`'s path. */
export function atConstruct<T>(construct: IConstruct, build: () => T): T {
  reportUncaughtCleanly();
  return atPlace(`construct ${construct.node.path}`, build);
}

/** True for an error whose message is all the user needs: bad props, or cdk8s's validation report. */
export function isSynthUserError(error: unknown): error is Error {
  return error instanceof Error && (error.name === 'IstioDirectError' || error.message.startsWith('Validation failed with the following errors'));
}

/** Installs, once per process and only in an app `cdk8s synth` runs, the uncaught-error printer. */
function reportUncaughtCleanly(): void {
  const global = globalThis as { [INSTALLED]?: boolean };
  if (global[INSTALLED] === true || process.env.CDK8S_OUTDIR === undefined) return;
  global[INSTALLED] = true;
  process.on('uncaughtException', (error: unknown) => {
    if (isSynthUserError(error)) {
      process.stderr.write(`${error.name}: ${error.message}\nSynthesis failed\n`);
    } else {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? String(error)) : String(error)}\n`);
    }
    process.exit(1);
  });
}
