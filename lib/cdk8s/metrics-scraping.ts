import { ApiObject, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import { adapterProps } from '../core/istio-target';
import { constructLabel, IstioDirectError } from '../core/errors';
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
import { isPlainObject } from '../core/validate';
import { addApiObject, namespaceOf } from './api-objects';
import { atConstruct } from './construct-errors';
import { EchoService } from './echo-service';
import { EnvoyDirectPods } from './envoy-direct-pods';
import { HeadlessMeshService } from './headless-mesh-service';
import { checkCdk8sMapKeys } from './renderable';
import { registerRulesPass } from './rules-pass';
import { isPlusWorkload, PlusWorkload, plusWorkloadRef } from './workload-target';

/**
 * A construct that serves metrics and says where: its pods, their container ports and its metrics endpoint
 * (`scrapeTarget.metrics`). An Envoy stats listener plugs in through this.
 */
export interface MetricsSource {
  readonly scrapeTarget: ScrapeTarget;
}

/** What a {@link MetricsScraping} scrapes. */
export type ScrapeSource = EchoService | HeadlessMeshService | EnvoyDirectPods | PlusWorkload | MetricsSource | ScrapeTarget;

/** Properties of the cdk8s {@link MetricsScraping}. */
export interface MetricsScrapingProps extends Omit<CoreProps, 'target'> {
  /**
   * The workload to scrape: an {@link EchoService}, a {@link HeadlessMeshService} (its workload), an
   * {@link EnvoyDirectPods} (its stats listener; `istio-certs` or `plaintext-port`, a PodMonitor or a scrape job),
   * a StatefulSet or Deployment of any cdk8s-plus 2.x, a {@link MetricsSource}, or a plain {@link ScrapeTarget}.
   * In `merge` mode the annotations are added to the pod template of an EchoService or cdk8s-plus workload; for
   * a plain target, put {@link MetricsScraping.podAnnotations} on its pod template yourself.
   */
  readonly target: ScrapeSource;
}

/**
 * Makes a workload scrapable by Prometheus under STRICT mTLS, in one of three modes: `merge` (Istio's
 * metrics merging: pod annotations), `istio-certs` (a Prometheus with Istio certificates scrapes with TLS:
 * a PodMonitor naming a scrape class, a ServiceMonitor with certificate files, or a plain scrape job), or
 * `plaintext-port` (the metrics port opts out of mTLS: PeerAuthentication `DISABLE` and its DestinationRule).
 *
 * @example
 * new MetricsScraping(chart, 'echo-metrics', { mode: 'merge', target: echo, metrics: [{ port: 8080, path: '/metrics' }] });
 */
export class MetricsScraping extends Construct {
  /** The PodMonitor, when `monitor` is `PodMonitor`. */
  public readonly podMonitor?: ApiObject;
  /** The ServiceMonitor, when `monitor` is `ServiceMonitor`. */
  public readonly serviceMonitor?: ApiObject;
  /** The PeerAuthentication of `plaintext-port`. */
  public readonly peerAuthentication?: ApiObject;
  /** The DestinationRule of `plaintext-port`. */
  public readonly destinationRule?: ApiObject;
  /** Every object this construct added. */
  public readonly apiObjects: readonly ApiObject[];
  /** The pod-template annotations of `merge` (already applied to an EchoService or cdk8s-plus target). */
  public readonly podAnnotations: Readonly<Record<string, string>>;
  /** Plain Prometheus jobs, when `monitor` is `scrape-config`. */
  public readonly scrapeConfigs?: ReadonlyArray<Readonly<Record<string, unknown>>>;
  /** What the core built. */
  public readonly manifests: MetricsScrapingManifests;

  constructor(scope: Construct, id: string, props: MetricsScrapingProps) {
    super(scope, id);
    registerRulesPass(this);
    this.manifests = atConstruct(this, () => this.build(props));
    const m = this.manifests;
    this.podAnnotations = m.podAnnotations;
    this.scrapeConfigs = m.scrapeConfigs;
    this.peerAuthentication = m.peerAuthentication && addApiObject(this, 'PeerAuthentication', m.peerAuthentication);
    this.destinationRule = m.destinationRule && addApiObject(this, 'DestinationRule', m.destinationRule);
    this.podMonitor = m.podMonitor && addApiObject(this, 'PodMonitor', m.podMonitor);
    this.serviceMonitor = m.serviceMonitor && addApiObject(this, 'ServiceMonitor', m.serviceMonitor);
    this.apiObjects = [this.peerAuthentication, this.destinationRule, this.podMonitor, this.serviceMonitor].filter((o): o is ApiObject => o !== undefined);
  }

  /** Checks the props, builds the objects and, in `merge` mode, annotates the target's pods. */
  private build(props: MetricsScrapingProps): MetricsScrapingManifests {
    const safe = adapterProps('MetricsScraping', props, buildMetricsScraping);
    const source = safe.target;
    if (source instanceof EnvoyDirectPods) checkEnvoyScraping('MetricsScraping', source.manifests, safe as unknown as Record<string, unknown>);
    const target = scrapeTargetOf(source);
    const mesh = source instanceof HeadlessMeshService ? source : undefined;
    const chartNamespace = namespaceOf(this, undefined);
    const m = buildMetricsScraping({
      ...safe,
      // A target without a namespace is in the chart's.
      target: (isPlainObject(target) && target.namespace === undefined && chartNamespace !== undefined ? { ...target, namespace: chartNamespace } : target) as ScrapeTarget,
      ...(mesh !== undefined && safe.peerAuthentication === undefined ? { peerAuthentication: false } : {}),
    });
    checkCdk8sMapKeys('MetricsScraping', m.spec.name, { monitorLabels: safe.monitorLabels });
    if (mesh !== undefined && m.mode === 'plaintext-port') checkMeshPortLevelMtls('MetricsScraping', m.spec.name, mesh.manifests, m);
    if (m.mode === 'merge') applyAnnotations(source, m);
    return m;
  }
}

/** The plain scrape target of a source; anything else goes to the core as it is (and is reported there). */
function scrapeTargetOf(source: ScrapeSource | undefined): unknown {
  if (source instanceof EchoService) {
    return scrapeTargetFromObjects(source.manifests.deployment, { object: source.manifests.service, fqdn: source.endpoint.fqdn });
  }
  if (source instanceof HeadlessMeshService) return scrapeTargetFromMesh(source.manifests, source.workload);
  if (isPlusWorkload(source)) {
    const ref = plusWorkloadRef(source);
    return {
      kind: ref.kind,
      name: ref.name,
      ...(ref.namespace !== undefined ? { namespace: ref.namespace } : {}),
      selectorLabels: ref.selectorLabels,
      containerPorts: source.containers.flatMap((c) => c.ports.map((port) => ({ port: port.number, ...(port.name !== undefined ? { name: port.name } : {}) }))),
    };
  }
  if (typeof source === 'object' && source !== null && 'scrapeTarget' in source) return source.scrapeTarget;
  return source;
}

/** Adds the merge annotations to the pod template of an EchoService or a cdk8s-plus workload. */
function applyAnnotations(source: ScrapeSource, m: MetricsScrapingManifests): void {
  if (source instanceof EchoService) {
    const template = (source.manifests.deployment.spec as { template: { metadata: { annotations?: Record<string, string> } } }).template;
    const existing = template.metadata.annotations;
    checkMergeAnnotations('MetricsScraping', m.spec.name, existing ?? {}, m);
    if (existing === undefined) {
      source.deployment.addJsonPatch(JsonPatch.add('/spec/template/metadata/annotations', { ...m.podAnnotations }));
    } else {
      for (const [key, value] of Object.entries(m.podAnnotations)) {
        source.deployment.addJsonPatch(JsonPatch.add(`/spec/template/metadata/annotations/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`, value));
      }
    }
    return;
  }
  if (isPlusWorkload(source)) {
    const podMetadata = (source as unknown as { podMetadata?: { toJson(): { annotations?: Record<string, string> }; addAnnotation(k: string, v: string): void } }).podMetadata;
    if (podMetadata === undefined) {
      throw new IstioDirectError([`${constructLabel('MetricsScraping', m.spec.name)}: target: the cdk8s-plus workload has no podMetadata to annotate: put podAnnotations on its pod template yourself`]);
    }
    checkMergeAnnotations('MetricsScraping', m.spec.name, podMetadata.toJson().annotations ?? {}, m);
    for (const [key, value] of Object.entries(m.podAnnotations)) podMetadata.addAnnotation(key, value);
  }
}
