/**
 * StatefulSets whose pods reach each other through sidecars, and the pod ports
 * their Services declare: what ID204, ID205 and the app rules (ID7xx) share.
 */
import { ContainerPortInfo, ResourceIndex, ServiceInfo, ServicePortInfo, WorkloadInfo } from '../../types';
import { keptList } from '../../../base/kept';

/** Ports of Istio's own (proxy, agent, DNS, telemetry) that are never app peer ports. */
const ISTIO_PORTS: ReadonlySet<number> = new Set([15000, 15001, 15004, 15006, 15008, 15009, 15020, 15021, 15053, 15090]);

/** Containers Istio injects. */
const ISTIO_CONTAINERS: ReadonlySet<string> = new Set(['istio-proxy', 'istio-init', 'istio-validation']);

/** A multi-replica StatefulSet with sidecars (or unknown injection) and its governing headless Service. */
export interface MeshStatefulSet {
  readonly set: WorkloadInfo;
  readonly governing: ServiceInfo;
}

/**
 * StatefulSets of more than one replica, not ambient, not on the host network, whose pods are not
 * known to run without a sidecar, governed by a headless Service of the input (ID201 reports the rest).
 */
export function meshStatefulSets(index: ResourceIndex): readonly MeshStatefulSet[] {
  let found = meshSets.get(index);
  if (found === undefined) meshSets.set(index, (found = findMeshStatefulSets(index)));
  return found;
}

/** What {@link meshStatefulSets} found in each index: several rules ask. */
const meshSets = new WeakMap<ResourceIndex, readonly MeshStatefulSet[]>();

/** A StatefulSet and its governing Service (a class: kept until the end of the run, see lib/base/kept.ts). */
class MeshSet implements MeshStatefulSet {
  constructor(
    readonly set: WorkloadInfo,
    readonly governing: ServiceInfo,
  ) {}
}

function findMeshStatefulSets(index: ResourceIndex): MeshStatefulSet[] {
  const found = keptList<MeshStatefulSet>();
  for (let i = 0; i < index.workloads.length; i++) {
    const set = index.workloads[i];
    if (set.kind !== 'StatefulSet' || set.replicas === undefined || set.replicas <= 1 || set.sidecar === 'not-injected' || set.ambient || set.hostNetwork) {
      continue;
    }
    const governing = set.serviceName === undefined ? undefined : index.service(set.namespace, set.serviceName);
    if (governing !== undefined && governing.headless) {
      found.push(new MeshSet(set, governing));
    }
  }
  return found;
}

/** The app's TCP container ports (not Istio's containers or ports). */
export function appContainerPorts(set: WorkloadInfo): ContainerPortInfo[] {
  return set.containerPorts.filter((c) => c.protocol.toUpperCase() === 'TCP' && !ISTIO_CONTAINERS.has(c.container) && !ISTIO_PORTS.has(c.containerPort));
}

/** The pod port a Service port sends to, resolved against the workload's named ports; `undefined` when it names none. */
export function targetContainerPort(port: ServicePortInfo, set: WorkloadInfo): number | undefined {
  const target = port.targetPort !== undefined ? port.targetPort : port.port;
  if (typeof target === 'number') {
    return target;
  }
  if (/^\d+$/.test(target)) {
    return Number(target);
  }
  return namedContainerPort(set, target, port.protocol.toUpperCase());
}

/**
 * Lists up to this long are searched; longer ones (a Service or pod with a port range: thousands of
 * ports) are looked up in a table built once, so a port list checked against another stays linear.
 */
export const FEW_PORTS = 16;

/** The first container port of the workload named `name` with protocol `protocol` (upper case). */
export function namedContainerPort(set: WorkloadInfo, name: string, protocol: string): number | undefined {
  for (const c of portsNamed(set, name)) if (c.protocol.toUpperCase() === protocol) return c.containerPort;
  return undefined;
}

/** The numbers of the workload's container ports named `name`, of any protocol. */
export function containerPortsNamed(set: WorkloadInfo, name: string): readonly number[] {
  return portsNamed(set, name).map((c) => c.containerPort);
}

/** Each workload with more than {@link FEW_PORTS} container ports: its ports by name, in declaration order, read once. */
const portsByName = new WeakMap<WorkloadInfo, ReadonlyMap<string, readonly ContainerPortInfo[]>>();

/** The workload's container ports named `name` (any protocol), in declaration order. */
function portsNamed(set: WorkloadInfo, name: string): readonly ContainerPortInfo[] {
  const ports = set.containerPorts;
  if (ports.length <= FEW_PORTS) return ports.filter((c) => c.name === name);
  let found = portsByName.get(set);
  if (found === undefined) {
    const byName = new Map<string, ContainerPortInfo[]>();
    for (const c of ports) {
      if (c.name === undefined) continue;
      const list = byName.get(c.name);
      if (list === undefined) byName.set(c.name, [c]);
      else list.push(c);
    }
    portsByName.set(set, (found = byName));
  }
  return found.get(name) ?? NO_PORTS;
}

const NO_PORTS: readonly ContainerPortInfo[] = [];

/** The port of `service` that targets pod port `containerPort` over TCP, if any (the first such). */
export function portTargeting(service: ServiceInfo, set: WorkloadInfo, containerPort: number): ServicePortInfo | undefined {
  if (service.ports.length > FEW_PORTS) return tcpTargetsOf(service, set).get(containerPort);
  for (const p of service.ports) if (p.protocol.toUpperCase() === 'TCP' && targetContainerPort(p, set) === containerPort) return p;
  return undefined;
}

/** Each Service's TCP ports by the pod port they send to, for each workload it is asked about: built once per pair, not per container port. */
const tcpTargets = new WeakMap<ServiceInfo, WeakMap<WorkloadInfo, ReadonlyMap<number, ServicePortInfo>>>();

function tcpTargetsOf(service: ServiceInfo, set: WorkloadInfo): ReadonlyMap<number, ServicePortInfo> {
  let bySet = tcpTargets.get(service);
  if (bySet === undefined) tcpTargets.set(service, (bySet = new WeakMap()));
  let found = bySet.get(set);
  if (found === undefined) {
    const byTarget = new Map<number, ServicePortInfo>();
    for (const p of service.ports) {
      if (p.protocol.toUpperCase() !== 'TCP') continue;
      const target = targetContainerPort(p, set);
      if (target !== undefined && !byTarget.has(target)) byTarget.set(target, p);
    }
    bySet.set(set, (found = byTarget));
  }
  return found;
}

/** `9092 ("client") of container "kafka"`. */
export function describeContainerPort(c: ContainerPortInfo): string {
  return `${c.containerPort}${c.name !== undefined ? ` ("${c.name}")` : ''} of container "${c.container}"`;
}

/** A port entry to add to a headless Service: `{ name: tcp-client, port: 9092, targetPort: 9092, appProtocol: tcp }`. */
export function suggestedPortEntry(c: ContainerPortInfo): string {
  const name = c.name !== undefined && /^tcp(-|$)/.test(c.name) ? c.name : `tcp-${c.name ?? c.containerPort}`.slice(0, 15).replace(/-$/, '');
  return `{ name: ${name}, port: ${c.containerPort}, targetPort: ${c.containerPort}, appProtocol: tcp }`;
}
