/**
 * ID404: a route (or TCP proxy) whose `cluster` names no cluster of the
 * bootstrap. With static clusters only, Envoy answers such requests with 503
 * and the `NC` (no cluster found) response flag
 * (https://www.envoyproxy.io/docs/envoy/latest/configuration/observability/access_log/usage).
 * Bootstraps that load clusters over xDS (`dynamic_resources.cds_config`) are skipped.
 */
import { closest } from '../../base/suggest';
import { PathSegment, formatPath, joinPath } from '../../base/paths';
import { EnvoyBootstrapInfo, Rule, RuleReport } from '../types';
import { elements, field, fieldPath } from './helpers/envoy-config';

/** A cluster name as referenced, with its path inside the bootstrap. */
interface Reference {
  readonly name: string;
  readonly segments: PathSegment[];
}

export const rule: Rule = {
  code: 'ID404',
  name: 'envoy-route-unknown-cluster',
  title: 'An Envoy route whose cluster names no cluster of the bootstrap',
  severity: 'error',
  istioVersions: {},
  check(index, _options, report) {
    for (const bootstrap of index.envoyBootstraps) checkBootstrap(bootstrap, report);
  },
};

function checkBootstrap(bootstrap: EnvoyBootstrapInfo, report: RuleReport): void {
  const dynamic = field(bootstrap.bootstrap, 'dynamic_resources');
  if (field(dynamic?.value, 'cds_config') !== undefined || field(dynamic?.value, 'ads_config') !== undefined) return;
  const clusters = fieldPath(bootstrap.bootstrap, ['static_resources', 'clusters']);
  const names = new Set<string>();
  for (const [cluster] of elements(clusters?.value)) {
    const name = field(cluster, 'name')?.value;
    if (typeof name === 'string') names.add(name);
  }
  for (const reference of references(bootstrap.bootstrap)) {
    if (names.has(reference.name)) continue;
    const guess = names.size <= 1000 ? closest(reference.name, names) : undefined;
    const known = names.size === 0 ? 'it has no static clusters' : `static_resources.clusters has ${[...names].sort().slice(0, 8).map((n) => `"${n}"`).join(', ')}${names.size > 8 ? ', …' : ''}`;
    report(
      bootstrap.object,
      joinPath(bootstrap.path, formatPath(reference.segments)),
      `Envoy routes to cluster "${reference.name}", which is not a cluster of this bootstrap (${known}): Envoy answers every such request with 503 ` +
        `(response flag NC, no cluster found); ${guess !== undefined ? `did you mean "${guess}"?` : 'name a cluster of static_resources.clusters, or add it'}`,
    );
  }
}

/** Every cluster name referenced by the static listeners' HTTP routes and TCP proxies. */
function references(bootstrap: unknown): Reference[] {
  const out: Reference[] = [];
  const listeners = fieldPath(bootstrap, ['static_resources', 'listeners']);
  if (listeners === undefined) return out;
  for (const [listener, i] of elements(listeners.value)) {
    const base: PathSegment[] = [...listeners.segments, i];
    const chains = field(listener, 'filter_chains');
    for (const [chain, j] of elements(chains?.value)) filterChain(chain, [...base, chains!.key, j], out);
    const fallback = field(listener, 'default_filter_chain');
    if (fallback !== undefined) filterChain(fallback.value, [...base, fallback.key], out);
  }
  return out;
}

function filterChain(chain: unknown, base: PathSegment[], out: Reference[]): void {
  const filters = field(chain, 'filters');
  for (const [filter, k] of elements(filters?.value)) {
    const config = field(filter, 'typed_config');
    if (config === undefined) continue;
    const at: PathSegment[] = [...base, filters!.key, k, config.key];
    const routeConfig = field(config.value, 'route_config');
    if (routeConfig !== undefined) routes(routeConfig.value, [...at, routeConfig.key], out);
    else targets(config.value, at, out); // tcp_proxy: cluster / weighted_clusters at the top
  }
}

function routes(routeConfig: unknown, base: PathSegment[], out: Reference[]): void {
  const hosts = field(routeConfig, 'virtual_hosts');
  for (const [host, v] of elements(hosts?.value)) {
    const list = field(host, 'routes');
    for (const [route, r] of elements(list?.value)) {
      const action = field(route, 'route');
      if (action !== undefined) targets(action.value, [...base, hosts!.key, v, list!.key, r, action.key], out);
    }
  }
}

/** `cluster`, `weighted_clusters.clusters[].name` and `request_mirror_policies[].cluster` of a route action or TCP proxy. */
function targets(action: unknown, base: PathSegment[], out: Reference[]): void {
  const cluster = field(action, 'cluster');
  if (cluster !== undefined && typeof cluster.value === 'string') out.push({ name: cluster.value, segments: [...base, cluster.key] });
  const weighted = fieldPath(action, ['weighted_clusters', 'clusters']);
  for (const [entry, w] of elements(weighted?.value)) {
    const name = field(entry, 'name');
    if (name !== undefined && typeof name.value === 'string') out.push({ name: name.value, segments: [...base, ...weighted!.segments, w, name.key] });
  }
  const mirrors = field(action, 'request_mirror_policies');
  for (const [mirror, m] of elements(mirrors?.value)) {
    const name = field(mirror, 'cluster');
    if (name !== undefined && typeof name.value === 'string') out.push({ name: name.value, segments: [...base, mirrors!.key, m, name.key] });
  }
}
