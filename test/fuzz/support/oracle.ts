/**
 * The oracle: a prop set either fails with a clear {@link IstioDirectError} (every problem line
 * `<Construct> "<name>": <field>: <message>`), or builds output that is plain JSON data, passes the
 * project's full check (schema validation and the rules engine) with zero errors, and is
 * byte-identical when built again.
 */
import { IstioDirectError, show } from '../../../lib/core/errors';
import { KubeObject } from '../../../lib/core/types';
import { withoutNulls } from '../../../lib/core/validate';
import { runRules, toManifestObjects } from '../../../lib/rules';
import { validateObject } from '../../../lib/validate';
import { PerturbedField } from './hostile';

/** How one prop set ended. */
export type Outcome = 'clear error' | 'output';

/** Why a prop set broke the oracle: a test failure. */
export class OracleViolation extends Error {}

export type ConstructName = 'EchoService' | 'HeadlessMeshService' | 'EnvoyDirectPods';

/** A field path (a long key is cut by show()): `name`, `ports[0].port`, `labels["bad key"]`, `target.selectorLabels["app"]`, `["odd: key"]`. */
const FIELD = String.raw`(?:[A-Za-z_$][\w$]*|\[\d+\]|\["(?:[^"\\]|\\.)*(?:"|…)\])(?:\.[A-Za-z_$][\w$]*|\[\d+\]|\["(?:[^"\\]|\\.)*(?:"|…)\])*`;
const FIELD_RE = new RegExp(`^(${FIELD}): (.+)$`, 's');

/** What the oracle knows of the props a problem line is about: the props, and the fields perturbed. */
export interface PropsContext {
  readonly props: unknown;
  readonly perturbed: readonly PerturbedField[];
}

/** One segment of a field path as the builder wrote it: `name`, `[0]`, `["odd key"]` (quoted, maybe cut). */
type Segment = { readonly plain: string } | { readonly quoted: string };

const SEGMENT = /(?:^|\.)([A-Za-z_$][\w$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*(?:"|…))\]/y;

/** Splits a field path into segments (the path already matched {@link FIELD}). */
export function fieldSegments(field: string): Segment[] {
  const out: Segment[] = [];
  SEGMENT.lastIndex = 0;
  while (SEGMENT.lastIndex < field.length) {
    const m = SEGMENT.exec(field);
    if (m === null) throw new OracleViolation(`cannot split the field path ${show(field)}`);
    out.push(m[3] !== undefined ? { quoted: m[3] } : { plain: m[1] ?? m[2] });
  }
  return out;
}

/** True when the key `key` is what `segment` names (a quoted key is compared as show() renders it). */
function segmentNames(segment: Segment, key: string | number): boolean {
  return 'plain' in segment ? String(key) === segment.plain : show(String(key)) === segment.quoted;
}

/** The own key of `container` that `segment` names, if any (a Proxy's trap that throws: `unknown`). */
function keyNamed(container: unknown, segment: Segment): string | undefined | 'unknown' {
  if (typeof container !== 'object' || container === null) return undefined;
  try {
    if ('plain' in segment) return Object.prototype.hasOwnProperty.call(container, segment.plain) ? segment.plain : undefined;
    return Object.keys(container).find((k) => segmentNames(segment, k));
  } catch {
    return 'unknown';
  }
}

/**
 * The field of a problem line must be one the props have, or a missing field of an object they
 * have (a required prop left out): every segment but the last names an own key. `props` is the root.
 */
function checkFieldExists(field: string, segments: readonly Segment[], props: unknown, line: string): void {
  let v = props;
  for (const segment of segments.slice(0, -1)) {
    const key = keyNamed(v, segment);
    if (key === 'unknown') return;
    if (key === undefined) throw new OracleViolation(`the field ${show(field)} is not in the props: ${show(line)}`);
    const d = Object.getOwnPropertyDescriptor(v, key);
    if (d === undefined || !('value' in d)) return; // a getter: not read again
    v = d.value;
  }
}

/** True when a line is about the key of a map entry (a bad label key, an undeclared port): it shows the key. */
function namesItsKey(last: Segment | undefined, line: string): boolean {
  if (last === undefined || !('quoted' in last)) return false;
  // The key as show() renders it (quoted, maybe cut) is how the builder writes it in the field and the message.
  const message = line.slice(line.indexOf(`${last.quoted}]: `) + last.quoted.length + 3);
  const key = last.quoted.endsWith('…') ? undefined : (JSON.parse(last.quoted) as string);
  return message.startsWith(`${last.quoted} is not`) || (key !== undefined && /^\d+$/.test(key) && message.startsWith(`port ${key} is not`));
}

/** When the line is about a perturbed field, it shows the value as written (or its start, when long). */
function checkValueShown(segments: readonly Segment[], perturbed: readonly PerturbedField[], message: string, line: string): void {
  // An unknown key is wrong whatever its value: the field names it.
  if (/: is not a known \w+(;|$| \()/.test(line)) return;
  if (namesItsKey(segments[segments.length - 1], line)) return;
  for (const f of perturbed) {
    // `null` and `undefined` mean "not given": a required prop is reported as "is required".
    if (f.value === null || f.value === undefined) continue;
    if (f.path.length !== segments.length || !f.path.every((k, i) => segmentNames(segments[i], k))) continue;
    // A value is shown as the builder sees it: without its null-valued keys (null means "not given").
    const shown = show(f.value);
    const start = (s: string) => (s.length > 40 ? s.slice(0, 40) : s);
    if (!message.includes(start(shown)) && !message.includes(start(show(withoutNulls(f.value))))) throw new OracleViolation(`the problem about the perturbed field does not show its value ${shown}: ${show(line)}`);
  }
}

/** Checks one problem line of `construct` whose name prop was `name` (as shown by the builder). */
export function checkProblemLine(construct: ConstructName, shownName: string, line: string, context?: PropsContext): void {
  // `shownName` is '' when the name is missing or not a non-empty string: the line then starts with the class alone.
  const named = shownName === '' ? `${construct}: ` : `${construct} ${shownName}: `;
  // Props that cannot be read at all: `<Construct>: props: …`, or `<Construct>: props.<field>: …`.
  const unnamedField = line.startsWith(`${construct}: `) && /^props(?:[.[:]|$)/.test(line.slice(construct.length + 2));
  let rest: string;
  if (unnamedField) rest = line.slice(construct.length + 2);
  else if (line.startsWith(named)) rest = line.slice(named.length);
  else throw new OracleViolation(`problem line does not start with ${JSON.stringify(named)}: ${show(line)}`);
  if (/^\.\.\. and \d+ more problem\(s\)$/.test(rest)) return;
  const m = FIELD_RE.exec(rest);
  if (!m) throw new OracleViolation(`problem line has no "<field>: <message>" after the construct: ${show(line)}`);
  if (context !== undefined && m[1] !== 'props') {
    const segments = fieldSegments(m[1]).slice(unnamedField ? 1 : 0);
    checkFieldExists(m[1], segments, context.props, line);
    checkValueShown(segments, context.perturbed, m[2], line);
  }
  const message = m[2].trim();
  if (message === '' || /^(undefined|null|NaN)\.?$/.test(message)) throw new OracleViolation(`empty message: ${show(line)}`);
  // The user's own strings, quoted by show(), may hold anything: judge only the builder's words.
  const words = message.replace(/"(?:[^"\\]|\\.)*(?:"|…)/g, '""');
  for (const bad of ['[object Object]', 'TypeError', 'RangeError', 'Cannot read propert', 'is not a function', 'is not iterable', 'Maximum call stack', '\n']) {
    if (words.includes(bad)) throw new OracleViolation(`unclear message (${JSON.stringify(bad)}): ${show(line)}`);
  }
}

/** Checks a thrown value: an IstioDirectError with clear lines, else a violation. */
export function checkThrown(construct: ConstructName, shownName: string, e: unknown, context?: PropsContext): void {
  if (!(e instanceof IstioDirectError)) {
    const what = e instanceof Error ? `${e.name}: ${e.message}\n${e.stack ?? ''}` : show(e);
    throw new OracleViolation(`threw something other than an IstioDirectError: ${what}`);
  }
  if (e.problems.length === 0) throw new OracleViolation('an IstioDirectError without problems');
  for (const line of e.problems) checkProblemLine(construct, shownName, line, context);
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
  context?: PropsContext,
): Outcome {
  let first: Built;
  try {
    first = build();
  } catch (e) {
    checkThrown(construct, shownName, e, context);
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
