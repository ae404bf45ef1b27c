/**
 * The scraping example as Pulumi components: the objects of the cdk8s `ScrapingChart`, field for field
 * (a Prometheus with Istio certificates, three echo workloads scraped in the three modes of
 * `MetricsScraping` under a namespace-wide STRICT policy, and an EnvoyDirectPods proxy whose stats listener is
 * scraped with TLS). Side-effect free: the tests import it.
 *
 * A Pulumi resource cannot change once created, so the merged workload gets its annotations up front
 * (`metricsMergeAnnotations`); the cdk8s construct adds them to the EchoService itself.
 */
import * as pulumi from '@pulumi/pulumi';
import { metricsMergeAnnotations } from '../../lib';
import { EchoService, EnvoyDirectPods, HeadlessMeshService, KubeResource, MetricsScraping } from '../../lib/pulumi';
import { createResource } from '../../lib/pulumi/resources';
import { ENVOY_STATS_PROPS, MONITOR_LABELS, PROMETHEUS, SCRAPING_NAMESPACE, SCRAPING_NAMESPACE_OBJECT, STRICT_POLICY } from '../common/scraping';

/** What {@link deployScraping} creates. */
export interface Scraping {
  readonly objects: readonly KubeResource[];
  readonly components: ReadonlyArray<EchoService | HeadlessMeshService | EnvoyDirectPods | MetricsScraping>;
}

/** Creates the scraping example. @param opts options for every resource and component, e.g. `{ provider }` */
export function deployScraping(opts: pulumi.ComponentResourceOptions = {}): Scraping {
  const objects = [SCRAPING_NAMESPACE_OBJECT, STRICT_POLICY, PROMETHEUS].map((object) => createResource(`scraping-${object.metadata.name}`, object, opts));
  const namespace = SCRAPING_NAMESPACE;
  const metrics = [{ port: 8080, path: '/metrics' }];
  const merged = new EchoService('echo-merge', { name: 'echo-merge', namespace, replicas: 1, podAnnotations: metricsMergeAnnotations(metrics) }, opts);
  const merge = new MetricsScraping('echo-merge-metrics', { mode: 'merge', target: merged, metrics, monitor: 'PodMonitor', monitorLabels: MONITOR_LABELS }, opts);
  const certsEcho = new EchoService('echo-certs', { name: 'echo-certs', namespace, replicas: 1 }, opts);
  const certs = new MetricsScraping('echo-certs-metrics', { mode: 'istio-certs', target: certsEcho, metrics, monitorLabels: MONITOR_LABELS }, opts);
  const plainEcho = new EchoService('echo-plain', { name: 'echo-plain', namespace, replicas: 1, port: 8080 }, opts);
  const mesh = new HeadlessMeshService(
    'echo-plain-pods',
    { name: 'echo-plain-pods', target: plainEcho, ports: [{ port: 8080, name: 'http-metrics', appProtocol: 'http' }], portLevelMtls: { 8080: 'DISABLE' } },
    opts,
  );
  const plain = new MetricsScraping('echo-plain-metrics', { mode: 'plaintext-port', target: mesh, metrics, monitorLabels: MONITOR_LABELS }, opts);
  const proxy = new EnvoyDirectPods('envoy-stats', { ...ENVOY_STATS_PROPS, target: certsEcho }, opts);
  const envoy = new MetricsScraping('envoy-stats-metrics', { mode: 'istio-certs', target: proxy, monitorLabels: MONITOR_LABELS }, opts);
  return { objects, components: [merged, merge, certsEcho, certs, plainEcho, mesh, plain, proxy, envoy] };
}
