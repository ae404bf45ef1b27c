import { coded, type Finding } from '../problem';
import { checkMetadata } from '../kube/names';
import { istioCrdSources, istioSchemas } from './istio-crds';
import { shippedIstioSchemas } from './shipped';
import { validateStructural, type Schema } from './structural';

const { error } = coded('ID902');
const notChecked = coded('ID905').warning;

function shipped(istioVersion: string | undefined): { schemas: Map<string, Schema>; given: string } {
  const { release, schemas } = shippedIstioSchemas(istioVersion);
  return { schemas, given: `the CRDs of Istio ${release} (shipped with istio-direct)` };
}

/** The schema of a whole object, once per CRD schema (its compiled parts are kept with it). */
const tops = new WeakMap<Schema, Schema>();

/** A CRD's schema with apiVersion, kind and metadata, which the API server validates itself, not the CRD schema. */
function topSchema(schema: Schema): Schema {
  let top = tops.get(schema);
  if (top === undefined) {
    top = { ...schema, properties: { ...(schema.properties ?? {}), apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } };
    tops.set(schema, top);
  }
  return top;
}

/** Whether `apiVersion` belongs to one of Istio's API groups. */
export function isIstioGroup(apiVersion: string): boolean {
  return /^[a-z]+\.istio\.io\//.test(apiVersion);
}

/**
 * Validates an Istio custom resource against the openAPIV3Schema of Istio's own CRD, including the
 * CEL rules the CRD carries. The CRDs come from the files or directories `crds` (by default those
 * configured in `istio-crds.ts`), else from the schemas shipped with the package for `istioVersion`
 * (`major.minor`; the newest shipped release not newer than it, by default the newest shipped).
 */
export function validateIstioObject(obj: Record<string, unknown>, crds: readonly string[] = istioCrdSources(), istioVersion?: string): Finding[] {
  const apiVersion = String(obj.apiVersion);
  const kind = String(obj.kind);
  const { schemas, given } = crds.length > 0 ? { schemas: istioSchemas(crds), given: 'the Istio CRDs given' } : shipped(istioVersion);
  const schema = schemas.get(`${apiVersion}/${kind}`);
  if (!schema) {
    const versions = [...schemas.keys()].filter((k) => k.endsWith(`/${kind}`)).map((k) => k.slice(0, k.lastIndexOf('/')));
    if (versions.length) return [error('apiVersion', `${kind} is not served as ${apiVersion} by ${given}; served versions: ${versions.join(', ')}`)];
    return [notChecked('', `unknown kind ${apiVersion}/${kind}: not in ${given}, not validated`)];
  }
  const out: Finding[] = [];
  const top = topSchema(schema);
  validateStructural(top, obj, [], out);
  out.push(...checkMetadata(kind, obj.metadata));
  return out;
}
