/**
 * The scraping example and every MetricsScraping configuration are valid: Kubernetes 1.28 and (when available)
 * Istio's CRDs through the validator, the rules with zero error findings, and the prometheus-operator objects
 * (Prometheus, PodMonitor, ServiceMonitor) against the operator's CRD schemas as `@kubernetes-models/prometheus-operator`
 * ships them (ajv validators compiled from the operator's CRDs: types, enums, required fields). That package is ESM
 * only, so it runs in a child `node` process.
 */
import { spawnSync } from 'child_process';
import { Testing } from 'cdk8s';
import { ScrapingChart } from '../../examples/cdk8s/scraping';
import { buildMetricsScraping, KubeObject, ScrapeMode, ScrapeMonitor, ScrapeTarget } from '../../lib';
import { runRules, toManifestObjects } from '../../lib/rules';
import { setIstioCrdSources, validateObject } from '../../lib/validate';
import { ISTIO_CRDS, REPO_ROOT } from './helpers';

const example = Testing.synth(new ScrapingChart(Testing.app(), 'scraping')) as KubeObject[];

const TARGET: ScrapeTarget = {
  kind: 'StatefulSet',
  name: 'kafka',
  namespace: 'data',
  selectorLabels: { app: 'kafka', 'app.kubernetes.io/name': 'kafka' },
  containerPorts: [{ port: 9092, name: 'broker' }, { port: 9308, name: 'metrics' }, { port: 5556 }],
  service: { name: 'kafka', labels: { app: 'kafka' }, fqdn: 'kafka.data.svc.cluster.local', ports: [{ name: 'http-metrics', port: 9308, targetPort: 9308 }] },
};

/** Every mode with every monitor it takes, over two endpoints (one named, one not). */
const configurations: KubeObject[] = (
  [
    ['merge', 'PodMonitor'],
    ['istio-certs', 'PodMonitor'],
    ['istio-certs', 'ServiceMonitor'],
    ['plaintext-port', 'PodMonitor'],
    ['plaintext-port', 'ServiceMonitor'],
  ] as Array<[ScrapeMode, ScrapeMonitor]>
).flatMap(([mode, monitor]) =>
  buildMetricsScraping({
    mode,
    monitor,
    target: TARGET,
    name: `kafka-${mode}-${monitor.toLowerCase()}`,
    namespace: 'monitoring',
    metrics: mode === 'merge' ? [{ port: 9308 }] : [{ port: 'metrics' }, { port: 5556, path: '/jmx' }],
    intervalSeconds: 15,
    monitorLabels: { release: 'kube-prometheus-stack' },
  }).objects,
);

const isOperator = (o: KubeObject) => o.apiVersion.startsWith('monitoring.coreos.com/');

/** Problems the operator's schemas find, one line per object, run in a child process (the package is ESM only). */
function operatorSchemaProblems(objects: readonly KubeObject[]): string[] {
  const script = `
    import * as v1 from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';
    let input = '';
    for await (const chunk of process.stdin) input += chunk;
    const problems = [];
    for (const o of JSON.parse(input)) {
      try { new v1[o.kind](o).validate(); } catch (e) { problems.push(o.kind + ' ' + o.metadata.name + ': ' + e.message); }
    }
    process.stdout.write(JSON.stringify(problems));
  `;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: REPO_ROOT, input: JSON.stringify(objects), encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`node failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as string[];
}

test('the example has a Prometheus, a PodMonitor per mode, the plaintext-port policies, and the Envoy with its PodMonitor', () => {
  expect(example.map((o) => `${o.kind} ${o.metadata.name}`).filter((line) => !/^(Deployment|Service) /.test(line))).toEqual([
    'Namespace metrics-demo',
    'PeerAuthentication default',
    'Prometheus prometheus',
    'PodMonitor echo-merge',
    'PodMonitor echo-certs',
    'PeerAuthentication echo-plain-pods',
    'DestinationRule echo-plain-pods',
    'PodMonitor echo-plain',
    'ConfigMap envoy-stats',
    'PodMonitor envoy-stats',
  ]);
});

test('Kubernetes 1.28: no errors', () => {
  const errors = [...example, ...configurations].flatMap((o) => validateObject(o).filter((f) => f.severity === 'error').map((f) => `${o.kind} ${o.metadata.name}: ${f.path}: ${f.message}`));
  expect(errors).toEqual([]);
});

(ISTIO_CRDS ? describe : describe.skip)("against Istio's CRDs", () => {
  beforeAll(() => setIstioCrdSources([ISTIO_CRDS!]));
  afterAll(() => setIstioCrdSources(undefined));

  test('every Istio object: zero problems', () => {
    const problems = [...example, ...configurations]
      .filter((o) => o.apiVersion.includes('istio.io'))
      .flatMap((o) => validateObject(o).map((f) => `${o.kind} ${o.metadata.name}: ${f.path}: ${f.message}`));
    expect(problems).toEqual([]);
  });
});

test('the rules: zero error findings in the example', () => {
  const errors = runRules(toManifestObjects(example)).filter((f) => f.severity === 'error').map((f) => `${f.rule} ${f.object.kind} ${f.object.name}: ${f.message}`);
  expect(errors).toEqual([]);
});

test("the prometheus-operator objects match the operator's CRD schemas", () => {
  const objects = [...example, ...configurations].filter(isOperator);
  expect(objects.map((o) => o.kind).sort()).toEqual([...Array(7).fill('PodMonitor'), 'Prometheus', 'ServiceMonitor', 'ServiceMonitor']);
  expect(operatorSchemaProblems(objects)).toEqual([]);
});

test('the schema check catches a wrong value (it is not vacuous)', () => {
  const [pm] = configurations.filter((o) => o.kind === 'PodMonitor');
  const bad = { ...pm, spec: { ...(pm.spec as object), podMetricsEndpoints: [{ port: 'metrics', scheme: 'tls' }] } };
  expect(operatorSchemaProblems([bad as KubeObject])).toEqual([expect.stringContaining('scheme must be equal to one of the allowed values')]);
});

test('no PodMonitor names certificate files (a PodMonitor tlsConfig is a SafeTLSConfig: no caFile, certFile, keyFile)', () => {
  const podMonitors = [...example, ...configurations].filter((o) => o.kind === 'PodMonitor');
  expect(JSON.stringify(podMonitors)).not.toMatch(/caFile|certFile|keyFile/);
});
