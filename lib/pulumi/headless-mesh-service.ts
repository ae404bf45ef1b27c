import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { adapterProps } from '../core/istio-target';
import { constructLabel, IstioDirectError, show } from '../core/errors';
import {
  buildHeadlessMeshService,
  HeadlessMeshServiceManifests,
  HeadlessMeshServiceProps as CoreProps,
  MeshPort,
  ResolvedMeshPort,
} from '../core/headless-mesh-service';
import { AppRecipeOutput } from '../core/recipes';
import { ServiceEndpoint, WorkloadRef } from '../core/types';
import { EchoService } from './echo-service';
import { createResource, KubeResource } from './resources';

/** The Pulumi type token of {@link HeadlessMeshService}. */
export const HEADLESS_MESH_SERVICE_TYPE = 'istio-direct:index:HeadlessMeshService';

/**
 * A `@pulumi/kubernetes` workload resource as a {@link HeadlessMeshService}
 * target, with the plain values the Service is built from.
 *
 * Why both: a Pulumi resource's fields are `Output`s, known only once the
 * engine resolves them (and not at all in some previews), while the objects
 * must be built synchronously from concrete values to be deterministic and
 * identical to the cdk8s output. Building them inside
 * `apply` would hide the children from `pulumi preview`. So `ref` gives the
 * values, and the component checks at deployment time that the `workload`
 * really has them (see {@link HeadlessMeshService.targetCheck}).
 *
 * @example
 * const labels = { app: 'etcd' };
 * const sts = new k8s.apps.v1.StatefulSet('etcd', { metadata: { name: 'etcd' },
 *   spec: { serviceName: 'etcd', replicas: 3, selector: { matchLabels: labels }, template: ... } });
 * new HeadlessMeshService('etcd-mesh', {
 *   name: 'etcd',
 *   target: { workload: sts, ref: { kind: 'StatefulSet', name: 'etcd', selectorLabels: labels, replicas: 3, serviceName: 'etcd' } },
 *   ports: [{ port: 2379, name: 'client' }, { port: 2380, name: 'peer' }],
 * });
 */
export interface WorkloadResourceTarget {
  /** The StatefulSet or Deployment resource whose pods the Service selects. */
  readonly workload: k8s.apps.v1.StatefulSet | k8s.apps.v1.Deployment;
  /**
   * The workload's name, selector labels and replica count (and a StatefulSet's
   * `serviceName`) as plain values; `kind` must match the resource's class.
   */
  readonly ref: WorkloadRef;
}

/** A workload a {@link HeadlessMeshService} can select. */
export type MeshTarget = WorkloadRef | EchoService | WorkloadResourceTarget;

/** Properties of the Pulumi {@link HeadlessMeshService}. */
export interface HeadlessMeshServiceProps extends Omit<CoreProps, 'target' | 'ports'> {
  /**
   * The workload whose pods the Service selects: an {@link EchoService}, a
   * `@pulumi/kubernetes` StatefulSet or Deployment with its plain values
   * ({@link WorkloadResourceTarget}), or a plain {@link WorkloadRef}.
   */
  readonly target: MeshTarget;
  /**
   * Every port peers or scrapers use, gossip, bus and election ports included
   * (with a `recipe`: the ports besides the app's own). Required without a `recipe`:
   * unlike the cdk8s side (which reads a cdk8s-plus workload's container ports),
   * a Pulumi resource's containers are not known until deployment.
   * @default - none; omitting it without a `recipe` is an error
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
 * Service: give it `spec.serviceName` equal to `props.name` yourself (the
 * deployment-time {@link HeadlessMeshService.targetCheck} fails otherwise).
 *
 * @example
 * const pods = new HeadlessMeshService('echo-pods', {
 *   name: 'echo-service-pods',
 *   target: echo,
 *   ports: [{ port: 8080, name: 'tcp-echo' }],
 * });
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
   * spec: `statefulSet.podManagementPolicy` and `podAnnotations`, and for the app's container
   * `env`, `args` and `command` (a Pulumi workload's containers are not read, so nothing is applied).
   */
  public readonly recipe?: AppRecipeOutput;
  /**
   * For a {@link WorkloadResourceTarget}: resolves to the workload once the
   * resource's actual name, selector, replicas and (StatefulSet) `serviceName`
   * are checked against `ref`, and rejects with one {@link IstioDirectError} when
   * they differ, which fails `pulumi up` once (as an unhandled rejection the runtime
   * reports). For other targets, the plain workload.
   */
  public readonly targetCheck: pulumi.Output<WorkloadRef>;

  /**
   * @param name the component's Pulumi name (prefix of its children's logical names)
   * @param props the same props as the cdk8s `HeadlessMeshService`
   * @param opts component options (`provider`, `providers`, `dependsOn`, ...); children inherit them through `parent`
   * @throws IstioDirectError on bad props, before anything is registered
   */
  constructor(name: string, props: HeadlessMeshServiceProps, opts: pulumi.ComponentResourceOptions = {}) {
    const safe = adapterProps('HeadlessMeshService', props, buildHeadlessMeshService);
    const workload = toWorkloadRef(safe);
    // Missing ports are reported by the core, as on the cdk8s side.
    const manifests = buildHeadlessMeshService({ ...safe, target: workload, ports: safe.ports as readonly MeshPort[] });
    super(HEADLESS_MESH_SERVICE_TYPE, name, { ...safe, target: workload }, opts);
    this.manifests = manifests;
    const m = manifests;
    this.service = createResource(name, m.service, { parent: this }) as k8s.core.v1.Service;
    const custom = (object: typeof m.peerAuthentication) =>
      object && (createResource(name, object, { parent: this }) as k8s.apiextensions.CustomResource);
    this.peerAuthentication = custom(m.peerAuthentication);
    this.destinationRule = custom(m.destinationRule);
    this.sidecar = custom(m.sidecar);
    this.resources = [this.service, this.peerAuthentication, this.destinationRule, this.sidecar].filter(
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
    this.targetCheck = isWorkloadResourceTarget(safe.target)
      ? checkWorkloadResource(safe.target.workload, workload, safe.name)
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

function isWorkloadResourceTarget(target: MeshTarget | undefined): target is WorkloadResourceTarget {
  return typeof target === 'object' && target !== null && 'workload' in target && 'ref' in target;
}

/** The plain workload of a target; throws the core's error for a `ref` whose kind contradicts its resource. */
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
  if (isWorkloadResourceTarget(target)) {
    const kind = k8s.apps.v1.StatefulSet.isInstance(target.workload)
      ? 'StatefulSet'
      : k8s.apps.v1.Deployment.isInstance(target.workload)
        ? 'Deployment'
        : undefined;
    if (kind === undefined || target.ref?.kind !== kind) {
      throw new IstioDirectError([
        `${constructLabel('HeadlessMeshService', props.name)}: target.ref.kind: ${show(target.ref?.kind)} does not match target.workload, ${kind === undefined ? 'which is not a k8s.apps.v1 StatefulSet or Deployment' : `a ${kind}`}`,
      ]);
    }
    return target.ref;
  }
  return target;
}

/**
 * What differs between a workload's actual fields and the plain values the
 * Service was built from: one line per field, empty when they agree.
 * `serviceName` is the HeadlessMeshService's name, which must govern a StatefulSet.
 *
 * @internal exported for tests
 */
export function workloadMismatches(
  actual: { readonly name?: string; readonly selectorLabels?: Readonly<Record<string, string>>; readonly replicas?: number; readonly serviceName?: string },
  ref: WorkloadRef,
  serviceName: string,
): string[] {
  const problems: string[] = [];
  const field = (path: string, got: unknown, want: unknown, why: string) =>
    problems.push(`${constructLabel('HeadlessMeshService', serviceName)}: target.workload.${path}: is ${show(got)}, but target.ref says ${show(want)}${why}`);
  if (actual.name !== ref.name) {
    field('metadata.name', actual.name, ref.name, '');
  }
  if (!sameLabels(actual.selectorLabels ?? {}, ref.selectorLabels)) {
    field('spec.selector.matchLabels', actual.selectorLabels, ref.selectorLabels, ': the Service would select other pods');
  }
  // Kubernetes defaults spec.replicas to 1.
  if (ref.replicas !== undefined && (actual.replicas ?? 1) !== ref.replicas) {
    field('spec.replicas', actual.replicas ?? 1, ref.replicas, ': per-pod DNS names would be wrong');
  }
  if (ref.kind === 'StatefulSet' && actual.serviceName !== serviceName) {
    problems.push(
      `${constructLabel('HeadlessMeshService', serviceName)}: target.workload.spec.serviceName: is ${show(actual.serviceName)}, but must be ${show(serviceName)}: StatefulSet pods get per-pod DNS names only under their governing Service (https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#stable-network-id)`,
    );
  }
  return problems;
}

function sameLabels(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => b[key] === a[key]);
}

function checkWorkloadResource(
  resource: k8s.apps.v1.StatefulSet | k8s.apps.v1.Deployment,
  ref: WorkloadRef,
  serviceName: string,
): pulumi.Output<WorkloadRef> {
  const spec = resource.spec as pulumi.Output<{ readonly selector?: { readonly matchLabels?: Record<string, string> }; readonly replicas?: number; readonly serviceName?: string }>;
  return pulumi.all([resource.metadata, spec]).apply(([metadata, spec]) => {
    const problems = workloadMismatches(
      { name: metadata?.name, selectorLabels: spec?.selector?.matchLabels, replicas: spec?.replicas, serviceName: spec?.serviceName },
      ref,
      serviceName,
    );
    if (problems.length > 0) {
      throw deploymentError(problems);
    }
    return ref;
  });
}

/**
 * The error a failed deployment-time check rejects with: one error object (the
 * runtime reports an error object once, however many outputs derive from it),
 * printed as its problems only, without an internal stack trace.
 */
function deploymentError(problems: readonly string[]): IstioDirectError {
  const error = new IstioDirectError(problems);
  error.stack = `${error.name}: ${error.message}`;
  Object.defineProperty(error, 'problems', { value: error.problems, enumerable: false });
  return error;
}
