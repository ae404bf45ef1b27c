/**
 * The routes of an Envoy bootstrap's static listeners, read once for every rule: each HTTP route of
 * an HTTP connection manager's inline `route_config` and each TCP proxy, with the clusters it sends
 * to (`cluster`, `weighted_clusters`, `request_mirror_policies`), its match and its Host rewrite.
 * Paths name the keys as written (proto or JSON names); wrong types read as absent.
 */
import { child } from '../base/paths';
import { EnvoyHeaderMatch, EnvoyRouteInfo, EnvoyRouteTarget } from './types';
import { arrayOf, intOf, isRecord, protoEntry, protoField, stringOf } from './values';

/** Where a filter chain is: its listener, whether it is the default chain, and its JSON path. */
interface Chain {
  readonly listener: EnvoyRouteInfo['listener'];
  readonly defaultFilterChain: boolean;
  readonly path: string;
}

/** Every route of the bootstrap's `static_resources.listeners`; `path` is the bootstrap's path in its object. */
export function routesOf(bootstrap: unknown, path: string): EnvoyRouteInfo[] {
  const out: EnvoyRouteInfo[] = [];
  const resources = protoEntry(bootstrap, 'static_resources');
  const listeners = protoEntry(resources?.value, 'listeners');
  if (resources === undefined || listeners === undefined) return out;
  const listenersPath = child(child(path, resources.key), listeners.key);
  arrayOf(listeners.value).forEach((listener, index) => {
    const at = child(listenersPath, index);
    const name = isRecord(listener) ? stringOf(listener.name) : undefined;
    const where = { ...(name !== undefined ? { name } : {}), index };
    const chains = protoEntry(listener, 'filter_chains');
    arrayOf(chains?.value).forEach((chain, i) => filterChain(chain, { listener: where, defaultFilterChain: false, path: child(child(at, chains!.key), i) }, out));
    const fallback = protoEntry(listener, 'default_filter_chain');
    if (fallback !== undefined) filterChain(fallback.value, { listener: where, defaultFilterChain: true, path: child(at, fallback.key) }, out);
  });
  return out;
}

function filterChain(chain: unknown, where: Chain, out: EnvoyRouteInfo[]): void {
  const filters = protoEntry(chain, 'filters');
  arrayOf(filters?.value).forEach((filter, k) => {
    const config = protoEntry(filter, 'typed_config');
    if (config === undefined) return;
    const at = child(child(child(where.path, filters!.key), k), config.key);
    const routeConfig = protoEntry(config.value, 'route_config');
    if (routeConfig !== undefined) {
      httpRoutes(routeConfig.value, where, child(at, routeConfig.key), out);
    } else {
      // A TCP proxy: `cluster` / `weighted_clusters` at the top of its config, no Host to rewrite.
      out.push({ protocol: 'tcp', listener: where.listener, defaultFilterChain: where.defaultFilterChain, targets: targetsOf(config.value, at), path: at });
    }
  });
}

function httpRoutes(routeConfig: unknown, where: Chain, path: string, out: EnvoyRouteInfo[]): void {
  const hosts = protoEntry(routeConfig, 'virtual_hosts');
  arrayOf(hosts?.value).forEach((host, v) => {
    const hostPath = child(child(path, hosts!.key), v);
    const virtualHost = isRecord(host) ? { ...(stringOf(host.name) !== undefined ? { name: stringOf(host.name) } : {}), domains: arrayOf(host.domains).filter((d): d is string => typeof d === 'string') } : { domains: [] };
    const routes = protoEntry(host, 'routes');
    arrayOf(routes?.value).forEach((route, r) => {
      const action = protoEntry(route, 'route');
      if (action === undefined) return;
      const at = child(child(child(hostPath, routes!.key), r), action.key);
      const hostRewrite = hostRewriteOf(action.value);
      out.push({
        protocol: 'http',
        listener: where.listener,
        defaultFilterChain: where.defaultFilterChain,
        virtualHost,
        match: matchOf(protoField(route, 'match')),
        ...(hostRewrite !== undefined ? { hostRewrite } : {}),
        targets: targetsOf(action.value, at),
        path: at,
      });
    });
  });
}

function hostRewriteOf(action: unknown): EnvoyRouteInfo['hostRewrite'] {
  const literal = protoField(action, 'host_rewrite_literal');
  if (typeof literal === 'string') return { literal };
  return protoField(action, 'auto_host_rewrite') === true ? 'auto' : undefined;
}

function matchOf(match: unknown): NonNullable<EnvoyRouteInfo['match']> {
  const prefix = stringOf(protoField(match, 'prefix'));
  const path = stringOf(protoField(match, 'path'));
  const headers: EnvoyHeaderMatch[] = [];
  for (const header of arrayOf(protoField(match, 'headers'))) {
    const name = isRecord(header) ? stringOf(header.name) : undefined;
    if (name !== undefined) headers.push({ name, raw: header as Readonly<Record<string, unknown>> });
  }
  return { ...(prefix !== undefined ? { prefix } : {}), ...(path !== undefined ? { path } : {}), headers };
}

/** `cluster`, `weighted_clusters.clusters[].name` and `request_mirror_policies[].cluster` of a route action or TCP proxy. */
function targetsOf(action: unknown, path: string): EnvoyRouteTarget[] {
  const out: EnvoyRouteTarget[] = [];
  const cluster = protoEntry(action, 'cluster');
  if (cluster !== undefined && typeof cluster.value === 'string') out.push({ cluster: cluster.value, via: 'cluster', path: child(path, cluster.key) });
  const weighted = protoEntry(action, 'weighted_clusters');
  const clusters = protoEntry(weighted?.value, 'clusters');
  arrayOf(clusters?.value).forEach((entry, w) => {
    const name = protoEntry(entry, 'name');
    if (name === undefined || typeof name.value !== 'string') return;
    const weight = intOf(protoField(entry, 'weight'));
    out.push({ cluster: name.value, via: 'weighted', ...(weight !== undefined ? { weight } : {}), path: child(child(child(child(path, weighted!.key), clusters!.key), w), name.key) });
  });
  const mirrors = protoEntry(action, 'request_mirror_policies');
  arrayOf(mirrors?.value).forEach((mirror, m) => {
    const name = protoEntry(mirror, 'cluster');
    if (name !== undefined && typeof name.value === 'string') out.push({ cluster: name.value, via: 'mirror', path: child(child(child(path, mirrors!.key), m), name.key) });
  });
  return out;
}
