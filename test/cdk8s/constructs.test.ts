import { ApiObject, Chart, JsonPatch, Testing } from 'cdk8s';
import * as plus28 from 'cdk8s-plus-28';
import * as plus33 from 'cdk8s-plus-33';
import { EchoService, EnvoyDirectPods, HeadlessMeshService, type MeshTarget } from '../../lib/cdk8s';
import { buildEchoService } from '../../lib/core/echo-service';
import { IstioDirectError } from '../../lib/core/errors';
import { envoyConfigOf, findObject } from '../helpers/objects';

const EXAMPLE_POD_IPS = ['10.244.0.26', '10.244.1.26', '10.244.2.12'];

describe('EchoService (cdk8s)', () => {
  test('synthesizes exactly the core objects', () => {
    const chart = Testing.chart();
    new EchoService(chart, 'echo', { name: 'echo-service' });
    expect(Testing.synth(chart)).toEqual(JSON.parse(JSON.stringify(buildEchoService().objects)));
  });

  test('exposes names, FQDN, selector labels and the workload', () => {
    const chart = Testing.chart();
    const echo = new EchoService(chart, 'echo', { name: 'echo', replicas: 2 });
    expect(echo.name).toBe('echo');
    expect(echo.fqdn).toBe('echo.default.svc.cluster.local');
    expect(echo.selectorLabels).toEqual({ app: 'echo' });
    expect(echo.endpoint.port).toBe(3000);
    expect(echo.endpoint.targetPort).toBe(8080);
    expect(echo.workload).toEqual({ kind: 'Deployment', name: 'echo', selectorLabels: { app: 'echo' }, replicas: 2, ports: [{ port: 8080 }] });
    expect(echo.apiObjects.map((o) => o.kind)).toEqual(['Deployment', 'Service']);
  });

  test('the chart namespace lands on the objects and in DNS names', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c', { namespace: 'demo' });
    const echo = new EchoService(chart, 'echo', { name: 'echo-service' });
    expect(echo.namespace).toBe('demo');
    expect(echo.fqdn).toBe('echo-service.demo.svc.cluster.local');
    expect(Testing.synth(chart).map((o) => o.metadata.namespace)).toEqual(['demo', 'demo']);
  });

  test('escape hatch: ApiObject.of is the Service and takes JSON patches', () => {
    const chart = Testing.chart();
    const echo = new EchoService(chart, 'echo');
    ApiObject.of(echo).addJsonPatch(JsonPatch.add('/spec/sessionAffinity', 'ClientIP'));
    echo.deployment.addJsonPatch(JsonPatch.replace('/spec/replicas', 5));
    const objects = Testing.synth(chart);
    expect(findObject(objects, 'Service').spec.sessionAffinity).toBe('ClientIP');
    expect(findObject(objects, 'Deployment').spec.replicas).toBe(5);
  });

  test('bad input fails when the construct is created', () => {
    const chart = Testing.chart();
    expect(() => new EchoService(chart, 'echo', { name: 'echo-service', replicas: -1 })).toThrow(
      new IstioDirectError(['EchoService "echo-service" (construct test/echo): replicas: -1 is not a whole number in 0-2147483647']),
    );
  });

  test('snapshot', () => {
    const chart = Testing.chart();
    new EchoService(chart, 'echo', { name: 'echo-service' });
    expect(Testing.synth(chart)).toMatchSnapshot();
  });
});

describe('HeadlessMeshService (cdk8s)', () => {
  test('an EchoService target selects the echo pods', () => {
    const chart = Testing.chart();
    const echo = new EchoService(chart, 'echo', { name: 'echo-service' });
    const pods = new HeadlessMeshService(chart, 'pods', { name: 'echo-service-pods', target: echo, ports: [{ port: 8080 }] });
    expect(pods.selectorLabels).toEqual({ app: 'echo-service' });
    expect(pods.endpoint.headless).toBe(true);
  });

  test('a plain workload without ports fails clearly', () => {
    const chart = Testing.chart();
    expect(() => new HeadlessMeshService(chart, 'm', { name: 'x', target: { kind: 'Deployment', name: 'x', selectorLabels: { app: 'x' } } })).toThrow(
      'HeadlessMeshService "x" (construct test/m): ports: is required: declare every port peers use',
    );
  });

  test('a HeadlessMeshService as target fails: it is a Service, not a workload', () => {
    const chart = Testing.chart();
    const echo = new EchoService(chart, 'echo');
    const pods = new HeadlessMeshService(chart, 'pods', { name: 'echo-service-pods', target: echo, ports: [{ port: 8080 }] });
    expect(() => new HeadlessMeshService(chart, 'again', { name: 'again', target: pods as any, ports: [{ port: 8080 }] })).toThrow(
      new IstioDirectError([
        'HeadlessMeshService "again" (construct test/again): target: HeadlessMeshService "echo-service-pods" is a Service, not a workload: pass the StatefulSet or Deployment it selects',
      ]),
    );
  });

  test('null target: a clear error, not a TypeError', () => {
    const chart = Testing.chart();
    expect(() => new HeadlessMeshService(chart, 'm', { name: 'x', target: null as any, ports: [{ port: 80 }] })).toThrow(
      'HeadlessMeshService "x" (construct test/m): target: is required: give a workload',
    );
  });

  test('a workload of any cdk8s-plus 2.x is a target without casts (type check), its UDP ports stay UDP', () => {
    const chart = Testing.chart();
    const dns = new plus33.StatefulSet(chart, 'dns', { metadata: { name: 'dns' }, containers: [{ image: 'coredns/coredns:1.12.1', ports: [{ number: 53, name: 'dns', protocol: plus33.Protocol.UDP }] }] });
    const target: MeshTarget = dns;
    const mesh = new HeadlessMeshService(chart, 'mesh', { name: 'dns', target });
    expect(mesh.ports).toEqual([{ name: 'dns', port: 53, protocol: 'UDP', appProtocol: 'udp' }]);
    expect(findObject(Testing.synth(chart), 'StatefulSet').spec.serviceName).toBe('dns');
  });

  test('snapshot with port-level DISABLE and a localhost port', () => {
    const chart = Testing.chart();
    new HeadlessMeshService(chart, 'mesh', {
      name: 'redis',
      target: { kind: 'StatefulSet', name: 'redis', selectorLabels: { app: 'redis' }, replicas: 3 },
      ports: [{ port: 6379, appProtocol: 'redis' }, { port: 16379, name: 'bus' }, { port: 9121, name: 'metrics' }],
      portLevelMtls: { 9121: 'DISABLE' },
      localhostPorts: [16379],
    });
    expect(Testing.synth(chart)).toMatchSnapshot();
  });
});

// Every test that uses a cdk8s-plus workload runs against the oldest and the newest cdk8s-plus 2.x:
// the constructs read workloads structurally and import no cdk8s-plus version.
describe.each([
  ['cdk8s-plus-28', plus28],
  ['cdk8s-plus-33', plus33 as unknown as typeof plus28],
])('HeadlessMeshService (cdk8s) over a %s workload', (_version, kplus) => {
  function etcdStatefulSet(chart: Chart, service?: plus28.Service): plus28.StatefulSet {
    return new kplus.StatefulSet(chart, 'etcd', {
      metadata: { name: 'etcd' },
      replicas: 3,
      service,
      containers: [
        {
          image: 'quay.io/coreos/etcd:v3.5.21',
          ports: [
            { number: 2379, name: 'client' },
            { number: 2380, name: 'peer' },
          ],
        },
      ],
    });
  }

  test('adopts a cdk8s-plus StatefulSet: governs it, replaces its headless Service', () => {
    // GIVEN
    const chart = Testing.chart();
    const sts = etcdStatefulSet(chart);

    // WHEN
    const mesh = new HeadlessMeshService(chart, 'mesh', { name: 'etcd', target: sts });

    // THEN
    const objects = Testing.synth(chart);
    expect(objects.filter((o) => o.kind === 'Service')).toHaveLength(1);
    const statefulSet = findObject(objects, 'StatefulSet');
    expect(statefulSet.spec.serviceName).toBe('etcd');
    const service = findObject(objects, 'Service', 'etcd');
    expect(service.spec.clusterIP).toBe('None');
    expect(service.spec.selector).toEqual(statefulSet.spec.selector.matchLabels);
    expect(service.spec.ports).toEqual([
      { name: 'client', port: 2379, targetPort: 2379, protocol: 'TCP', appProtocol: 'tcp' },
      { name: 'peer', port: 2380, targetPort: 2380, protocol: 'TCP', appProtocol: 'tcp' },
    ]);
    const pa = findObject(objects, 'PeerAuthentication');
    expect(pa.spec.selector.matchLabels).toEqual(statefulSet.spec.template.metadata.labels);
    expect(mesh.podDnsNames).toEqual(['etcd-0.etcd.default.svc.cluster.local', 'etcd-1.etcd.default.svc.cluster.local', 'etcd-2.etcd.default.svc.cluster.local']);
  });

  test('a StatefulSet with a user-given Service keeps that Service but is governed by ours', () => {
    const chart = Testing.chart();
    const own = new kplus.Service(chart, 'own', { metadata: { name: 'etcd-client' }, ports: [{ port: 2379 }] });
    const sts = etcdStatefulSet(chart, own);
    new HeadlessMeshService(chart, 'mesh', { name: 'etcd', target: sts });
    const objects = Testing.synth(chart);
    expect(findObject(objects, 'StatefulSet').spec.serviceName).toBe('etcd');
    expect(objects.filter((o) => o.kind === 'Service').map((o) => o.metadata.name).sort()).toEqual(['etcd', 'etcd-client']);
  });

  test('explicit ports win over the container ports', () => {
    const chart = Testing.chart();
    const mesh = new HeadlessMeshService(chart, 'mesh', { name: 'etcd', target: etcdStatefulSet(chart), ports: [{ port: 2380, name: 'peer' }] });
    expect(mesh.ports).toEqual([{ name: 'peer', port: 2380, protocol: 'TCP', appProtocol: 'tcp' }]);
  });

  test('a cdk8s-plus Deployment target: no per-pod names, asking for them fails', () => {
    const chart = Testing.chart();
    const web = new kplus.Deployment(chart, 'web', { metadata: { name: 'web' }, containers: [{ image: 'nginx:1.27', portNumber: 8080 }] });
    const mesh = new HeadlessMeshService(chart, 'mesh', { name: 'web-pods', target: web });
    expect(mesh.podDnsNames).toEqual([]);
    expect(mesh.ports.map((p) => p.port)).toEqual([8080]);
    expect(() => new HeadlessMeshService(chart, 'mesh2', { name: 'web-pods2', target: web, perPodDns: true })).toThrow(
      /HeadlessMeshService "web-pods2" \(construct test\/mesh2\): perPodDns: true, but the target is Deployment "web", whose pods have no per-pod DNS names/,
    );
  });

  test('two HeadlessMeshServices over one StatefulSet fail, naming both', () => {
    const chart = Testing.chart();
    const sts = etcdStatefulSet(chart);
    new HeadlessMeshService(chart, 'mesh', { name: 'etcd', target: sts });
    expect(() => new HeadlessMeshService(chart, 'mesh2', { name: 'etcd-peers', target: sts, peerAuthentication: false })).toThrow(
      /^HeadlessMeshService "etcd-peers" \(construct test\/mesh2\): target: StatefulSet "etcd" is already governed by HeadlessMeshService "etcd" \(test\/mesh\)/,
    );
    expect(() => new HeadlessMeshService(chart, 'mesh3', { name: 'etcd-peers', target: sts })).toThrow(IstioDirectError);
  });

  test('the target\'s namespace wins over the chart\'s; a different explicit one fails', () => {
    const app = Testing.app();
    const storage = new Chart(app, 'storage', { namespace: 'storage' });
    const sts = etcdStatefulSet(storage);
    const other = new Chart(app, 'other', { namespace: 'other' });
    const mesh = new HeadlessMeshService(other, 'mesh', { name: 'etcd', target: sts });
    expect(mesh.namespace).toBe('storage');
    expect(ApiObject.of(mesh).toJson().metadata.namespace).toBe('storage');
    expect(mesh.podDnsNames[0]).toBe('etcd-0.etcd.storage.svc.cluster.local');
    const echo = new EchoService(storage, 'echo', { name: 'echo-service' });
    expect(() => new HeadlessMeshService(other, 'pods', { name: 'pods', namespace: 'other', target: echo, ports: [{ port: 8080 }] })).toThrow(
      'HeadlessMeshService "pods" (construct other/pods): namespace: "other" differs from the namespace of Deployment "echo-service", "storage"',
    );
  });

  test('escape hatch: ApiObject.of is the Service', () => {
    const chart = Testing.chart();
    const mesh = new HeadlessMeshService(chart, 'mesh', { name: 'etcd', target: etcdStatefulSet(chart) });
    ApiObject.of(mesh).addJsonPatch(JsonPatch.add('/metadata/annotations', { team: 'storage' }));
    expect(findObject(Testing.synth(chart), 'Service', 'etcd').metadata.annotations).toEqual({ team: 'storage' });
    expect(mesh.apiObjects.map((o) => o.kind)).toEqual(['Service', 'PeerAuthentication']);
  });
});

describe('EnvoyDirectPods (cdk8s)', () => {
  test('targets an EchoService (static) and a HeadlessMeshService (dns)', () => {
    const chart = Testing.chart();
    const echo = new EchoService(chart, 'echo');
    const pods = new HeadlessMeshService(chart, 'pods', { name: 'echo-service-pods', target: echo, ports: [{ port: 8080 }] });
    const staticProxy = new EnvoyDirectPods(chart, 'static', { configMapName: 'envoy-config-istio-style', target: echo, podIps: EXAMPLE_POD_IPS });
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
    const proxy = new EnvoyDirectPods(chart, 'proxy', { name: 'envoy-proxy-istio-style', target: echo, podIps: EXAMPLE_POD_IPS });
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
    expect(() => new EnvoyDirectPods(chart, 'proxy', { name: 'envoy-proxy-istio-style', target: echo, podIps: ['not-an-ip'] })).toThrow(
      'EnvoyDirectPods "envoy-proxy-istio-style" (construct test/proxy): podIps[0]: "not-an-ip" is not an IPv4 or IPv6 address',
    );
  });
});
