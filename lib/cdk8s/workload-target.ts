/**
 * Workloads of any cdk8s-plus 2.x (cdk8s-plus-28 through cdk8s-plus-33), read structurally: no
 * cdk8s-plus module is imported, so `istio-direct/cdk8s` loads without one and accepts the
 * StatefulSets and Deployments of whichever version the application uses.
 */
import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { TargetWorkloadKind, WorkloadRef } from '../core/types';

/** A container port, as cdk8s-plus's `ContainerPort` has it. */
export interface PlusContainerPort {
  readonly number: number;
  readonly name?: string;
  /** `TCP`, `UDP` or `SCTP` (cdk8s-plus's `Protocol`). @default 'TCP' */
  readonly protocol?: string;
}

/**
 * The members of a cdk8s-plus 2.x `StatefulSet` or `Deployment` that the constructs read.
 * Any cdk8s-plus version's workload has them; its default child is the `apps/v1` object.
 */
export interface PlusWorkload extends IConstruct {
  /** `metadata.name`. */
  readonly name: string;
  readonly metadata: { readonly namespace?: string };
  /** The pod selector's labels. */
  readonly matchLabels: Readonly<Record<string, string>>;
  /** @default - cdk8s-plus's default: 1 for a StatefulSet, 2 for a Deployment */
  readonly replicas?: number;
  readonly containers: ReadonlyArray<{ readonly ports: readonly PlusContainerPort[] }>;
}

/** A cdk8s-plus StatefulSet: a {@link PlusWorkload} whose object is a StatefulSet, with its governing Service. */
export interface PlusStatefulSet extends PlusWorkload {
  /** The Service named in `spec.serviceName` (cdk8s-plus creates a headless one when none is given). */
  readonly service?: IConstruct;
}

/** The kind of a cdk8s-plus workload's object, or `undefined` when `value` is not one. */
export function plusWorkloadKind(value: unknown): TargetWorkloadKind | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const w = value as Partial<PlusWorkload>;
  if (typeof w.name !== 'string' || !Array.isArray(w.containers) || typeof w.matchLabels !== 'object' || w.node === undefined) return undefined;
  const child = (w.node as { defaultChild?: unknown }).defaultChild;
  if (!ApiObject.isApiObject(child) || child.apiVersion !== 'apps/v1') return undefined;
  return child.kind === 'StatefulSet' || child.kind === 'Deployment' ? child.kind : undefined;
}

/** True when `value` is a cdk8s-plus workload (StatefulSet or Deployment) of any 2.x version. */
export function isPlusWorkload(value: unknown): value is PlusWorkload {
  return plusWorkloadKind(value) !== undefined;
}

/** True when `value` is a cdk8s-plus StatefulSet of any 2.x version. */
export function isPlusStatefulSet(value: unknown): value is PlusStatefulSet {
  return plusWorkloadKind(value) === 'StatefulSet';
}

/** The {@link WorkloadRef} of a cdk8s-plus workload. */
export function plusWorkloadRef(target: PlusWorkload): WorkloadRef {
  const kind = plusWorkloadKind(target) ?? 'Deployment';
  const namespace = target.metadata.namespace;
  return {
    kind,
    name: target.name,
    ...(namespace !== undefined ? { namespace } : {}),
    selectorLabels: target.matchLabels,
    // serviceName of a StatefulSet is re-pointed at the mesh Service, so it is not checked.
    // cdk8s-plus defaults: 1 replica for a StatefulSet, 2 for a Deployment.
    replicas: target.replicas ?? (kind === 'StatefulSet' ? 1 : 2),
  };
}

/** The container ports of a cdk8s-plus workload, as TCP or UDP mesh ports. */
export function plusWorkloadPorts(target: PlusWorkload): Array<{ port: number; name: string | undefined; protocol: 'TCP' | 'UDP' }> {
  return target.containers.flatMap((container) =>
    container.ports.map((port) => ({
      port: port.number,
      name: port.name,
      protocol: port.protocol === 'UDP' ? ('UDP' as const) : ('TCP' as const),
    })),
  );
}
