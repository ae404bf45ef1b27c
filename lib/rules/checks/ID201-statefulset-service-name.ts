/**
 * ID201 statefulset-service-name: a StatefulSet whose governing Service
 * (`spec.serviceName`) is missing, not headless, in another namespace, or does
 * not select its pods.
 *
 * StatefulSet pods get their stable per-pod DNS names
 * (`<pod>.<serviceName>.<namespace>.svc.<domain>`) only from a headless Service
 * of that name in the same namespace that selects them; "you are responsible
 * for creating this Service"
 * (https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#stable-network-id,
 * https://kubernetes.io/docs/concepts/services-networking/dns-pod-service/#pods).
 * Peers that gossip over per-pod names (etcd, ZooKeeper, Kafka, Cassandra)
 * cannot find each other without it. A Service that is not in the input at
 * all is a warning: it may exist in the cluster.
 */
import { show } from '../../core/errors';
import { ResourceIndex, Rule, RuleReport, ServiceInfo, WorkloadInfo } from '../types';

function rec(value: unknown): Readonly<Record<string, unknown>> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** Services by name, over every namespace of the input. */
function servicesByName(index: ResourceIndex): Map<string, ServiceInfo[]> {
  const byName = new Map<string, ServiceInfo[]>();
  for (let i = 0; i < index.services.length; i++) {
    const service = index.services[i];
    const known = byName.get(service.name);
    if (known === undefined) {
      byName.set(service.name, [service]);
    } else {
      known.push(service);
    }
  }
  return byName;
}

function checkMissing(set: WorkloadInfo, report: RuleReport): void {
  const written = rec(set.object.raw.spec).serviceName;
  const what = written === undefined || written === '' ? 'has no spec.serviceName' : `has spec.serviceName ${show(written)}, which is not a Service name`;
  report(
    set.object,
    'spec.serviceName',
    `StatefulSet ${what}: its pods get no per-pod DNS names (${set.name}-0.<service>.${set.namespace}.svc...), so peers cannot address each other by name; ` +
      `set spec.serviceName to a headless Service (clusterIP: None) in namespace ${set.namespace} that selects these pods`,
  );
}

function checkFound(set: WorkloadInfo, service: ServiceInfo, index: ResourceIndex, report: RuleReport): void {
  if (!service.headless) {
    report(
      set.object,
      'spec.serviceName',
      `governing Service ${show(service.name)} is not headless (spec.type ${service.type}, clusterIP not None): Kubernetes publishes per-pod DNS names ` +
        `(${set.name}-0.${service.name}.${set.namespace}.svc...) only for a headless Service, so peers cannot resolve each other; ` +
        `set clusterIP: None on it (clusterIP cannot be changed in place: recreate it), or point serviceName at a separate headless Service`,
    );
  } else if (service.selector !== undefined && Object.keys(service.selector).length > 0 && !index.servicesSelecting(set).includes(service)) {
    report(
      set.object,
      'spec.serviceName',
      `governing Service ${show(service.name)} does not select this StatefulSet's pods (its selector ${show(service.selector)} does not match the pod labels): ` +
        `per-pod DNS records come from the Service's endpoints, so ${set.name}-0.${service.name}... does not resolve; make the selector match the pod template labels`,
    );
  }
}

function checkElsewhere(set: WorkloadInfo, serviceName: string, elsewhere: readonly ServiceInfo[], report: RuleReport): void {
  if (elsewhere.length > 0) {
    const namespaces = elsewhere.map((s) => s.namespace).join(', ');
    report(
      set.object,
      'spec.serviceName',
      `governing Service ${show(serviceName)} is not in namespace ${set.namespace} but only in ${namespaces}: a StatefulSet is governed by a Service of its own namespace, ` +
        `so its pods get no per-pod DNS names; create the headless Service in namespace ${set.namespace}`,
    );
    return;
  }
  report(
    set.object,
    'spec.serviceName',
    `governing Service ${show(serviceName)} is not in the input: unless it exists in the cluster as a headless Service (clusterIP: None) in namespace ${set.namespace} ` +
      'that selects these pods, the pods get no per-pod DNS names; add it to the manifests',
    'warning',
  );
}

export const rule: Rule = {
  code: 'ID201',
  name: 'statefulset-service-name',
  title: "A StatefulSet's serviceName is missing or names no headless Service of its namespace that selects its pods",
  severity: 'error',
  istioVersions: {},
  check(index, _options, report) {
    let byName: Map<string, ServiceInfo[]> | undefined;
    for (let i = 0; i < index.workloads.length; i++) {
      const set = index.workloads[i];
      if (set.kind !== 'StatefulSet') {
        continue;
      }
      const serviceName = set.serviceName;
      if (serviceName === undefined || serviceName === '') {
        checkMissing(set, report);
        continue;
      }
      const service = index.service(set.namespace, serviceName);
      if (service !== undefined) {
        checkFound(set, service, index, report);
        continue;
      }
      byName ??= servicesByName(index);
      checkElsewhere(set, serviceName, byName.get(serviceName) ?? [], report);
    }
  },
};
