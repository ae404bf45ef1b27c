/** Workloads (Pod, Deployment, StatefulSet, …) as the index sees them: pod labels, ports, mesh membership. */
import { keptList } from '../base/kept';
import { apiGroupOf } from './manifest';
import { ContainerPortInfo, ManifestObject, NamespaceInfo, SidecarInjection, WorkloadInfo, IndexedWorkloadKind } from './types';
import { arrayOf, field, intOf, orElse, recordOf, stringMap, stringOf } from './values';

/** API groups of each workload kind (core kinds have group ''). */
const WORKLOAD_GROUPS: Readonly<Record<IndexedWorkloadKind, readonly string[]>> = {
  Pod: [''],
  ReplicationController: [''],
  Deployment: ['apps', 'extensions'],
  StatefulSet: ['apps'],
  DaemonSet: ['apps', 'extensions'],
  ReplicaSet: ['apps', 'extensions'],
  Job: ['batch'],
  CronJob: ['batch'],
};

/** Kinds whose `spec.replicas` defaults to 1. */
const REPLICATED = new Set<IndexedWorkloadKind>(['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController']);

/** The workload kind of an object, or `undefined`. */
export function workloadKindOf(object: ManifestObject): IndexedWorkloadKind | undefined {
  const groups = Object.prototype.hasOwnProperty.call(WORKLOAD_GROUPS, object.kind) ? WORKLOAD_GROUPS[object.kind as IndexedWorkloadKind] : undefined;
  return groups !== undefined && groups.includes(apiGroupOf(object.apiVersion)) ? (object.kind as IndexedWorkloadKind) : undefined;
}

/** The pod template of a workload object (the Pod itself for a Pod). */
function podTemplateOf(kind: IndexedWorkloadKind, raw: Readonly<Record<string, unknown>>): unknown {
  switch (kind) {
    case 'Pod':
      return raw;
    case 'CronJob':
      return field(field(field(field(raw, 'spec'), 'jobTemplate'), 'spec'), 'template');
    default:
      return field(field(raw, 'spec'), 'template');
  }
}

/** JSON path of the pod spec of each kind. */
function podSpecPathOf(kind: IndexedWorkloadKind): string {
  switch (kind) {
    case 'Pod':
      return 'spec';
    case 'CronJob':
      return 'spec.jobTemplate.spec.template.spec';
    default:
      return 'spec.template.spec';
  }
}

/** A workload's info, or `undefined` when the object is not a workload. */
export function workloadOf(object: ManifestObject, namespace: NamespaceInfo): WorkloadInfo | undefined {
  const kind = workloadKindOf(object);
  if (kind === undefined) return undefined;
  const template = podTemplateOf(kind, object.raw);
  const podSpecPath = podSpecPathOf(kind);
  // No `??` in the per-object code: the sources' transpiler turns it into a closure per call.
  const specOfPod = recordOf(field(template, 'spec'));
  const podSpec = specOfPod !== undefined ? specOfPod : {};
  const metadata = kind === 'Pod' ? undefined : field(template, 'metadata');
  const podLabels = kind === 'Pod' ? object.labels : stringMap(field(metadata, 'labels'));
  const podAnnotations = kind === 'Pod' ? object.annotations : stringMap(field(metadata, 'annotations'));
  const hostNetwork = field(podSpec, 'hostNetwork') === true;
  const sidecar = hostNetwork ? 'not-injected' : injectionOf(podLabels, podAnnotations, namespace);
  const spec = field(object.raw, 'spec');
  const declared = intOf(field(spec, 'replicas'));
  const statefulSet = kind === 'StatefulSet';
  const replicas = declared !== undefined ? declared : REPLICATED.has(kind) ? 1 : undefined;
  const serviceName = statefulSet ? stringOf(field(spec, 'serviceName')) : undefined;
  const podManagementPolicy = statefulSet ? stringOf(field(spec, 'podManagementPolicy')) : undefined;
  const pod = new Pod(podLabels, podAnnotations, podSpecPath, podSpec);
  const ambient = sidecar !== 'injected' && !hostNetwork && ambientOf(podLabels, namespace);
  return new Workload(object, kind, pod, replicas, serviceName, podManagementPolicy, sidecar, ambient, hostNetwork);
}

/** A workload's pod template as {@link workloadOf} reads it (the constructor's arguments only). */
class Pod {
  constructor(
    readonly labels: Readonly<Record<string, string>>,
    readonly annotations: Readonly<Record<string, string>>,
    readonly specPath: string,
    readonly spec: Readonly<Record<string, unknown>>,
  ) {}
}

/**
 * A workload: a class, as its objects live until the end of the run (see lib/base/kept.ts), and
 * the one maker of {@link WorkloadInfo} objects (the rules read them in hot loops: one shape).
 * Every field always present (`undefined` when not set), plain data set in the order of the interface.
 */
class Workload implements WorkloadInfo {
  readonly object: ManifestObject;
  readonly kind: IndexedWorkloadKind;
  readonly name: string;
  readonly namespace: string;
  readonly podLabels: Readonly<Record<string, string>>;
  readonly podAnnotations: Readonly<Record<string, string>>;
  readonly podSpecPath: string;
  readonly podSpec: Readonly<Record<string, unknown>>;
  readonly containerPorts: readonly ContainerPortInfo[];
  readonly replicas: number | undefined;
  readonly serviceName: string | undefined;
  readonly podManagementPolicy: string | undefined;
  readonly configMapVolumes: readonly string[];
  readonly sidecar: SidecarInjection;
  readonly ambient: boolean;
  readonly hostNetwork: boolean;

  constructor(object: ManifestObject, kind: IndexedWorkloadKind, pod: Pod, replicas: number | undefined, serviceName: string | undefined, podManagementPolicy: string | undefined, sidecar: SidecarInjection, ambient: boolean, hostNetwork: boolean) {
    this.object = object;
    this.kind = kind;
    this.name = object.name;
    this.namespace = object.namespace;
    this.podLabels = pod.labels;
    this.podAnnotations = pod.annotations;
    this.podSpecPath = pod.specPath;
    this.podSpec = pod.spec;
    this.containerPorts = containerPortsOf(pod.spec, pod.specPath);
    this.replicas = replicas;
    this.serviceName = serviceName;
    this.podManagementPolicy = podManagementPolicy;
    this.configMapVolumes = configMapVolumesOf(pod.spec);
    this.sidecar = sidecar;
    this.ambient = ambient;
    this.hostNetwork = hostNetwork;
  }
}

/**
 * Sidecar injection as Istio's injector webhooks decide it: the pod's
 * `sidecar.istio.io/inject` label (or the older annotation) first, then the
 * namespace's `istio-injection` / `istio.io/rev` labels
 * (https://istio.io/latest/docs/setup/additional-setup/sidecar-injection/#controlling-the-injection-policy).
 */
function injectionOf(labels: Readonly<Record<string, string>>, annotations: Readonly<Record<string, string>>, namespace: NamespaceInfo): SidecarInjection {
  const pod = orElse(labels['sidecar.istio.io/inject'], annotations['sidecar.istio.io/inject']);
  if (pod === 'false') return 'not-injected';
  if (namespace.injection === 'disabled') return 'not-injected';
  if (pod === 'true' || namespace.injection === 'enabled') return 'injected';
  return 'unknown';
}

/**
 * Ambient: the pod's `istio.io/dataplane-mode` label, else its namespace's label (`none` opts a pod
 * out). Callers rule out injected pods first: Istio's CNI never redirects a pod with a sidecar
 * (`cni/pkg/util/podutil.go` PodRedirectionEnabled), so a pod the namespace's injection label does
 * not inject (its own `sidecar.istio.io/inject: "false"`) is still ambient.
 */
function ambientOf(labels: Readonly<Record<string, string>>, namespace: NamespaceInfo): boolean {
  const pod = labels['istio.io/dataplane-mode'];
  return pod !== undefined ? pod === 'ambient' : namespace.labels['istio.io/dataplane-mode'] === 'ambient';
}

/**
 * A container port. Its JSON path is built when asked (a finding names it): a cluster has many
 * ports, and the index keeps no path string per port.
 */
class ContainerPort implements ContainerPortInfo {
  constructor(
    readonly container: string,
    readonly name: string | undefined,
    readonly containerPort: number,
    readonly protocol: string,
    private readonly list: string,
    private readonly containerIndex: number,
    private readonly portIndex: number,
  ) {}

  get path(): string {
    // child(child(child(list, c), 'ports'), p): the list path names identifiers only.
    return `${this.list}[${this.containerIndex}].ports[${this.portIndex}]`;
  }
}

/** `spec.template.spec.containers`: the path of a container list, one string per pod spec path and list. */
const listPaths = { containers: new Map<string, string>(), initContainers: new Map<string, string>() };

function listPath(podSpecPath: string, list: 'containers' | 'initContainers'): string {
  const paths = listPaths[list];
  let path = paths.get(podSpecPath);
  if (path === undefined) paths.set(podSpecPath, (path = `${podSpecPath}.${list}`));
  return path;
}

function containerPortsOf(podSpec: Readonly<Record<string, unknown>>, podSpecPath: string): ContainerPortInfo[] {
  const out = keptList<ContainerPortInfo>();
  addContainerPorts(out, podSpec.containers, podSpecPath, 'containers');
  addContainerPorts(out, podSpec.initContainers, podSpecPath, 'initContainers');
  return out;
}

function addContainerPorts(out: ContainerPortInfo[], containers: unknown, podSpecPath: string, list: 'containers' | 'initContainers'): void {
  if (!Array.isArray(containers)) return;
  for (let c = 0; c < containers.length; c++) {
    const container: unknown = containers[c];
    const ports = field(container, 'ports');
    if (!Array.isArray(ports)) continue;
    const containerName = orElse(stringOf(field(container, 'name')), '');
    for (let p = 0; p < ports.length; p++) {
      const port: unknown = ports[p];
      const containerPort = intOf(field(port, 'containerPort'));
      if (containerPort === undefined || containerPort < 1 || containerPort > 65535) continue;
      out.push(new ContainerPort(containerName, stringOf(field(port, 'name')), containerPort, orElse(stringOf(field(port, 'protocol')), 'TCP'), listPath(podSpecPath, list), c, p));
    }
  }
}

/** No names (shared, never written to: most pods mount no volumes). */
const NO_NAMES: readonly string[] = [];

function configMapVolumesOf(podSpec: Readonly<Record<string, unknown>>): readonly string[] {
  const volumes = podSpec.volumes;
  if (!Array.isArray(volumes) || volumes.length === 0) return NO_NAMES;
  const names = new Set<string>();
  for (const volume of volumes) {
    const direct = stringOf(field(field(volume, 'configMap'), 'name'));
    if (direct !== undefined) names.add(direct);
    for (const source of arrayOf(field(field(volume, 'projected'), 'sources'))) {
      const projected = stringOf(field(field(source, 'configMap'), 'name'));
      if (projected !== undefined) names.add(projected);
    }
  }
  return [...names];
}

/** A namespace's info from its labels. */
export function namespaceInfoOf(name: string, labels: Readonly<Record<string, string>>, object?: ManifestObject): NamespaceInfo {
  const legacy = labels['istio-injection'];
  const injection = legacy === 'disabled' ? 'disabled' : legacy === 'enabled' || labels['istio.io/rev'] !== undefined ? 'enabled' : 'unknown';
  // Sidecar injection wins over the ambient label, as Istio decides it (the injected pods are not
  // captured by ztunnel; istioctl analyze's injection analyzer treats such a namespace as injected).
  const ambient = labels['istio.io/dataplane-mode'] === 'ambient' && injection !== 'enabled';
  return { ...(object !== undefined ? { object } : {}), name, labels, injection, ambient };
}
