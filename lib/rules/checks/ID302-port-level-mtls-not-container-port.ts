/**
 * ID302: a `portLevelMtls` key that is not a container port of the selected
 * pods. Istio matches port-level settings against the workload (target) port
 * on both sides (`pilot/pkg/networking/core/listener_inbound.go` keys inbound
 * chains by TargetPort; `pilot/pkg/xds/endpoints/mtls_checker.go` by endpoint
 * port), so a key written as the Service port silently does nothing.
 */
import { PeerAuthenticationInfo, ResourceIndex, Rule, RuleReport, WorkloadInfo } from '../types';
import { containerPortFor, nonEmptySelector, parsePortKey, portLevelPath, selectorKey } from './helpers/policy';

export const rule: Rule = {
  code: 'ID302',
  name: 'port-level-mtls-not-container-port',
  title: 'A portLevelMtls key that is not a container port of the selected pods',
  severity: 'error',
  istioVersions: {},
  check(index, options, report) {
    // Policies with the same namespace and selector select the same pods: look them up once.
    const cache = new Map<string, Selected>();
    for (const pa of index.peerAuthentications) {
      const selector = nonEmptySelector(pa.selector);
      if (pa.portLevelKeys.length === 0 || selector === undefined || pa.namespace === options.rootNamespace) continue;
      const key = `${pa.namespace}\u0000${selectorKey(selector)}`;
      if (!cache.has(key)) cache.set(key, selected(index, pa));
      checkPolicy(index, report, pa, cache.get(key) as Selected);
    }
  },
};

/** The selected workloads, their container ports, and Service-port mappings already computed. */
interface Selected {
  readonly workloads: readonly WorkloadInfo[];
  readonly containerPorts: ReadonlySet<number>;
  readonly mappings: Map<number, Mapping | undefined>;
}

interface Mapping {
  readonly text: string;
  readonly containerPort: number;
}

function selected(index: ResourceIndex, pa: PeerAuthenticationInfo): Selected {
  const workloads = index.workloadsSelectedBy(pa.namespace, pa.selector);
  const containerPorts = new Set<number>();
  for (const workload of workloads) {
    for (const port of workload.containerPorts) containerPorts.add(port.containerPort);
  }
  return { workloads, containerPorts, mappings: new Map() };
}

function checkPolicy(index: ResourceIndex, report: RuleReport, pa: PeerAuthenticationInfo, pods: Selected): void {
  const { workloads, containerPorts } = pods;
  for (const key of pa.portLevelKeys) {
    const port = parsePortKey(key);
    const path = portLevelPath(key);
    if (port === undefined) {
      report(
        pa.object,
        path,
        `PeerAuthentication "${pa.object.name}": portLevelMtls key ${JSON.stringify(key)} is not a port number: ` +
          'Istio reads keys as decimal container port numbers 1-65535 and rejects or ignores anything else; write the container port in decimal',
      );
      continue;
    }
    if (workloads.length === 0 || containerPorts.has(port)) continue;
    if (!pods.mappings.has(port)) pods.mappings.set(port, serviceMapping(index, workloads, port));
    const mapped = pods.mappings.get(port);
    if (mapped === undefined && containerPorts.size === 0) continue;
    report(pa.object, path, message(pa, port, mapped, containerPorts));
  }
}

/** `Service "kafka" port 9093 targets container port 9092` when a Service port equal to the key maps elsewhere. */
function serviceMapping(index: ResourceIndex, workloads: readonly WorkloadInfo[], port: number): Mapping | undefined {
  for (const workload of workloads) {
    for (const service of index.servicesSelecting(workload)) {
      for (const servicePort of service.ports) {
        if (servicePort.port !== port) continue;
        const target = containerPortFor(servicePort, workload);
        if (target !== undefined && target !== port) {
          return { text: `Service "${service.name}" port ${port} maps to container port ${target}`, containerPort: target };
        }
      }
    }
  }
  return undefined;
}

function message(pa: PeerAuthenticationInfo, port: number, mapped: Mapping | undefined, containerPorts: ReadonlySet<number>): string {
  const head = `PeerAuthentication "${pa.object.name}": portLevelMtls key ${port} is not a container port of the selected pods`;
  const why = 'Istio applies port-level mTLS by the pod (target) port, never the Service port, so this entry does nothing';
  if (mapped !== undefined) {
    return `${head} (${mapped.text}): ${why}; key it by ${mapped.containerPort}`;
  }
  const declared = [...containerPorts].sort((a, b) => a - b).slice(0, 10).join(', ');
  return `${head} (they declare ${declared}): ${why}; key it by the container port the traffic reaches`;
}
