/**
 * Prometheus scraping of pods under STRICT mTLS, in one of three modes (`merge`, `istio-certs`,
 * `plaintext-port`): props are resolved into a checked spec (`scraping/resolve.ts`), then rendered
 * (`scraping/render.ts`). The Prometheus side of `istio-certs` is `scraping/prometheus.ts`.
 */
import { guardProps } from './istio-target';
import { IstioCertsPrometheus, IstioCertsPrometheusProps, renderIstioCertsPrometheus, resolveIstioCertsPrometheusSpec } from './scraping/prometheus';
import { MetricsScrapingManifests, MetricsScrapingProps, ScrapeContainerPort, ScrapeTarget } from './scraping/props';
import { renderMetricsScraping } from './scraping/render';
import { resolveMetricsScrapingSpec } from './scraping/resolve';

export * from './scraping/props';
export * from './scraping/prometheus';
export * from './scraping/prometheus-pod';
export { resolveMetricsScrapingSpec } from './scraping/resolve';
export { ENVOY_PROM_PORT_NAME, MERGED_METRICS_PATH, renderMetricsScraping } from './scraping/render';
export * from './scraping/target';

/** Builds what makes a workload scrapable under STRICT mTLS. Throws an {@link IstioDirectError} on bad input. */
export function buildMetricsScraping(props: MetricsScrapingProps): MetricsScrapingManifests {
  return renderMetricsScraping(guardProps('MetricsScraping', props, resolveMetricsScrapingSpec));
}

/** Builds the pod settings and TLS settings of a Prometheus that scrapes with Istio's certificates. */
export function buildIstioCertsPrometheus(props: IstioCertsPrometheusProps = {}): IstioCertsPrometheus {
  return renderIstioCertsPrometheus(guardProps('IstioCertsPrometheus', props, resolveIstioCertsPrometheusSpec));
}

/**
 * The pod-template annotations of `merge` mode for metrics on these container ports, before the workload exists
 * (a Pulumi resource cannot change once created: give them to the workload, e.g. an EchoService's `podAnnotations`).
 *
 * @example
 * new EchoService('echo', { podAnnotations: metricsMergeAnnotations([{ port: 8080, path: '/metrics' }]) });
 */
export function metricsMergeAnnotations(metrics: ReadonlyArray<{ readonly port: number; readonly path?: string }>, istioVersion?: string): Readonly<Record<string, string>> {
  const ports = Array.isArray(metrics) ? metrics.map((m) => ({ port: (m as { port: number })?.port })) : [];
  const target: ScrapeTarget = { kind: 'Pod', name: 'metrics', selectorLabels: { app: 'metrics' }, containerPorts: ports as ScrapeContainerPort[] };
  return buildMetricsScraping({ mode: 'merge', target, metrics, ...(istioVersion !== undefined ? { istioVersion } : {}) }).podAnnotations;
}
