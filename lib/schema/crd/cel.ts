import { celEnv, celFunc, celMethod, CelScalar, isCelError, parse, plan } from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';
import type { RuleResult } from './cel-quick';

export { quickRule, type RuleResult } from './cel-quick';

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
