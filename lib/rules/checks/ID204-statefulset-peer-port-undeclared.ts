/**
 * ID204 statefulset-peer-port-undeclared: a container port of a multi-replica
 * StatefulSet in the mesh that no Service selecting its pods declares.
 *
 * Peers (and clients an app redirects) reach StatefulSet pods by pod IP or
 * per-pod name, which resolves to the pod IP. A client's sidecar matches such
 * traffic only against the ports of headless Services; a port no Service
 * declares is unmatched and leaves as plaintext passthrough
 * (https://istio.io/latest/docs/ops/configuration/traffic-management/traffic-routing/#headless-services,
 * `pilot/pkg/networking/core/listener.go` in istio/istio), and a STRICT peer
 * resets it. Ports only a ClusterIP Service declares are ID205's.
 */
import { Rule } from '../types';
import { appContainerPorts, describeContainerPort, meshStatefulSets, portTargeting, suggestedPortEntry } from './helpers/peers';

export const rule: Rule = {
  code: 'ID204',
  name: 'statefulset-peer-port-undeclared',
  title: 'A StatefulSet container port that no Service declares: pod-IP and per-pod traffic to it leaves as plaintext',
  severity: 'warning',
  istioVersions: {},
  check(index, _options, report) {
    for (const { set, governing } of meshStatefulSets(index)) {
      const services = index.servicesSelecting(set);
      for (const c of appContainerPorts(set)) {
        if (portTargeting(governing, set, c.containerPort) !== undefined || services.some((s) => portTargeting(s, set, c.containerPort) !== undefined)) {
          continue;
        }
        report(
          set.object,
          c.path,
          `port ${describeContainerPort(c)} is declared by no Service, not even the governing headless Service ${governing.name}: ` +
            `peers reaching ${set.name}-0.${governing.name}.${set.namespace}.svc... or a pod IP on ${c.containerPort} match no sidecar listener, ` +
            'so the traffic leaves as plaintext passthrough and a STRICT peer resets it; ' +
            `add ${suggestedPortEntry(c)} to Service ${governing.name}`,
        );
      }
    }
  },
};
