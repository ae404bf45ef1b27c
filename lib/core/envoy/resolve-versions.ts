/**
 * Checks and defaults of the `versions` of an {@link EnvoyDirectPods} proxy:
 * one cluster per version, named as Istio names subset clusters
 * (`outbound|<port>|<subset>|<host>`, `BuildSubsetKey` in
 * `pilot/pkg/model/service.go`), discovered by pod IP (`static`) or through a
 * Service per version the proxy emits (`dns`: headless, `service`: ClusterIP).
 * Istio makes one cluster per subset too (`pilot/pkg/networking/core/cluster_builder.go`).
 */
import { Problems, show } from '../errors';
import { DEFAULT_CLUSTER_DOMAIN, serviceFqdn } from '../names';
import { ServiceEndpoint } from '../types';
import { checkArray, checkIp, checkName, checkRecord, checkUnique } from '../validate';
import { VersionClusterInput } from './bootstrap';
import { MAX_POD_IPS } from './defaults';
import { checkEnvoyKeys } from './known-keys';
import { DiscoveryMode, IpFamily } from './props';
import { resolveRoutes, VersionTarget } from './resolve-routes';
import { checkIpFamily } from './resolve-target';
import { RouteInput } from './routes';

/** Most versions a proxy fronts. */
const MAX_VERSIONS = 32;

/** A Service the proxy emits for one version: the target's selector plus `version: <name>`. */
export interface VersionServiceSpec {
  readonly name: string;
  readonly version: string;
  /** Headless (`dns` discovery) or ClusterIP (`service`). */
  readonly headless: boolean;
  readonly port: number;
  readonly targetPort: number;
  readonly selector: Readonly<Record<string, string>>;
}

/** What the versions resolve to. */
export interface ResolvedVersions {
  readonly versions: readonly VersionClusterInput[];
  readonly services: readonly VersionServiceSpec[];
  readonly routes: readonly RouteInput[];
}

/** The upstream as resolved so far, which the versions refine. */
export interface VersionContext {
  readonly discovery: DiscoveryMode;
  readonly family: IpFamily;
  /** The port Envoy dials. */
  readonly upstreamPort: number;
  /** Host and port of the cluster names (the target Service's FQDN and port, or the explicit address). */
  readonly host: string;
  readonly port: number;
  /** The Host rewrite of the plain proxy: the `hostRewrite` prop, or the target's FQDN. */
  readonly hostRewrite?: string;
  /** True when `hostRewrite` was given (a string or false): it then applies to every version. */
  readonly hostRewriteGiven: boolean;
  /** The target Service, unless the target is an explicit address. */
  readonly endpoint?: ServiceEndpoint;
}

/** Whether any version lists pod IPs (then discovery defaults to `static`). */
export function versionsHavePodIps(versions: unknown): boolean {
  return Array.isArray(versions) && versions.some((v) => checkRecordQuiet(v) && v.podIps !== undefined);
}

function checkRecordQuiet(value: unknown): value is Readonly<Record<string, unknown>> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Checks `versions` (and the props they exclude) and resolves clusters, Services and routes. */
export function resolveVersions(p: Problems, raw: Readonly<Record<string, unknown>>, ctx: VersionContext): ResolvedVersions {
  if (raw.podIps !== undefined) {
    p.add('podIps', 'is set with versions: give each version its pod IPs (versions[i].podIps)');
  }
  if (raw.clusterName !== undefined) {
    p.add('clusterName', `${show(raw.clusterName)} is set with versions: each version's cluster is named outbound|<port>|<version>|<host>, as Istio names subset clusters`);
  }
  if (ctx.discovery !== 'static' && ctx.endpoint === undefined) {
    p.add(
      'versions',
      `with ${show(ctx.discovery)} discovery need a construct or Service endpoint as the target (the proxy emits a Service per version that selects its pods by their version label); use "static" with pod IPs per version for an explicit address`,
    );
  }
  if (!checkArray(p, 'versions', raw.versions, 1, MAX_VERSIONS)) {
    return { versions: [], services: [], routes: [] };
  }
  const list = raw.versions;
  const names = list.map((v, i) => resolveVersionName(p, `versions[${i}]`, v));
  checkUnique(p, 'versions', names, 'version name');
  const versions: VersionClusterInput[] = [];
  const services: VersionServiceSpec[] = [];
  const targets = new Map<string, VersionTarget>();
  let podIpCount = 0;
  list.forEach((version, i) => {
    const name = names[i];
    if (name === undefined) return;
    const at = `versions[${i}]`;
    const podIps = (version as Readonly<Record<string, unknown>>).podIps;
    const service = ctx.discovery !== 'static' && ctx.endpoint !== undefined ? versionService(p, at, name, ctx, ctx.endpoint) : undefined;
    const endpoints = service !== undefined ? [{ address: service.fqdn, port: ctx.upstreamPort }] : versionPodIps(p, `${at}.podIps`, podIps, ctx);
    if (service !== undefined && podIps !== undefined) {
      p.add(`${at}.podIps`, `is set but discovery is ${show(ctx.discovery)}: pod IPs are only used by "static"`);
    }
    podIpCount += service === undefined ? endpoints.length : 0;
    const hostRewrite = ctx.hostRewriteGiven || service === undefined ? ctx.hostRewrite : service.fqdn;
    const clusterName = `outbound|${ctx.port}|${name}|${ctx.host}`;
    versions.push({ clusterName, endpoints, ...(hostRewrite !== undefined ? { hostRewrite, healthCheckHost: hostRewrite } : {}) });
    targets.set(name, { cluster: clusterName, ...(hostRewrite !== undefined ? { hostRewrite } : {}) });
    if (service !== undefined) services.push(service.spec);
  });
  if (podIpCount > MAX_POD_IPS) {
    p.add('versions', `list ${podIpCount} pod IPs in all, more than ${MAX_POD_IPS}: use "dns" discovery`);
  }
  return { versions, services, routes: resolveRoutes(p, raw.routes, targets) };
}

function resolveVersionName(p: Problems, at: string, version: unknown): string | undefined {
  if (!checkRecord(p, at, version, 'a version such as { name: "v1" }')) {
    return undefined;
  }
  checkEnvoyKeys(p, at, version, ['name', 'podIps']);
  return checkName(p, `${at}.name`, version.name, 'label') ? version.name : undefined;
}

/** A version's pod IPs (`static` discovery). */
function versionPodIps(p: Problems, at: string, podIps: unknown, ctx: VersionContext): Array<{ address: string; port: number }> {
  if (podIps === undefined || (Array.isArray(podIps) && podIps.length === 0)) {
    p.add(at, `${podIps === undefined ? 'is not set' : '[] is empty'}: "static" discovery needs each version's pod IPs (or use "dns" with a construct as the target)`);
    return [];
  }
  if (!checkArray(p, at, podIps, 1, MAX_POD_IPS)) {
    return [];
  }
  podIps.forEach((ip, i) => checkIp(p, `${at}[${i}]`, ip) && checkIpFamily(p, `${at}[${i}]`, ip, ctx.family));
  checkUnique(p, at, podIps, 'pod IP');
  return podIps.map((address) => ({ address: address as string, port: ctx.upstreamPort }));
}

/** The Service of one version: `<target>-<version>` in the target's namespace, selecting the target's pods of that version. */
function versionService(p: Problems, at: string, version: string, ctx: VersionContext, endpoint: ServiceEndpoint): { spec: VersionServiceSpec; fqdn: string } | undefined {
  const name = `${endpoint.name}-${version}`;
  // The target's name and the version are checked labels: only the length can be wrong.
  if (name.length > 63) {
    p.add(`${at}.name`, `makes the version's Service name ${show(name)}, longer than 63 characters: shorten the version or the target's name`);
    return undefined;
  }
  const prefix = `${endpoint.name}.${endpoint.namespace}.svc.`;
  const domain = endpoint.fqdn.startsWith(prefix) ? endpoint.fqdn.slice(prefix.length) : DEFAULT_CLUSTER_DOMAIN;
  const headless = ctx.discovery === 'dns';
  return {
    fqdn: serviceFqdn(name, endpoint.namespace, domain),
    spec: {
      name,
      version,
      headless,
      port: headless ? ctx.upstreamPort : endpoint.port,
      targetPort: endpoint.targetPort,
      selector: { ...endpoint.selectorLabels, version },
    },
  };
}
