import { coded, type Finding } from '../problem';
import { formatPath, type PathSegment } from '../../base/paths';
import { KUBE_128_KINDS } from './kinds';
import { checkKubernetesVersion, kindType } from './fields';
import { walkKind, type AjvError } from './walk';
import { DEFAULT_KUBERNETES_VERSION } from './fields-source';
import { checkMetadata } from './names';
import { checkPorts } from './ports';

const { error } = coded('ID901');
const notChecked = coded('ID905').warning;

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

/** Findings (ID901) from ajv-style errors: one per required field, enum, format, and one per path listing the types it may have. */
export function ajvFindings(obj: unknown, errors: readonly AjvError[]): Finding[] {
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
 * Whether `apiVersion/kind` is a built-in kind this module validates for a Kubernetes version: the
 * 1.28 kinds (`KUBE_128_KINDS`), and the kinds a later shipped version added that are not alpha
 * (Kubernetes 1.33's ValidatingAdmissionPolicy, ServiceCIDR, resource.k8s.io/v1beta1 …).
 */
export function isKubeKind(apiVersion: string, kind: string, kubernetesVersion: string = DEFAULT_KUBERNETES_VERSION): boolean {
  const key = `${apiVersion}/${kind}`;
  if (KUBE_128_KINDS.has(key)) return true;
  if (kubernetesVersion === DEFAULT_KUBERNETES_VERSION || /\/v\d+alpha\d+$/.test(apiVersion)) return false;
  return kindType(key, kubernetesVersion) !== undefined && kindType(key) === undefined;
}

/**
 * Validates a built-in Kubernetes object against a Kubernetes version (one of `KUBERNETES_VERSIONS`,
 * default 1.28) with the rules shipped in the package (kube/fields.ts, walked by kube/walk.ts):
 * unknown fields (what the API server's strict field validation rejects), types (int-or-string and
 * quantities included), enums, formats and required fields; and the API server's name, label and
 * port rules. Nothing optional needs to be installed.
 */
export function validateKubeObject(obj: Record<string, unknown>, kubernetesVersion: string = DEFAULT_KUBERNETES_VERSION): Finding[] {
  checkKubernetesVersion(kubernetesVersion);
  const apiVersion = String(obj.apiVersion);
  const kind = String(obj.kind);
  if (!isKubeKind(apiVersion, kind, kubernetesVersion)) return [notChecked('', `unknown kind ${apiVersion}/${kind}: not validated`)];
  const out: Finding[] = [];
  const typeName = kindType(`${apiVersion}/${kind}`, kubernetesVersion);
  if (typeName) {
    const { unknown, errors } = walkKind(kubernetesVersion, typeName, obj);
    out.push(...unknown);
    if (errors.length) out.push(...ajvFindings(obj, errors));
  } else if (kind !== 'Event' && kindType(`${apiVersion}/${kind}`) !== undefined) {
    out.push(error('apiVersion', `${apiVersion} ${kind} is not served by Kubernetes ${kubernetesVersion}`));
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
