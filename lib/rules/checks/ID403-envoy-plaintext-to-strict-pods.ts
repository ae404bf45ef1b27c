/**
 * ID403: Envoy pods without an Istio sidecar that send to pods whose
 * effective mTLS at that port is STRICT. Without a sidecar the Envoy speaks
 * plaintext; the destination sidecars (or ztunnel) accept only mTLS and reset
 * the connection (https://istio.io/latest/docs/concepts/security/#peer-authentication).
 */
import { EnvoyBootstrapInfo, EnvoyClusterInfo, ResourceIndex, Rule, RuleOptions, RuleReport, ServiceInfo, WorkloadInfo } from '../types';
import { ipLiteral } from './helpers/envoy-config';
import { MtlsResolver, ResolvedMtls } from './helpers/mtls';
import { containerPortFor, describeWorkload, serviceHost } from './helpers/policy';

export const rule: Rule = {
  code: 'ID403',
  name: 'envoy-plaintext-to-strict-pods',
  title: 'Plaintext from Envoy pods without a sidecar to pods whose mTLS at that port is STRICT',
  severity: 'error',
  istioVersions: {},
  check(index, options, report) {
    const resolver = new MtlsResolver(index, options);
    const cache = new Map<string, StrictTarget | undefined>();
    for (const bootstrap of index.envoyBootstraps) {
      const plain = bootstrap.workloads.filter((w) => w.sidecar === 'not-injected' && !w.ambient);
      if (plain.length === 0) continue;
      for (const cluster of bootstrap.clusters) {
        if (!isDnsCluster(cluster)) continue;
        checkCluster({ index, options, report, resolver, bootstrap, envoy: plain[0], cache }, cluster);
      }
    }
  },
};

interface Context {
  readonly index: ResourceIndex;
  readonly options: RuleOptions;
  readonly report: RuleReport;
  readonly resolver: MtlsResolver;
  readonly bootstrap: EnvoyBootstrapInfo;
  /** An Envoy workload without a sidecar, for messages. */
  readonly envoy: WorkloadInfo;
  /** Results by Service and port: many endpoints (or bootstraps) name the same Service. */
  readonly cache: Map<string, StrictTarget | undefined>;
}

interface StrictTarget {
  readonly workload: WorkloadInfo;
  readonly port: number;
  readonly mtls: ResolvedMtls;
}

/** STRICT_DNS, LOGICAL_DNS or the `envoy.cluster.dns` extension: resolves names to (pod) IPs. */
function isDnsCluster(cluster: EnvoyClusterInfo): boolean {
  if (typeof cluster.type !== 'string') return false;
  const type = cluster.type.toUpperCase();
  return type === 'STRICT_DNS' || type === 'LOGICAL_DNS' || /^ENVOY\.CLUSTERS?\..*DNS/.test(type);
}

function checkCluster(ctx: Context, cluster: EnvoyClusterInfo): void {
  for (const endpoint of cluster.endpoints) {
    if (typeof endpoint.address !== 'string' || ipLiteral(endpoint.address) !== undefined) continue;
    const service = ctx.index.serviceForHost(endpoint.address.replace(/\.$/, ''), ctx.bootstrap.object.namespace);
    if (service === undefined || service.selector === undefined) continue;
    const key = `${service.namespace}/${service.name}|${endpoint.port}`;
    if (!ctx.cache.has(key)) ctx.cache.set(key, strictTarget(ctx, service, endpoint.port));
    const found = ctx.cache.get(key);
    if (found === undefined) continue;
    const kind = service.headless ? 'pod IPs of headless Service' : 'Service';
    ctx.report(
      ctx.bootstrap.object,
      endpoint.path,
      `Envoy cluster "${cluster.name}" (${cluster.type} ${serviceHost(service, ctx.options)}:${endpoint.port}, ${kind} "${service.name}") sends plaintext ` +
        `from pods without an Istio sidecar (${describeWorkload(ctx.envoy)}) to ${describeWorkload(found.workload)}, whose mTLS at port ${found.port} is STRICT ` +
        `(from ${found.mtls.source}): the destination accepts only mTLS and resets every connection; inject a sidecar into the Envoy pods, or opt the port out ` +
        `with a workload-level PeerAuthentication selecting the pods with portLevelMtls {${found.port}: {mode: PERMISSIVE}}`,
    );
  }
}

/** The first destination workload (in the mesh) whose mode at the port the endpoint reaches is STRICT. */
function strictTarget(ctx: Context, service: ServiceInfo, port: number): StrictTarget | undefined {
  const servicePort = service.ports.find((p) => p.port === port);
  if (!service.headless && servicePort === undefined) return undefined;
  for (const workload of ctx.index.workloadsSelectedBy(service.namespace, service.selector)) {
    if (workload.sidecar === 'not-injected' && !workload.ambient) continue;
    // Pod-IP traffic of a headless Service reaches the port itself; a ClusterIP Service maps port to targetPort.
    const target = service.headless || servicePort === undefined ? port : containerPortFor(servicePort, workload);
    if (target === undefined) continue;
    const mtls = ctx.resolver.portMode(workload, target);
    if (mtls.mode === 'STRICT') return { workload, port: target, mtls };
  }
  return undefined;
}
