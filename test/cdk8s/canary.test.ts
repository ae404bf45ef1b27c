/**
 * The canary example (examples/cdk8s/canary.ts, `dist/canary.k8s.yaml`): echo
 * v1 x3 and v2 x1 behind one Envoy, 90/10 by weight and `x-version: v2` to v2;
 * it passes schema validation and the rules with no finding at all.
 */
import { Testing } from 'cdk8s';
import { CanaryChart, CANARY_NAMESPACE } from '../../examples/cdk8s/canary';
import { runRules, toManifestObjects } from '../../lib/rules';
import { validateObject } from '../../lib/validate';
import { clusterOf, envoyConfigOf, findObject } from '../helpers/objects';

const chart = new CanaryChart(Testing.app(), 'canary');
const objects: any[] = Testing.synth(chart);
const V1 = 'outbound|8080|v1|echo-service.echo-canary.svc.cluster.local';
const V2 = 'outbound|8080|v2|echo-service.echo-canary.svc.cluster.local';

describe('canary chart', () => {
  test('echo v1 x3 and v2 x1, one Service over both, a headless Service per version', () => {
    expect(objects.map((o) => `${o.kind} ${o.metadata.name}`)).toEqual([
      'Namespace echo-canary',
      'Deployment echo-service-v1',
      'Deployment echo-service-v2',
      'Service echo-service',
      'ConfigMap envoy-config-istio-style',
      'Deployment envoy-proxy-istio-style',
      'Service envoy-proxy-istio-style',
      'Service echo-service-v1',
      'Service echo-service-v2',
    ]);
    expect(findObject(objects, 'Deployment', 'echo-service-v1').spec.replicas).toBe(3);
    expect(findObject(objects, 'Deployment', 'echo-service-v2').spec.replicas).toBe(1);
    expect(objects.filter((o) => o.kind !== 'Namespace').every((o) => o.metadata.namespace === CANARY_NAMESPACE)).toBe(true);
    expect(findObject(objects, 'Service', 'echo-service-v2').spec).toMatchObject({ clusterIP: 'None', selector: { app: 'echo-service', version: 'v2' } });
  });

  test('Envoy: a cluster per version, x-version: v2 to v2, then 90/10', () => {
    const b = envoyConfigOf(findObject(objects, 'ConfigMap', 'envoy-config-istio-style'));
    expect(b.static_resources.clusters.map((c: any) => c.name)).toEqual([V1, V2, 'envoy_admin']);
    const routes = b.static_resources.listeners[0].filter_chains[0].filters[0].typed_config.route_config.virtual_hosts[0].routes;
    expect(routes.map((r: any) => [r.name, r.match, r.route.cluster ?? r.route.weighted_clusters.clusters.map((c: any) => `${c.name}=${c.weight}`)])).toEqual([
      ['canary-by-header', { prefix: '/', headers: [{ name: 'x-version', string_match: { exact: 'v2' } }] }, V2],
      ['default', { prefix: '/' }, [`${V1}=90`, `${V2}=10`]],
    ]);
    expect(clusterOf(b, V2).circuit_breakers.per_host_thresholds).toEqual([{ priority: 'DEFAULT', max_connections: 64 }]);
    expect(clusterOf(b, V2).track_cluster_stats).toEqual({ per_endpoint_stats: true });
    expect(clusterOf(b, V2).outlier_detection.enforcing_success_rate).toBe(0);
    expect(b.static_resources.listeners.map((l: any) => l.name)).toEqual(['ingress_http', 'readiness', 'stats']);
    expect(b.admin.address.socket_address).toEqual({ address: '127.0.0.1', port_value: 9901 });
  });

  test('schema validation and the rules: no finding at all', () => {
    expect(objects.flatMap((o) => validateObject(o).map((f) => `${o.kind} ${o.metadata.name}: ${f.code} ${f.path}: ${f.message}`))).toEqual([]);
    expect(runRules(toManifestObjects(objects)).map((f) => `${f.rule} ${f.object.kind} ${f.object.name} ${f.path}: ${f.message}`)).toEqual([]);
  });

  test('snapshot', () => {
    expect(objects).toMatchSnapshot();
  });
});
