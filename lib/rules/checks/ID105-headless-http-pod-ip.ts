/**
 * ID105 headless-http-pod-ip: a headless Service port that is HTTP-class while
 * an Envoy in the input reaches its pods by pod IP.
 *
 * For a headless port Istio builds per-pod outbound listeners only when the
 * port is TCP-class or sniffed (`pilot/pkg/networking/core/listener.go`); an
 * HTTP-class port gets one `0.0.0.0:<port>` HTTP listener routed by Host, whose
 * virtual hosts are the Service's names. A request whose Host is a pod IP (or
 * anything else) falls to the catch-all: plaintext passthrough, reset by a
 * STRICT server (https://istio.io/latest/docs/ops/common-problems/network-issues/#503-error-while-accessing-headless-services).
 *
 * Evidence in the objects: an Envoy DNS cluster (STRICT_DNS, LOGICAL_DNS or
 * `envoy.cluster.dns`) on the headless Service resolves to its pod IPs (error);
 * a STATIC cluster of IP endpoints on that port, in the Envoy's namespace, most
 * likely lists those pods (warning: the IPs cannot be tied to pods). Not
 * reported when the Envoy pods are known to run without a sidecar (Istio does
 * not route their traffic), or when every route to the cluster rewrites Host to
 * the Service (or `auto_host_rewrite` on a DNS cluster) and every HTTP health
 * check sends that Host.
 */
import { show } from '../../core/errors';
import { IstioProtocol, isHttpClass } from '../../core/protocols';
import { EnvoyBootstrapInfo, EnvoyClusterInfo, ResourceIndex, Rule, RuleSeverity, ServiceInfo, ServicePortInfo } from '../types';
import { arrayOf, protoField, recordOf } from '../values';

const DNS_TYPES = new Set(['STRICT_DNS', 'LOGICAL_DNS', 'ENVOY.CLUSTER.DNS', 'ENVOY.CLUSTER.STRICT_DNS', 'ENVOY.CLUSTER.LOGICAL_DNS']);

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/** One headless HTTP-class Service port reached by pod IP, with the clusters that reach it. */
interface Hit {
  readonly service: ServiceInfo;
  readonly port: ServicePortInfo;
  readonly protocol: IstioProtocol;
  severity: RuleSeverity;
  readonly clusters: string[];
}

/**
 * How each route reaches a cluster: the literal Host it sets (or 'auto' / undefined), by cluster name.
 * The routes of the listeners' filter chains (not the default chain): HTTP routes by `cluster` and
 * `weighted_clusters` (a weighted cluster's own `host_rewrite_literal` wins over the route's), TCP
 * proxies (raw bytes, no Host to rewrite) by `cluster`.
 */
function routeHostsByCluster(bootstrap: EnvoyBootstrapInfo): Map<string, Array<string | undefined>> {
  const hosts = new Map<string, Array<string | undefined>>();
  for (const route of bootstrap.routes) {
    if (route.defaultFilterChain) continue;
    const host = route.hostRewrite === undefined ? undefined : route.hostRewrite === 'auto' ? 'auto' : route.hostRewrite.literal;
    for (const target of route.targets) {
      if (target.via === 'mirror' || (route.protocol === 'tcp' && target.via !== 'cluster')) continue;
      const sent = target.hostRewrite !== undefined ? target.hostRewrite.literal : host;
      const known = hosts.get(target.cluster);
      if (known === undefined) {
        hosts.set(target.cluster, [sent]);
      } else {
        known.push(sent);
      }
    }
  }
  return hosts;
}

/** True when every route to the cluster, and every HTTP health check, sends a Host that names `service`. */
function hostRewritten(cluster: EnvoyClusterInfo, routeHosts: ReadonlyArray<string | undefined>, service: ServiceInfo, namespace: string, index: ResourceIndex): boolean {
  const dns = DNS_TYPES.has(cluster.type.toUpperCase());
  const names = (host: string | undefined) => (host === 'auto' ? dns : host !== undefined && index.serviceForHost(host, namespace) === service);
  const checks = arrayOf(protoField(cluster.raw, 'health_checks')).map((c) => recordOf(protoField(c, 'http_health_check')) ?? {}).filter((h) => Object.keys(h).length > 0);
  const checkHosts = checks.map((h) => (typeof h.host === 'string' ? h.host : undefined));
  return routeHosts.length > 0 && routeHosts.every(names) && checkHosts.every((h) => h !== undefined && names(h));
}

/** Headless HTTP-class Service ports by `namespace/port`, for STATIC clusters. */
function headlessHttpPorts(index: ResourceIndex): Map<string, Array<{ service: ServiceInfo; port: ServicePortInfo }>> {
  const byPort = new Map<string, Array<{ service: ServiceInfo; port: ServicePortInfo }>>();
  for (let i = 0; i < index.services.length; i++) {
    const service = index.services[i];
    for (const port of service.headless ? service.ports : []) {
      if (port.protocol.toUpperCase() === 'TCP' && isHttpClass(port.istioProtocol)) {
        const key = `${service.namespace}/${port.port}`;
        const known = byPort.get(key);
        if (known === undefined) {
          byPort.set(key, [{ service, port }]);
        } else {
          known.push({ service, port });
        }
      }
    }
  }
  return byPort;
}

/** The headless HTTP-class Service ports a cluster reaches by pod IP (each once), with the severity of the evidence. */
function reachedPorts(cluster: EnvoyClusterInfo, namespace: string, index: ResourceIndex, staticPorts: () => ReturnType<typeof headlessHttpPorts>) {
  const reached = new Map<string, { service: ServiceInfo; port: ServicePortInfo; severity: RuleSeverity }>();
  const add = (service: ServiceInfo, port: ServicePortInfo, severity: RuleSeverity) => reached.set(`${service.object.ordinal}:${port.index}`, { service, port, severity });
  const dns = DNS_TYPES.has(cluster.type.toUpperCase());
  const isStatic = cluster.type.toUpperCase() === 'STATIC';
  for (const endpoint of cluster.endpoints) {
    if (dns) {
      const service = index.serviceForHost(endpoint.address, namespace);
      const port = service?.headless ? service.ports.find((p) => p.port === endpoint.port && p.protocol.toUpperCase() === 'TCP') : undefined;
      if (service !== undefined && port !== undefined && isHttpClass(port.istioProtocol)) {
        add(service, port, 'error');
      }
    } else if (isStatic && (IPV4.test(endpoint.address) || endpoint.address.includes(':'))) {
      for (const hit of staticPorts().get(`${namespace}/${endpoint.port}`) ?? []) {
        add(hit.service, hit.port, 'warning');
      }
    }
  }
  return reached.values();
}

function collect(bootstrap: EnvoyBootstrapInfo, index: ResourceIndex, staticPorts: () => ReturnType<typeof headlessHttpPorts>, hits: Map<string, Hit>): void {
  if (bootstrap.workloads.length > 0 && bootstrap.workloads.every((w) => w.sidecar === 'not-injected')) {
    return;
  }
  const namespace = bootstrap.object.namespace;
  const routeHosts = routeHostsByCluster(bootstrap);
  for (const cluster of bootstrap.clusters) {
    for (const { service, port, severity } of reachedPorts(cluster, namespace, index, staticPorts)) {
      if (hostRewritten(cluster, routeHosts.get(cluster.name) ?? [], service, namespace, index)) {
        continue;
      }
      const key = `${service.object.ordinal}:${port.index}`;
      const hit = hits.get(key) ?? { service, port, protocol: port.istioProtocol, severity, clusters: [] };
      hit.severity = hit.severity === 'error' || severity === 'error' ? 'error' : 'warning';
      const label = `${show(cluster.name)} (${cluster.type}, ${bootstrap.object.kind} ${bootstrap.object.namespace}/${bootstrap.object.name})`;
      if (!hit.clusters.includes(label)) {
        hit.clusters.push(label);
      }
      hits.set(key, hit);
    }
  }
}

function messageOf(hit: Hit): string {
  const port = hit.port.name === undefined || hit.port.name === '' ? `port ${hit.port.port}` : `port ${hit.port.port} (${show(hit.port.name)})`;
  const how =
    hit.severity === 'error'
      ? `resolves the headless Service ${hit.service.name} to its pod IPs and calls them directly`
      : `sends to hard-coded IPs on port ${hit.port.port} in this namespace, most likely these pods (the IPs cannot be tied to pods)`;
  return (
    `${port} is HTTP-class (${hit.protocol}) but Envoy cluster ${hit.clusters.join(', ')} ${how}: ` +
    'Istio builds no per-pod listeners for an HTTP-class headless port and routes it by Host, so pod-IP calls fall through to plaintext passthrough (503 under STRICT); ' +
    'declare the port appProtocol: tcp, or rewrite Host to the Service name on every route and HTTP health check of the cluster'
  );
}

export const rule: Rule = {
  code: 'ID105',
  name: 'headless-http-pod-ip',
  title: 'A headless Service port is HTTP-class while an Envoy reaches its pods by pod IP',
  severity: 'error',
  istioVersions: {},
  check(index, _options, report) {
    let staticCache: ReturnType<typeof headlessHttpPorts> | undefined;
    const staticPorts = () => (staticCache ??= headlessHttpPorts(index));
    const hits = new Map<string, Hit>();
    for (const bootstrap of index.envoyBootstraps) {
      collect(bootstrap, index, staticPorts, hits);
    }
    for (const hit of hits.values()) {
      report(hit.service.object, hit.port.path, messageOf(hit), hit.severity);
    }
  },
};
