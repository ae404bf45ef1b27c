/**
 * Walks a built-in Kubernetes object alongside its version's shipped field rules (fields.ts): fields
 * the version does not know (what the API server's strict field validation rejects), and the OpenAPI
 * value rules (types, int-or-string, quantities, enums, formats, required fields, null) reported as
 * ajv-style errors in the order kubernetes-models' validators report them (required fields first,
 * then fields in name order, map entries in their own order), the same findings that package gave.
 *
 * The common case (no value error) takes one pass in the object's own key order, allocating nothing
 * but the path stack; only an object with a value error is walked again to collect them in order.
 */
import { type PathSegment, formatPath } from '../../base/paths';
import { unknownMessage } from '../../base/suggest';
import { coded, type Finding } from '../problem';
import { modelTypes, type FieldType, type ModelType } from './fields';
import { numberFormatOk, stringFormatOk } from './formats';

const { error } = coded('ID901');

/** An ajv-style error: where (a JSON pointer), which keyword failed and its parameters. */
export interface AjvError {
  readonly instancePath: string;
  readonly keyword: string;
  readonly params: Record<string, unknown>;
  readonly message?: string;
}

interface Walk {
  readonly version: string;
  readonly types: (typeName: string) => ModelType | null;
  readonly path: PathSegment[];
  /** Unknown-field findings (first pass), or null on the second pass. */
  readonly unknown: Finding[] | null;
  /** Value errors (second pass), or null on the first pass. */
  readonly errors: AjvError[] | null;
  bad: boolean;
}

function pointer(path: readonly PathSegment[], extra?: string): string {
  let out = '';
  for (const seg of path) out += '/' + String(seg).replace(/~/g, '~0').replace(/\//g, '~1');
  return extra === undefined ? out : `${out}/${extra}`;
}

function fail(w: Walk, keyword: string, params: Record<string, unknown>): void {
  w.bad = true;
  if (w.errors) w.errors.push({ instancePath: pointer(w.path), keyword, params });
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function typeOk(type: string, v: unknown): boolean {
  switch (type) {
    case 'string': return typeof v === 'string';
    case 'integer': return typeof v === 'number' && Number.isInteger(v);
    case 'number': return typeof v === 'number' && Number.isFinite(v);
    case 'boolean': return typeof v === 'boolean';
    case 'object': return isObject(v);
    case 'array': return Array.isArray(v);
    default: return true;
  }
}

function checkLeaf(t: FieldType, v: unknown, w: Walk): void {
  const type = t.type;
  if (type === 'int-or-string' || type === 'quantity') return checkOneOf(type, v, w);
  if (type !== undefined && !typeOk(type, v) && !(v === null && t.nullable)) fail(w, 'type', { type });
  if (t.format !== undefined) {
    if (typeof v === 'number' && Number.isFinite(v) && !numberFormatOk(t.format, v)) fail(w, 'format', { format: t.format });
    else if (typeof v === 'string' && !stringFormatOk(t.format, v)) fail(w, 'format', { format: t.format });
  }
  if (t.enumValues !== undefined && !t.enumValues.includes(v)) fail(w, 'enum', { allowedValues: t.enumValues });
}

/** IntOrString (a string, or an int32) and Quantity (a number, or a quantity string): one of two. */
function checkOneOf(type: 'int-or-string' | 'quantity', v: unknown, w: Walk): void {
  if (type === 'int-or-string') {
    if (typeof v === 'string' || (typeof v === 'number' && numberFormatOk('int32', v))) return;
    fail(w, 'type', { type: 'string' });
    if (!(typeof v === 'number' && Number.isInteger(v))) fail(w, 'type', { type: 'integer' });
    if (typeof v === 'number' && Number.isFinite(v)) fail(w, 'format', { format: 'int32' });
  } else {
    if ((typeof v === 'number' && Number.isFinite(v)) || (typeof v === 'string' && stringFormatOk('quantity', v))) return;
    fail(w, 'type', { type: 'number' });
    if (typeof v === 'string') fail(w, 'format', { format: 'quantity' });
    else fail(w, 'type', { type: 'string' });
  }
  fail(w, 'oneOf', {});
}

function checkValue(t: FieldType, v: unknown, w: Walk): void {
  if (v === null && t.nullable && t.enumValues === undefined) return;
  if (t.shape === 'leaf') return checkLeaf(t, v, w);
  if (t.shape === 'array') {
    if (!Array.isArray(v)) return fail(w, 'type', { type: 'array' });
    for (let i = 0; i < v.length; i++) {
      w.path.push(i);
      checkValue(t.of!, v[i], w);
      w.path.pop();
    }
    return;
  }
  if (!isObject(v)) return fail(w, 'type', { type: 'object' });
  if (t.shape === 'model') return checkModel(t.name!, v, w);
  for (const k of Object.keys(v)) {
    w.path.push(k);
    checkValue(t.of!, v[k], w);
    w.path.pop();
  }
}

function checkModel(typeName: string, record: Record<string, unknown>, w: Walk): void {
  const model = w.types(typeName);
  if (!model) return;
  for (const r of model.required) if (record[r] === undefined) fail(w, 'required', { missingProperty: r });
  if (w.errors) {
    for (const k of Object.keys(record).sort()) checkField(typeName, model, record, k, w);
    return;
  }
  for (const k in record) if (Object.prototype.hasOwnProperty.call(record, k)) checkField(typeName, model, record, k, w);
}

function checkField(typeName: string, model: ModelType, record: Record<string, unknown>, k: string, w: Walk): void {
  const t = model.fields.get(k);
  w.path.push(k);
  if (!t) {
    if (w.unknown) w.unknown.push(error(formatPath(w.path), `${unknownMessage('field', k, [...model.fields.keys()])} (Kubernetes ${w.version} ${typeName.replace(/~.*/, '')})`));
  } else if (record[k] !== undefined) {
    checkValue(t, record[k], w);
  }
  w.path.pop();
}

/**
 * Checks an object of a kind's type against a Kubernetes version's rules: the unknown-field findings
 * and the value errors (ajv-style, for `ajvFindings`).
 */
export function walkKind(version: string, typeName: string, obj: Record<string, unknown>): { unknown: Finding[]; errors: AjvError[] } {
  const types = modelTypes(version);
  const first: Walk = { version, types, path: [], unknown: [], errors: null, bad: false };
  checkModel(typeName, obj, first);
  if (!first.bad) return { unknown: first.unknown!, errors: [] };
  const second: Walk = { version, types, path: [], unknown: null, errors: [], bad: false };
  checkModel(typeName, obj, second);
  return { unknown: first.unknown!, errors: second.errors! };
}
