// istio-direct: the framework-free core (props -> plain Kubernetes objects and Envoy config), by name.
// cdk8s constructs live in `istio-direct/cdk8s`, Pulumi components in `istio-direct/pulumi`.
export { buildEchoService, type EchoServiceProps, type EchoServiceManifests, type EchoVersionOptions } from './core/echo-service';
export { buildHeadlessMeshService } from './core/headless-mesh-service';
export { buildEnvoyDirectPods, type EnvoyDirectPodsManifests } from './core/envoy-direct-pods';
export { IstioDirectError } from './core/errors';
export { type KubeObject, type ObjectMeta, type MtlsMode, type PodOptions, type ResourceQuantities, type ResourceRequirements, type ServiceEndpoint, type TargetWorkloadKind, type WorkloadRef } from './core/types';
export { type AppProtocol } from './core/protocols';
export { type DataplaneMode, type HeadlessMeshServiceManifests, type HeadlessMeshServiceProps, type IstioApiVersion, type MeshPort, type OutboundTrafficMode, type PodIpFamily, type PortProtocol, type ResolvedMeshPort } from './core/headless-mesh-service/props';
export { type AccessLogFormat, type CircuitBreakerOptions, type DiscoveryMode, type DnsOptions, type EnvoyDirectPodsProps, type EnvoyLogLevel, type EnvoyRouteOptions, type EnvoyServiceType, type EnvoyTarget, type EnvoyVersionOptions, type HeaderMatchOptions, type HealthCheckOptions, type IpFamily, type OutlierDetectionOptions, type RetryOptions, type ServiceEndpointSource, type StatsListenerOptions, type StatusRange, type TracingOptions, type UpstreamAddress } from './core/envoy/props';
export { type Bootstrap, type DnsLookupFamily, type LbPolicy } from './core/envoy/types';
export { buildIstioCertsPrometheus, buildMetricsScraping, istioCertsPodTemplate, metricsMergeAnnotations } from './core/scraping';
export { type IstioCertFiles, type MetricsEndpointProps, type MetricsScrapingManifests, type MetricsScrapingProps, type ScrapeContainerPort, type ScrapeMode, type ScrapeMonitor, type ScrapeService, type ScrapeTarget } from './core/scraping/props';
export { type IstioCertsPrometheus, type IstioCertsPrometheusProps } from './core/scraping/prometheus';
export { type IstioCertsPodProps } from './core/scraping/prometheus-pod';
export { RECIPE_APPS, type AppRecipeOutput, type AppRecipeProps, type AppSetting, type RecipeApp, type RecipeContainer, type RecipeEnvVar, type RecipeFile, type RecipePort, type RecipeStatefulSetSettings } from './core/recipes/types';
