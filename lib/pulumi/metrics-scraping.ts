import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { constructLabel, IstioDirectError, show } from '../core/errors';
import { adapterProps } from '../core/istio-target';
import {
  buildMetricsScraping,
  checkEnvoyScraping,
  checkMergeAnnotations,
  checkMeshPortLevelMtls,
  MetricsScrapingManifests,
  MetricsScrapingProps as CoreProps,
  ScrapeTarget,
  scrapeTargetFromMesh,
  scrapeTargetFromObjects,
} from '../core/scraping';
import { atResource } from './component-names';
import { EchoService } from './echo-service';
import { EnvoyDirectPods } from './envoy-direct-pods';
import { HeadlessMeshService } from './headless-mesh-service';
import { createResource, KubeResource } from './resources';

/** The Pulumi type token of {@link MetricsScraping}. */
export const METRICS_SCRAPING_TYPE = 'istio-direct:index:MetricsScraping';

/**
 * A component that serves metrics and says where: its pods, their container ports and its metrics endpoint
 * (`scrapeTarget.metrics`). An Envoy stats listener plugs in through this.
 */
export interface MetricsSource {
  readonly scrapeTarget: ScrapeTarget;
}

/**
 * A `@pulumi/kubernetes` workload with the plain values it is scraped by (its fields are `Output`s, known only
 * at deployment, and the objects are built from concrete values, as for a HeadlessMeshService target).
 */
export interface WorkloadResourceScrapeTarget {
  /** The workload resource; the monitor and policies depend on it. */
  readonly workload: k8s.apps.v1.Deployment | k8s.apps.v1.StatefulSet | k8s.apps.v1.DaemonSet;
  /** Its kind, name, namespace, selector labels and container ports as plain values. */
  readonly ref: ScrapeTarget;
}

/** What a {@link MetricsScraping} scrapes. */
export type ScrapeSource = EchoService | HeadlessMeshService | EnvoyDirectPods | WorkloadResourceScrapeTarget | MetricsSource | ScrapeTarget;

/** Properties of the Pulumi {@link MetricsScraping}. */
export interface MetricsScrapingProps extends Omit<CoreProps, 'target'> {
  /**
   * The workload to scrape: an {@link EchoService}, a {@link HeadlessMeshService} (its workload), an
   * {@link EnvoyDirectPods} (its stats listener; `istio-certs` or `plaintext-port`, a PodMonitor or a scrape job), a
   * `@pulumi/kubernetes` workload with its plain values, a {@link MetricsSource}, or a plain {@link ScrapeTarget}.
   * A Pulumi resource cannot change once created, so in `merge` mode an EchoService must already carry the
   * annotations (give it `podAnnotations: metricsMergeAnnotations(...)`); this component checks it.
   */
  readonly target: ScrapeSource;
}

/**
 * Makes a workload scrapable by Prometheus under STRICT mTLS, in one of three modes (`merge`, `istio-certs`,
 * `plaintext-port`). The Pulumi twin of the cdk8s `MetricsScraping`: the same props give the same objects.
 *
 * Children: `<name>-peerauthentication`, `<name>-destinationrule`, `<name>-podmonitor`, `<name>-servicemonitor`, when emitted.
 */
export class MetricsScraping extends pulumi.ComponentResource {
  public readonly podMonitor?: k8s.apiextensions.CustomResource;
  public readonly serviceMonitor?: k8s.apiextensions.CustomResource;
  public readonly peerAuthentication?: k8s.apiextensions.CustomResource;
  public readonly destinationRule?: k8s.apiextensions.CustomResource;
  /** Every resource this component created, in apply order. */
  public readonly resources: readonly KubeResource[];
  /** The pod-template annotations of `merge`. */
  public readonly podAnnotations: Readonly<Record<string, string>>;
  /** Plain Prometheus jobs, when `monitor` is `scrape-config`. */
  public readonly scrapeConfigs?: ReadonlyArray<Readonly<Record<string, unknown>>>;
  /** What the core built. */
  public readonly manifests: MetricsScrapingManifests;

  /**
   * @param name the component's Pulumi name (prefix of its children's logical names)
   * @param props the same props as the cdk8s `MetricsScraping`
   * @param opts component options; children inherit them through `parent`
   * @throws IstioDirectError on bad props, before anything is registered
   */
  constructor(name: string, props: MetricsScrapingProps, opts: pulumi.ComponentResourceOptions = {}) {
    const { safe, source, manifests } = atResource(name, () => buildFor(props));
    super(METRICS_SCRAPING_TYPE, name, { ...safe, target: manifests.spec.target }, opts);
    this.manifests = manifests;
    const m = manifests;
    const dependsOn = isWorkloadResource(source) ? [source.workload] : [];
    const custom = (object: typeof m.podMonitor) => object && (createResource(name, object, { parent: this, dependsOn }) as k8s.apiextensions.CustomResource);
    this.peerAuthentication = custom(m.peerAuthentication);
    this.destinationRule = custom(m.destinationRule);
    this.podMonitor = custom(m.podMonitor);
    this.serviceMonitor = custom(m.serviceMonitor);
    this.resources = [this.peerAuthentication, this.destinationRule, this.podMonitor, this.serviceMonitor].filter((r): r is NonNullable<typeof r> => r !== undefined);
    this.podAnnotations = m.podAnnotations;
    this.scrapeConfigs = m.scrapeConfigs;
    this.registerOutputs({ mode: m.mode, podAnnotations: m.podAnnotations, portLevelMtls: m.portLevelMtls });
  }
}

/** Checks the props and builds the objects (before anything is registered). */
function buildFor(props: MetricsScrapingProps): { safe: MetricsScrapingProps; source: ScrapeSource; manifests: MetricsScrapingManifests } {
  const safe = adapterProps('MetricsScraping', props, buildMetricsScraping);
  const source = safe.target;
  if (source instanceof EnvoyDirectPods) checkEnvoyScraping('MetricsScraping', source.manifests, safe as unknown as Record<string, unknown>);
  const mesh = source instanceof HeadlessMeshService ? source : undefined;
  const manifests = buildMetricsScraping({
    ...safe,
    target: scrapeTargetOf(source) as ScrapeTarget,
    ...(mesh !== undefined && safe.peerAuthentication === undefined ? { peerAuthentication: false } : {}),
  });
  if (mesh !== undefined && manifests.mode === 'plaintext-port') checkMeshPortLevelMtls('MetricsScraping', manifests.spec.name, mesh.manifests, manifests);
  if (manifests.mode === 'merge' && source instanceof EchoService) checkEchoAnnotations(source, manifests);
  return { safe, source, manifests };
}

function isWorkloadResource(source: ScrapeSource | undefined): source is WorkloadResourceScrapeTarget {
  return typeof source === 'object' && source !== null && 'workload' in source && 'ref' in source;
}

/** The plain scrape target of a source; anything else goes to the core as it is (and is reported there). */
function scrapeTargetOf(source: ScrapeSource | undefined): unknown {
  if (source instanceof EchoService) {
    return scrapeTargetFromObjects(source.manifests.deployment, { object: source.manifests.service, fqdn: source.endpoint.fqdn });
  }
  if (source instanceof HeadlessMeshService) return scrapeTargetFromMesh(source.manifests, source.workload);
  if (isWorkloadResource(source)) return source.ref;
  if (typeof source === 'object' && source !== null && 'scrapeTarget' in source) return source.scrapeTarget;
  return source;
}

/** In `merge` mode, the EchoService's pods must already carry the annotations (its Deployment is registered). */
function checkEchoAnnotations(echo: EchoService, m: MetricsScrapingManifests): void {
  const template = (echo.manifests.deployment.spec as { template: { metadata: { annotations?: Record<string, string> } } }).template;
  const existing = template.metadata.annotations ?? {};
  checkMergeAnnotations('MetricsScraping', m.spec.name, existing, m);
  const missing = Object.keys(m.podAnnotations).filter((key) => existing[key] === undefined);
  if (missing.length > 0) {
    throw new IstioDirectError([
      `${constructLabel('MetricsScraping', m.spec.name)}: target: EchoService ${show(echo.name)} lacks ${missing.join(', ')} on its pods, and a Pulumi resource cannot change once created: give the EchoService podAnnotations ${JSON.stringify(m.podAnnotations)} (metricsMergeAnnotations computes them)`,
    ]);
  }
}
