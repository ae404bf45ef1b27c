// Pulumi components. Import from 'istio-direct/pulumi'; this entry never loads cdk8s.
export { EchoService, ECHO_SERVICE_TYPE, type EchoServiceProps } from './echo-service';
export { HeadlessMeshService, HEADLESS_MESH_SERVICE_TYPE, type HeadlessMeshServiceProps, type MeshTarget } from './headless-mesh-service';
export { type WorkloadArgsTarget, type WorkloadResourceTarget } from './workload-target';
export { EnvoyDirectPods, ENVOY_DIRECT_PODS_TYPE, type EnvoyDirectPodsProps } from './envoy-direct-pods';
export { type KubeResource } from './resources';
export { MetricsScraping, METRICS_SCRAPING_TYPE, type MetricsScrapingProps, type MetricsSource, type ScrapeSource, type WorkloadResourceScrapeTarget } from './metrics-scraping';
export { withIstioCertsPrometheus, type PrometheusWorkloadArgs } from './istio-certs-prometheus';
