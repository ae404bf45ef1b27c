/**
 * Build-time generator (`npm run build:artifacts`, run by `npm run build`, and when a file is missing
 * by `npm test`, `npm run synth` and `npm pack` through scripts/ensure-artifacts.js; the package has
 * no install-time script). Writes only generated data, never compiled code:
 *
 * - `build/envoy-api.json`: Envoy's v3 API (the protos `@grpc/grpc-js-xds` ships in `deps/`), parsed
 *   with protobufjs and reduced to what the validator needs (lib/schema/envoy/model.ts);
 * - `build/kube-<version>-fields.json` (1.28 and 1.33): the field lists of that Kubernetes version's API
 *   objects, read from the code cdk8s-plus-28 and cdk8s-plus-33 generated from its OpenAPI document
 *   (lib/schema/kube/fields-source.ts), with each field's value rule (type, int-or-string, quantity,
 *   enum, format, null) and each type's required fields, probed from their `k8s.d.ts` and
 *   kubernetes-models' validators (lib/schema/kube/schema-source.ts). The Envoy protos of `protos/` (the DnsCluster extension) are
 *   read with grpc-js-xds's; Istio's CRD schemas are committed in `data/istio-crds/` (scripts/istio-crds.ts).
 *
 * Output is deterministic (sorted keys, no timestamps). Nothing generated is committed (build/ is
 * git-ignored); the validator falls back to the slow path when a file is missing.
 */
import { mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import { modelFromProtos } from '../lib/schema/envoy/from-protos';
import { ENVOY_API_ARTIFACT } from '../lib/schema/envoy/api';
import { KUBERNETES_VERSIONS, kubeFieldsArtifact, kubeFieldsFromCdk8sPlus } from '../lib/schema/kube/fields-source';

function write(file: string, value: unknown): void {
  const text = JSON.stringify(value);
  writeFileSync(file, text + '\n');
  console.log(`wrote ${file} (${(text.length / 1024).toFixed(0)} KiB)`);
}

function main(): void {
  const out = join(__dirname, '..', 'build');
  mkdirSync(out, { recursive: true });
  write(join(out, ENVOY_API_ARTIFACT), modelFromProtos());
  for (const version of KUBERNETES_VERSIONS) write(join(out, kubeFieldsArtifact(version)), kubeFieldsFromCdk8sPlus(version));
}

main();
