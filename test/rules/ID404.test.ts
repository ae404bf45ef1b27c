import { rule } from '../../lib/rules/checks/ID404-envoy-route-unknown-cluster';
import { docExamples, findings, summary, where } from './helpers';

function configMap(bootstrap: Record<string, unknown>): unknown {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'envoy', namespace: 'edge' }, data: { 'envoy.yaml': JSON.stringify(bootstrap) } };
}

const clusters = [{ name: 'echo-pods' }, { name: 'envoy_admin' }];

function http(route: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    static_resources: {
      listeners: [
        {
          name: 'in',
          filter_chains: [
            {
              filters: [
                {
                  name: 'envoy.filters.network.http_connection_manager',
                  typed_config: { route_config: { virtual_hosts: [{ name: 'v', domains: ['*'], routes: [{ match: { prefix: '/' }, route }] }] } },
                },
              ],
            },
          ],
        },
      ],
      clusters,
    },
    ...extra,
  };
}

const routePath = 'data["envoy.yaml"].static_resources.listeners[0].filter_chains[0].filters[0].typed_config.route_config.virtual_hosts[0].routes[0].route';

describe('ID404 envoy-route-unknown-cluster', () => {
  test('doc page examples', () => {
    const { failing, passing, expected } = docExamples('ID404');
    expect(findings(rule, failing).map(where)).toEqual(expected);
    expect(findings(rule, passing)).toEqual([]);
  });

  test('names the missing cluster, the defined ones, and the closest', () => {
    const [f] = findings(rule, [configMap(http({ cluster: 'echo_pods' }))]);
    expect(summary(f).path).toBe(`${routePath}.cluster`);
  });

  test('weighted clusters and mirrors', () => {
    const out = findings(rule, [
      configMap(http({ weighted_clusters: { clusters: [{ name: 'echo-pods', weight: 1 }, { name: 'canary', weight: 1 }] }, request_mirror_policies: [{ cluster: 'shadow' }] })),
    ]);
    expect(out.map((f) => summary(f).path)).toEqual([`${routePath}.request_mirror_policies[0].cluster`, `${routePath}.weighted_clusters.clusters[1].name`]);
    expect(out[1].message).toContain('name a cluster of static_resources.clusters, or add it');
  });

  test('a TCP proxy and a default filter chain, with JSON field names', () => {
    const bootstrap = {
      staticResources: {
        listeners: [{ defaultFilterChain: { filters: [{ name: 'envoy.filters.network.tcp_proxy', typedConfig: { statPrefix: 't', cluster: 'kafka' } }] } }],
        clusters: [{ name: 'zookeeper' }],
      },
    };
    const [f] = findings(rule, [configMap(bootstrap)]);
    expect(summary(f).path).toBe('data["envoy.yaml"].staticResources.listeners[0].defaultFilterChain.filters[0].typedConfig.cluster');
  });

  test('a bootstrap with CDS is skipped; a bootstrap without clusters says so', () => {
    expect(findings(rule, [configMap(http({ cluster: 'dynamic' }, { dynamic_resources: { cds_config: { ads: {} } } }))])).toEqual([]);
    const bare = http({ cluster: 'x' });
    (bare.static_resources as Record<string, unknown>).clusters = [];
    expect(findings(rule, [configMap(bare)])[0].message).toContain('(it has no static clusters)');
  });

  test('a standalone bootstrap', () => {
    const [f] = findings(rule, [http({ cluster: 'nope' })]);
    expect(summary(f).object).toMatch(/^Bootstrap /);
    expect(summary(f).path).toBe(routePath.replace('data["envoy.yaml"].', '') + '.cluster');
  });

  test('known clusters, cluster_header and wrong field types pass without crashing', () => {
    expect(findings(rule, [configMap(http({ cluster: 'echo-pods' }))])).toEqual([]);
    expect(findings(rule, [configMap(http({ cluster_header: 'x-cluster' }))])).toEqual([]);
    expect(findings(rule, [configMap(http({ cluster: 7, weighted_clusters: 'x', request_mirror_policies: {} }))])).toEqual([]);
    expect(findings(rule, [configMap({ static_resources: { listeners: 'x', clusters: 'y' } })])).toEqual([]);
    expect(findings(rule, [configMap({ static_resources: { listeners: [{ filter_chains: [{ filters: [null, { typed_config: [] }] }] }] } })])).toEqual([]);
  });
});
