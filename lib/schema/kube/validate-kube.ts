import { coded, type Finding } from '../problem';
import { formatPath, type PathSegment } from '../../base/paths';
import { unknownMessage } from '../../base/suggest';
import { KUBE_128_KINDS } from './kinds';
import { loadOptional, requireOptional } from '../optional';
import { checkKubernetesVersion, kindType, modelFields, type FieldType } from './fields';
import { DEFAULT_KUBERNETES_VERSION } from './fields-source';
import { checkMetadata } from './names';
import { checkPorts } from './ports';

const { error } = coded('ID901');
const notChecked = coded('ID905').warning;

interface AjvError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}
type KmClass = (new (data: unknown) => { validate(): void }) & { prototype: { validate(this: unknown): void } };

const kmCache = new Map<string, KmClass | null>();

let kmInstalled: boolean | undefined;

/**
 * The kubernetes-models 4.5.1 class for an apiVersion/kind (its ajv validator carries types, enums
 * and required fields), or null when there is none or kubernetes-models (an optional extra) is not
 * installed: the field lists, names and ports are checked all the same.
 */
function kmClass(apiVersion: string, kind: string): KmClass | null {
  const key = `${apiVersion}/${kind}`;
  const known = kmCache.get(key);
  if (known !== undefined) return known;
  if (kmInstalled === undefined) {
    kmInstalled = loadOptional(() => requireOptional('kubernetes-models/package.json', 'Kubernetes schema validation', 'kubernetes-models')) !== null;
  }
  if (!kmInstalled) return null;
  let cls: KmClass | null = null;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(`kubernetes-models/${apiVersion}/${kind}`) as Record<string, KmClass>;
    cls = mod[kind] ?? null;
  } catch {
    cls = null;
  }
  kmCache.set(key, cls);
  return cls;
}

function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${JSON.stringify(v)}`;
}

/** Turns an ajv instancePath (`/spec/ports/0/port`) into path segments, using the object to tell indexes from keys. */
function segmentsOf(obj: unknown, instancePath: string): { segs: PathSegment[]; value: unknown } {
  const segs: PathSegment[] = [];
  let cur: unknown = obj;
  for (const raw of instancePath.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(cur) && /^\d+$/.test(key)) {
      segs.push(Number(key));
      cur = cur[Number(key)];
    } else {
      segs.push(key);
      cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[key] : undefined;
    }
  }
  return { segs, value: cur };
}

function ajvFindings(obj: unknown, errors: AjvError[]): Finding[] {
  const out: Finding[] = [];
  const byPath = new Map<string, AjvError[]>();
  for (const e of errors) byPath.set(e.instancePath, [...(byPath.get(e.instancePath) ?? []), e]);
  for (const [ip, errs] of byPath) {
    const { segs, value } = segmentsOf(obj, ip);
    const types = errs.filter((e) => e.keyword === 'type').map((e) => String(e.params.type));
    for (const e of errs) {
      if (e.keyword === 'required') {
        out.push(error(formatPath([...segs, String(e.params.missingProperty)]), `missing required field "${String(e.params.missingProperty)}"`));
      } else if (e.keyword === 'enum') {
        const allowed = (e.params.allowedValues as unknown[]).map((x) => JSON.stringify(x)).join(', ');
        out.push(error(formatPath(segs), `unsupported value ${JSON.stringify(value)}: must be one of ${allowed}`));
      } else if (e.keyword === 'type' && e === errs.find((x) => x.keyword === 'type')) {
        out.push(error(formatPath(segs), `must be ${[...new Set(types)].join(' or ')}, got ${describe(value)}`));
      } else if (e.keyword === 'format') {
        out.push(error(formatPath(segs), `must be a valid ${String(e.params.format)}, got ${describe(value)}`));
      } else if (!['type', 'oneOf', 'anyOf', 'required', 'enum'].includes(e.keyword)) {
        out.push(error(formatPath(segs), `${e.message ?? e.keyword}, got ${describe(value)}`));
      }
    }
  }
  return out;
}

/**
 * Reports fields that the Kubernetes version does not know, walking the object alongside its field lists.
 * `path` is one stack, pushed and popped on the way (copied only into a finding).
 */
function unknownFields(version: string, typeName: string, v: unknown, path: PathSegment[], out: Finding[]): void {
  const fields = modelFields(typeName, version);
  if (!fields || v === null || typeof v !== 'object' || Array.isArray(v)) return;
  const record = v as Record<string, unknown>;
  for (const k in record) {
    if (!Object.prototype.hasOwnProperty.call(record, k)) continue;
    const t = fields.get(k);
    path.push(k);
    if (!t) out.push(error(formatPath(path), `${unknownMessage('field', k, [...fields.keys()])} (Kubernetes ${version} ${typeName})`));
    else if (t.shape !== 'leaf') walkType(version, t, record[k], path, out);
    path.pop();
  }
}

function walkType(version: string, t: FieldType, v: unknown, path: PathSegment[], out: Finding[]): void {
  if (t.shape === 'model' && t.name) unknownFields(version, t.name, v, path, out);
  else if (t.shape === 'array' && t.of && Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      path.push(i);
      walkType(version, t.of, v[i], path, out);
      path.pop();
    }
  } else if (t.shape === 'map' && t.of && v && typeof v === 'object' && !Array.isArray(v)) {
    const record = v as Record<string, unknown>;
    for (const k in record) {
      if (!Object.prototype.hasOwnProperty.call(record, k)) continue;
      path.push(k);
      walkType(version, t.of, record[k], path, out);
      path.pop();
    }
  }
}

/**
 * Whether the kubernetes-models constructor's copy (which drops `undefined` properties and copies
 * plain objects only) would give the very same tree: then the validator can read the object itself.
 */
function copiesToItself(v: unknown, depth = 0): boolean {
  if (v === null || typeof v !== 'object') return true;
  if (depth > 200) return false;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) if (!copiesToItself(v[i], depth + 1)) return false;
    return true;
  }
  const proto = Object.getPrototypeOf(v) as unknown;
  if (proto !== Object.prototype && proto !== null) return false;
  const record = v as Record<string, unknown>;
  for (const k in record) {
    if (!Object.prototype.hasOwnProperty.call(record, k)) continue;
    const child = record[k];
    if (child === undefined || !copiesToItself(child, depth + 1)) return false;
  }
  return true;
}

/** Runs the kubernetes-models validator: on the object itself when the model's copy would equal it. */
function validateModel(cls: KmClass, obj: Record<string, unknown>): void {
  if (copiesToItself(obj)) cls.prototype.validate.call(obj);
  else new cls(obj).validate();
}

/** Whether `apiVersion/kind` is a built-in Kubernetes 1.28 kind this module validates. */
export function isKubeKind(apiVersion: string, kind: string): boolean {
  return KUBE_128_KINDS.has(`${apiVersion}/${kind}`);
}

/**
 * Validates a built-in Kubernetes object against a Kubernetes version (one of `KUBERNETES_VERSIONS`,
 * default 1.28): unknown fields (what the API server's strict field validation rejects) from that
 * version's field lists (kube/fields.ts), shipped with the package; the API server's name, label and
 * port rules; and, when the optional kubernetes-models 4.5.1 is installed, types, enums, required
 * fields and formats from its validators.
 */
export function validateKubeObject(obj: Record<string, unknown>, kubernetesVersion: string = DEFAULT_KUBERNETES_VERSION): Finding[] {
  checkKubernetesVersion(kubernetesVersion);
  const apiVersion = String(obj.apiVersion);
  const kind = String(obj.kind);
  if (!isKubeKind(apiVersion, kind)) return [notChecked('', `unknown kind ${apiVersion}/${kind}: not validated`)];
  const out: Finding[] = [];
  const typeName = kindType(`${apiVersion}/${kind}`, kubernetesVersion);
  if (typeName) unknownFields(kubernetesVersion, typeName, obj, [], out);
  else if (kind !== 'Event' && kindType(`${apiVersion}/${kind}`) !== undefined) {
    out.push(error('apiVersion', `${apiVersion} ${kind} is not served by Kubernetes ${kubernetesVersion}`));
  }
  const cls = kmClass(apiVersion, kind);
  if (cls) {
    try {
      validateModel(cls, obj);
    } catch (e) {
      const errs = (e as { errors?: AjvError[] }).errors;
      if (Array.isArray(errs)) out.push(...ajvFindings(obj, errs));
      else out.push(error('', `validator failed: ${(e as Error).message}`));
    }
  }
  out.push(...checkMetadata(kind, obj.metadata));
  out.push(...checkPorts(kind, obj));
  return dedupe(out);
}

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const k = `${f.path}\u0000${f.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
