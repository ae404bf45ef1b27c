/** The cdk8s EnvoyDirectPods: targets, exposed values, escape hatches, bad input; namespaces follow the target, not the chart. */
import { ApiObject, App, Chart, JsonPatch, Testing } from 'cdk8s';
import { EchoService, EnvoyDirectPods, HeadlessMeshService } from '../../lib/cdk8s';
import { IstioDirectError } from '../../lib/core/errors';
import { envoyConfigOf, findObject } from '../helpers/objects';

const IPS = ['10.244.0.26', '10.244.1.26', '10.244.2.12'];

describe('EnvoyDirectPods (cdk8s)', () => {
  test('targets an EchoService (static) and a HeadlessMeshService (dns)', () => {
    const chart = Testing.chart();
    const echo = new EchoService(chart, 'echo');
    const pods = new HeadlessMeshService(chart, 'pods', { name: 'echo-service-pods', target: echo, ports: [{ port: 8080 }] });
    const staticProxy = new EnvoyDirectPods(chart, 'static', { target: echo, podIps: IPS });
    const dnsProxy = new EnvoyDirectPods(chart, 'dns', { name: 'envoy-dns', configMapName: 'envoy-dns', target: pods });
    expect(staticProxy.discovery).toBe('static');
    expect(dnsProxy.discovery).toBe('dns');
    const objects = Testing.synth(chart);
    const staticCluster = envoyConfigOf(findObject(objects, 'ConfigMap', 'envoy-config-istio-style')).static_resources.clusters[0];
    expect(staticCluster.load_assignment.endpoints[0].lb_endpoints).toHaveLength(3);
    const dnsCluster = envoyConfigOf(findObject(objects, 'ConfigMap', 'envoy-dns')).static_resources.clusters[0];
    expect(dnsCluster.load_assignment.endpoints[0].lb_endpoints[0].endpoint.address.socket_address.address).toBe(
      'echo-service-pods.default.svc.cluster.local',
    );
  });

  test('exposes the bootstrap, checksum and cluster name', () => {
    const chart = Testing.chart();
    const echo = new EchoService(chart, 'echo');
    const proxy = new EnvoyDirectPods(chart, 'proxy', { target: echo, podIps: IPS });
    expect(proxy.clusterName).toBe('echo_cluster_direct_pods');
    expect(proxy.name).toBe('envoy-proxy-istio-style');
    expect(proxy.endpoint).toEqual({ name: 'envoy-proxy-istio-style', namespace: undefined, port: 8080 });
    expect(proxy.configChecksum).toMatch(/^[0-9a-f]{64}$/);
    expect(proxy.bootstrap.admin.address.socket_address.address).toBe('127.0.0.1');
    const deployment = findObject(Testing.synth(chart), 'Deployment', 'envoy-proxy-istio-style');
    expect(deployment.spec.template.metadata.annotations['istio-direct/config-sha256']).toBe(proxy.configChecksum);
  });

  test('escape hatch: ApiObject.of is the Deployment', () => {
    const chart = Testing.chart();
    const proxy = new EnvoyDirectPods(chart, 'proxy', { target: { host: 'echo', port: 8080 }, discovery: 'service' });
    ApiObject.of(proxy).addJsonPatch(JsonPatch.replace('/spec/replicas', 3));
    expect(findObject(Testing.synth(chart), 'Deployment').spec.replicas).toBe(3);
  });

  test('bad input fails when the construct is created', () => {
    const chart = Testing.chart();
    const echo = new EchoService(chart, 'echo');
    expect(() => new EnvoyDirectPods(chart, 'proxy', { target: echo, podIps: ['not-an-ip'] })).toThrow(
      'EnvoyDirectPods "envoy-proxy-istio-style": podIps[0]: "not-an-ip" is not an IPv4 or IPv6 address',
    );
  });
});


describe('EnvoyDirectPods (cdk8s): namespaces', () => {
  test('the target\'s namespace wins over the chart\'s when the proxy sets none', () => {
    const app = new App();
    const echoChart = new Chart(app, 'echo', { namespace: 'echo' });
    const proxyChart = new Chart(app, 'proxy', { namespace: 'edge' });
    const echo = new EchoService(echoChart, 'echo');
    const pods = new HeadlessMeshService(echoChart, 'pods', { name: 'echo-service-pods', target: echo, ports: [{ port: 8080 }] });
    const proxy = new EnvoyDirectPods(proxyChart, 'proxy', { target: pods });
    expect(proxy.endpoint.namespace).toBe('echo');
    const objects = Testing.synth(proxyChart);
    expect(objects.map((o) => o.metadata.namespace)).toEqual(['echo', 'echo', 'echo']);
  });

  test('in one chart, the chart\'s namespace (the target\'s too)', () => {
    const app = Testing.app();
    const ns = new Chart(app, 'ns', { namespace: 'echo-dns' });
    const echo = new EchoService(ns, 'echo');
    const proxy = new EnvoyDirectPods(ns, 'proxy', { target: echo, podIps: IPS });
    expect(proxy.endpoint).toEqual({ name: 'envoy-proxy-istio-style', namespace: 'echo-dns', port: 8080 });
    expect(Testing.synth(ns).every((o) => o.metadata.namespace === 'echo-dns')).toBe(true);
  });

  test('an explicit { host, port } target takes the chart\'s namespace', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'edge', { namespace: 'edge' });
    const proxy = new EnvoyDirectPods(chart, 'proxy', { target: { host: 'api.example.internal', port: 443 } });
    expect(proxy.endpoint.namespace).toBe('edge');
    expect(Testing.synth(chart).every((o) => o.metadata.namespace === 'edge')).toBe(true);
  });

  test('a namespace other than the target\'s fails at construction', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'echo', { namespace: 'echo' });
    const echo = new EchoService(chart, 'echo');
    expect(() => new EnvoyDirectPods(chart, 'proxy', { target: echo, podIps: IPS, namespace: 'edge' })).toThrow(IstioDirectError);
    expect(() => new EnvoyDirectPods(chart, 'proxy2', { target: echo, podIps: IPS, namespace: 'edge' })).toThrow(
      'EnvoyDirectPods "envoy-proxy-istio-style": namespace: "edge" differs from the namespace "echo" of the target Service "echo-service"',
    );
  });

  test('the IP family is exposed', () => {
    const chart = Testing.chart();
    const echo = new EchoService(chart, 'echo');
    expect(new EnvoyDirectPods(chart, 'proxy', { target: echo, podIps: ['fd00::1'], ipFamily: 'IPv6' }).ipFamily).toBe('IPv6');
  });
});
