/**
 * The oracle: a prop set either fails with a clear {@link IstioDirectError} (every problem line
 * `<Construct> "<name>": <field>: <message>`), or builds output that is plain JSON data, passes the
 * project's full check (schema validation and the rules engine) with zero errors, and is
 * byte-identical when built again.
 */
import { IstioDirectError, show } from '../../../lib/core/errors';
import { KubeObject } from '../../../lib/core/types';
import { runRules, toManifestObjects } from '../../../lib/rules';
import { validateObject } from '../../../lib/validate';

/** How one prop set ended. */
export type Outcome = 'clear error' | 'output';

/** Why a prop set broke the oracle: a test failure. */
export class OracleViolation extends Error {}

export type ConstructName = 'EchoService' | 'HeadlessMeshService' | 'EnvoyDirectPods';

/** A field path (a long key is cut by show()): `name`, `ports[0].port`, `labels["bad key"]`, `target.selectorLabels["app"]`, `["odd: key"]`. */
const FIELD = String.raw`(?:[A-Za-z_$][\w$]*|\[\d+\]|\["(?:[^"\\]|\\.)*(?:"|…)\])(?:\.[A-Za-z_$][\w$]*|\[\d+\]|\["(?:[^"\\]|\\.)*(?:"|…)\])*`;
const FIELD_RE = new RegExp(`^(${FIELD}): (.+)$`, 's');

/** Checks one problem line of `construct` whose name prop was `name` (as shown by the builder). */
export function checkProblemLine(construct: ConstructName, shownName: string, line: string): void {
  const named = `${construct} ${shownName}: `;
  const unnamed = `${construct}: props: `;
  let rest: string;
  if (line.startsWith(named)) rest = line.slice(named.length);
  else if (line.startsWith(unnamed)) rest = `props: ${line.slice(unnamed.length)}`;
  else throw new OracleViolation(`problem line does not start with ${JSON.stringify(named)}: ${show(line)}`);
  if (/^\.\.\. and \d+ more problem\(s\)$/.test(rest)) return;
  const m = FIELD_RE.exec(rest);
  if (!m) throw new OracleViolation(`problem line has no "<field>: <message>" after the construct: ${show(line)}`);
  const message = m[2].trim();
  if (message === '' || /^(undefined|null|NaN)\.?$/.test(message)) throw new OracleViolation(`empty message: ${show(line)}`);
  // The user's own strings, quoted by show(), may hold anything: judge only the builder's words.
  const words = message.replace(/"(?:[^"\\]|\\.)*(?:"|…)/g, '""');
  for (const bad of ['[object Object]', 'TypeError', 'RangeError', 'Cannot read propert', 'is not a function', 'is not iterable', 'Maximum call stack', '\n']) {
    if (words.includes(bad)) throw new OracleViolation(`unclear message (${JSON.stringify(bad)}): ${show(line)}`);
  }
}

/** Checks a thrown value: an IstioDirectError with clear lines, else a violation. */
export function checkThrown(construct: ConstructName, shownName: string, e: unknown): void {
  if (!(e instanceof IstioDirectError)) {
    const what = e instanceof Error ? `${e.name}: ${e.message}\n${e.stack ?? ''}` : show(e);
    throw new OracleViolation(`threw something other than an IstioDirectError: ${what}`);
  }
  if (e.problems.length === 0) throw new OracleViolation('an IstioDirectError without problems');
  for (const line of e.problems) checkProblemLine(construct, shownName, line);
}

/** Fails unless `value` is plain JSON data (no undefined, NaN, functions, symbols, BigInts, class instances). */
export function checkPlainData(value: unknown, at = ''): void {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new OracleViolation(`output has ${value} at ${at || '(root)'}`);
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => checkPlainData(v, `${at}[${i}]`));
    return;
  }
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    for (const [k, v] of Object.entries(value)) checkPlainData(v, `${at}.${k}`);
    return;
  }
  throw new OracleViolation(`output has ${show(value)} (${typeof value}) at ${at || '(root)'}`);
}

/** Options of the rules run over a construct's output. */
export interface CheckOptions {
  readonly istioVersion?: string;
  readonly clusterDomain?: string;
}

/** Schema validation and the rules engine over `objects`: every error, formatted. */
export function fullCheckErrors(objects: readonly KubeObject[], extra: readonly object[], options: CheckOptions): string[] {
  const errors: string[] = [];
  for (const o of objects) {
    for (const f of validateObject(o)) {
      if (f.severity === 'error') errors.push(`${o.kind}/${o.metadata.name} ${f.path}: ${f.message} (${f.code})`);
    }
  }
  const findings = runRules(toManifestObjects([...objects, ...extra]), options);
  for (const f of findings) {
    if (f.severity === 'error') errors.push(`${f.object.kind}/${f.object.name} ${f.path}: ${f.message} (${f.rule})`);
  }
  return errors;
}

/** Output of one build: its objects, as checked and compared. */
export interface Built {
  readonly objects: readonly KubeObject[];
}

/**
 * Runs `build` twice and classifies the outcome; throws an {@link OracleViolation} when the prop set
 * breaks the contract.
 */
export function judge(
  construct: ConstructName,
  shownName: string,
  build: () => Built,
  companions: (built: Built) => readonly object[],
  options: () => CheckOptions,
): Outcome {
  let first: Built;
  try {
    first = build();
  } catch (e) {
    checkThrown(construct, shownName, e);
    let again: unknown;
    try {
      build();
    } catch (e2) {
      again = e2;
    }
    if (!(again instanceof IstioDirectError) || again.message !== (e as IstioDirectError).message) {
      throw new OracleViolation(`a second build did not fail the same way: ${show((again as Error | undefined)?.message)}`);
    }
    return 'clear error';
  }
  checkPlainData(first.objects);
  const text = JSON.stringify(first.objects);
  const second = JSON.stringify(build().objects);
  if (text !== second) throw new OracleViolation('two builds of the same props differ');
  const errors = fullCheckErrors(first.objects, companions(first), options());
  if (errors.length > 0) throw new OracleViolation(`output fails the check:\n  ${errors.join('\n  ')}`);
  return 'output';
}
