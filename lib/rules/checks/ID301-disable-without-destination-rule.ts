/**
 * ID301: a workload- or port-level `DISABLE` on pods behind a headless
 * Service, with no DestinationRule that disables TLS for that host and port.
 *
 * Clients of a headless Service (an ORIGINAL_DST cluster) infer mTLS from the
 * namespace and mesh policy only (`pilot/pkg/model/push_context.go`
 * `BestEffortInferServiceMTLSMode`), so they keep sending mTLS to a port whose
 * server side now accepts plaintext only (istio/istio#39439).
 */
import { DestinationRuleInfo, PeerAuthenticationInfo, ResourceIndex, Rule, RuleOptions, RuleReport, ServiceInfo, ServicePortInfo, WorkloadInfo } from '../types';
import { MtlsResolver } from './helpers/mtls';
import { containerPortFor, nonEmptySelector, parsePortKey, portLevelPath, serviceHost } from './helpers/policy';

export const rule: Rule = {
  code: 'ID301',
  name: 'disable-without-destination-rule',
  title: 'A workload- or port-level mTLS DISABLE on headless-Service pods without a DestinationRule that disables TLS',
  severity: 'error',
  istioVersions: {},
  check(index, options, report) {
    const resolver = new MtlsResolver(index, options);
    const rulesByService = destinationRulesByService(index);
    for (const pa of index.peerAuthentications) {
      if (nonEmptySelector(pa.selector) === undefined || pa.namespace === options.rootNamespace) continue;
      if (!disablesAnything(pa)) continue;
      const inherited = resolver.namespaceMode(pa.namespace);
      if (inherited.mode === 'DISABLE') continue;
      checkPolicy(index, options, report, pa, rulesByService);
    }
  },
};

function disablesAnything(pa: PeerAuthenticationInfo): boolean {
  return pa.mode === 'DISABLE' || [...pa.portLevel.values()].some((mode) => mode === 'DISABLE');
}

function serviceKey(service: ServiceInfo): string {
  return `${service.namespace}/${service.name}`;
}

/** DestinationRules by the Service their host resolves to. */
function destinationRulesByService(index: ResourceIndex): Map<string, DestinationRuleInfo[]> {
  const map = new Map<string, DestinationRuleInfo[]>();
  for (const dr of index.destinationRules) {
    const service = dr.service ?? (typeof dr.host === 'string' ? index.serviceForHost(dr.host, dr.namespace) : undefined);
    if (service === undefined) continue;
    const list = map.get(serviceKey(service)) ?? [];
    list.push(dr);
    map.set(serviceKey(service), list);
  }
  return map;
}

function disablesTls(dr: DestinationRuleInfo, port: number): boolean {
  const atPort = dr.portTlsModes.get(port);
  const mode = atPort ?? dr.tlsMode;
  return typeof mode === 'string' && mode.toUpperCase() === 'DISABLE';
}

/** Where a container port's DISABLE comes from: the written `portLevelMtls` key, or the workload mode. */
function disabledAt(pa: PeerAuthenticationInfo, containerPort: number): string | undefined {
  const key = pa.portLevelKeys.find((k) => parsePortKey(k) === containerPort);
  const atPort = pa.portLevel.get(containerPort);
  if (key !== undefined && atPort !== undefined && atPort !== 'UNSET') {
    return atPort === 'DISABLE' ? portLevelPath(key) : undefined;
  }
  return pa.mode === 'DISABLE' ? 'spec.mtls.mode' : undefined;
}

function checkPolicy(
  index: ResourceIndex,
  options: RuleOptions,
  report: RuleReport,
  pa: PeerAuthenticationInfo,
  rulesByService: Map<string, DestinationRuleInfo[]>,
): void {
  const seen = new Set<string>();
  for (const workload of index.workloadsSelectedBy(pa.namespace, pa.selector)) {
    if (workload.sidecar === 'not-injected') continue;
    for (const service of index.servicesSelecting(workload)) {
      if (!service.headless) continue;
      for (const port of service.ports) {
        if (port.protocol.toUpperCase() !== 'TCP') continue;
        const containerPort = containerPortFor(port, workload);
        const path = containerPort === undefined ? undefined : disabledAt(pa, containerPort);
        if (path === undefined || containerPort === undefined) continue;
        const key = `${serviceKey(service)}|${port.port}|${path}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const rules = rulesByService.get(serviceKey(service)) ?? [];
        if (rules.some((dr) => disablesTls(dr, port.port))) continue;
        report(pa.object, path, message(pa, workload, service, port, containerPort, path, options));
      }
    }
  }
}

function message(
  pa: PeerAuthenticationInfo,
  workload: WorkloadInfo,
  service: ServiceInfo,
  port: ServicePortInfo,
  containerPort: number,
  path: string,
  options: RuleOptions,
): string {
  const host = serviceHost(service, options);
  const what = path === 'spec.mtls.mode' ? `sets mtls.mode DISABLE on ${workload.kind} "${workload.name}"` : `sets port ${containerPort} DISABLE`;
  const servicePort = containerPort === port.port ? '' : ` (container port ${containerPort})`;
  return (
    `PeerAuthentication "${pa.object.name}" ${what} but no DestinationRule disables TLS for ${host} port ${port.port}${servicePort}: ` +
    'headless clients decide mTLS from namespace and mesh policy only and keep sending mTLS, which the plaintext-only server side resets; ' +
    `add a DestinationRule for host ${host} with trafficPolicy.portLevelSettings [{port: {number: ${port.port}}, tls: {mode: DISABLE}}]`
  );
}
