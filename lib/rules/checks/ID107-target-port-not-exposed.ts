/**
 * ID107 target-port-not-exposed: a Service `targetPort` that no container of
 * the selected pods declares.
 *
 * A named `targetPort` is looked up in each pod's container ports (name and
 * protocol); a pod that does not declare it is left out of the Service's
 * endpoints for that port, so nothing receives the traffic
 * (https://kubernetes.io/docs/concepts/services-networking/service/#field-spec-ports).
 * A numeric `targetPort` works without a declaration, but when the pods
 * declare other ports and not this one it is most often a typo; pods that
 * declare no ports at all are not reported for numeric targets. Istio's
 * `portLevelMtls` and Sidecar `ingress` are keyed by this pod port too, so the
 * same typo breaks them.
 * Services whose selector matches no workload of the input are left to ID501.
 */
import { show } from '../../core/errors';
import { Rule, ServicePortInfo, WorkloadInfo } from '../types';
import { FEW_PORTS } from './helpers/peers';

/** True when the pods of `workload` declare the port `target` of protocol `protocol` (upper case). */
function declares(workload: WorkloadInfo, target: number | string, protocol: string): boolean {
  const ports = workload.containerPorts;
  if (ports.length > FEW_PORTS) return declaredOf(workload).has(declaredKey(target, protocol));
  for (const c of ports) {
    if ((typeof target === 'number' ? c.containerPort === target : c.name === target) && c.protocol.toUpperCase() === protocol) return true;
  }
  return false;
}

/** The declared ports of workloads with more than {@link FEW_PORTS}, as {@link declaredKey}s, read once. */
const declaredSets = new WeakMap<WorkloadInfo, ReadonlySet<string>>();

function declaredOf(workload: WorkloadInfo): ReadonlySet<string> {
  let found = declaredSets.get(workload);
  if (found === undefined) {
    const keys = new Set<string>();
    for (const c of workload.containerPorts) {
      const protocol = c.protocol.toUpperCase();
      keys.add(declaredKey(c.containerPort, protocol));
      if (c.name !== undefined) keys.add(declaredKey(c.name, protocol));
    }
    declaredSets.set(workload, (found = keys));
  }
  return found;
}

/** A port number or name with its protocol, as one key (numbers and names apart). */
function declaredKey(target: number | string, protocol: string): string {
  return `${typeof target === 'number' ? 'n' : 's'}\u0000${target}\u0000${protocol}`;
}

/** The workloads whose pods do not declare the target (pods that declare no ports are left out for a numeric target). */
function missingOf(workloads: readonly WorkloadInfo[], target: number | string, protocol: string): WorkloadInfo[] | undefined {
  let missing: WorkloadInfo[] | undefined;
  for (const w of workloads) {
    if ((typeof target === 'string' || w.containerPorts.length > 0) && !declares(w, target, protocol)) (missing === undefined ? (missing = []) : missing).push(w);
  }
  return missing;
}

/** The pod's declared ports, for the message: `8080/TCP ("http"), 9090/TCP`. */
function declaredPorts(workload: WorkloadInfo): string {
  const all = workload.containerPorts;
  // Only the ports shown are written out: a pod may declare thousands (a media server's range).
  const ports = all.slice(0, 8).map((c) => `${c.containerPort}/${c.protocol}${c.name !== undefined ? ` (${show(c.name)})` : ''}`);
  return ports.length > 0 ? ports.join(', ') + (all.length > 8 ? ', ...' : '') : 'none';
}

/** A string target that is all digits is a number (Kubernetes parses IntOrString that way). */
function normalise(target: number | string): number | string {
  return typeof target === 'string' && /^\d+$/.test(target) ? Number(target) : target;
}

function messageOf(port: ServicePortInfo, target: number | string, missing: readonly WorkloadInfo[]): string {
  const first = missing[0];
  const workloads = missing.map((w) => `${w.kind} ${w.name}`).join(', ');
  const named = typeof target === 'string';
  const consequence = named
    ? 'Kubernetes resolves a named targetPort in each pod, so these pods get no endpoint for this port and the traffic reaches nothing'
    : 'traffic reaches the pods on that port only if something listens there undeclared, and a number that matches no declared port is most often a typo';
  return (
    `port ${port.port} targets ${named ? `the named port ${show(target)}` : `pod port ${target}`}/${port.protocol}, which no container of ${workloads} declares ` +
    `(${first.kind} ${first.name} declares ${declaredPorts(first)}): ${consequence}; ` +
    `set targetPort to a declared container port (or its name), or declare the port in the container`
  );
}

export const rule: Rule = {
  code: 'ID107',
  name: 'target-port-not-exposed',
  title: 'A Service targetPort that no container of the selected pods declares',
  severity: 'warning',
  istioVersions: {},
  check(index, _options, report) {
    for (let i = 0; i < index.services.length; i++) {
      const service = index.services[i];
      if (service.selector === undefined) {
        continue; // The index gives an empty selector as none.
      }
      const workloads = index.workloadsSelectedBy(service.namespace, service.selector);
      if (workloads.length === 0) {
        continue;
      }
      for (let p = 0; p < service.ports.length; p++) {
        const port = service.ports[p];
        const target = normalise(port.targetPort !== undefined ? port.targetPort : port.port);
        const missing = missingOf(workloads, target, port.protocol.toUpperCase());
        if (missing === undefined) {
          continue;
        }
        report(service.object, `${port.path}.${port.targetPort === undefined ? 'port' : 'targetPort'}`, messageOf(port, target, missing));
      }
    }
  },
};
