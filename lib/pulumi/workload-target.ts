/**
 * A `@pulumi/kubernetes` StatefulSet or Deployment as a HeadlessMeshService target, read from the
 * args it was created with: the values a Service needs (name, namespace, selector labels, replicas,
 * a StatefulSet's `serviceName`, the containers' ports) are plain values there, known at
 * construction, so the component builds its objects synchronously, deterministically, and exactly
 * as the cdk8s side does from the same values. The resource's own fields are `Output`s, known only
 * once the engine resolves them; at deployment the component checks that they agree (a
 * transformation, or args changed after creation, could make them differ) and fails the update
 * through Pulumi's own error path, a `pulumi.ResourceError` on the component, when they do not.
 */
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { constructLabel, IstioDirectError, Problems, show } from '../core/errors';
import { TargetWorkloadKind, WorkloadPort, WorkloadRef } from '../core/types';
import { isPlainObject } from '../core/validate';

/** A workload resource. */
export type WorkloadResource = k8s.apps.v1.StatefulSet | k8s.apps.v1.Deployment;

/**
 * A `@pulumi/kubernetes` workload and the args it was created with: the component reads the
 * workload's values from `args` (plain values; an `Output` among the fields it reads is an error).
 *
 * @example
 * const args: k8s.apps.v1.StatefulSetArgs = { metadata: { name: 'etcd' }, spec: { serviceName: 'etcd', replicas: 3, ... } };
 * const sts = new k8s.apps.v1.StatefulSet('etcd', args);
 * new HeadlessMeshService('etcd', { target: { workload: sts, args } }); // name 'etcd', ports from the containers
 */
export interface WorkloadArgsTarget {
  /** The StatefulSet or Deployment resource whose pods the Service selects. */
  readonly workload: WorkloadResource;
  /** The args `workload` was created with (`new k8s.apps.v1.StatefulSet(name, args)`). */
  readonly args: k8s.apps.v1.StatefulSetArgs | k8s.apps.v1.DeploymentArgs;
}

/**
 * A `@pulumi/kubernetes` workload with its values given as a plain {@link WorkloadRef}.
 * Prefer {@link WorkloadArgsTarget}, which reads them from the workload's args.
 */
export interface WorkloadResourceTarget {
  /** The StatefulSet or Deployment resource whose pods the Service selects. */
  readonly workload: WorkloadResource;
  /**
   * The workload's name, selector labels and replica count (and a StatefulSet's
   * `serviceName`) as plain values; `kind` must match the resource's class.
   */
  readonly ref: WorkloadRef;
}

/** True for `{ workload, args }` or `{ workload, ref }`. */
export function isWorkloadTarget(target: unknown): target is WorkloadArgsTarget | WorkloadResourceTarget {
  return typeof target === 'object' && target !== null && 'workload' in target && ('args' in target || 'ref' in target);
}

/** The kind of a workload resource; undefined for anything else. */
export function workloadResourceKind(value: unknown): TargetWorkloadKind | undefined {
  if (k8s.apps.v1.StatefulSet.isInstance(value)) return 'StatefulSet';
  return k8s.apps.v1.Deployment.isInstance(value) ? 'Deployment' : undefined;
}

/** A value known at construction: not an Output, a Promise or another thenable. */
function isKnown(value: unknown): boolean {
  return !pulumi.Output.isInstance(value) && !(typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function');
}

/** Reads `path` of `root` (plain objects only); records a problem for an Output or Promise on the way. */
function read(p: Problems, root: unknown, path: readonly string[], prefix: string): unknown {
  let value = root;
  const walked: string[] = [];
  for (const key of path) {
    if (!isKnown(value)) break;
    if (!isPlainObject(value)) return undefined;
    value = value[key];
    walked.push(key);
  }
  if (!isKnown(value)) {
    p.add(`${prefix}.${walked.join('.')}`, 'is an Output or a Promise, known only at deployment: give a plain value in the args, so the Service is built from known values');
    return undefined;
  }
  return value;
}

/** The container ports of the pod template, as the core takes them. */
function templatePorts(p: Problems, spec: unknown, prefix: string): WorkloadPort[] | undefined {
  const containers = read(p, spec, ['template', 'spec', 'containers'], `${prefix}.spec`);
  if (!Array.isArray(containers)) return undefined;
  const ports: WorkloadPort[] = [];
  containers.forEach((container, i) => {
    const list = read(p, container, ['ports'], `${prefix}.spec.template.spec.containers[${i}]`);
    if (!Array.isArray(list)) return;
    list.forEach((port, j) => {
      const at = `${prefix}.spec.template.spec.containers[${i}].ports[${j}]`;
      const number = read(p, port, ['containerPort'], at);
      const name = read(p, port, ['name'], at);
      const protocol = read(p, port, ['protocol'], at);
      ports.push({
        port: number as number,
        ...(name !== undefined ? { name: name as string } : {}),
        protocol: protocol === 'UDP' ? 'UDP' : 'TCP',
      });
    });
  });
  return ports.length > 0 ? ports : undefined;
}

/**
 * The {@link WorkloadRef} of a `{ workload, args }` target; throws an IstioDirectError naming each
 * field that is missing or only known at deployment.
 */
export function workloadRefFromArgs(target: WorkloadArgsTarget, serviceName: unknown): WorkloadRef {
  const p = new Problems('HeadlessMeshService', serviceName);
  const kind = workloadResourceKind(target.workload);
  if (kind === undefined) {
    p.add('target.workload', `${show(target.workload)} is not a k8s.apps.v1 StatefulSet or Deployment`);
    p.throwIfAny();
  }
  const args = target.args as unknown;
  const name = read(p, args, ['metadata', 'name'], 'target.args');
  if (name === undefined && p.ok) {
    p.add('target.args.metadata.name', `is not set: Pulumi would give the ${kind} a random name suffix, known only at deployment; give metadata.name`);
  }
  const namespace = read(p, args, ['metadata', 'namespace'], 'target.args');
  const selectorLabels = read(p, args, ['spec', 'selector', 'matchLabels'], 'target.args');
  const replicas = read(p, args, ['spec', 'replicas'], 'target.args');
  const governing = kind === 'StatefulSet' ? read(p, args, ['spec', 'serviceName'], 'target.args') : undefined;
  const spec = isPlainObject(args) ? args.spec : undefined;
  const ports = templatePorts(p, spec, 'target.args');
  p.throwIfAny();
  return {
    kind: kind as TargetWorkloadKind,
    name: name as string,
    ...(namespace !== undefined ? { namespace: namespace as string } : {}),
    selectorLabels: selectorLabels as Record<string, string>,
    // Kubernetes defaults spec.replicas to 1.
    replicas: (replicas as number | undefined) ?? 1,
    ...(governing !== undefined ? { serviceName: governing as string } : {}),
    ...(ports !== undefined ? { ports } : {}),
  };
}

/** The ref of a `{ workload, ref }` target, whose kind must be the resource's. */
export function workloadRefFromRef(target: WorkloadResourceTarget, serviceName: unknown): WorkloadRef {
  const kind = workloadResourceKind(target.workload);
  if (kind === undefined || target.ref?.kind !== kind) {
    throw new IstioDirectError([
      `${constructLabel('HeadlessMeshService', serviceName)}: target.ref.kind: ${show(target.ref?.kind)} does not match target.workload, ${kind === undefined ? 'which is not a k8s.apps.v1 StatefulSet or Deployment' : `a ${kind}`}`,
    ]);
  }
  return target.ref;
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

/**
 * Resolves to `ref` once the resource's actual fields agree with it; otherwise fails with a
 * `pulumi.ResourceError` on `component` (stack hidden), which the Pulumi runtime reports once,
 * as an error of that resource, and which fails the update.
 */
export function checkWorkloadResource(resource: WorkloadResource, ref: WorkloadRef, serviceName: string, component: pulumi.Resource): pulumi.Output<WorkloadRef> {
  const spec = resource.spec as pulumi.Output<{ readonly selector?: { readonly matchLabels?: Record<string, string> }; readonly replicas?: number; readonly serviceName?: string }>;
  return pulumi.all([resource.metadata, spec]).apply(([metadata, actual]) => {
    const problems = workloadMismatches(
      { name: metadata?.name, selectorLabels: actual?.selector?.matchLabels, replicas: actual?.replicas, serviceName: actual?.serviceName },
      ref,
      serviceName,
    );
    if (problems.length > 0) {
      throw new pulumi.ResourceError(new IstioDirectError(problems).message, component, true);
    }
    return ref;
  });
}
