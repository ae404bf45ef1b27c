/** Workloads (Pod, Deployment, StatefulSet, …) as the index sees them: pod labels, ports, mesh membership. */
import { apiGroupOf } from './manifest';
import { child } from '../base/paths';
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

/** Where the pod template lives: the pod metadata and spec paths. */
function podTemplatePath(kind: IndexedWorkloadKind): string {
  switch (kind) {
    case 'Pod':
      return '';
    case 'CronJob':
      return 'spec.jobTemplate.spec.template';
    default:
      return 'spec.template';
  }
}

function at(value: unknown, path: string): unknown {
  if (path === '') return value;
  let v = value;
  for (const k of path.split('.')) v = field(v, k);
  return v;
}

/** A workload's info, or `undefined` when the object is not a workload. */
export function workloadOf(object: ManifestObject, namespace: NamespaceInfo): WorkloadInfo | undefined {
  const kind = workloadKindOf(object);
  if (kind === undefined) return undefined;
  const templatePath = podTemplatePath(kind);
  const template = at(object.raw, templatePath);
  const podSpecPath = child(templatePath, 'spec');
  // No `??` in the per-object code: the sources' transpiler turns it into a closure per call.
  const specOfPod = recordOf(field(template, 'spec'));
  const podSpec = specOfPod !== undefined ? specOfPod : {};
  const podLabels = kind === 'Pod' ? object.labels : stringMap(field(field(template, 'metadata'), 'labels'));
  const podAnnotations = kind === 'Pod' ? object.annotations : stringMap(field(field(template, 'metadata'), 'annotations'));
  const hostNetwork = field(podSpec, 'hostNetwork') === true;
  const sidecar = hostNetwork ? 'not-injected' : injectionOf(podLabels, podAnnotations, namespace);
  const spec = field(object.raw, 'spec');
  const declared = intOf(field(spec, 'replicas'));
  const replicas = declared !== undefined ? declared : REPLICATED.has(kind) ? 1 : undefined;
  return {
    object,
    kind,
    name: object.name,
    namespace: object.namespace,
    podLabels,
    podAnnotations,
    podSpecPath,
    podSpec,
    containerPorts: containerPortsOf(podSpec, podSpecPath),
    ...(replicas !== undefined ? { replicas } : {}),
    ...(kind === 'StatefulSet' ? statefulSetFields(spec) : {}),
    configMapVolumes: configMapVolumesOf(podSpec),
    sidecar,
    ambient: sidecar !== 'injected' && !hostNetwork && ambientOf(podLabels, namespace),
    hostNetwork,
  };
}

function statefulSetFields(spec: unknown): { serviceName?: string; podManagementPolicy?: string } {
  const serviceName = stringOf(field(spec, 'serviceName'));
  const policy = stringOf(field(spec, 'podManagementPolicy'));
  return { ...(serviceName !== undefined ? { serviceName } : {}), ...(policy !== undefined ? { podManagementPolicy: policy } : {}) };
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

function containerPortsOf(podSpec: Readonly<Record<string, unknown>>, podSpecPath: string): ContainerPortInfo[] {
  const out: ContainerPortInfo[] = [];
  for (const list of ['containers', 'initContainers'] as const) {
    arrayOf(podSpec[list]).forEach((container, c) => {
      const containerName = orElse(stringOf(field(container, 'name')), '');
      arrayOf(field(container, 'ports')).forEach((port, p) => {
        const containerPort = intOf(field(port, 'containerPort'));
        if (containerPort === undefined || containerPort < 1 || containerPort > 65535) return;
        const name = stringOf(field(port, 'name'));
        out.push({
          container: containerName,
          ...(name !== undefined ? { name } : {}),
          containerPort,
          protocol: orElse(stringOf(field(port, 'protocol')), 'TCP'),
          // child(child(child(child(podSpecPath, list), c), 'ports'), p): podSpecPath is never '' and both names are identifiers.
          path: `${podSpecPath}.${list}[${c}].ports[${p}]`,
        });
      });
    });
  }
  return out;
}

function configMapVolumesOf(podSpec: Readonly<Record<string, unknown>>): string[] {
  const names = new Set<string>();
  for (const volume of arrayOf(podSpec.volumes)) {
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
