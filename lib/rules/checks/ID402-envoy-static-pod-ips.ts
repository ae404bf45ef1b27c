/**
 * ID402: a STATIC Envoy cluster with hard-coded IP endpoints. Pod IPs change
 * whenever pods are recreated; a STRICT_DNS cluster on a headless Service
 * follows them (https://www.envoyproxy.io/docs/envoy/latest/intro/arch_overview/upstream/service_discovery).
 */
import { EnvoyClusterInfo, Rule } from '../types';
import { ipLiteral, isLoopback } from './helpers/envoy-config';
import { protoField } from '../values';

/** Most endpoints listed in one message. */
const MAX_LISTED = 5;

export const rule: Rule = {
  code: 'ID402',
  name: 'envoy-static-pod-ips',
  title: 'A STATIC Envoy cluster with hard-coded IP endpoints',
  severity: 'info',
  istioVersions: {},
  check(index, _options, report) {
    for (const bootstrap of index.envoyBootstraps) {
      for (const cluster of bootstrap.clusters) {
        if (!isStatic(cluster)) continue;
        const ips = cluster.endpoints.filter((e) => typeof e.address === 'string' && ipLiteral(e.address) !== undefined && !isLoopback(e.address));
        if (ips.length === 0) continue;
        const listed = ips.slice(0, MAX_LISTED).map((e) => `${e.address}:${e.port}`).join(', ') + (ips.length > MAX_LISTED ? `, … (${ips.length} in all)` : '');
        report(
          bootstrap.object,
          cluster.path,
          `Envoy cluster "${cluster.name}" is STATIC with hard-coded IP endpoints ${listed}: pod IPs change whenever pods are recreated ` +
            '(rollout, eviction, node drain), and Envoy keeps sending to the old addresses; use a STRICT_DNS cluster on a headless Service ' +
            '(address <service>.<namespace>.svc.<cluster domain>), which resolves to the current pod IPs',
        );
      }
    }
  },
};

/** `type: STATIC`, or no type and no `cluster_type` (STATIC is Envoy's default). */
function isStatic(cluster: EnvoyClusterInfo): boolean {
  if (typeof cluster.type === 'string' && cluster.type !== '') return cluster.type.toUpperCase() === 'STATIC';
  return protoField(cluster.raw, 'type') === undefined && protoField(cluster.raw, 'cluster_type') === undefined;
}
