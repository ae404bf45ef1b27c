/** The cdk8s HeadlessMeshService: targets (EchoService, plain workloads, cdk8s-plus 2.x), namespaces, escape hatches, bad input. */
import { ApiObject, Chart, JsonPatch, Testing } from 'cdk8s';
import * as plus28 from 'cdk8s-plus-28';
import * as plus33 from 'cdk8s-plus-33';
import { EchoService, HeadlessMeshService, type MeshTarget } from '../../lib/cdk8s';
import { IstioDirectError } from '../../lib/core/errors';
import { findObject } from '../helpers/objects';

describe('HeadlessMeshService (cdk8s)', () => {
  test('an EchoService target selects the echo pods', () => {
    const chart = Testing.chart();
    const echo = new EchoService(chart, 'echo');
    const pods = new HeadlessMeshService(chart, 'pods', { name: 'echo-service-pods', target: echo, ports: [{ port: 8080 }] });
    expect(pods.selectorLabels).toEqual({ app: 'echo-service' });
    expect(pods.endpoint.headless).toBe(true);
  });

  test('a plain workload without ports fails clearly', () => {
    const chart = Testing.chart();
    expect(() => new HeadlessMeshService(chart, 'm', { name: 'x', target: { kind: 'Deployment', name: 'x', selectorLabels: { app: 'x' } } })).toThrow(
      'HeadlessMeshService "x": ports: is required: declare every port peers use',
    );
  });

  test('a HeadlessMeshService as target fails: it is a Service, not a workload', () => {
    const chart = Testing.chart();
    const echo = new EchoService(chart, 'echo');
    const pods = new HeadlessMeshService(chart, 'pods', { name: 'echo-service-pods', target: echo, ports: [{ port: 8080 }] });
    expect(() => new HeadlessMeshService(chart, 'again', { name: 'again', target: pods as any, ports: [{ port: 8080 }] })).toThrow(
      new IstioDirectError([
        'HeadlessMeshService "again": target: HeadlessMeshService "echo-service-pods" is a Service, not a workload: pass the StatefulSet or Deployment it selects',
      ]),
    );
  });

  test('null target: a clear error, not a TypeError', () => {
    const chart = Testing.chart();
    expect(() => new HeadlessMeshService(chart, 'm', { name: 'x', target: null as any, ports: [{ port: 80 }] })).toThrow(
      'HeadlessMeshService "x": target: is required: give a workload',
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
      /HeadlessMeshService "web-pods2": perPodDns: true, but the target is Deployment "web", whose pods have no per-pod DNS names/,
    );
  });

  test('two HeadlessMeshServices over one StatefulSet fail, naming both', () => {
    const chart = Testing.chart();
    const sts = etcdStatefulSet(chart);
    new HeadlessMeshService(chart, 'mesh', { name: 'etcd', target: sts });
    expect(() => new HeadlessMeshService(chart, 'mesh2', { name: 'etcd-peers', target: sts, peerAuthentication: false })).toThrow(
      /^HeadlessMeshService "etcd-peers": target: StatefulSet "etcd" is already governed by HeadlessMeshService "etcd" \(test\/mesh\)/,
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
    const echo = new EchoService(storage, 'echo');
    expect(() => new HeadlessMeshService(other, 'pods', { name: 'pods', namespace: 'other', target: echo, ports: [{ port: 8080 }] })).toThrow(
      'HeadlessMeshService "pods": namespace: "other" differs from the namespace of Deployment "echo-service", "storage"',
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
