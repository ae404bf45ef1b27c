/**
 * ID205 statefulset-peer-port-clusterip-only: a container port of a
 * multi-replica StatefulSet in the mesh that only ClusterIP Services declare,
 * not the governing headless Service.
 *
 * A client's sidecar builds listeners for a ClusterIP Service's port on the
 * Service's IP (or, for HTTP, a wildcard listener routed by Host): traffic to a
 * pod IP or per-pod name on that port matches none of them and leaves as
 * plaintext passthrough, without mTLS, which a STRICT peer resets
 * (https://istio.io/latest/docs/ops/deployment/application-requirements/#outbound,
 * https://github.com/istio/istio/issues/36596). Apps whose peers or clients are
 * redirected to pod addresses (Kafka advertised listeners, Redis MOVED,
 * Elasticsearch sniffing) reach pods exactly that way. Only a headless
 * Service's TCP-class port gives pod-IP traffic a listener and mTLS.
 */
import { Rule, ServiceInfo, ServicePortInfo } from '../types';
import { appContainerPorts, describeContainerPort, meshStatefulSets, portTargeting, suggestedPortEntry } from './helpers/peers';

export const rule: Rule = {
  code: 'ID205',
  name: 'statefulset-peer-port-clusterip-only',
  title: 'A StatefulSet container port that only a ClusterIP Service declares: pod-IP and per-pod traffic to it leaves as plaintext',
  severity: 'warning',
  istioVersions: {},
  check(index, _options, report) {
    for (const { set, governing } of meshStatefulSets(index)) {
      const services = index.servicesSelecting(set);
      for (const c of appContainerPorts(set)) {
        if (services.some((s) => s.headless && portTargeting(s, set, c.containerPort) !== undefined) || portTargeting(governing, set, c.containerPort) !== undefined) {
          continue;
        }
        const clusterIp: Array<[ServiceInfo, ServicePortInfo]> = [];
        for (const s of services) {
          const port = s.headless ? undefined : portTargeting(s, set, c.containerPort);
          if (port !== undefined) clusterIp.push([s, port]);
        }
        if (clusterIp.length === 0) {
          continue;
        }
        const [first, port] = clusterIp[0];
        report(
          set.object,
          c.path,
          `port ${describeContainerPort(c)} is declared only by ClusterIP Service ${clusterIp.map(([s]) => s.name).join(', ')} (port ${port.port}), ` +
            `not by the governing headless Service ${governing.name}: sidecars match a ClusterIP port only on the Service's IP, so peers or redirected clients ` +
            `reaching a pod IP or ${set.name}-0.${governing.name}.${set.namespace}.svc... on ${c.containerPort} get plaintext passthrough, which a STRICT peer resets; ` +
            `add ${suggestedPortEntry(c)} to Service ${governing.name} (keep the protocol ${first.name} gives it if that is TCP-class)`,
        );
      }
    }
  },
};
