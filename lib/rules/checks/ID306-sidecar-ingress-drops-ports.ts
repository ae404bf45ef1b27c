/**
 * ID306: a Sidecar whose `ingress` covers only some Service ports of its
 * workloads. With any ingress entry, Istio builds inbound chains from the
 * Sidecar only and drops the Service-derived ones of every other port
 * (`pilot/pkg/networking/core/listener_inbound.go`, unless
 * `PILOT_ALLOW_SIDECAR_SERVICE_INBOUND_LISTENER_MERGE` is set).
 */
import { ResourceIndex, Rule, SidecarInfo } from '../types';
import { containerPortFor, nonEmptySelector, selectorKey } from './helpers/policy';

/** Most dropped ports listed in one message. */
const MAX_LISTED = 10;

export const rule: Rule = {
  code: 'ID306',
  name: 'sidecar-ingress-drops-ports',
  title: 'A Sidecar with ingress for some ports drops the Service-based inbound handling of the other ports',
  severity: 'warning',
  istioVersions: {},
  check(index, _options, report) {
    // Sidecars with the same namespace, selector and ingress ports drop the same ports: compute them once.
    const cache = new Map<string, string[]>();
    for (const sidecar of index.sidecars) {
      const declared = new Set<number>();
      for (const entry of sidecar.ingress) {
        if (typeof entry.port === 'number') declared.add(entry.port);
      }
      if (declared.size === 0) continue;
      const key = `${sidecar.namespace}\u0000${selectorKey(nonEmptySelector(sidecar.selector) ?? {})}\u0000${[...declared].sort((a, b) => a - b).join(',')}`;
      if (!cache.has(key)) cache.set(key, droppedPorts(index, sidecar, declared));
      const dropped = cache.get(key) ?? [];
      if (dropped.length === 0) continue;
      const listed = dropped.slice(0, MAX_LISTED).join(', ') + (dropped.length > MAX_LISTED ? `, … (${dropped.length} in all)` : '');
      const ports = [...declared].sort((a, b) => a - b).join(', ');
      report(
        sidecar.object,
        'spec.ingress',
        `Sidecar "${sidecar.object.name}" declares ingress for ${declared.size === 1 ? "port" : "ports"} ${ports} only, but its pods also serve ${listed}: ` +
          'once a Sidecar has ingress entries Istio builds no Service-based inbound listeners for the other ports, so their traffic falls to ' +
          'passthrough chains (protocol sniffed, no Service telemetry or port protocol); add an ingress entry (port, protocol) for each of them',
      );
    }
  },
};

/** Service ports (as `Service "kafka" port 9092`, deduplicated by container port) whose container port has no ingress entry. */
function droppedPorts(index: ResourceIndex, sidecar: SidecarInfo, declared: Set<number>): string[] {
  const selector = nonEmptySelector(sidecar.selector) ?? {};
  const dropped = new Map<number, string>();
  for (const workload of index.workloadsSelectedBy(sidecar.namespace, selector)) {
    if (workload.sidecar === 'not-injected' || workload.ambient) continue;
    for (const service of index.servicesSelecting(workload)) {
      for (const port of service.ports) {
        if (port.protocol.toUpperCase() !== 'TCP') continue;
        const target = containerPortFor(port, workload);
        if (target === undefined || declared.has(target) || dropped.has(target)) continue;
        const via = target === port.port ? '' : ` (container port ${target})`;
        dropped.set(target, `Service "${service.name}" port ${port.port}${via}`);
      }
    }
  }
  return [...dropped.entries()].sort((a, b) => a[0] - b[0]).map(([, text]) => text);
}
