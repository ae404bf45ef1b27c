/** The cdk8s MetricsScraping over cdk8s-plus workloads and a MetricsSource (the way an Envoy stats listener plugs in). */
import { Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { MetricsScraping } from '../../lib/cdk8s';

function plusDeployment() {
  const chart = Testing.chart();
  const deployment = new kplus.Deployment(chart, 'api', {
    metadata: { name: 'api', namespace: 'shop' },
    containers: [{ name: 'api', image: 'example/api:1.0', ports: [{ number: 8080, name: 'http' }, { number: 9464, name: 'metrics' }] }],
  });
  return { chart, deployment };
}

const ofKind = (objects: unknown[], kind: string) => objects.filter((o) => (o as { kind: string }).kind === kind) as Array<Record<string, any>>;

test('merge adds the annotations to a cdk8s-plus pod template', () => {
  const { chart, deployment } = plusDeployment();
  new MetricsScraping(chart, 'metrics', { mode: 'merge', target: deployment, metrics: [{ port: 'metrics', path: '/prom' }] });
  const [d] = ofKind(Testing.synth(chart), 'Deployment');
  expect(d.spec.template.metadata.annotations).toEqual({ 'prometheus.io/path': '/prom', 'prometheus.io/port': '9464', 'prometheus.io/scrape': 'true' });
});

test('istio-certs over a cdk8s-plus workload: a PodMonitor naming the container port and the scrape class', () => {
  const { chart, deployment } = plusDeployment();
  new MetricsScraping(chart, 'metrics', { mode: 'istio-certs', target: deployment, metrics: [{ port: 9464 }] });
  const [pm] = ofKind(Testing.synth(chart), 'PodMonitor');
  expect(pm.metadata).toMatchObject({ name: 'api', namespace: 'shop' });
  expect(pm.spec.scrapeClass).toBe('istio-mtls');
  expect(pm.spec.selector.matchLabels).toEqual(deployment.matchLabels);
  expect(pm.spec.podMetricsEndpoints).toEqual([{ port: 'metrics', path: '/metrics', scheme: 'https' }]);
});

test('a MetricsSource offers its own metrics endpoint', () => {
  const chart = Testing.chart();
  const source = {
    scrapeTarget: {
      kind: 'Deployment' as const,
      name: 'envoy',
      namespace: 'edge',
      selectorLabels: { app: 'envoy' },
      containerPorts: [{ port: 19090, name: 'http-stats' }],
      metrics: [{ port: 'http-stats', path: '/stats/prometheus' }],
    },
  };
  new MetricsScraping(chart, 'metrics', { mode: 'istio-certs', target: source });
  const [pm] = ofKind(Testing.synth(chart), 'PodMonitor');
  expect(pm.spec.podMetricsEndpoints).toEqual([{ port: 'http-stats', path: '/stats/prometheus', scheme: 'https' }]);
});
