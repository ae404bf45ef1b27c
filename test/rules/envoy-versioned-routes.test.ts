/**
 * The rules on Envoy routes with weighted clusters and header matches (issue #18): the index's
 * route records (a weighted cluster's own Host rewrite, the match's other conditions), ID404 on
 * weighted and header routes, ID105 taking a weighted cluster's Host rewrite, ID405 (a route after
 * a catch-all), and EnvoyDirectPods' versioned output passing them all.
 */
import { buildEchoService } from '../../lib/core/echo-service';
import { buildEnvoyDirectPods } from '../../lib/core/envoy-direct-pods';
import { rule as ID105 } from '../../lib/rules/checks/ID105-headless-http-pod-ip';
import { rule as ID404 } from '../../lib/rules/checks/ID404-envoy-route-unknown-cluster';
import { rule as ID405 } from '../../lib/rules/checks/ID405-envoy-route-shadowed';
import { buildIndex } from '../../lib/rules/index-builder';
import { resolveRuleOptions } from '../../lib/rules/options';
import { runRules, toManifestObjects } from '../../lib/rules';
import { runRule, summary } from './helpers';

const HCM = 'type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager';
const ROUTES = 'data["envoy.yaml"].static_resources.listeners[0].filter_chains[0].filters[0].typed_config.route_config.virtual_hosts[0].routes';

function configMap(routes: unknown[], clusters: unknown[], namespace = 'edge'): unknown {
  const bootstrap = {
    static_resources: {
      listeners: [
        {
          name: 'ingress',
          address: { socket_address: { address: '0.0.0.0', port_value: 8080 } },
          filter_chains: [{ filters: [{ name: 'hcm', typed_config: { '@type': HCM, stat_prefix: 'in', route_config: { virtual_hosts: [{ name: 'echo', domains: ['*'], routes }] } } }] }],
        },
      ],
      clusters,
    },
  };
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'envoy', namespace }, data: { 'envoy.yaml': JSON.stringify(bootstrap) } };
}

const dnsCluster = (name: string, address: string, port = 8080, healthHost?: string) => ({
  name,
  type: 'STRICT_DNS',
  load_assignment: { cluster_name: name, endpoints: [{ lb_endpoints: [{ endpoint: { address: { socket_address: { address, port_value: port } } } }] }] },
  ...(healthHost !== undefined ? { health_checks: [{ http_health_check: { path: '/', host: healthHost } }] } : {}),
});

const headerMatch = (value: string) => ({ prefix: '/', headers: [{ name: 'x-version', string_match: { exact: value } }] });
const weighted = (...clusters: Array<Record<string, unknown>>) => ({ weighted_clusters: { clusters } });

describe('the index reads weighted clusters and header routes', () => {
  test("a weighted cluster's own Host rewrite, and the match's other conditions", () => {
    const objects = toManifestObjects([
      configMap(
        [
          { match: { ...headerMatch('v2'), runtime_fraction: { default_value: { numerator: 1 } }, case_sensitive: false }, route: { cluster: 'v2' } },
          { match: { prefix: '/' }, route: { ...weighted({ name: 'v1', weight: 90, host_rewrite_literal: 'echo-v1.edge' }, { name: 'v2', weight: 10 }), host_rewrite_literal: 'echo.edge' } },
        ],
        [dnsCluster('v1', 'echo-v1'), dnsCluster('v2', 'echo-v2')],
      ),
    ]);
    const [first, second] = buildIndex(objects, resolveRuleOptions()).envoyBootstraps[0].routes;
    expect(first.match).toEqual({ prefix: '/', headers: [{ name: 'x-version', raw: { name: 'x-version', string_match: { exact: 'v2' } } }], conditions: ['runtime_fraction'] });
    expect(second.hostRewrite).toEqual({ literal: 'echo.edge' });
    expect(second.targets.map((t) => [t.cluster, t.weight, t.hostRewrite])).toEqual([
      ['v1', 90, { literal: 'echo-v1.edge' }],
      ['v2', 10, undefined],
    ]);
  });
});

describe('ID404 on weighted and header routes', () => {
  test('an unknown cluster in a weighted split and behind a header match are both reported, with a suggestion', () => {
    const yaml = [
      configMap(
        [
          { match: headerMatch('v2'), route: { cluster: 'echo-v3' } },
          { match: { prefix: '/' }, route: weighted({ name: 'echo-v1', weight: 90 }, { name: 'echo_v2', weight: 10 }) },
        ],
        [dnsCluster('echo-v1', 'a'), dnsCluster('echo-v2', 'b')],
      ),
    ];
    const found = runRule(ID404, yaml);
    expect(found.map(summary)).toEqual([
      { code: 'ID404', object: 'ConfigMap edge/envoy', path: `${ROUTES}[0].route.cluster` },
      { code: 'ID404', object: 'ConfigMap edge/envoy', path: `${ROUTES}[1].route.weighted_clusters.clusters[1].name` },
    ]);
    expect(found[1].message).toContain('did you mean "echo-v2"?');
  });
});

describe("ID105 takes a weighted cluster's own Host rewrite", () => {
  const headless = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'echo-v1', namespace: 'edge' },
    spec: { clusterIP: 'None', selector: { app: 'echo', version: 'v1' }, ports: [{ name: 'http', port: 8080 }] },
  };
  const clusters = [dnsCluster('v1', 'echo-v1.edge.svc.cluster.local', 8080, 'echo-v1.edge.svc.cluster.local'), dnsCluster('v2', 'elsewhere.example.com')];

  test("no finding when the weighted cluster rewrites Host to its Service, though the route's rewrite names another", () => {
    const route = { match: { prefix: '/' }, route: { ...weighted({ name: 'v1', weight: 90, host_rewrite_literal: 'echo-v1.edge.svc.cluster.local' }, { name: 'v2', weight: 10 }), host_rewrite_literal: 'example.com' } };
    expect(runRule(ID105, [headless, configMap([route], clusters)])).toEqual([]);
  });

  test("a finding when the weighted cluster's own rewrite names another host, though the route's names the Service", () => {
    const route = { match: { prefix: '/' }, route: { ...weighted({ name: 'v1', weight: 90, host_rewrite_literal: 'example.com' }, { name: 'v2', weight: 10 }), host_rewrite_literal: 'echo-v1.edge.svc.cluster.local' } };
    expect(runRule(ID105, [headless, configMap([route], clusters)]).map(summary)).toEqual([{ code: 'ID105', object: 'Service edge/echo-v1', path: 'spec.ports[0]' }]);
  });
});

describe('ID405 envoy-route-shadowed', () => {
  const clusters = [dnsCluster('v1', 'a'), dnsCluster('v2', 'b')];

  test('every route after the catch-all is reported once, naming the catch-all and what it hides', () => {
    const found = runRule(ID405, [
      configMap(
        [
          { match: { prefix: '/' }, route: weighted({ name: 'v1', weight: 90 }, { name: 'v2', weight: 10 }) },
          { match: headerMatch('v2'), route: { cluster: 'v2' } },
          { match: { path: '/health' }, route: { cluster: 'v1' } },
        ],
        clusters,
      ),
    ]);
    expect(found.map(summary)).toEqual([
      { code: 'ID405', object: 'ConfigMap edge/envoy', path: `${ROUTES}[1].route` },
      { code: 'ID405', object: 'ConfigMap edge/envoy', path: `${ROUTES}[2].route` },
    ]);
    expect(found[0].message).toContain('comes after routes[0] (to "v1", "v2"), which matches every request');
    expect(found[0].message).toContain('(prefix "/", header "x-version")');
    expect(found[1].message).toContain('(path "/health")');
  });

  test('not a catch-all: a header match, another prefix, a runtime fraction or query parameters; an empty prefix is one', () => {
    const later = { match: headerMatch('v2'), route: { cluster: 'v2' } };
    const first = (match: unknown) => runRule(ID405, [configMap([{ match, route: { cluster: 'v1' } }, later], clusters)]).length;
    expect(first(headerMatch('v1'))).toBe(0);
    expect(first({ prefix: '/api' })).toBe(0);
    expect(first({ prefix: '/', runtime_fraction: { default_value: { numerator: 50 } } })).toBe(0);
    expect(first({ prefix: '/', query_parameters: [{ name: 'v' }] })).toBe(0);
    expect(first({ prefix: '/', case_sensitive: false })).toBe(1);
    expect(first({ prefix: '' })).toBe(1);
  });

  test('virtual hosts are separate route tables', () => {
    const bootstrap = JSON.parse((configMap([{ match: { prefix: '/' }, route: { cluster: 'v1' } }], clusters) as any).data['envoy.yaml']);
    const hosts = bootstrap.static_resources.listeners[0].filter_chains[0].filters[0].typed_config.route_config.virtual_hosts;
    hosts.push({ name: 'other', domains: ['other.example.com'], routes: [{ match: headerMatch('v2'), route: { cluster: 'v2' } }, { match: { prefix: '/' }, route: { cluster: 'v1' } }] });
    const object = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'envoy', namespace: 'edge' }, data: { 'envoy.yaml': JSON.stringify(bootstrap) } };
    expect(runRule(ID405, [object])).toEqual([]);
  });
});

describe("EnvoyDirectPods' versioned output passes the route rules", () => {
  test('the canary routes (header route, then 90/10) give no finding of any rule', () => {
    const echo = buildEchoService({ namespace: 'canary', port: 8080, appProtocol: 'tcp', versions: [{ name: 'v1' }, { name: 'v2' }] });
    const envoy = buildEnvoyDirectPods({
      target: echo,
      versions: [{ name: 'v1' }, { name: 'v2' }],
      routes: [{ headers: [{ name: 'x-version', exact: 'v2' }], version: 'v2' }, { weights: { v1: 90, v2: 10 } }],
      statsListener: {},
      istioSidecar: true,
    });
    const findings = runRules(toManifestObjects([...echo.objects, ...envoy.objects]));
    expect(findings.map((f) => `${f.code} ${f.path}: ${f.message}`)).toEqual([]);
  });
});
