/**
 * ID202 governing-service-not-ready-addresses: the headless Service governing
 * a StatefulSet of more than one replica does not set
 * `publishNotReadyAddresses: true`.
 *
 * DNS records exist only for ready pods unless the Service publishes
 * not-ready addresses; the Kubernetes API names StatefulSet peer discovery as
 * the use of that field
 * (https://kubernetes.io/docs/reference/kubernetes-api/service-resources/service-v1/#ServiceSpec).
 * Peers that must reach each other to become ready (etcd, ZooKeeper, Kafka
 * KRaft, Cassandra) then cannot resolve each other's per-pod names while
 * bootstrapping. Istio's DNS proxy honours the flag the same way
 * (`pkg/dns/server/name_table.go`).
 */
import { show } from '../../core/errors';
import { Rule, ServiceInfo, WorkloadInfo } from '../types';

function messageOf(service: ServiceInfo, sets: readonly WorkloadInfo[]): string {
  const set = sets[0];
  const governs = sets.map((s) => `StatefulSet ${s.name} (${s.replicas} replicas)`).join(', ');
  const written = service.object.raw.spec !== null && typeof service.object.raw.spec === 'object' ? (service.object.raw.spec as Record<string, unknown>).publishNotReadyAddresses : undefined;
  const current = written === undefined ? 'does not set publishNotReadyAddresses' : `sets publishNotReadyAddresses: ${show(written)}`;
  return (
    `headless Service ${service.name} governs ${governs} and ${current}: DNS publishes only ready pods, so while the peers bootstrap ` +
    `${set.name}-0.${service.name}.${service.namespace}.svc... does not resolve and members that need each other to become ready wait forever; ` +
    'set publishNotReadyAddresses: true on this Service (keep a separate Service without it for clients that must reach ready pods only)'
  );
}

export const rule: Rule = {
  code: 'ID202',
  name: 'governing-service-not-ready-addresses',
  title: 'The governing headless Service of a multi-replica StatefulSet does not publish not-ready addresses',
  severity: 'warning',
  istioVersions: {},
  check(index, _options, report) {
    const governed = new Map<ServiceInfo, WorkloadInfo[]>();
    for (let i = 0; i < index.workloads.length; i++) {
      const set = index.workloads[i];
      if (set.kind !== 'StatefulSet' || set.serviceName === undefined || set.replicas === undefined || set.replicas <= 1) {
        continue;
      }
      const service = index.service(set.namespace, set.serviceName);
      if (service === undefined || !service.headless || service.publishNotReadyAddresses) {
        continue;
      }
      const sets = governed.get(service);
      if (sets === undefined) {
        governed.set(service, [set]);
      } else {
        sets.push(set);
      }
    }
    governed.forEach((sets, service) => report(service.object, 'spec.publishNotReadyAddresses', messageOf(service, sets)));
  },
};
