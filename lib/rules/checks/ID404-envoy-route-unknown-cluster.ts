/**
 * ID404: a route (or TCP proxy) whose `cluster` names no cluster of the
 * bootstrap. With static clusters only, Envoy answers such requests with 503
 * and the `NC` (no cluster found) response flag
 * (https://www.envoyproxy.io/docs/envoy/latest/configuration/observability/access_log/usage).
 * Bootstraps that load clusters over xDS (`dynamic_resources.cds_config`) are skipped.
 */
import { closest } from '../../base/suggest';
import { EnvoyBootstrapInfo, Rule, RuleReport } from '../types';
import { protoField } from '../values';

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
  const dynamic = protoField(bootstrap.bootstrap, 'dynamic_resources');
  if (protoField(dynamic, 'cds_config') !== undefined || protoField(dynamic, 'ads_config') !== undefined) return;
  const names = new Set<string>();
  for (const cluster of bootstrap.clusters) {
    if (typeof cluster.raw.name === 'string') names.add(cluster.raw.name);
  }
  let known: string | undefined;
  for (const route of bootstrap.routes) {
    for (const target of route.targets) {
      if (names.has(target.cluster)) continue;
      const guess = names.size <= 1000 ? closest(target.cluster, names) : undefined;
      // The same for every route of the bootstrap: sorted once.
      if (known === undefined) known = names.size === 0 ? 'it has no static clusters' : `static_resources.clusters has ${[...names].sort().slice(0, 8).map((n) => `"${n}"`).join(', ')}${names.size > 8 ? ', …' : ''}`;
      report(
        bootstrap.object,
        target.path,
        `Envoy routes to cluster "${target.cluster}", which is not a cluster of this bootstrap (${known}): Envoy answers every such request with 503 ` +
          `(response flag NC, no cluster found); ${guess !== undefined ? `did you mean "${guess}"?` : 'name a cluster of static_resources.clusters, or add it'}`,
      );
    }
  }
}
