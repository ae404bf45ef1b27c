/**
 * Prometheus scraping pods under STRICT mTLS in the three modes of `MetricsScraping`, in namespace
 * `metrics-demo` (sidecars injected, a namespace-wide STRICT PeerAuthentication):
 * - `echo-merge`: Istio's metrics merging (pod annotations), scraped through the sidecar's merged port 15020 by a PodMonitor;
 * - `echo-certs`: scraped with TLS by the Prometheus, whose sidecar only fetches Istio certificates (a PodMonitor naming the `istio-mtls` scrape class);
 * - `echo-plain`: its port opts out of mTLS (the HeadlessMeshService's port-level DISABLE and DestinationRule), scraped over http;
 * - `envoy-stats`: an EnvoyDirectPods proxy (with a sidecar) in front of `echo-certs`, its stats listener scraped with TLS like `echo-certs`
 *   (merging is no option for an Envoy: its metrics would collide with the sidecar's own).
 * Side-effect free: `main.ts` synthesizes it, the tests import it.
 */
import { ApiObject, Chart, ChartProps, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import { EchoService, EnvoyDirectPods, HeadlessMeshService, MetricsScraping } from '../../lib/cdk8s';
import { ENVOY_STATS_PROPS, MONITOR_LABELS, PROMETHEUS, SCRAPING_NAMESPACE, SCRAPING_NAMESPACE_OBJECT, STRICT_POLICY } from '../common/scraping';

/** The scraping example chart. */
export class ScrapingChart extends Chart {
  public readonly merge: MetricsScraping;
  public readonly certs: MetricsScraping;
  public readonly plain: MetricsScraping;
  public readonly envoy: MetricsScraping;

  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, { ...props, namespace: SCRAPING_NAMESPACE });
    for (const [name, object] of [['namespace', SCRAPING_NAMESPACE_OBJECT], ['strict', STRICT_POLICY], ['prometheus', PROMETHEUS]] as const) {
      const added = new ApiObject(this, name, { ...object, metadata: { ...object.metadata } });
      // A Namespace is cluster-scoped: cdk8s would give it the chart's namespace.
      if (object.kind === 'Namespace') added.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
    }
    const metrics = [{ port: 8080, path: '/metrics' }];
    const merged = new EchoService(this, 'echo-merge', { name: 'echo-merge', replicas: 1 });
    this.merge = new MetricsScraping(this, 'echo-merge-metrics', { mode: 'merge', target: merged, metrics, monitor: 'PodMonitor', monitorLabels: MONITOR_LABELS });
    const certs = new EchoService(this, 'echo-certs', { name: 'echo-certs', replicas: 1 });
    this.certs = new MetricsScraping(this, 'echo-certs-metrics', { mode: 'istio-certs', target: certs, metrics, monitorLabels: MONITOR_LABELS });
    // Both Services over the echo-plain pods declare 8080 -> 8080 as http (Istio takes one protocol per target port).
    const plain = new EchoService(this, 'echo-plain', { name: 'echo-plain', replicas: 1, port: 8080 });
    const mesh = new HeadlessMeshService(this, 'echo-plain-pods', {
      name: 'echo-plain-pods',
      target: plain,
      ports: [{ port: 8080, name: 'http-metrics', appProtocol: 'http' }],
      portLevelMtls: { 8080: 'DISABLE' },
    });
    this.plain = new MetricsScraping(this, 'echo-plain-metrics', { mode: 'plaintext-port', target: mesh, metrics, monitorLabels: MONITOR_LABELS });
    // The proxy's own stats listener is the endpoint: no `metrics` to give.
    const proxy = new EnvoyDirectPods(this, 'envoy-stats', { ...ENVOY_STATS_PROPS, target: certs });
    this.envoy = new MetricsScraping(this, 'envoy-stats-metrics', { mode: 'istio-certs', target: proxy, monitorLabels: MONITOR_LABELS });
  }
}
