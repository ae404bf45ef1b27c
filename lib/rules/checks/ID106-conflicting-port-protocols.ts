/**
 * ID106 conflicting-port-protocols: two Services select the same pods on the
 * same target port with different Istio protocols, or two ports of one
 * Service target one pod port with different protocols.
 *
 * The server's sidecar builds one inbound filter chain per target port and
 * takes its protocol from the first Service target, the oldest Service: "If
 * there is a conflict, we will use the oldest Service. This impacts the
 * protocol used as well." (`pilot/pkg/networking/core/listener_inbound.go`).
 * Which protocol applies then depends on creation order. istioctl's IST0137
 * checks Deployments only; this rule checks every workload kind. Protocols
 * Istio handles the same way inbound count as one: HTTPS and TLS (opaque
 * TLS), MySQL and Redis and TCP (their filters are off by default).
 */
import { show } from '../../core/errors';
import { IstioProtocol } from '../../core/protocols';
import { Rule, ServiceInfo, ServicePortInfo, WorkloadInfo } from '../types';
import { namedContainerPort } from './helpers/peers';

/** One Service port of the group that targets one pod port. */
interface Member {
  readonly service: ServiceInfo;
  readonly port: ServicePortInfo;
  readonly protocol: IstioProtocol;
}

/** Protocols the inbound sidecar handles alike. */
function inboundClass(protocol: IstioProtocol): string {
  switch (protocol) {
    case 'HTTPS':
      return 'TLS';
    case 'MySQL':
    case 'Redis':
      return 'TCP';
    default:
      return protocol;
  }
}

/** The pod port a Service port targets: a number, or `name:<n>` when a named port resolves to nothing. */
function targetKey(port: ServicePortInfo, workload: WorkloadInfo): string {
  const target = port.targetPort ?? port.port;
  if (typeof target === 'number') {
    return String(target);
  }
  const numeric = /^\d+$/.test(target) ? Number(target) : undefined;
  if (numeric !== undefined) {
    return String(numeric);
  }
  const declared = namedContainerPort(workload, target, 'TCP');
  return declared !== undefined ? String(declared) : `name:${target}`;
}

/** How many TCP ports the Services have. */
function tcpPorts(services: readonly ServiceInfo[]): number {
  let n = 0;
  for (let s = 0; s < services.length; s++) {
    const ports = services[s].ports;
    for (let p = 0; p < ports.length; p++) if (ports[p].protocol.toUpperCase() === 'TCP') n++;
  }
  return n;
}

/** TCP Service ports of the Services selecting `workload`, grouped by target pod port. */
function groupsOf(workload: WorkloadInfo, services: readonly ServiceInfo[]): Map<string, Member[]> {
  const groups = new Map<string, Member[]>();
  for (const service of services) {
    for (const port of service.ports) {
      if (port.protocol.toUpperCase() !== 'TCP') {
        continue;
      }
      const protocol = port.istioProtocol;
      const key = targetKey(port, workload);
      const group = groups.get(key);
      if (group === undefined) {
        groups.set(key, [{ service, port, protocol }]);
      } else {
        group.push({ service, port, protocol });
      }
    }
  }
  return groups;
}

function describe(member: Member): string {
  const target = member.port.targetPort ?? member.port.port;
  const protocol = member.protocol === 'Unsupported' ? 'undeclared, sniffed' : member.protocol;
  return `Service ${member.service.name} port ${member.port.port} -> ${typeof target === 'string' ? show(target) : target} (${protocol})`;
}

function messageOf(member: Member, others: readonly Member[], workload: WorkloadInfo, target: string): string {
  const targetText = target.startsWith('name:') ? show(target.slice(5)) : target;
  const why = others.every((o) => o.service === member.service)
    ? "the pods' sidecar builds one inbound chain per target port with one protocol, so one of the Service's ports silently does not get its protocol; "
    : "the pods' sidecar builds one inbound chain per target port with the protocol of the oldest Service, so one of them silently does not apply and the winner depends on creation order; ";
  return (
    `${describe(member)} targets pod port ${targetText} of ${workload.kind} ${workload.name}, which ${others.map(describe).join(', ')} also targets with another protocol: ` +
    why +
    'give both Service ports the same appProtocol (tcp if any caller reaches the pods by pod IP)'
  );
}

export const rule: Rule = {
  code: 'ID106',
  name: 'conflicting-port-protocols',
  title: 'Services selecting the same pods (or two ports of one Service) give one target port different Istio protocols',
  severity: 'warning',
  istioVersions: {},
  check(index, _options, report) {
    const reported = new Set<string>();
    for (let i = 0; i < index.workloads.length; i++) {
      const workload = index.workloads[i];
      const selecting = index.servicesSelecting(workload);
      if (tcpPorts(selecting) < 2) {
        continue; // No two ports to conflict.
      }
      const services = selecting.length > 1 ? [...selecting].sort((a, b) => a.object.ordinal - b.object.ordinal) : selecting;
      for (const [target, members] of groupsOf(workload, services)) {
        members.forEach((member, position) => {
          if (position === 0) return;
          const others = members.filter((o) => o !== member && inboundClass(o.protocol) !== inboundClass(member.protocol));
          const key = `${member.service.object.ordinal}:${member.port.index}`;
          if (others.length === 0 || reported.has(key)) {
            return;
          }
          reported.add(key);
          report(member.service.object, member.port.path, messageOf(member, others, workload, target));
        });
      }
    }
  },
};
