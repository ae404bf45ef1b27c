import { ApiObject, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import { checkCdk8sMapKeys } from './renderable';
import { adapterProps } from '../core/istio-target';
import { constructLabel, IstioDirectError, show } from '../core/errors';
import {
  buildHeadlessMeshService,
  governingServiceName,
  HeadlessMeshServiceManifests,
  HeadlessMeshServiceProps as CoreProps,
  MeshPort,
  ResolvedMeshPort,
} from '../core/headless-mesh-service';
import { AppRecipeOutput, RECIPES } from '../core/recipes';
import { ServiceEndpoint, WorkloadRef } from '../core/types';
import { applyRecipe } from './recipe-target';
import { addApiObject, namespaceOf } from './api-objects';
import { EchoService } from './echo-service';
import { registerRulesPass } from './rules-pass';
import { isPlusStatefulSet, isPlusWorkload, PlusStatefulSet, PlusWorkload, plusWorkloadPorts, plusWorkloadRef } from './workload-target';
import { atConstruct } from './construct-errors';
import { defaultObjectName } from './default-name';

/** A workload a {@link HeadlessMeshService} can select. */
export type MeshTarget = WorkloadRef | PlusWorkload | EchoService;

/** Properties of the cdk8s {@link HeadlessMeshService}. */
export interface HeadlessMeshServiceProps extends Omit<CoreProps, 'name' | 'target' | 'ports'> {
  /**
   * Name of the Service (and of the PeerAuthentication, DestinationRule and Sidecar). A DNS-1035 label.
   * @default - the `serviceName` of a plain StatefulSet target that gives one; else a name from the construct path (`<chart>-<id>-<hash>`), unique in the app
   */
  readonly name?: string;
  /**
   * The workload whose pods the Service selects: a StatefulSet or Deployment of
   * any cdk8s-plus 2.x (read structurally, see {@link PlusWorkload}), an
   * {@link EchoService}, or a plain {@link WorkloadRef}.
   * A cdk8s-plus StatefulSet is re-pointed at this Service (`spec.serviceName`)
   * and the headless Service cdk8s-plus created for it is removed.
   */
  readonly target: MeshTarget;
  /**
   * Every port peers or scrapers use (with a `recipe`: the ports besides the app's own).
   * @default - the target's container ports as `tcp` (`udp` for a UDP port): a cdk8s-plus workload's, an {@link EchoService}'s HTTP port, a {@link WorkloadRef}'s `ports` (with a `recipe`, a cdk8s-plus workload's ports the recipe does not declare); required when the target does not know them and there is no `recipe`
   */
  readonly ports?: readonly MeshPort[];
}

/**
 * A headless Service (`clusterIP: None`, `appProtocol` on every port,
 * `port == targetPort`, `publishNotReadyAddresses`) for pods that talk to each
 * other or are called by pod IP, plus a STRICT `PeerAuthentication`, and the
 * `DestinationRule` and `Sidecar` that correctness needs when ports opt out of
 * mTLS or listen on localhost.
 *
 * `ApiObject.of(hms)` is the Service.
 *
 * @example
 * new HeadlessMeshService(chart, 'etcd', {
 *   name: 'etcd',
 *   target: etcdStatefulSet,
 *   ports: [{ port: 2379, name: 'client' }, { port: 2380, name: 'peer' }],
 * });
 */
export class HeadlessMeshService extends Construct {
  /** The headless Service (the default child). */
  public readonly service: ApiObject;
  /** The PeerAuthentication, unless turned off. */
  public readonly peerAuthentication?: ApiObject;
  /** The DestinationRule, when a port's mTLS is DISABLE. */
  public readonly destinationRule?: ApiObject;
  /** The Sidecar, when `localhostPorts` is set. */
  public readonly sidecar?: ApiObject;
  /** The ConfigMap of the recipe's config files (RabbitMQ), mounted on a cdk8s-plus StatefulSet target. */
  public readonly configMap?: ApiObject;
  /** Every object this construct added. */
  public readonly apiObjects: readonly ApiObject[];
  /** Service name. */
  public readonly name: string;
  /** Namespace DNS names assume. */
  public readonly namespace: string;
  /** `<name>.<namespace>.svc.<clusterDomain>` */
  public readonly fqdn: string;
  /** The pods' selector labels. */
  public readonly selectorLabels: Readonly<Record<string, string>>;
  /** The ports, resolved (names and appProtocols filled in). */
  public readonly ports: readonly ResolvedMeshPort[];
  /** Per-pod DNS names of a StatefulSet target, in ordinal order. */
  public readonly podDnsNames: readonly string[];
  /** The Service as an Envoy target. */
  public readonly endpoint: ServiceEndpoint;
  /** The plain objects, as the core built them. */
  public readonly manifests: HeadlessMeshServiceManifests;
  /** The app recipe's settings (ports, StatefulSet settings, env, args, files, other containers), when `recipe` is given. */
  public readonly recipe?: AppRecipeOutput;
  /**
   * What the recipe set on a cdk8s-plus StatefulSet target, one line each (e.g. `env ETCD_NAME on container "etcd"`);
   * empty without a recipe or for a plain target, whose workload takes `recipe`'s values by hand.
   */
  public readonly recipeApplied: readonly string[];
  /** The target as a plain workload (e.g. for a MetricsScraping). */
  public readonly workload: WorkloadRef;

  constructor(scope: Construct, id: string, props: HeadlessMeshServiceProps) {
    super(scope, id);
    registerRulesPass(this);
    let workload: WorkloadRef | undefined;
    let recipeTarget: { target: MeshTarget; container: unknown } | undefined;
    this.manifests = atConstruct(this, () => {
      const safe = adapterProps('HeadlessMeshService', props, buildHeadlessMeshService);
      const target = safe.target;
      workload = toWorkloadRef(target, safe.name);
      const manifests = buildHeadlessMeshService({
        ...safe,
        name: safe.name ?? governingServiceName(workload) ?? defaultObjectName(this, 'mesh'),
        // The target's namespace wins over the chart's; the core rejects a different explicit one.
        namespace: safe.namespace ?? (workload?.namespace === undefined ? namespaceOf(this, undefined) : undefined),
        target: workload as WorkloadRef,
        // Unset, the target's container ports (the core reports a target that has none); with a
        // recipe, a cdk8s-plus workload's ports the recipe does not declare.
        ports: (safe.ports ?? (safe.recipe !== undefined ? portsOf(target, safe.recipe?.app) : undefined)) as readonly MeshPort[] | undefined,
      });
      const maps = { labels: safe.labels, annotations: safe.annotations, 'target.selectorLabels': workload?.selectorLabels };
      checkCdk8sMapKeys('HeadlessMeshService', manifests.endpoint.name, maps);
      if (isPlusStatefulSet(target)) {
        adoptStatefulSet(target, manifests.endpoint.name, this);
      }
      recipeTarget = { target, container: safe.recipe?.container };
      return manifests;
    });
    this.recipe = this.manifests.recipe;
    const rt = recipeTarget as { target: MeshTarget; container: unknown } | undefined;
    this.recipeApplied =
      this.recipe !== undefined && rt !== undefined && isPlusStatefulSet(rt.target)
        ? atConstruct(this, () => applyRecipe(rt.target as PlusStatefulSet, this.recipe!, rt.container as string | undefined, this.manifests.endpoint.name))
        : [];
    const m = this.manifests;
    this.configMap = m.configMap && addApiObject(this, 'ConfigMap', m.configMap);
    this.service = addApiObject(this, 'Resource', m.service);
    this.peerAuthentication = m.peerAuthentication && addApiObject(this, 'PeerAuthentication', m.peerAuthentication);
    this.destinationRule = m.destinationRule && addApiObject(this, 'DestinationRule', m.destinationRule);
    this.sidecar = m.sidecar && addApiObject(this, 'Sidecar', m.sidecar);
    this.apiObjects = [this.configMap, this.service, this.peerAuthentication, this.destinationRule, this.sidecar].filter(
      (o): o is ApiObject => o !== undefined,
    );
    this.endpoint = m.endpoint;
    this.name = m.endpoint.name;
    this.namespace = m.endpoint.namespace;
    this.fqdn = m.endpoint.fqdn;
    this.selectorLabels = m.endpoint.selectorLabels;
    this.ports = m.ports;
    this.podDnsNames = m.podDnsNames;
    // Defined: the core rejected a missing or malformed target above.
    this.workload = workload as unknown as WorkloadRef;
  }
}

/** The HeadlessMeshService that governs each cdk8s-plus StatefulSet. */
const GOVERNED = new WeakMap<PlusStatefulSet, HeadlessMeshService>();

function toWorkloadRef(target: MeshTarget | undefined, name: unknown): WorkloadRef | undefined {
  if (target instanceof HeadlessMeshService) {
    throw new IstioDirectError([
      `${constructLabel('HeadlessMeshService', name)}: target: HeadlessMeshService ${show(target.name)} is a Service, not a workload: pass the StatefulSet or Deployment it selects`,
    ]);
  }
  if (target instanceof EchoService) {
    return target.workload;
  }
  if (isPlusWorkload(target)) {
    return plusWorkloadRef(target);
  }
  return target;
}

/**
 * The container ports of a cdk8s-plus workload, as `tcp` mesh ports (with a recipe, those
 * it does not declare); none for other targets.
 */
function portsOf(target: MeshTarget, app: unknown): MeshPort[] | undefined {
  if (!isPlusWorkload(target)) return undefined;
  const ports = plusWorkloadPorts(target);
  if (typeof app !== 'string' || !(app in RECIPES)) return ports;
  const own = RECIPES[app as keyof typeof RECIPES].ports;
  return ports.filter((p) => !own.some((o) => o.port === p.port));
}

/**
 * Points a cdk8s-plus StatefulSet at this Service, which must govern it for per-pod
 * DNS names to exist (https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#stable-network-id),
 * and removes the appProtocol-less headless Service cdk8s-plus creates when none is given.
 * A second HeadlessMeshService over the same StatefulSet is an error: it would silently re-point it.
 */
function adoptStatefulSet(sts: PlusStatefulSet, serviceName: string, mesh: HeadlessMeshService): void {
  const first = GOVERNED.get(sts);
  if (first !== undefined) {
    throw new IstioDirectError([
      `${constructLabel('HeadlessMeshService', serviceName)}: target: StatefulSet ${show(sts.name)} is already governed by HeadlessMeshService ${show(first.name)} (${first.node.path}): a StatefulSet has one governing Service (spec.serviceName); target it from one HeadlessMeshService only`,
    ]);
  }
  GOVERNED.set(sts, mesh);
  const created = sts.node.tryFindChild('Service');
  if (created !== undefined && created === sts.service) {
    sts.node.tryRemoveChild('Service');
  }
  ApiObject.of(sts).addJsonPatch(JsonPatch.replace('/spec/serviceName', serviceName));
}
