import { coded, type Finding } from '../problem';
import { checkMetadata } from '../kube/names';
import { istioCrdSources, istioSchemas, ISTIO_CRDS_ENV } from './istio-crds';
import { validateStructural, type Schema } from './structural';

const { error } = coded('ID902');
const notChecked = coded('ID905').warning;

/** Whether `apiVersion` belongs to one of Istio's API groups. */
export function isIstioGroup(apiVersion: string): boolean {
  return /^[a-z]+\.istio\.io\//.test(apiVersion);
}

/**
 * Validates an Istio custom resource against the openAPIV3Schema of Istio's own CRD (from the
 * CRD files or directories `crds`, by default those configured in `istio-crds.ts`), including the
 * CEL rules the CRD carries.
 */
export function validateIstioObject(obj: Record<string, unknown>, crds: readonly string[] = istioCrdSources()): Finding[] {
  const apiVersion = String(obj.apiVersion);
  const kind = String(obj.kind);
  if (crds.length === 0) {
    return [
      notChecked(
        '',
        `Istio CRD schemas not loaded: ${kind} not validated (set ${ISTIO_CRDS_ENV} or pass --istio-crds to the crd-all.gen.yaml of the Istio you run)`,
      ),
    ];
  }
  const schemas = istioSchemas(crds);
  const schema = schemas.get(`${apiVersion}/${kind}`);
  if (!schema) {
    const versions = [...schemas.keys()].filter((k) => k.endsWith(`/${kind}`)).map((k) => k.slice(0, k.lastIndexOf('/')));
    if (versions.length) return [error('apiVersion', `${kind} is not served as ${apiVersion} by the Istio CRDs given; served versions: ${versions.join(', ')}`)];
    return [notChecked('', `unknown kind ${apiVersion}/${kind}: not in the Istio CRDs given, not validated`)];
  }
  // apiVersion, kind and metadata are validated by the API server itself, not by the CRD schema.
  const top: Schema = { ...schema, properties: { ...(schema.properties ?? {}), apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } };
  const out: Finding[] = [];
  validateStructural(top, obj, [], out);
  out.push(...checkMetadata(kind, obj.metadata));
  return out;
}
