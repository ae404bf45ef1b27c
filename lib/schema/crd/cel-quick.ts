/**
 * The CRD CEL rules answered without the interpreter: the common rules on the values they are
 * written for. Kept apart from `./cel` so that validating objects whose rules are all answered here
 * never loads @bufbuild/cel.
 */

/** The outcome of one rule: passed, failed, or could not be evaluated (with why). */
export type RuleResult = { ok: true } | { ok: false } | { error: string };

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
