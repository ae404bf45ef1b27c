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
      const properties = schema?.properties;
      const sub = (properties !== undefined && Object.prototype.hasOwnProperty.call(properties, k) ? properties[k] : undefined) ?? (typeof schema?.additionalProperties === 'object' ? schema.additionalProperties : undefined);
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

const INT32: [number, number] = [-(2 ** 31), 2 ** 31 - 1];
const UINT32: [number, number] = [0, 2 ** 32 - 1];

type Validation = NonNullable<Schema['x-kubernetes-validations']>[number];

/**
 * A schema node resolved once for the walk: which of its checks apply, its enum as JSON texts, its
 * CEL rules without the transition rules, its children resolved on first use. Every node has the
 * same fields, so the walk reads them from one object shape (a CRD schema's nodes are plain objects
 * of many shapes, each check a lookup by name). The messages read the schema itself.
 */
class Node {
  readonly nullable: boolean;
  readonly intOrString: boolean;
  readonly type: string | undefined;
  /** The enum values as JSON texts (values are compared as JSON), and its strings as themselves. */
  readonly enumTexts: ReadonlySet<string> | undefined;
  readonly enumStrings: ReadonlySet<string> | undefined;
  readonly numberRules: boolean;
  readonly stringRules: boolean;
  readonly arrayRules: boolean;
  readonly objectRules: boolean;
  readonly combinators: boolean;
  /** A key neither in `properties` nor taken by `additionalProperties` is an error (pruned under strict field validation). */
  readonly unknownIsError: boolean;
  /** `x-kubernetes-validations` without the transition rules (`oldSelf`: they only run on update). */
  readonly rules: readonly Validation[];
  private props: Map<string, Node> | undefined = undefined;
  private itemsNode: Node | null | undefined = undefined;
  private additionalNode: Node | null | undefined = undefined;

  constructor(readonly schema: Schema) {
    this.nullable = schema.nullable === true;
    this.intOrString = schema['x-kubernetes-int-or-string'] === true;
    this.type = schema.type ? schema.type : undefined;
    this.enumTexts = schema.enum ? new Set(schema.enum.map((e) => JSON.stringify(e))) : undefined;
    this.enumStrings = schema.enum ? new Set(schema.enum.filter((e): e is string => typeof e === 'string')) : undefined;
    this.numberRules = schema.format === 'int32' || schema.format === 'uint32' || schema.minimum !== undefined || schema.maximum !== undefined;
    this.stringRules = schema.minLength !== undefined || schema.maxLength !== undefined || schema.pattern !== undefined;
    this.arrayRules = schema.minItems !== undefined || schema.maxItems !== undefined;
    this.objectRules = schema.minProperties !== undefined || schema.maxProperties !== undefined || (schema.required !== undefined && schema.required.length > 0);
    this.combinators = schema.oneOf !== undefined || schema.anyOf !== undefined || schema.allOf !== undefined || schema.not !== undefined;
    this.unknownIsError = !schema['x-kubernetes-preserve-unknown-fields'] && schema.additionalProperties !== true && (schema.properties !== undefined || schema.additionalProperties === false);
    this.rules = (schema['x-kubernetes-validations'] ?? []).filter((r) => !/\boldSelf\b/.test(r.rule));
  }

  /** The node of an array's items, if the schema says. */
  items(): Node | undefined {
    if (this.itemsNode === undefined) this.itemsNode = this.schema.items ? nodeOf(this.schema.items) : null;
    return this.itemsNode === null ? undefined : this.itemsNode;
  }

  /** The node of an object's key: its property's (own properties only), else `additionalProperties`'. */
  child(key: string): Node | undefined {
    const properties = this.schema.properties;
    if (properties !== undefined) {
      if (this.props === undefined) this.props = new Map(Object.keys(properties).filter((k) => isObject(properties[k])).map((k) => [k, nodeOf(properties[k])]));
      const node = this.props.get(key);
      if (node !== undefined) return node;
    }
    if (this.additionalNode === undefined) {
      const additional = this.schema.additionalProperties;
      this.additionalNode = typeof additional === 'object' && additional !== null ? nodeOf(additional) : null;
    }
    return this.additionalNode === null ? undefined : this.additionalNode;
  }
}

/** Each schema object's node, made once (a CRD's schemas live for the process). */
const nodes = new WeakMap<Schema, Node>();

function nodeOf(schema: Schema): Node {
  let node = nodes.get(schema);
  if (node === undefined) nodes.set(schema, (node = new Node(schema)));
  return node;
}

/**
 * Validates a value against a structural schema the way the API server does for custom resources:
 * types, unknown fields (pruning is an error under strict field validation), required, enums,
 * bounds, patterns, oneOf/anyOf/allOf/not, and the CEL rules in `x-kubernetes-validations`.
 */
export function validateStructural(schema: Schema, v: unknown, path: PathSegment[], out: Finding[]): void {
  walk(nodeOf(schema), v, path, out);
}

function walk(node: Node, v: unknown, path: PathSegment[], out: Finding[]): void {
  if (v === null) {
    if (!node.nullable) out.push(error(formatPath(path), `must not be null${node.type !== undefined ? ` (expected ${node.type})` : ''}`));
    return;
  }
  if (!checkType(node, v, path, out)) return;
  if (node.enumTexts !== undefined && !(typeof v === 'string' ? node.enumStrings!.has(v) : node.enumTexts.has(JSON.stringify(v)))) {
    out.push(error(formatPath(path), `unsupported value ${JSON.stringify(v)}: must be one of ${node.schema.enum!.map((e) => JSON.stringify(e)).join(', ')}`));
  }
  if (typeof v === 'number') {
    if (node.numberRules) numberRules(node.schema, v, path, out);
  } else if (typeof v === 'string') {
    if (node.stringRules) stringRules(node.schema, v, path, out);
  } else if (Array.isArray(v)) {
    walkArray(node, v, path, out);
  } else if (typeof v === 'object') {
    walkObject(node, v as Record<string, unknown>, path, out);
  }
  if (node.combinators) combinators(node.schema, v, path, out);
  if (node.rules.length > 0) celRules(node, v, path, out);
}

function numberRules(schema: Schema, v: number, path: PathSegment[], out: Finding[]): void {
  const range = schema.format === 'int32' ? INT32 : schema.format === 'uint32' ? UINT32 : undefined;
  if (range && (v < range[0] || v > range[1])) out.push(error(formatPath(path), `${v} is out of range for ${schema.format}`));
  if (schema.minimum !== undefined && (schema.exclusiveMinimum ? v <= schema.minimum : v < schema.minimum)) out.push(error(formatPath(path), `must be ${schema.exclusiveMinimum ? '>' : '>='} ${schema.minimum}, got ${v}`));
  if (schema.maximum !== undefined && (schema.exclusiveMaximum ? v >= schema.maximum : v > schema.maximum)) out.push(error(formatPath(path), `must be ${schema.exclusiveMaximum ? '<' : '<='} ${schema.maximum}, got ${v}`));
}

function stringRules(schema: Schema, v: string, path: PathSegment[], out: Finding[]): void {
  const n = schema.minLength !== undefined || schema.maxLength !== undefined ? [...v].length : 0;
  if (schema.minLength !== undefined && n < schema.minLength) out.push(error(formatPath(path), schema.minLength === 1 ? 'must not be empty' : `must be at least ${schema.minLength} characters`));
  if (schema.maxLength !== undefined && n > schema.maxLength) out.push(error(formatPath(path), `must be at most ${schema.maxLength} characters, got ${n}`));
  if (schema.pattern !== undefined && !patternOf(schema.pattern).test(v)) out.push(error(formatPath(path), `must match the pattern ${JSON.stringify(schema.pattern)}, got ${JSON.stringify(v)}`));
}

function walkArray(node: Node, v: unknown[], path: PathSegment[], out: Finding[]): void {
  const schema = node.schema;
  if (node.arrayRules) {
    if (schema.minItems !== undefined && v.length < schema.minItems) out.push(error(formatPath(path), `must have at least ${schema.minItems} item(s), got ${v.length}`));
    if (schema.maxItems !== undefined && v.length > schema.maxItems) out.push(error(formatPath(path), `must have at most ${schema.maxItems} item(s), got ${v.length}`));
  }
  const items = node.items();
  if (items === undefined) return;
  // One path array for the whole walk: a segment pushed for a child, popped after it.
  for (let i = 0; i < v.length; i++) {
    path.push(i);
    walk(items, v[i], path, out);
    path.pop();
  }
}

function walkObject(node: Node, v: Record<string, unknown>, path: PathSegment[], out: Finding[]): void {
  const keys = Object.keys(v);
  if (node.objectRules) objectRules(node.schema, v, keys, path, out);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    const sub = node.child(k);
    if (sub !== undefined) {
      path.push(k);
      walk(sub, v[k], path, out);
      path.pop();
    } else if (node.unknownIsError) {
      out.push(error(formatPath([...path, k]), unknownMessage('field', k, Object.keys(node.schema.properties ?? {}))));
    }
  }
}

function objectRules(schema: Schema, v: Record<string, unknown>, keys: readonly string[], path: PathSegment[], out: Finding[]): void {
  if (schema.minProperties !== undefined && keys.length < schema.minProperties) out.push(error(formatPath(path), `must have at least ${schema.minProperties} entr${schema.minProperties === 1 ? 'y' : 'ies'}`));
  if (schema.maxProperties !== undefined && keys.length > schema.maxProperties) out.push(error(formatPath(path), `must have at most ${schema.maxProperties} entries, got ${keys.length}`));
  for (const r of schema.required ?? []) if (!(r in v)) out.push(error(formatPath([...path, r]), `missing required field "${r}"`));
}

/**
 * The CRD's CEL rules at this node (none when @bufbuild/cel is not installed). A rule the quick
 * answers pass ({@link quickRule}) needs no interpreter: @bufbuild/cel is loaded only for a rule
 * they fail or do not answer.
 */
function celRules(node: Node, v: unknown, path: PathSegment[], out: Finding[]): void {
  let self: unknown;
  let converted = false;
  for (const rule of node.rules) {
    const quick = quickRule(rule.rule, v);
    if (quick !== undefined && 'ok' in quick && quick.ok) continue;
    const evaluator = cel();
    if (evaluator === null) return;
    let res: RuleResult;
    if (quick !== undefined) res = quick;
    else {
      if (!converted) {
        self = toCel(node.schema, v);
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

function checkType(node: Node, v: unknown, path: PathSegment[], out: Finding[]): boolean {
  if (node.intOrString) {
    if (typeof v === 'string' || (typeof v === 'number' && Number.isInteger(v))) return true;
    out.push(error(formatPath(path), `must be an integer or a string, got ${describe(v)}`));
    return false;
  }
  const t = node.type;
  if (t === undefined) return true;
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
