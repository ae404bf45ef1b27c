import { celEnv, celFunc, celMethod, CelScalar, isCelError, parse, plan } from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';

/**
 * Kubernetes' CEL `url()` library (k8s.io/apiserver/pkg/cel/library/urls.go), as far as CRD rules
 * use it: `url(s)` checks that `s` is an absolute URI and yields it, and the getters read its parts.
 * The URL is carried as a string, so the getters are methods on strings.
 */
function parseUrl(s: string): URL {
  return new URL(s); // throws on a relative or malformed URL, like url() does
}
const urlFuncs = [
  celFunc('url', [CelScalar.STRING], CelScalar.STRING, (s: string) => {
    parseUrl(s);
    return s;
  }),
  celFunc('isURL', [CelScalar.STRING], CelScalar.BOOL, (s: string) => {
    try {
      parseUrl(s);
      return true;
    } catch {
      return false;
    }
  }),
  celMethod('getScheme', CelScalar.STRING, [], CelScalar.STRING, function (this: string) {
    return parseUrl(this).protocol.replace(/:$/, '');
  }),
  celMethod('getHost', CelScalar.STRING, [], CelScalar.STRING, function (this: string) {
    return parseUrl(this).host;
  }),
  celMethod('getHostname', CelScalar.STRING, [], CelScalar.STRING, function (this: string) {
    return parseUrl(this).hostname.replace(/^\[(.*)\]$/, '$1');
  }),
  celMethod('getPort', CelScalar.STRING, [], CelScalar.STRING, function (this: string) {
    return parseUrl(this).port;
  }),
  celMethod('getEscapedPath', CelScalar.STRING, [], CelScalar.STRING, function (this: string) {
    return parseUrl(this).pathname;
  }),
];

const env = celEnv({ funcs: [...strings, ...urlFuncs] });
type Program = (ctx: { self: unknown }) => unknown;
const programs = new Map<string, Program | Error>();

/** Compiles (once per process) a CRD `x-kubernetes-validations` rule. */
export function compileRule(rule: string): Program | Error {
  let p = programs.get(rule);
  if (!p) {
    try {
      p = plan(env, parse(rule)) as unknown as Program;
    } catch (e) {
      p = e instanceof Error ? e : new Error(String(e));
    }
    programs.set(rule, p);
  }
  return p;
}

/** The outcome of one rule: passed, failed, or could not be evaluated (with why). */
export type RuleResult = { ok: true } | { ok: false } | { error: string };

/** Evaluates a CEL rule with `self` bound to `value` (already converted to CEL values). */
export function evaluateRule(rule: string, value: unknown): RuleResult {
  const prog = compileRule(rule);
  if (prog instanceof Error) return { error: `cannot compile: ${prog.message}` };
  let out: unknown;
  try {
    out = prog({ self: value });
  } catch (e) {
    return { error: (e as Error).message };
  }
  if (isCelError(out)) return { error: String((out as { message?: string }).message ?? out) };
  if (typeof out !== 'boolean') return { error: `rule did not return a bool (got ${typeof out})` };
  return out ? { ok: true } : { ok: false };
}

function isMap(v: unknown): v is Readonly<Record<string, unknown>> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * Rules Istio's CRDs put on nearly every object (label keys and values, PeerAuthentication's
 * `spec`), answered without the interpreter for the values they are written for, with the result
 * CEL gives (`contains` is `String.prototype.includes`, a string's `size()` counts code points, so
 * 0 only for ''). Each takes the value as parsed (before {@link evaluateRule}'s conversion, which
 * keeps every key and string) and gives `undefined` for anything else: CEL then decides.
 */
const NATIVE_RULES: ReadonlyMap<string, (self: unknown) => boolean | undefined> = new Map<string, (self: unknown) => boolean | undefined>([
  ['!self.contains("*")', (self) => (typeof self === 'string' ? !self.includes('*') : undefined)],
  ['self.all(key, !key.contains("*"))', (self) => (isMap(self) ? Object.keys(self).every((k) => !k.includes('*')) : undefined)],
  ['self.all(key, key.size() != 0)', (self) => (isMap(self) ? Object.keys(self).every((k) => k !== '') : undefined)],
  // Only its `has(self.portLevelMtls)` branch reads anything.
  [
    'has(self.portLevelMtls) ? (((has(self.selector) && has(self.selector.matchLabels)) ? self.selector.matchLabels : {}).size() > 0) : true',
    (self) => (isMap(self) && !Object.prototype.hasOwnProperty.call(self, 'portLevelMtls') ? true : undefined),
  ],
]);

/**
 * A rule's result on a value as parsed when it is one of the common rules on a value it is written
 * for, else `undefined` (then convert the value and call {@link evaluateRule}).
 */
export function quickRule(rule: string, parsed: unknown): RuleResult | undefined {
  const native = NATIVE_RULES.get(rule);
  const ok = native === undefined ? undefined : native(parsed);
  return ok === undefined ? undefined : ok ? OK : FAILED;
}

const OK: RuleResult = { ok: true };
const FAILED: RuleResult = { ok: false };
