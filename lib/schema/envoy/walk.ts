import type { JsonValue } from '@bufbuild/protobuf';
import { coded, type Finding } from '../problem';
import { loadOptional, requireOptional } from '../optional';
import { formatPath, type PathSegment } from '../../base/paths';
import { closest, unknownMessage } from '../../base/suggest';
import { loadEnvoyApi, type EnvoyApi } from './api';
import { EnumType, MessageType, type Deprecation, type Field, type Oneof } from './model';
import { asList, checkDuration, checkNumber, checkString, formatNanos, type Rules } from './pgv';

const { error } = coded('ID903');
const deprecated = coded('ID904').warning;
const notChecked = coded('ID905').warning;

/** Envoy's documentation page of a proto file, e.g. `…/api-v3/config/cluster/v3/cluster.proto`. */
function docsUrl(file: string): string {
  return `https://www.envoyproxy.io/docs/envoy/latest/api-v3/${file.replace(/^envoy\//, '')}`;
}

function sinceText(d: Deprecation): string {
  return d.since ? ` (deprecated at Envoy API minor version ${d.since})` : '';
}

const INT_RANGE: Record<string, [bigint, bigint]> = {
  int32: [-(2n ** 31n), 2n ** 31n - 1n],
  sint32: [-(2n ** 31n), 2n ** 31n - 1n],
  sfixed32: [-(2n ** 31n), 2n ** 31n - 1n],
  uint32: [0n, 2n ** 32n - 1n],
  fixed32: [0n, 2n ** 32n - 1n],
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
  sint64: [-(2n ** 63n), 2n ** 63n - 1n],
  sfixed64: [-(2n ** 63n), 2n ** 63n - 1n],
  uint64: [0n, 2n ** 64n - 1n],
  fixed64: [0n, 2n ** 64n - 1n],
};
const WRAPPERS: Record<string, string> = {
  'google.protobuf.DoubleValue': 'double',
  'google.protobuf.FloatValue': 'float',
  'google.protobuf.Int64Value': 'int64',
  'google.protobuf.UInt64Value': 'uint64',
  'google.protobuf.Int32Value': 'int32',
  'google.protobuf.UInt32Value': 'uint32',
  'google.protobuf.BoolValue': 'bool',
  'google.protobuf.StringValue': 'string',
  'google.protobuf.BytesValue': 'bytes',
};
/** Types whose Any JSON form carries the value under a `value` key (proto3 JSON spec). */
const SPECIAL_JSON = new Set([
  ...Object.keys(WRAPPERS),
  'google.protobuf.Duration',
  'google.protobuf.Timestamp',
  'google.FieldMask',
  'google.protobuf.Struct',
  'google.protobuf.Value',
  'google.protobuf.ListValue',
  'google.protobuf.Any',
]);
const DURATION = /^(-)?(\d+)(?:\.(\d{1,9}))?s$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;
const MAX_DURATION_S = 315_576_000_000n;

type Json = unknown;

function describe(v: Json): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${JSON.stringify(v)}`;
}

function isObject(v: Json): v is Record<string, Json> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Walks proto3 JSON alongside the protobufjs reflection of Envoy's API, collecting findings with paths. */
class Walker {
  readonly findings: Finding[] = [];
  /** Whether some Any was left unchecked (its type is not in the API). */
  unchecked = false;
  /** Message types held by Any values, for the decoder's registry. */
  readonly anyTypes = new Set<string>();
  private readonly fieldIndex = new Map<MessageType, Map<string, Field>>();
  /** Named ancestors (e.g. `Cluster "backend"`), to say which cluster or listener a problem is in. */
  private readonly context: string[] = [];

  constructor(private readonly api: EnvoyApi) {}

  private report(path: PathSegment[], message: string, make: (path: string, message: string) => Finding = error): void {
    const where = this.context.length ? `in ${this.context.join(' > ')}: ` : '';
    this.findings.push(make(formatPath(path), where + message));
  }

  /**
   * A field present in the JSON that Envoy deprecates (a warning) or disallows by default (an error).
   * Presence is what counts: a proto3 scalar written at its default value (`0`, `false`, `""`) is
   * reported too, because it is in the config file even though the binary form would drop it.
   */
  private fieldStatus(type: MessageType, f: Field, path: PathSegment[]): void {
    const where = `field "${f.name}" of ${type.fullName}`;
    if (f.disallowed) {
      this.report(path, `${where} is disallowed by default (envoy.annotations.disallowed_by_default): Envoy rejects it unless the runtime key envoy.deprecated_features:${type.fullName}.${f.name} is true; see ${docsUrl(type.file)}`);
      return;
    }
    const d = f.deprecation;
    if (d) this.report(path, `deprecated ${where}${sinceText(d)}: Envoy warns on it and may remove it; see ${docsUrl(type.file)}`, deprecated);
  }

  /** The same for an enum value. */
  private enumStatus(e: EnumType, name: string | undefined, path: PathSegment[]): void {
    if (name === undefined) return;
    const where = `enum value ${name} of ${e.fullName}`;
    if (e.disallowed(name)) {
      this.report(path, `${where} is disallowed by default (envoy.annotations.disallowed_by_default_enum); see ${docsUrl(e.file)}`);
      return;
    }
    const d = e.deprecation(name);
    if (d) this.report(path, `deprecated ${where}${sinceText(d)}: Envoy warns on it and may remove it; see ${docsUrl(e.file)}`, deprecated);
  }

  private fieldsOf(type: MessageType): Map<string, Field> {
    let idx = this.fieldIndex.get(type);
    if (!idx) {
      idx = new Map();
      for (const f of type.fieldsArray) {
        idx.set(f.name, f);
        idx.set(f.jsonName, f);
      }
      this.fieldIndex.set(type, idx);
    }
    return idx;
  }

  message(type: MessageType, v: Json, path: PathSegment[]): void {
    const name = type.fullName;
    if (name.startsWith('google.protobuf.')) {
      this.wellKnown(name, v, path, undefined);
      return;
    }
    if (!isObject(v)) {
      this.report(path, `expected an object (${name}), got ${describe(v)}`);
      return;
    }
    const fields = this.fieldsOf(type);
    const seen = new Map<Field, string>();
    const oneofSet = new Map<Oneof, string[]>();
    let pushed = false;
    if (typeof v.name === 'string' && fields.get('name')?.type === 'string' && v.name !== '') {
      this.context.push(`${type.name} ${JSON.stringify(v.name)}`);
      pushed = true;
    }
    for (const key of Object.keys(v)) {
      const f = fields.get(key);
      const p = [...path, key];
      if (!f) {
        const names = type.fieldsArray.map((x) => x.name);
        this.report(p, `${unknownMessage('field', key, names)} in ${name}`);
        continue;
      }
      if (seen.has(f)) {
        this.report(p, `field ${f.name} is set twice (as "${seen.get(f)}" and "${key}")`);
        continue;
      }
      seen.set(f, key);
      if (v[key] === null && f.resolvedType?.fullName !== 'google.protobuf.Value') continue; // null = unset
      this.fieldStatus(type, f, p);
      if (f.partOf) {
        const list = oneofSet.get(f.partOf) ?? [];
        list.push(f.name);
        oneofSet.set(f.partOf, list);
      }
      this.field(f, v[key], p);
    }
    for (const [oneof, set] of oneofSet) {
      if (set.length > 1) this.report(path, `only one of ${oneof.oneof.join(', ')} may be set (oneof ${oneof.name}), got ${set.join(' and ')}`);
    }
    if (!type.disabled) this.absentRules(type, v, seen, oneofSet, path);
    if (pushed) this.context.pop();
  }

  /** PGV rules that fire when a field is absent: required messages, empty strings, min_items, oneofs. */
  private absentRules(type: MessageType, v: Record<string, Json>, seen: Map<Field, string>, oneofSet: Map<Oneof, string[]>, path: PathSegment[]): void {
    for (const oneof of type.oneofsArray) {
      if (oneof.required && !oneofSet.has(oneof)) {
        this.report(path, `one of ${oneof.oneof.join(', ')} is required (oneof ${oneof.name}) in ${type.fullName}`);
      }
    }
    for (const f of type.fieldsArray) {
      const key = seen.get(f);
      if (key !== undefined && v[key] !== null) continue;
      const rules = f.rules;
      if (!rules || f.partOf) continue; // rules on an unset oneof member do not apply
      const p = [...path, f.name];
      const what = `${f.name} is required`;
      const msgRules = rules.message as Rules | undefined;
      if (msgRules?.required === true) {
        this.report(p, what);
        continue;
      }
      for (const k of ['duration', 'timestamp', 'any'] as const) {
        if ((rules[k] as Rules | undefined)?.required === true) this.report(p, what);
      }
      if (f.isMap) {
        const min = Number((rules.map as Rules | undefined)?.min_pairs ?? 0);
        if (min > 0) this.report(p, `${f.name} must have at least ${min} entr${min === 1 ? 'y' : 'ies'}`);
        continue;
      }
      if (f.repeated) {
        const min = Number((rules.repeated as Rules | undefined)?.min_items ?? 0);
        if (min > 0) this.report(p, `${f.name} must have at least ${min} item${min === 1 ? '' : 's'}`);
        continue;
      }
      if (f.resolvedType instanceof MessageType) continue; // absent sub-message: only `required` applies
      // proto3 scalar and enum fields always have a value: PGV checks the default.
      this.scalarRules(f, f.resolvedType instanceof EnumType ? 0 : f.type === 'string' || f.type === 'bytes' ? '' : f.type === 'bool' ? false : 0, rules, p, true);
    }
  }

  private field(f: Field, v: Json, path: PathSegment[]): void {
    const rules = f.rules;
    if (f.isMap) {
      if (!isObject(v)) {
        this.report(path, `expected an object (map<${f.keyType}, ${f.type}>), got ${describe(v)}`);
        return;
      }
      const mr = (rules?.map ?? {}) as Rules;
      const n = Object.keys(v).length;
      if (mr.min_pairs !== undefined && n < Number(mr.min_pairs)) this.report(path, `must have at least ${mr.min_pairs} entries, got ${n}`);
      if (mr.max_pairs !== undefined && n > Number(mr.max_pairs)) this.report(path, `must have at most ${mr.max_pairs} entries, got ${n}`);
      for (const [k, val] of Object.entries(v)) {
        this.mapKey(f.keyType ?? 'string', k, [...path, k], mr.keys as Rules | undefined);
        this.value(f, val, [...path, k], mr.values as Rules | undefined);
      }
      return;
    }
    if (f.repeated) {
      if (!Array.isArray(v)) {
        this.report(path, `expected an array (repeated ${f.type}), got ${describe(v)}`);
        return;
      }
      const rr = (rules?.repeated ?? {}) as Rules;
      if (!(rr.ignore_empty === true && v.length === 0)) {
        if (rr.min_items !== undefined && v.length < Number(rr.min_items)) this.report(path, `must have at least ${rr.min_items} item(s), got ${v.length}`);
        if (rr.max_items !== undefined && v.length > Number(rr.max_items)) this.report(path, `must have at most ${rr.max_items} item(s), got ${v.length}`);
        if (rr.unique === true && new Set(v.map((x) => JSON.stringify(x))).size !== v.length) this.report(path, 'items must be unique');
      }
      v.forEach((el, i) => this.value(f, el, [...path, i], rr.items as Rules | undefined));
      return;
    }
    this.value(f, v, path, rules);
  }

  private mapKey(keyType: string, k: string, path: PathSegment[], rules: Rules | undefined): void {
    let parsed: string | number | boolean = k;
    if (keyType === 'bool') {
      if (k !== 'true' && k !== 'false') this.report(path, `map key must be "true" or "false", got ${JSON.stringify(k)}`);
      parsed = k === 'true';
    } else if (keyType !== 'string') {
      if (!/^-?\d+$/.test(k)) {
        this.report(path, `map key must be an integer (${keyType}), got ${JSON.stringify(k)}`);
        return;
      }
      parsed = Number(k);
    }
    if (rules) {
      const kr = rules[keyType === 'string' ? 'string' : keyType] as Rules | undefined;
      if (kr) for (const m of typeof parsed === 'string' ? checkString(parsed, kr) : typeof parsed === 'number' ? checkNumber(parsed, kr) : []) this.report(path, `map key ${m}`);
    }
  }

  /** One value of a field (a singular value, a list element or a map value). */
  private value(f: Field, v: Json, path: PathSegment[], rules: Rules | undefined): void {
    const rt = f.resolvedType;
    if (rt instanceof MessageType) {
      const name = rt.fullName;
      if (name.startsWith('google.protobuf.')) this.wellKnown(name, v, path, rules);
      else this.message(rt, v, path);
      return;
    }
    if (rt instanceof EnumType) {
      let num: number | undefined;
      if (typeof v === 'string') {
        num = rt.values[v];
        if (num === undefined) {
          this.report(path, `${unknownMessage('enum value', v, Object.keys(rt.values))} for ${rt.fullName}`);
          return;
        }
      } else if (typeof v === 'number' && Number.isInteger(v)) {
        num = v;
      } else {
        this.report(path, `expected an enum value name of ${rt.fullName}, got ${describe(v)}`);
        return;
      }
      this.enumStatus(rt, typeof v === 'string' ? v : rt.valuesById[num], path);
      if (rules) this.scalarRules(f, num, rules, path, false);
      return;
    }
    const scalar = this.scalar(f.type, v, path);
    if (scalar !== undefined && rules) this.scalarRules(f, scalar, rules, path, false);
  }

  /** Checks a proto3-JSON scalar; returns its value (number, string or boolean) or undefined when invalid. */
  private scalar(type: string, v: Json, path: PathSegment[]): number | string | boolean | undefined {
    if (type === 'string') {
      if (typeof v !== 'string') this.report(path, `expected a string, got ${describe(v)}`);
      return typeof v === 'string' ? v : undefined;
    }
    if (type === 'bool') {
      if (typeof v !== 'boolean') this.report(path, `expected true or false, got ${describe(v)}`);
      return typeof v === 'boolean' ? v : undefined;
    }
    if (type === 'bytes') {
      if (typeof v !== 'string' || !BASE64.test(v)) {
        this.report(path, `expected base64-encoded bytes, got ${describe(v)}`);
        return undefined;
      }
      return v;
    }
    if (type === 'double' || type === 'float') {
      if (typeof v === 'number') return v;
      if (typeof v === 'string' && (['NaN', 'Infinity', '-Infinity'].includes(v) || (v.trim() !== '' && !Number.isNaN(Number(v))))) return Number(v);
      this.report(path, `expected a number (${type}), got ${describe(v)}`);
      return undefined;
    }
    const range = INT_RANGE[type];
    if (range) {
      let n: bigint | undefined;
      if (typeof v === 'number' && Number.isInteger(v)) n = BigInt(v);
      else if (typeof v === 'string' && /^-?\d+$/.test(v)) n = BigInt(v);
      if (n === undefined) {
        this.report(path, `expected an integer (${type}), got ${describe(v)}`);
        return undefined;
      }
      if (n < range[0] || n > range[1]) {
        this.report(path, `${n} is out of range for ${type} (${range[0]} to ${range[1]})`);
        return undefined;
      }
      return Number(n);
    }
    this.report(path, `unsupported scalar type ${type}`);
    return undefined;
  }

  /** PGV rules on a scalar or enum value; `fromDefault` says the field was absent. */
  private scalarRules(f: Field, v: number | string | boolean, rules: Rules, path: PathSegment[], fromDefault: boolean): void {
    const rt = f.resolvedType;
    const kind = rt instanceof EnumType ? 'enum' : f.type;
    const r = rules[kind] as Rules | undefined;
    if (!r) return;
    let msgs: string[] = [];
    if (kind === 'enum' && rt instanceof EnumType) {
      const n = v as number;
      if (r.defined_only === true && rt.valuesById[n] === undefined) msgs.push(`must be a defined value of ${rt.fullName}, got ${n}`);
      if (r.const !== undefined && rt.values[String(r.const)] !== n && Number(r.const) !== n) msgs.push(`must equal ${String(r.const)}`);
      const ins = asList(r.in).map(Number);
      if (ins.length && !ins.includes(n)) msgs.push(`must be one of ${ins.map((x) => rt.valuesById[x] ?? x).join(', ')}`);
      if (asList(r.not_in).map(Number).includes(n)) msgs.push(`must not be ${rt.valuesById[n] ?? n}`);
    } else if (typeof v === 'string' && kind === 'string') msgs = checkString(v, r);
    else if (typeof v === 'number') msgs = checkNumber(v, r);
    else if (typeof v === 'boolean' && r.const !== undefined && r.const !== v) msgs.push(`must equal ${String(r.const)}`);
    if (fromDefault && msgs.length) {
      this.report(path, `${f.name} is required (unset, so it is ${JSON.stringify(v)}, which ${msgs.join('; ')})`.replace('which must not be empty', 'and it must not be empty'));
      return;
    }
    for (const m of msgs) this.report(path, m);
  }

  private wellKnown(name: string, v: Json, path: PathSegment[], rules: Rules | undefined): void {
    const wrapped = WRAPPERS[name];
    if (wrapped) {
      const s = this.scalar(wrapped, v, path);
      const r = rules?.[wrapped] as Rules | undefined;
      if (s !== undefined && r) {
        const msgs = typeof s === 'string' ? checkString(s, r) : typeof s === 'number' ? checkNumber(s, r) : [];
        for (const m of msgs) this.report(path, m);
      }
      return;
    }
    switch (name) {
      case 'google.protobuf.Duration': {
        const m = typeof v === 'string' ? DURATION.exec(v) : null;
        if (!m) {
          this.report(path, `expected a duration like "5s" or "0.250s" (seconds with an "s" suffix), got ${describe(v)}`);
          return;
        }
        const secs = BigInt(m[2]);
        if (secs > MAX_DURATION_S) {
          this.report(path, `duration ${v} is out of range (at most ${MAX_DURATION_S}s)`);
          return;
        }
        const nanos = secs * 1_000_000_000n + BigInt((m[3] ?? '').padEnd(9, '0'));
        const d = m[1] ? -nanos : nanos;
        const r = rules?.duration as Rules | undefined;
        if (r) for (const msg of checkDuration(d, r)) this.report(path, msg);
        void formatNanos;
        return;
      }
      case 'google.protobuf.Timestamp':
        if (typeof v !== 'string' || !TIMESTAMP.test(v) || Number.isNaN(Date.parse(v))) this.report(path, `expected an RFC 3339 timestamp like "2024-01-01T00:00:00Z", got ${describe(v)}`);
        return;
      case 'google.FieldMask':
        if (typeof v !== 'string') this.report(path, `expected a field mask string, got ${describe(v)}`);
        return;
      case 'google.protobuf.Empty':
        if (!isObject(v) || Object.keys(v).length) this.report(path, `expected {}, got ${describe(v)}`);
        return;
      case 'google.protobuf.Struct':
        if (!isObject(v)) this.report(path, `expected an object (google.protobuf.Struct), got ${describe(v)}`);
        return;
      case 'google.protobuf.ListValue':
        if (!Array.isArray(v)) this.report(path, `expected an array (google.protobuf.ListValue), got ${describe(v)}`);
        return;
      case 'google.protobuf.Value':
        return; // any JSON value
      case 'google.protobuf.Any':
        this.any(v, path, rules);
        return;
      default: {
        const t = this.api.types.lookupType(name);
        this.message(t, v, path);
      }
    }
  }

  private any(v: Json, path: PathSegment[], rules: Rules | undefined): void {
    if (!isObject(v)) {
      this.report(path, `expected an object with "@type" (google.protobuf.Any), got ${describe(v)}`);
      return;
    }
    const url = v['@type'];
    if (typeof url !== 'string' || !url.includes('/')) {
      this.report([...path, '@type'], `"@type" must be a type URL like "type.googleapis.com/envoy.extensions.filters.http.router.v3.Router", got ${describe(url)}`);
      return;
    }
    const ar = rules?.any as Rules | undefined;
    const ins = asList(ar?.in);
    if (ins.length && !ins.includes(url)) this.report([...path, '@type'], `must be one of ${ins.join(', ')}`);
    if (asList(ar?.not_in).includes(url)) this.report([...path, '@type'], `must not be ${url}`);
    const typeName = url.slice(url.lastIndexOf('/') + 1);
    const found = this.api.types.lookup(typeName);
    if (!(found instanceof MessageType)) {
      this.unknownType(url, typeName, [...path, '@type']);
      return;
    }
    this.anyTypes.add(found.fullName);
    const rest: Record<string, Json> = {};
    for (const [k, val] of Object.entries(v)) if (k !== '@type') rest[k] = val;
    if (SPECIAL_JSON.has(typeName)) {
      const extra = Object.keys(rest).filter((k) => k !== 'value');
      if (extra.length) this.report([...path, extra[0]], `unknown field "${extra[0]}": an Any holding ${typeName} has only "@type" and "value"`);
      if ('value' in rest) this.wellKnown(typeName, rest.value, [...path, 'value'], undefined);
      return;
    }
    this.message(found, rest, path);
  }

  /** An Any whose type the loaded API does not have: not checked (a warning), with a suggestion. */
  private unknownType(url: string, typeName: string, path: PathSegment[]): void {
    this.unchecked = true;
    const pkg = typeName.slice(0, typeName.lastIndexOf('.') + 1);
    const near = closest(typeName, Object.keys(this.api.types.json.messages).filter((n) => n.startsWith(pkg)));
    const hint = near ? ` (did you mean "${near}"?)` : '';
    const skipped = this.api.skipped.length ? `; ${this.api.skipped.length} of its v3 files are left out because their imports are missing` : '';
    this.report(
      path,
      (this.api.bundled
        ? `not checked: type ${JSON.stringify(url)} is not in the Envoy API this validator ships (${this.api.origin}${skipped})${hint}; ` +
          `to check a newer Envoy's types, point --envoy-api (or ISTIO_DIRECT_ENVOY_API) at its API protos`
        : `not checked: type ${JSON.stringify(url)} is not in the Envoy API loaded from ${this.api.origin}${skipped ? ` (${skipped.slice(2)})` : ''}${hint}`),
      notChecked,
    );
  }
}

let bufbuildModule: typeof import('@bufbuild/protobuf') | null | undefined;
/** @bufbuild/protobuf for the cross-check, or null when it (an optional extra) is not installed. */
function bufbuild(): typeof import('@bufbuild/protobuf') | null {
  if (bufbuildModule === undefined) {
    bufbuildModule = loadOptional(() => requireOptional<typeof import('@bufbuild/protobuf')>('@bufbuild/protobuf', 'Envoy proto3-JSON decoding'));
  }
  return bufbuildModule;
}

/**
 * Validates a proto3-JSON value (already parsed from YAML or JSON) as the Envoy message `typeName`
 * (default `envoy.config.bootstrap.v3.Bootstrap`): unknown fields, enum names, scalar and
 * well-known-type formats, `typed_config` Any resolution, the PGV rules of every field, and
 * deprecated or disallowed fields and enum values, each reported with its JSON path. As a
 * cross-check, the value is also decoded with @bufbuild/protobuf's conformant `fromJson`; if that
 * rejects something the walk accepted, its message is reported too (not when an Any was left
 * unchecked: the decoder would only repeat that its type is unknown).
 *
 * `api` selects the API (default: `loadEnvoyApi()`, i.e. `ISTIO_DIRECT_ENVOY_API` or the bundled one).
 */
export function validateEnvoyJson(json: unknown, typeName = 'envoy.config.bootstrap.v3.Bootstrap', api: EnvoyApi = loadEnvoyApi()): Finding[] {
  const walker = new Walker(api);
  walker.message(api.types.lookupType(typeName), json, []);
  const findings = walker.findings;
  if (walker.unchecked || findings.some((f) => f.severity === 'error')) return findings;
  const bp = bufbuild();
  if (bp === null) return findings; // the cross-check is an optional extra
  const { fromJson } = bp;
  const registry = api.registry([typeName, ...walker.anyTypes]);
  const desc = registry.getMessage(typeName);
  if (desc) {
    try {
      fromJson(desc, json as JsonValue, { registry });
    } catch (e) {
      findings.push(error('', `proto3-JSON decoder rejected it: ${(e as Error).message}`));
    }
  }
  return findings;
}
