import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
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
import { AppRecipeOutput } from '../core/recipes';
import { ServiceEndpoint, WorkloadRef } from '../core/types';
import { EchoService } from './echo-service';
import { atResource, defaultObjectName } from './component-names';
import { createResource, KubeResource } from './resources';
import {
  checkWorkloadResource,
  isWorkloadTarget,
  WorkloadArgsTarget,
  workloadRefFromArgs,
  workloadRefFromRef,
  WorkloadResourceTarget,
  workloadResourceKind,
} from './workload-target';

/** The Pulumi type token of {@link HeadlessMeshService}. */
export const HEADLESS_MESH_SERVICE_TYPE = 'istio-direct:index:HeadlessMeshService';

/** A workload a {@link HeadlessMeshService} can select. */
export type MeshTarget = WorkloadRef | EchoService | WorkloadArgsTarget | WorkloadResourceTarget;

/** Properties of the Pulumi {@link HeadlessMeshService}. */
export interface HeadlessMeshServiceProps extends Omit<CoreProps, 'name' | 'target' | 'ports'> {
  /**
   * Name of the Service (and of the PeerAuthentication, DestinationRule and Sidecar). A DNS-1035 label.
   * @default - a StatefulSet target's `serviceName` when it gives one; else the resource name (made a DNS-1035 label when it is not one)
   */
  readonly name?: string;
  /**
   * The workload whose pods the Service selects: an {@link EchoService}, a
   * `@pulumi/kubernetes` StatefulSet or Deployment with the args it was created
   * with ({@link WorkloadArgsTarget}) or with its plain values
   * ({@link WorkloadResourceTarget}), or a plain {@link WorkloadRef}.
   */
  readonly target: MeshTarget;
  /**
   * Every port peers or scrapers use, gossip, bus and election ports included (with a `recipe`: the
   * ports besides the app's own).
   * @default - the target's container ports as `tcp` (`udp` for a UDP port): an {@link EchoService}'s HTTP port, the containers' ports in a workload's args, a {@link WorkloadRef}'s `ports`; required when the target does not know them and there is no `recipe`
   */
  readonly ports?: readonly MeshPort[];
}

/**
 * A headless Service (`clusterIP: None`, `appProtocol` on every port,
 * `port == targetPort`, `publishNotReadyAddresses`) for pods that talk to each
 * other or are called by pod IP, plus a STRICT `PeerAuthentication`, and the
 * `DestinationRule` and `Sidecar` that correctness needs when ports opt out of
 * mTLS or listen on localhost. The Pulumi twin of the cdk8s `HeadlessMeshService`.
 *
 * Children: `<name>-service`, `<name>-peerauthentication`, and when needed
 * `<name>-destinationrule` and `<name>-sidecar`.
 *
 * Unlike the cdk8s side, a StatefulSet resource is not re-pointed at this
 * Service: its `spec.serviceName` must name it (the default `name` is that
 * `serviceName`; the deployment-time {@link HeadlessMeshService.targetCheck}
 * fails otherwise).
 *
 * @example
 * const pods = new HeadlessMeshService('echo-pods', { target: echo }); // Service "echo-pods", tcp 8080
 * const mesh = new HeadlessMeshService('etcd-mesh', { target: { workload: sts, args: stsArgs } });
 */
export class HeadlessMeshService extends pulumi.ComponentResource {
  /** The headless Service. */
  public readonly service: k8s.core.v1.Service;
  /** The PeerAuthentication, unless turned off. */
  public readonly peerAuthentication?: k8s.apiextensions.CustomResource;
  /** The DestinationRule, when a port's mTLS is DISABLE. */
  public readonly destinationRule?: k8s.apiextensions.CustomResource;
  /** The Sidecar, when `localhostPorts` is set. */
  public readonly sidecar?: k8s.apiextensions.CustomResource;
  /** The ConfigMap of the recipe's config files (RabbitMQ): mount each file at its `path` (see `recipe.files`). */
  public readonly configMap?: k8s.core.v1.ConfigMap;
  /** Every resource this component created, in apply order. */
  public readonly resources: readonly KubeResource[];
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
  /** The target as a plain workload. */
  public readonly workload: WorkloadRef;
  /** The plain objects, as the core built them. */
  public readonly manifests: HeadlessMeshServiceManifests;
  /**
   * The app recipe's settings, when `recipe` is given, as typed values for the StatefulSet's
   * spec: `statefulSet.podManagementPolicy` and `podAnnotations`, for the app's container
   * `env`, `args` and `command`, for the pod's other containers `containers`, and the config `files`
   * to mount from `configMap` (a Pulumi workload's containers are not read, so nothing is applied).
   */
  public readonly recipe?: AppRecipeOutput;
  /**
   * For a workload resource target: resolves to the workload once the resource's
   * actual name, selector, replicas and (StatefulSet) `serviceName` are checked
   * against the values the Service was built from, and fails with one
   * `pulumi.ResourceError` on this component when they differ, which Pulumi
   * reports as this resource's error (no stack trace) and which fails `pulumi up`.
   * For other targets, the plain workload.
   */
  public readonly targetCheck: pulumi.Output<WorkloadRef>;

  /**
   * @param name the component's Pulumi name (prefix of its children's logical names)
   * @param props the same props as the cdk8s `HeadlessMeshService`
   * @param opts component options (`provider`, `providers`, `dependsOn`, ...); children inherit them through `parent`
   * @throws IstioDirectError on bad props, before anything is registered
   */
  constructor(name: string, props: HeadlessMeshServiceProps, opts: pulumi.ComponentResourceOptions = {}) {
    const { safe, workload, manifests } = atResource(name, () => {
      const given = adapterProps('HeadlessMeshService', props, buildHeadlessMeshService);
      const ref = toWorkloadRef(given);
      const named = { ...given, name: given.name ?? governingServiceName(ref) ?? defaultObjectName(name, 'mesh') };
      // Unset ports: the target's container ports (the core reports a target that has none).
      const built = buildHeadlessMeshService({ ...named, target: ref, ports: named.ports as readonly MeshPort[] | undefined });
      return { safe: given, workload: ref, manifests: built };
    });
    super(HEADLESS_MESH_SERVICE_TYPE, name, { ...safe, target: workload }, opts);
    this.manifests = manifests;
    const m = manifests;
    this.configMap = m.configMap && (createResource(name, m.configMap, { parent: this }) as k8s.core.v1.ConfigMap);
    this.service = createResource(name, m.service, { parent: this }) as k8s.core.v1.Service;
    const custom = (object: typeof m.peerAuthentication) =>
      object && (createResource(name, object, { parent: this }) as k8s.apiextensions.CustomResource);
    this.peerAuthentication = custom(m.peerAuthentication);
    this.destinationRule = custom(m.destinationRule);
    this.sidecar = custom(m.sidecar);
    this.resources = [this.configMap, this.service, this.peerAuthentication, this.destinationRule, this.sidecar].filter(
      (r): r is NonNullable<typeof r> => r !== undefined,
    );
    this.workload = workload;
    this.endpoint = m.endpoint;
    this.name = m.endpoint.name;
    this.namespace = m.endpoint.namespace;
    this.fqdn = m.endpoint.fqdn;
    this.selectorLabels = m.endpoint.selectorLabels;
    this.ports = m.ports;
    this.podDnsNames = m.podDnsNames;
    this.recipe = m.recipe;
    this.targetCheck = isWorkloadTarget(safe.target)
      ? checkWorkloadResource(safe.target.workload, workload, this.name, this)
      : pulumi.output(workload);
    this.registerOutputs({
      serviceName: this.name,
      namespace: this.namespace,
      fqdn: this.fqdn,
      port: this.endpoint.port,
      ports: this.ports,
      selectorLabels: this.selectorLabels,
      podDnsNames: this.podDnsNames,
      // The plain workload, not `targetCheck`: a failed check must surface once, as itself,
      // not again wrapped in an output-serialization error.
      workload: this.workload,
      ...(this.recipe !== undefined ? { recipe: this.recipe } : {}),
    });
  }
}

/** The plain workload of a target; throws the core's error for a workload target whose values are unusable. */
function toWorkloadRef(props: HeadlessMeshServiceProps): WorkloadRef {
  const target = props.target;
  if (target instanceof HeadlessMeshService) {
    throw new IstioDirectError([
      `${constructLabel('HeadlessMeshService', props.name)}: target: HeadlessMeshService ${show(target.name)} is a Service, not a workload: pass the StatefulSet or Deployment it selects`,
    ]);
  }
  if (target instanceof EchoService) {
    return target.workload;
  }
  const kind = workloadResourceKind(target);
  if (kind !== undefined) {
    throw new IstioDirectError([
      `${constructLabel('HeadlessMeshService', props.name)}: target: a ${kind} resource's fields are Outputs, known only at deployment: pass { workload, args } with the args you created it with`,
    ]);
  }
  if (isWorkloadTarget(target)) {
    return 'args' in target ? workloadRefFromArgs(target, props.name) : workloadRefFromRef(target, props.name);
  }
  return target;
}
