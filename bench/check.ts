/**
 * `npm run bench:check`: the cost of `istio-direct check` (reading, YAML
 * parsing, index and rules; schema validation off) on 300, 3,000 and 30,000
 * generated objects and on an Envoy bootstrap in a ConfigMap with 1,000,
 * 10,000 and 100,000 endpoints. Prints milliseconds, the growth factor per
 * 10x (about 10 when linear) and the share spent parsing YAML: the manifests,
 * and the Envoy bootstraps embedded in ConfigMaps (YAML text inside a YAML
 * string, parsed when the rules index the ConfigMap). No thresholds: a
 * measurement, not a test.
 */
import * as render from '../lib/core/render';
import { readInputs } from '../lib/reader/read';
import { checkDocuments } from '../lib/check/run';
import { parseText, type InputDocument, type ReadProblem } from '../lib/reader/read';

/** Milliseconds spent parsing embedded Envoy bootstraps since the last reset (render.parseYaml is what the index calls). */
let embeddedParseMs = 0;
const parseEmbedded = render.parseYaml;
(render as { parseYaml: typeof render.parseYaml }).parseYaml = (text: string): unknown => {
  const t0 = process.hrtime.bigint();
  try {
    return parseEmbedded(text);
  } finally {
    embeddedParseMs += Number(process.hrtime.bigint() - t0) / 1e6;
  }
};

function time<T>(fn: () => T): [T, number] {
  const t0 = process.hrtime.bigint();
  const value = fn();
  return [value, Number(process.hrtime.bigint() - t0) / 1e6];
}

/** One application: a StatefulSet, its headless Service, a PeerAuthentication, a DestinationRule and a Sidecar (5 objects). */
function app(i: number): string {
  const ns = `ns${i % 50}`;
  const name = `app${i}`;
  return `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: ${name}, namespace: ${ns}}
spec:
  serviceName: ${name}
  replicas: 3
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}, tier: t${i % 7}}}
    spec: {containers: [{name: c, image: "example/app:1", ports: [{name: peer, containerPort: 7000}, {name: client, containerPort: 9042}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: ${ns}}
spec: {clusterIP: None, selector: {app: ${name}}, ports: [{name: tcp-peer, port: 7000}, {name: tcp-client, port: 9042, targetPort: ${i % 10 === 0 ? 19042 : 9042}}]}
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: ${name}, namespace: ${ns}}
spec: {selector: {matchLabels: {app: ${name}}}, mtls: {mode: STRICT}}
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: ${name}, namespace: ${ns}}
spec: {host: ${name}.${ns}.svc.cluster.local, subsets: [{name: t, labels: {tier: t${i % 7}}}]}
---
apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: {name: ${name}, namespace: ${ns}}
spec: {workloadSelector: {labels: {app: ${name}}}}
---
`;
}

function envoy(endpoints: number): string {
  const lb = Array.from({ length: endpoints }, (_, i) => `{endpoint: {address: {socket_address: {address: 10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}, port_value: 8080}}}}`).join(', ');
  const bootstrap = `admin: {address: {socket_address: {address: 127.0.0.1, port_value: 9901}}}\nstatic_resources:\n  clusters:\n  - name: pods\n    type: STATIC\n    load_assignment: {cluster_name: pods, endpoints: [{lb_endpoints: [${lb}]}]}\n`;
  return `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: envoy, namespace: edge}\ndata:\n  envoy.yaml: ${JSON.stringify(bootstrap)}\n`;
}

function measure(label: string, text: string): number {
  // Each measurement starts from a collected heap (the npm script runs node with --expose-gc).
  (globalThis as { gc?: () => void }).gc?.();
  const bytes = Buffer.from(text, 'utf8');
  const [parsed, parseMs] = time(() => {
    const documents: InputDocument[] = [];
    const problems: ReadProblem[] = [];
    parseText('bench.yaml', bytes, documents, problems);
    return { documents, problems, files: 1, fileNames: ['bench.yaml'] };
  });
  embeddedParseMs = 0;
  const [report, checkMs] = time(() => checkDocuments(parsed, { schema: false }));
  const total = parseMs + checkMs;
  const share = ((parseMs + embeddedParseMs) / total) * 100;
  const embedded = embeddedParseMs > 0 ? ` (embedded Envoy configs ${((embeddedParseMs / total) * 100).toFixed(0)}%)` : '';
  console.log(`${label.padEnd(36)} ${total.toFixed(0).padStart(7)} ms   YAML parsing ${share.toFixed(0).padStart(3)}%${embedded}   ${report.objects} objects, ${report.results.length} findings`);
  return total;
}

function main(): void {
  // Warm up the JIT and load every module once.
  checkDocuments(readInputs([]), { schema: false });
  measure('warm-up (300 objects)', Array.from({ length: 60 }, (_, i) => app(i)).join(''));
  let previous: number | undefined;
  for (const objects of [300, 3_000, 30_000]) {
    const ms = measure(`${objects.toLocaleString('en')} objects`, Array.from({ length: objects / 5 }, (_, i) => app(i)).join(''));
    if (previous !== undefined) console.log(`${''.padEnd(36)} growth x${(ms / previous).toFixed(1)} for 10x objects (linear: about x10)`);
    previous = ms;
  }
  previous = undefined;
  for (const endpoints of [1_000, 10_000, 100_000]) {
    const ms = measure(`Envoy bootstrap, ${endpoints.toLocaleString('en')} endpoints`, envoy(endpoints));
    if (previous !== undefined) console.log(`${''.padEnd(36)} growth x${(ms / previous).toFixed(1)} for 10x endpoints (linear: about x10)`);
    previous = ms;
  }
}

main();
