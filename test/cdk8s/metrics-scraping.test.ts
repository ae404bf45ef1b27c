/** The cdk8s MetricsScraping over cdk8s-plus workloads, a MetricsSource, and an EnvoyDirectPods' stats listener. */
import { Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { EchoService, EnvoyDirectPods, EnvoyDirectPodsProps, MetricsScraping } from '../../lib/cdk8s';

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

describe('an EnvoyDirectPods stats listener as the target', () => {
  function envoy(props: Partial<EnvoyDirectPodsProps> = {}) {
    const chart = Testing.chart();
    const echo = new EchoService(chart, 'echo', { name: 'echo', namespace: 'shop' });
    const proxy = new EnvoyDirectPods(chart, 'envoy', { name: 'edge', target: echo, istioSidecar: true, statsListener: { scrapeAnnotations: false }, ...props });
    return { chart, proxy };
  }

  test('scrapeTarget: the Envoy pods, their container ports, and the stats listener as the endpoint, no Service', () => {
    const { proxy } = envoy({ statsListener: { port: 19100, scrapeAnnotations: false } });
    expect(proxy.scrapeTarget).toEqual({
      kind: 'Deployment',
      name: 'edge',
      namespace: 'shop',
      selectorLabels: { app: 'edge' },
      containerPorts: [
        { port: 8080, name: 'http' },
        { port: 19003, name: 'ready' },
        { port: 19100, name: 'http-stats' },
      ],
      metrics: [{ port: 'http-stats', path: '/stats/prometheus' }],
    });
  });

  test('istio-certs: a PodMonitor naming the stats port (not the sidecar\'s http-envoy-prom) with the scrape class', () => {
    const { chart, proxy } = envoy();
    new MetricsScraping(chart, 'metrics', { mode: 'istio-certs', target: proxy, monitorLabels: { release: 'kps' } });
    const [pm] = ofKind(Testing.synth(chart), 'PodMonitor');
    expect(pm.metadata).toMatchObject({ name: 'edge', namespace: 'shop', labels: { release: 'kps' } });
    expect(pm.spec.scrapeClass).toBe('istio-mtls');
    expect(pm.spec.selector).toEqual({ matchLabels: { app: 'edge' } });
    expect(pm.spec.podMetricsEndpoints).toEqual([{ port: 'http-stats', path: '/stats/prometheus', scheme: 'https' }]);
  });

  test('plaintext-port: DISABLE at the stats port, no DestinationRule (no Service carries it), a PodMonitor over http', () => {
    const { chart, proxy } = envoy();
    new MetricsScraping(chart, 'metrics', { mode: 'plaintext-port', target: proxy });
    const objects = Testing.synth(chart);
    const [pa] = ofKind(objects, 'PeerAuthentication');
    expect(pa.metadata).toMatchObject({ name: 'edge-metrics', namespace: 'shop' });
    expect(pa.spec).toEqual({ selector: { matchLabels: { app: 'edge' } }, mtls: { mode: 'STRICT' }, portLevelMtls: { '19001': { mode: 'DISABLE' } } });
    expect(ofKind(objects, 'DestinationRule')).toEqual([]);
    expect(ofKind(objects, 'PodMonitor')[0].spec.podMetricsEndpoints).toEqual([{ port: 'http-stats', path: '/stats/prometheus', scheme: 'http' }]);
  });

  test('a plain scrape job keeps the stats port by number', () => {
    const { chart, proxy } = envoy();
    const scraping = new MetricsScraping(chart, 'metrics', { mode: 'istio-certs', target: proxy, monitor: 'scrape-config' });
    expect(scraping.scrapeConfigs).toHaveLength(1);
    expect(scraping.scrapeConfigs![0]).toMatchObject({ job_name: 'shop/edge', scheme: 'https', metrics_path: '/stats/prometheus' });
    expect(scraping.scrapeConfigs![0].relabel_configs).toContainEqual({ action: 'keep', source_labels: ['__meta_kubernetes_pod_container_port_number'], regex: '19001' });
  });

  test.each([
    [{ mode: 'merge' }, {}, 'mode: "merge" cannot scrape EnvoyDirectPods "edge": the sidecar\'s agent would serve Envoy\'s metrics next to its own Envoy\'s'],
    [{ mode: 'plaintext-port', monitor: 'ServiceMonitor' }, {}, 'monitor: "ServiceMonitor" cannot scrape EnvoyDirectPods "edge": its Service is the one clients use and does not carry the stats port; use "PodMonitor" or "scrape-config"'],
    [{ mode: 'istio-certs' }, { statsListener: undefined }, 'target: EnvoyDirectPods "edge" has no stats listener: give it statsListener: {}'],
    [{ mode: 'istio-certs' }, { istioSidecar: false }, 'mode: "istio-certs" scrapes with TLS, but EnvoyDirectPods "edge" runs without a sidecar (istioSidecar: false)'],
  ] as const)('refused: %j over %j', (scraping, proxyProps, message) => {
    const { chart, proxy } = envoy(proxyProps);
    expect(() => new MetricsScraping(chart, 'metrics', { ...scraping, target: proxy })).toThrow(`MetricsScraping "edge" (construct test/metrics): ${message}`);
  });

  test('plaintext-port works without a sidecar', () => {
    const { chart, proxy } = envoy({ istioSidecar: false });
    expect(new MetricsScraping(chart, 'metrics', { mode: 'plaintext-port', target: proxy }).podMonitor).toBeDefined();
  });
});

test('errors name the construct path', () => {
  const { chart, deployment } = plusDeployment();
  expect(() => new MetricsScraping(chart, 'metrics', { mode: 'istio-certs', target: deployment, metrics: [{ port: 'nope' }] })).toThrow(
    'MetricsScraping "api" (construct test/metrics): metrics[0].port: "nope" is not the name of a container port of Deployment "api"',
  );
});
