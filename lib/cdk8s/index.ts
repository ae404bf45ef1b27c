// cdk8s constructs. Import from 'istio-direct/cdk8s'.
export { EchoService, type EchoServiceProps } from './echo-service';
export { HeadlessMeshService, type HeadlessMeshServiceProps, type MeshTarget } from './headless-mesh-service';
export { EnvoyDirectPods, type EnvoyDirectPodsProps } from './envoy-direct-pods';
export { configureRules, rulesFindings, type RulesOptions } from './rules-pass';
export { MetricsScraping, type MetricsScrapingProps, type MetricsSource, type ScrapeSource } from './metrics-scraping';
export { IstioCertsPrometheus, type IstioCertsPrometheusProps } from './istio-certs-prometheus';
