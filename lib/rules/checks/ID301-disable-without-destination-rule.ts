/**
 * ID301: a workload- or port-level `DISABLE` on pods behind a headless
 * Service, with no DestinationRule that disables TLS for that host and port.
 *
 * Clients of a headless Service (an ORIGINAL_DST cluster) infer mTLS from the
 * namespace and mesh policy only (`pilot/pkg/model/push_context.go`
 * `BestEffortInferServiceMTLSMode`), so they keep sending mTLS to a port whose
 * server side now accepts plaintext only (istio/istio#39439).
 */
import { DestinationRuleInfo, PeerAuthenticationInfo, ResourceIndex, Rule, RuleOptions, ServiceInfo, ServicePortInfo, WorkloadInfo } from '../types';
import { MtlsResolver } from './helpers/mtls';
import { containerPortFor, nonEmptySelector, parsePortKey, portLevelPath, selectorKey, serviceHost } from './helpers/policy';

export const rule: Rule = {
  code: 'ID301',
  name: 'disable-without-destination-rule',
  title: 'A workload- or port-level mTLS DISABLE on headless-Service pods without a DestinationRule that disables TLS',
  severity: 'error',
  istioVersions: {},
  check(index, options, report) {
    // Built for the first policy that disables anything (most inputs have none).
    let resolver: MtlsResolver | undefined;
    let rulesByService: Map<string, DestinationRuleInfo[]> | undefined;
    // Policies with the same namespace, selector and DISABLE settings have the same findings: compute them once.
    const cache = new Map<string, Map<string, Uncovered[]>>();
    for (const pa of index.peerAuthentications) {
      const selector = nonEmptySelector(pa.selector);
      if (selector === undefined || pa.namespace === options.rootNamespace) continue;
      if (!disablesAnything(pa)) continue;
      if (resolver === undefined) resolver = new MtlsResolver(index, options);
      if (resolver.namespaceMode(pa.namespace).mode === 'DISABLE') continue;
      if (rulesByService === undefined) rulesByService = destinationRulesByService(index);
      const key = `${pa.namespace}\u0000${selectorKey(selector)}\u0000${signature(pa)}`;
      if (!cache.has(key)) cache.set(key, uncoveredPorts(index, pa, rulesByService));
      for (const [path, list] of cache.get(key) ?? []) report(pa.object, path, message(pa, path, list, options));
    }
  },
};

/** A Service port whose DISABLE no DestinationRule mirrors. */
interface Uncovered {
  readonly workload: WorkloadInfo;
  readonly service: ServiceInfo;
  readonly port: ServicePortInfo;
  readonly containerPort: number;
}

/** What decides the findings of a policy besides its selector: its mode and port-level entries as written. */
function signature(pa: PeerAuthenticationInfo): string {
  return JSON.stringify([pa.mode, pa.portLevelKeys.map((k) => [k, pa.portLevel.get(parsePortKey(k) ?? -1) ?? ''])]);
}

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

/** Uncovered Service ports by the path of the DISABLE that causes them. */
function uncoveredPorts(index: ResourceIndex, pa: PeerAuthenticationInfo, rulesByService: Map<string, DestinationRuleInfo[]>): Map<string, Uncovered[]> {
  const out = new Map<string, Uncovered[]>();
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
        if ((rulesByService.get(serviceKey(service)) ?? []).some((dr) => disablesTls(dr, port.port))) continue;
        const list = out.get(path) ?? [];
        list.push({ workload, service, port, containerPort });
        out.set(path, list);
      }
    }
  }
  return out;
}

/** Most host ports named in one message. */
const MAX_LISTED = 3;

function message(pa: PeerAuthenticationInfo, path: string, list: readonly Uncovered[], options: RuleOptions): string {
  const first = list[0];
  const what = path === 'spec.mtls.mode' ? `sets mtls.mode DISABLE on ${first.workload.kind} "${first.workload.name}"` : `sets port ${first.containerPort} DISABLE`;
  const targets = list.slice(0, MAX_LISTED).map((u) => {
    const via = u.containerPort === u.port.port ? '' : ` (container port ${u.containerPort})`;
    return `${serviceHost(u.service, options)} port ${u.port.port}${via}`;
  });
  const more = list.length > MAX_LISTED ? ` and ${list.length - MAX_LISTED} more` : '';
  const fix = list.length === 1
    ? `add a DestinationRule for host ${serviceHost(first.service, options)} with trafficPolicy.portLevelSettings [{port: {number: ${first.port.port}}, tls: {mode: DISABLE}}]`
    : 'add a DestinationRule for each host with trafficPolicy.portLevelSettings [{port: {number: <port>}, tls: {mode: DISABLE}}] for each of those ports';
  return (
    `PeerAuthentication "${pa.object.name}" ${what} but no DestinationRule disables TLS for ${targets.join(', ')}${more}: ` +
    `headless clients decide mTLS from namespace and mesh policy only and keep sending mTLS, which the plaintext-only server side resets; ${fix}`
  );
}
