/**
 * Prometheus scraping of pods under STRICT mTLS, in one of three modes (`merge`, `istio-certs`,
 * `plaintext-port`): props are resolved into a checked spec (`scraping/resolve.ts`), then rendered
 * (`scraping/render.ts`). The Prometheus side of `istio-certs` is `scraping/prometheus.ts`.
 */
import { guardProps } from './istio-target';
import { IstioCertsPrometheus, IstioCertsPrometheusProps, renderIstioCertsPrometheus, resolveIstioCertsPrometheusSpec } from './scraping/prometheus';
import { MetricsScrapingManifests, MetricsScrapingProps } from './scraping/props';
import { renderMetricsScraping } from './scraping/render';
import { resolveMetricsScrapingSpec } from './scraping/resolve';

export * from './scraping/props';
export * from './scraping/prometheus';
export { resolveMetricsScrapingSpec } from './scraping/resolve';
export { ENVOY_PROM_PORT_NAME, MERGED_METRICS_PATH, renderMetricsScraping } from './scraping/render';

/** Builds what makes a workload scrapable under STRICT mTLS. Throws an {@link IstioDirectError} on bad input. */
export function buildMetricsScraping(props: MetricsScrapingProps): MetricsScrapingManifests {
  return renderMetricsScraping(guardProps('MetricsScraping', props, resolveMetricsScrapingSpec));
}

/** Builds the pod settings and TLS settings of a Prometheus that scrapes with Istio's certificates. */
export function buildIstioCertsPrometheus(props: IstioCertsPrometheusProps = {}): IstioCertsPrometheus {
  return renderIstioCertsPrometheus(guardProps('IstioCertsPrometheus', props, resolveIstioCertsPrometheusSpec));
}
