import { coded, type Finding } from '../problem';
import { formatPath, type PathSegment } from '../../base/paths';
import { unknownMessage } from '../../base/suggest';
import type * as Cel from './cel';
import { quickRule, type RuleResult } from './cel-quick';
import { loadOptional, requireOptional } from '../optional';

const { error, warning } = coded('ID902');

let celModule: typeof Cel | null | undefined;
/**
 * The CEL evaluator, loaded on the first rule, or `null` when @bufbuild/cel (an optional extra) is
 * not installed: the structural schema is checked all the same, the CEL rules are not.
 */
function cel(): typeof Cel | null {
  if (celModule === undefined) {
    celModule = loadOptional(() => {
      requireOptional('@bufbuild/cel', 'evaluating Istio CRD CEL rules');
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      return require('./cel') as typeof Cel;
    });
  }
  return celModule;
}

/** The subset of a CRD's OpenAPI v3 (structural) schema that is checked. */
export interface Schema {
  type?: string;
  format?: string;
  properties?: Record<string, Schema>;
  additionalProperties?: Schema | boolean;
  items?: Schema;
  required?: string[];
  enum?: unknown[];
  nullable?: boolean;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean;
  exclusiveMaximum?: boolean;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minItems?: number;
  maxItems?: number;
  minProperties?: number;
  maxProperties?: number;
  oneOf?: Schema[];
  anyOf?: Schema[];
  allOf?: Schema[];
  not?: Schema;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-validations'?: Array<{ rule: string; message?: string; messageExpression?: string; fieldPath?: string; reason?: string }>;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${JSON.stringify(v)}`;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Converts a JSON value to CEL input guided by its schema: integers become int (bigint), as the API server does. */
export function toCel(schema: Schema | undefined, v: unknown): unknown {
  if (Array.isArray(v)) return v.map((x) => toCel(schema?.items, x));
  if (isObject(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      const sub = schema?.properties?.[k] ?? (typeof schema?.additionalProperties === 'object' ? schema.additionalProperties : undefined);
      out[k] = toCel(sub, x);
    }
    return out;
  }
  if (typeof v === 'number' && Number.isInteger(v) && (schema?.type === 'integer' || schema?.['x-kubernetes-int-or-string'])) return BigInt(v);
  return v;
}

/** A schema's `pattern` compiled once per process. */
const patterns = new Map<string, RegExp>();

function patternOf(source: string): RegExp {
  let re = patterns.get(source);
  if (re === undefined) patterns.set(source, (re = new RegExp(source, 'u')));
  return re;
}

/** A schema's `enum` values as JSON texts, once per schema (values are compared as JSON). */
const enumTexts = new WeakMap<unknown[], ReadonlySet<string>>();

function inEnum(values: unknown[], v: unknown): boolean {
  let texts = enumTexts.get(values);
  if (texts === undefined) enumTexts.set(values, (texts = new Set(values.map((e) => JSON.stringify(e)))));
  return texts.has(JSON.stringify(v));
}

const INT32: [number, number] = [-(2 ** 31), 2 ** 31 - 1];
const UINT32: [number, number] = [0, 2 ** 32 - 1];

/**
 * Validates a value against a structural schema the way the API server does for custom resources:
 * types, unknown fields (pruning is an error under strict field validation), required, enums,
 * bounds, patterns, oneOf/anyOf/allOf/not, and the CEL rules in `x-kubernetes-validations`.
 */
export function validateStructural(schema: Schema, v: unknown, path: PathSegment[], out: Finding[]): void {
  if (v === null) {
    if (!schema.nullable) out.push(error(formatPath(path), `must not be null${schema.type ? ` (expected ${schema.type})` : ''}`));
    return;
  }
  if (!checkType(schema, v, path, out)) return;
  if (schema.enum && !inEnum(schema.enum, v)) {
    out.push(error(formatPath(path), `unsupported value ${JSON.stringify(v)}: must be one of ${schema.enum.map((e) => JSON.stringify(e)).join(', ')}`));
  }
  if (typeof v === 'number') {
    const range = schema.format === 'int32' ? INT32 : schema.format === 'uint32' ? UINT32 : undefined;
    if (range && (v < range[0] || v > range[1])) out.push(error(formatPath(path), `${v} is out of range for ${schema.format}`));
    if (schema.minimum !== undefined && (schema.exclusiveMinimum ? v <= schema.minimum : v < schema.minimum)) out.push(error(formatPath(path), `must be ${schema.exclusiveMinimum ? '>' : '>='} ${schema.minimum}, got ${v}`));
    if (schema.maximum !== undefined && (schema.exclusiveMaximum ? v >= schema.maximum : v > schema.maximum)) out.push(error(formatPath(path), `must be ${schema.exclusiveMaximum ? '<' : '<='} ${schema.maximum}, got ${v}`));
  }
  if (typeof v === 'string' && (schema.minLength !== undefined || schema.maxLength !== undefined || schema.pattern !== undefined)) {
    const n = schema.minLength !== undefined || schema.maxLength !== undefined ? [...v].length : 0;
    if (schema.minLength !== undefined && n < schema.minLength) out.push(error(formatPath(path), schema.minLength === 1 ? 'must not be empty' : `must be at least ${schema.minLength} characters`));
    if (schema.maxLength !== undefined && n > schema.maxLength) out.push(error(formatPath(path), `must be at most ${schema.maxLength} characters, got ${n}`));
    if (schema.pattern !== undefined && !patternOf(schema.pattern).test(v)) out.push(error(formatPath(path), `must match the pattern ${JSON.stringify(schema.pattern)}, got ${JSON.stringify(v)}`));
  }
  if (Array.isArray(v)) {
    if (schema.minItems !== undefined && v.length < schema.minItems) out.push(error(formatPath(path), `must have at least ${schema.minItems} item(s), got ${v.length}`));
    if (schema.maxItems !== undefined && v.length > schema.maxItems) out.push(error(formatPath(path), `must have at most ${schema.maxItems} item(s), got ${v.length}`));
    if (schema.items) {
      // One path array for the whole walk: a segment pushed for a child, popped after it.
      for (let i = 0; i < v.length; i++) {
        path.push(i);
        validateStructural(schema.items, v[i], path, out);
        path.pop();
      }
    }
  }
  if (isObject(v)) {
    const keys = Object.keys(v);
    if (schema.minProperties !== undefined && keys.length < schema.minProperties) out.push(error(formatPath(path), `must have at least ${schema.minProperties} entr${schema.minProperties === 1 ? 'y' : 'ies'}`));
    if (schema.maxProperties !== undefined && keys.length > schema.maxProperties) out.push(error(formatPath(path), `must have at most ${schema.maxProperties} entries, got ${keys.length}`));
    for (const r of schema.required ?? []) if (!(r in v)) out.push(error(formatPath([...path, r]), `missing required field "${r}"`));
    for (const k of keys) {
      const sub = schema.properties?.[k] ?? (typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined);
      if (sub) {
        path.push(k);
        validateStructural(sub, v[k], path, out);
        path.pop();
      } else if (!schema['x-kubernetes-preserve-unknown-fields'] && schema.additionalProperties !== true && (schema.properties || schema.additionalProperties === false)) {
        out.push(error(formatPath([...path, k]), unknownMessage('field', k, Object.keys(schema.properties ?? {}))));
      }
    }
  }
  combinators(schema, v, path, out);
  celRules(schema, v, path, out);
}

/**
 * The CRD's CEL rules at this node (none when @bufbuild/cel is not installed). A rule the quick
 * answers pass ({@link quickRule}) needs no interpreter: @bufbuild/cel is loaded only for a rule
 * they fail or do not answer.
 */
function celRules(schema: Schema, v: unknown, path: PathSegment[], out: Finding[]): void {
  const rules = schema['x-kubernetes-validations'];
  if (rules === undefined || rules.length === 0) return;
  let self: unknown;
  let converted = false;
  for (const rule of rules) {
    if (/\boldSelf\b/.test(rule.rule)) continue; // transition rules only run on update
    const quick = quickRule(rule.rule, v);
    if (quick !== undefined && 'ok' in quick && quick.ok) continue;
    const evaluator = cel();
    if (evaluator === null) return;
    let res: RuleResult;
    if (quick !== undefined) res = quick;
    else {
      if (!converted) {
        self = toCel(schema, v);
        converted = true;
      }
      res = evaluator.evaluateRule(rule.rule, self);
    }
    if ('ok' in res && res.ok) continue;
    // The path is formatted for findings only.
    const at = rule.fieldPath ? formatPath(path) + rule.fieldPath : formatPath(path);
    if ('error' in res) out.push(warning(at, `CEL rule could not be evaluated (${res.error}): ${rule.rule}`));
    else out.push(error(at, `${rule.message ?? `failed rule: ${rule.rule}`} (CEL rule: ${rule.rule.replace(/\s+/g, ' ')})`));
  }
}

function matches(schema: Schema, v: unknown): boolean {
  const tmp: Finding[] = [];
  validateStructural(schema, v, [], tmp);
  return !tmp.some((f) => f.severity === 'error');
}

function combinators(schema: Schema, v: unknown, path: PathSegment[], out: Finding[]): void {
  if (schema.oneOf) {
    const n = schema.oneOf.filter((s) => matches(s, v)).length;
    if (n !== 1) out.push(error(formatPath(path), n === 0 ? `must match exactly one of its alternatives${oneofHint(schema.oneOf)}, matches none` : `must match exactly one of its alternatives${oneofHint(schema.oneOf)}, matches ${n}: set only one of them`));
  }
  if (schema.anyOf && !schema.anyOf.some((s) => matches(s, v))) out.push(error(formatPath(path), `must match at least one of its alternatives${oneofHint(schema.anyOf)}`));
  for (const s of schema.allOf ?? []) validateStructural(s, v, path, out);
  if (schema.not && matches(schema.not, v)) out.push(error(formatPath(path), 'matches a schema it must not match'));
}

/** Istio encodes proto oneofs as `oneOf: [{required: [a]}, {required: [b]}, …]`: name the fields. */
function oneofHint(alts: Schema[]): string {
  const names = alts.flatMap((s) => s.required ?? []);
  return names.length ? ` (${[...new Set(names)].join(', ')})` : '';
}

function checkType(schema: Schema, v: unknown, path: PathSegment[], out: Finding[]): boolean {
  if (schema['x-kubernetes-int-or-string']) {
    if (typeof v === 'string' || (typeof v === 'number' && Number.isInteger(v))) return true;
    out.push(error(formatPath(path), `must be an integer or a string, got ${describe(v)}`));
    return false;
  }
  const t = schema.type;
  if (!t) return true;
  const ok =
    (t === 'object' && isObject(v)) ||
    (t === 'array' && Array.isArray(v)) ||
    (t === 'string' && typeof v === 'string') ||
    (t === 'boolean' && typeof v === 'boolean') ||
    (t === 'integer' && typeof v === 'number' && Number.isInteger(v)) ||
    (t === 'number' && typeof v === 'number');
  if (!ok) out.push(error(formatPath(path), `must be ${t === 'integer' || t === 'array' || t === 'object' ? 'an' : 'a'} ${t}, got ${describe(v)}`));
  return ok;
}
