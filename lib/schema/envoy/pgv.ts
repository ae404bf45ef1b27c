/**
 * protoc-gen-validate (PGV) rules, read from the `(validate.rules)`, `(validate.required)` and
 * `(validate.disabled)` options that Envoy's .proto files carry (envoyproxy/protoc-gen-validate,
 * validate/validate.proto). Nothing here re-types Envoy's rules: they come from the parsed options.
 */
export type Rules = Record<string, unknown>;

/** Merges repeated `(validate.rules)` option values into one rules object. */
export function mergeRules(into: Rules, from: Rules): Rules {
  for (const [k, v] of Object.entries(from)) {
    const cur = into[k];
    if (cur && typeof cur === 'object' && !Array.isArray(cur) && v && typeof v === 'object' && !Array.isArray(v)) {
      mergeRules(cur as Rules, v as Rules);
    } else if (cur !== undefined && k !== 'const') {
      into[k] = ([] as unknown[]).concat(cur, v); // repeated option values (`in`, `not_in`)
    } else {
      into[k] = v;
    }
  }
  return into;
}

/** A list option value as an array (the parsed options give a scalar when there is one element). */
export function asList(v: unknown): unknown[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

/** PGV Duration bound `{seconds, nanos}` as nanoseconds. */
export function durationBound(v: unknown): bigint {
  const o = (v ?? {}) as { seconds?: number | string; nanos?: number | string };
  return BigInt(o.seconds ?? 0) * 1_000_000_000n + BigInt(o.nanos ?? 0);
}

/** Renders nanoseconds the proto3-JSON way, e.g. `0.001s`. */
export function formatNanos(n: bigint): string {
  const neg = n < 0n;
  const a = neg ? -n : n;
  const s = a / 1_000_000_000n;
  const frac = (a % 1_000_000_000n).toString().padStart(9, '0').replace(/0+$/, '');
  return `${neg ? '-' : ''}${s}${frac ? '.' + frac : ''}s`;
}

// PGV's well_known_regex patterns (validate.proto, KnownRegex): header names and values per RFC 7230.
const HEADER_NAME = /^:?[0-9a-zA-Z!#$%&'*+\-.^_|~`]+$/;
// eslint-disable-next-line no-control-regex
const HEADER_VALUE_STRICT = /^[^\u0000-\u0008\u000A-\u001F\u007F]*$/;
// eslint-disable-next-line no-control-regex
const HEADER_LOOSE = /^[^\u0000\u000A\u000D]*$/;

const HOSTNAME = /^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$/;
const IPV4 = /^((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
function isIpv6(s: string): boolean {
  try {
    return new URL(`http://[${s}]/`).hostname.length > 2 && s.includes(':');
  } catch {
    return false;
  }
}

/** Checks a string against PGV `StringRules`; returns the violated rule messages. */
export function checkString(v: string, r: Rules): string[] {
  const out: string[] = [];
  if (r.ignore_empty === true && v === '') return out;
  const chars = [...v].length;
  const bytes = Buffer.byteLength(v, 'utf8');
  const num = (k: string) => (r[k] === undefined ? undefined : Number(r[k]));
  if (r.const !== undefined && v !== r.const) out.push(`must equal ${JSON.stringify(r.const)}`);
  if (num('len') !== undefined && chars !== num('len')) out.push(`must be exactly ${num('len')} characters`);
  if (num('min_len') !== undefined && chars < num('min_len')!) out.push(num('min_len') === 1 ? 'must not be empty' : `must be at least ${num('min_len')} characters`);
  if (num('max_len') !== undefined && chars > num('max_len')!) out.push(`must be at most ${num('max_len')} characters`);
  if (num('len_bytes') !== undefined && bytes !== num('len_bytes')) out.push(`must be exactly ${num('len_bytes')} bytes`);
  if (num('min_bytes') !== undefined && bytes < num('min_bytes')!) out.push(`must be at least ${num('min_bytes')} bytes`);
  if (num('max_bytes') !== undefined && bytes > num('max_bytes')!) out.push(`must be at most ${num('max_bytes')} bytes`);
  if (typeof r.prefix === 'string' && !v.startsWith(r.prefix)) out.push(`must start with ${JSON.stringify(r.prefix)}`);
  if (typeof r.suffix === 'string' && !v.endsWith(r.suffix)) out.push(`must end with ${JSON.stringify(r.suffix)}`);
  if (typeof r.contains === 'string' && !v.includes(r.contains)) out.push(`must contain ${JSON.stringify(r.contains)}`);
  if (typeof r.not_contains === 'string' && v.includes(r.not_contains)) out.push(`must not contain ${JSON.stringify(r.not_contains)}`);
  if (typeof r.pattern === 'string') {
    let re: RegExp | undefined;
    try {
      re = new RegExp(r.pattern, 'u');
    } catch {
      re = undefined; // an RE2-only construct: not checkable with JS regexps
    }
    if (re && !re.test(v)) out.push(`must match the pattern ${JSON.stringify(r.pattern)}`);
  }
  const ins = asList(r.in);
  if (ins.length && !ins.includes(v)) out.push(`must be one of ${ins.map((x) => JSON.stringify(x)).join(', ')}`);
  if (asList(r.not_in).includes(v)) out.push(`must not be ${JSON.stringify(v)}`);
  const wk = r.well_known_regex;
  if (wk !== undefined) {
    const strict = r.strict !== false;
    if (wk === 'HTTP_HEADER_NAME' || wk === 1) {
      if (!(strict ? HEADER_NAME : HEADER_LOOSE).test(v)) out.push('must be a valid HTTP header name');
    } else if (wk === 'HTTP_HEADER_VALUE' || wk === 2) {
      if (!(strict ? HEADER_VALUE_STRICT : HEADER_LOOSE).test(v)) out.push('must be a valid HTTP header value');
    }
  }
  if (r.hostname === true && !HOSTNAME.test(v)) out.push('must be a valid hostname');
  if (r.ipv4 === true && !IPV4.test(v)) out.push('must be a valid IPv4 address');
  if (r.ipv6 === true && !isIpv6(v)) out.push('must be a valid IPv6 address');
  if (r.ip === true && !IPV4.test(v) && !isIpv6(v)) out.push('must be a valid IP address');
  if (r.address === true && !IPV4.test(v) && !isIpv6(v) && !HOSTNAME.test(v)) out.push('must be a valid hostname or IP address');
  if (r.email === true && !/^[^@\s]+@[^@\s]+$/.test(v)) out.push('must be a valid email address');
  if (r.uuid === true && !/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(v)) out.push('must be a valid UUID');
  if (r.uri === true) {
    try {
      new URL(v);
    } catch {
      out.push('must be an absolute URI');
    }
  }
  return out;
}

/** Checks a number against PGV numeric rules (`const`, `lt`, `lte`, `gt`, `gte`, `in`, `not_in`). */
export function checkNumber(v: number, r: Rules): string[] {
  const out: string[] = [];
  if (r.ignore_empty === true && v === 0) return out;
  const n = (k: string) => (r[k] === undefined ? undefined : Number(r[k]));
  const lt = n('lt'), lte = n('lte'), gt = n('gt'), gte = n('gte');
  if (n('const') !== undefined && v !== n('const')) out.push(`must equal ${n('const')}`);
  const lower = gt !== undefined ? `> ${gt}` : gte !== undefined ? `>= ${gte}` : undefined;
  const upper = lt !== undefined ? `< ${lt}` : lte !== undefined ? `<= ${lte}` : undefined;
  const okLow = (gt === undefined || v > gt) && (gte === undefined || v >= gte);
  const okHigh = (lt === undefined || v < lt) && (lte === undefined || v <= lte);
  if (!okLow || !okHigh) out.push(`must be ${[lower, upper].filter(Boolean).join(' and ')}, got ${v}`);
  const ins = asList(r.in).map(Number);
  if (ins.length && !ins.includes(v)) out.push(`must be one of ${ins.join(', ')}, got ${v}`);
  if (asList(r.not_in).map(Number).includes(v)) out.push(`must not be ${v}`);
  return out;
}

/** Checks a duration (in nanoseconds) against PGV `DurationRules`. */
export function checkDuration(v: bigint, r: Rules): string[] {
  const out: string[] = [];
  const b = (k: string) => (r[k] === undefined ? undefined : durationBound(r[k]));
  const lt = b('lt'), lte = b('lte'), gt = b('gt'), gte = b('gte');
  if (b('const') !== undefined && v !== b('const')) out.push(`must equal ${formatNanos(b('const')!)}`);
  const okLow = (gt === undefined || v > gt) && (gte === undefined || v >= gte);
  const okHigh = (lt === undefined || v < lt) && (lte === undefined || v <= lte);
  if (!okLow || !okHigh) {
    const lower = gt !== undefined ? `> ${formatNanos(gt)}` : gte !== undefined ? `>= ${formatNanos(gte)}` : undefined;
    const upper = lt !== undefined ? `< ${formatNanos(lt)}` : lte !== undefined ? `<= ${formatNanos(lte)}` : undefined;
    out.push(`must be ${[lower, upper].filter(Boolean).join(' and ')}, got ${formatNanos(v)}`);
  }
  const ins = asList(r.in).map(durationBound);
  if (ins.length && !ins.includes(v)) out.push(`must be one of ${ins.map(formatNanos).join(', ')}`);
  if (asList(r.not_in).map(durationBound).includes(v)) out.push(`must not be ${formatNanos(v)}`);
  return out;
}
