/**
 * ID101 headless-target-port: a headless Service port whose `targetPort`
 * differs from its `port`.
 *
 * Clients of a headless Service resolve it to pod IPs and connect to
 * `podIP:<port>`: no ClusterIP translates the port. Istio builds the per-pod
 * outbound listeners on the Service `port` (`pilot/pkg/networking/core/listener.go`)
 * while the inbound side is keyed by `targetPort`
 * (`pilot/pkg/networking/core/listener_inbound.go`), so the two disagree and
 * traffic fails (https://github.com/istio/istio/issues/51908,
 * https://github.com/istio/istio/issues/23675).
 */
import { child } from '../../base/paths';
import { ResourceIndex, Rule, RuleReport, ServiceInfo, ServicePortInfo } from '../types';
import { containerPortsNamed } from './helpers/peers';

/** The container port numbers a named targetPort resolves to in the selected pods. */
function resolveNamedTarget(index: ResourceIndex, service: ServiceInfo, name: string): number[] {
  const numbers = new Set<number>();
  for (const workload of index.workloadsSelectedBy(service.namespace, service.selector)) {
    for (const n of containerPortsNamed(workload, name)) numbers.add(n);
  }
  return [...numbers].sort((a, b) => a - b);
}

function checkPort(index: ResourceIndex, service: ServiceInfo, port: ServicePortInfo, report: RuleReport): void {
  const target = typeof port.targetPort === 'string' && /^\d+$/.test(port.targetPort) ? Number(port.targetPort) : port.targetPort;
  if (target === undefined || target === port.port) return;
  const path = child(port.path, 'targetPort');
  const fix = `set targetPort to ${port.port} (or leave it out) and make the container listen on ${port.port}`;
  const why = `clients of a headless Service connect to podIP:${port.port} and Istio builds its per-pod listeners on the Service port, so the port and targetPort must be equal`;
  if (typeof target === 'number') {
    report(service.object, path, `targetPort ${target} differs from port ${port.port}: ${why}; ${fix}`);
    return;
  }
  const resolved = resolveNamedTarget(index, service, target);
  if (resolved.length === 0) {
    report(service.object, path, `targetPort ${JSON.stringify(target)} names a container port that no selected pod in the input declares, so it cannot be checked against port ${port.port}: ${why}; ${fix}`, 'warning');
  } else if (resolved.some((n) => n !== port.port)) {
    report(service.object, path, `targetPort ${JSON.stringify(target)} is container port ${resolved.join(' or ')}, not port ${port.port}: ${why}; ${fix}`);
  }
}

/** The rule. */
export const rule: Rule = {
  code: 'ID101',
  name: 'headless-target-port',
  title: 'A headless Service port has a targetPort different from its port',
  severity: 'error',
  istioVersions: {},
  check(index, _options, report) {
    for (let i = 0; i < index.services.length; i++) {
      const service = index.services[i];
      if (!service.headless || service.selector === undefined) continue;
      for (let p = 0; p < service.ports.length; p++) checkPort(index, service, service.ports[p], report);
    }
  },
};
