/**
 * Writes `data/istio-crds/istio-<major.minor>.json` (committed, shipped in the package) from an Istio
 * release's CRDs: `manifests/charts/base/files/crd-all.gen.yaml` of istio/istio at the release tag.
 *
 *   node -r ./bin/register-ts.js scripts/istio-crds.ts 1.30.3 path/to/crd-all.gen.yaml
 *
 * Add the release to SHIPPED_ISTIO_RELEASES (lib/schema/crd/shipped.ts). Output is deterministic.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'fs';
import { dirname } from 'path';
import { istioCrdsJson } from '../lib/schema/crd/shipped-build';
import { shippedCrdsFile } from '../lib/schema/crd/shipped';

function main(): void {
  const [istio, file] = process.argv.slice(2);
  if (!/^\d+\.\d+\.\d+$/.test(istio ?? '') || file === undefined) throw new Error('usage: istio-crds.ts <istio major.minor.patch> <crd-all.gen.yaml>');
  const out = shippedCrdsFile(istio.split('.').slice(0, 2).join('.'));
  mkdirSync(dirname(out), { recursive: true });
  const text = JSON.stringify(istioCrdsJson(readFileSync(file, 'utf8'), istio)) + '\n';
  writeFileSync(out, text);
  console.log(`wrote ${out} (${(text.length / 1024).toFixed(0)} KiB)`);
}

main();
