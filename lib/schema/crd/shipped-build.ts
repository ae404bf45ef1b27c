/** Builds a shipped Istio CRD file (`shipped.ts`) from a release's CRD YAML; used by scripts/istio-crds.ts and its test. */
import { addCrdsFromYaml } from './istio-crds';
import { ISTIO_CRDS_FORMAT, withoutDescriptions, type IstioCrdsJson } from './shipped';
import type { Schema } from './structural';

export function istioCrdsJson(crdYaml: string, istio: string): IstioCrdsJson {
  const schemas = new Map<string, Schema>();
  addCrdsFromYaml(crdYaml, schemas);
  const sorted: Record<string, Schema> = {};
  for (const k of [...schemas.keys()].sort()) sorted[k] = withoutDescriptions(schemas.get(k)) as Schema;
  return { format: ISTIO_CRDS_FORMAT, istio, origin: `istio/istio ${istio} manifests/charts/base/files/crd-all.gen.yaml`, schemas: sorted };
}
