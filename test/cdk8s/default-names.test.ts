/**
 * Names from the construct path, defaults from the target, errors at the construct path: the cdk8s
 * constructs as a cdk8s user expects them (issue #21).
 */
import { App, Chart, Testing } from 'cdk8s';
import * as plus28 from 'cdk8s-plus-28';
import * as plus33 from 'cdk8s-plus-33';
import { Construct } from 'constructs';
import { EchoService, EnvoyDirectPods, HeadlessMeshService, rulesFindings } from '../../lib/cdk8s';
import { DNS_1035_LABEL, dnsLabelFromPath } from '../../lib/core/names';
import { IstioDirectError } from '../../lib/core/errors';

/** Every object name of a synth. */
function names(chart: Chart): string[] {
  return Testing.synth(chart).map((o) => o.metadata.name as string);
}

describe('default names from the construct path', () => {
  test('<chart>-<id>-<hash>, the hash being the construct address cdk8s uses', () => {
    const chart = new Chart(Testing.app(), 'shop');
    const echo = new EchoService(chart, 'echo');
    expect(echo.name).toBe(`shop-echo-${echo.node.addr.slice(0, 8)}`);
    expect(names(chart)).toEqual([echo.name, echo.name]);
    expect(echo.selectorLabels).toEqual({ app: echo.name });
  });

  test('two of each construct without names in one chart do not collide, and synth cleanly', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c');
    for (const id of ['one', 'two']) {
      const scope = new Construct(chart, id);
      const echo = new EchoService(scope, 'echo', { port: 8080, appProtocol: 'tcp' });
      const pods = new HeadlessMeshService(scope, 'pods', { target: echo });
      new EnvoyDirectPods(scope, 'envoy', { target: pods, istioSidecar: true });
    }
    const all = names(chart);
    expect(new Set(all.map((n, i) => `${Testing.synth(chart)[i].kind}/${n}`)).size).toBe(all.length);
    expect(() => app.synth()).not.toThrow();
    expect(rulesFindings(app).filter((f) => f.severity !== 'info')).toEqual([]);
  });

  test('valid for every kind: ids with capitals, underscores, dots, leading digits, and long paths', () => {
    const app = Testing.app();
    const chart = new Chart(app, '1st_Chart.v2');
    const deep = new Construct(new Construct(chart, 'A'.repeat(40)), 'B_'.repeat(30));
    const echo = new EchoService(deep, 'Echo_Service');
    const proxy = new EnvoyDirectPods(chart, '42', { target: echo, podIps: ['10.0.0.1'] });
    const mesh = new HeadlessMeshService(chart, 'Mesh.Pods', { target: echo });
    for (const name of [echo.name, proxy.name, mesh.name]) {
      expect(name).toMatch(DNS_1035_LABEL);
      expect(name.length).toBeLessThanOrEqual(63);
    }
    expect(echo.name).toMatch(/-echo-service-[0-9a-f]{8}$/);
    expect(proxy.name).toMatch(/^st-chart-v2-42-[0-9a-f]{8}$/);
    expect(mesh.name).toMatch(/^st-chart-v2-mesh-pods-[0-9a-f]{8}$/);
    expect(() => app.synth()).not.toThrow();
  });

  test('the same id in two charts gives two names', () => {
    const app = Testing.app();
    const a = new EchoService(new Chart(app, 'a'), 'echo');
    const b = new EchoService(new Chart(app, 'b'), 'echo');
    expect(a.name).not.toBe(b.name);
  });

  test('a chart with disableResourceNameHashes gets names without the hash, as its other objects', () => {
    const chart = new Chart(Testing.app(), 'plain', { disableResourceNameHashes: true });
    expect(new EchoService(chart, 'echo').name).toBe('plain-echo');
  });

  test('an EnvoyDirectPods names its ConfigMap as itself; given names and configMapName win', () => {
    const chart = Testing.chart();
    const echo = new EchoService(chart, 'echo', { name: 'echo-service' });
    const proxy = new EnvoyDirectPods(chart, 'envoy', { target: echo, podIps: ['10.0.0.1'] });
    const named = new EnvoyDirectPods(chart, 'named', { name: 'edge', target: echo, podIps: ['10.0.0.1'] });
    const old = new EnvoyDirectPods(chart, 'old', { name: 'envoy-proxy-istio-style', configMapName: 'envoy-config-istio-style', target: echo, podIps: ['10.0.0.1'] });
    expect(proxy.configMap.name).toBe(proxy.name);
    expect(named.configMap.name).toBe('edge');
    expect([old.name, old.configMap.name]).toEqual(['envoy-proxy-istio-style', 'envoy-config-istio-style']);
  });

  test('a HeadlessMeshService over a plain StatefulSet that names its serviceName takes that name', () => {
    const chart = Testing.chart();
    const mesh = new HeadlessMeshService(chart, 'mesh', {
      target: { kind: 'StatefulSet', name: 'kafka', selectorLabels: { app: 'kafka' }, replicas: 3, serviceName: 'kafka-headless', ports: [{ port: 9092 }] },
    });
    expect(mesh.name).toBe('kafka-headless');
    expect(mesh.podDnsNames[0]).toBe('kafka-0.kafka-headless.default.svc.cluster.local');
  });

  test('dnsLabelFromPath', () => {
    expect(dnsLabelFromPath(['seed', 'Echo_Service'], 'c8a1b2c3', 'echo')).toBe('seed-echo-service-c8a1b2c3');
    expect(dnsLabelFromPath(['seed', 'envoy', 'Resource'], undefined, 'envoy')).toBe('seed-envoy');
    expect(dnsLabelFromPath(['a', 'a', 'b'], undefined, 'x')).toBe('a-b');
    expect(dnsLabelFromPath(['---', '9'], 'c8a1b2c3', 'echo')).toBe('echo-c8a1b2c3');
    const long = dnsLabelFromPath(['x'.repeat(100), 'tail'], 'c8a1b2c3', 'echo');
    expect(long).toHaveLength(63);
    expect(long).toMatch(/^x+-tail-c8a1b2c3$/);
  });
});

describe("the README's examples written twice in one chart, with no name and no port", () => {
  test.each([
    ['cdk8s-plus-28', plus28],
    ['cdk8s-plus-33', plus33],
  ])('%s: a clean synth, no error and no warning', (_name, plus) => {
    const app = Testing.app();
    const chart = new Chart(app, 'twice');
    for (const id of ['first', 'second']) {
      const scope = new Construct(chart, id);
      new EchoService(scope, 'plain-echo');
      const echo = new EchoService(scope, 'echo', { port: 8080, appProtocol: 'tcp' });
      new EnvoyDirectPods(scope, 'envoy', { target: echo, podIps: ['10.244.0.26', '10.244.1.26', '10.244.2.12'] });
      const pods = new HeadlessMeshService(scope, 'pods', { target: echo });
      new EnvoyDirectPods(scope, 'envoy-dns', { target: pods, istioSidecar: true });
      new EnvoyDirectPods(scope, 'envoy-basic', { clusterName: 'echo_cluster', target: echo, discovery: 'service' });
      const etcd = new (plus as typeof plus28).StatefulSet(scope, 'etcd', {
        replicas: 3,
        podManagementPolicy: (plus as typeof plus28).PodManagementPolicy.PARALLEL,
        containers: [{ image: 'quay.io/coreos/etcd:v3.5.21', ports: [{ number: 2379 }, { number: 2380 }, { number: 2381 }] }],
      });
      new HeadlessMeshService(scope, 'etcd-mesh', { target: etcd as never, portLevelMtls: { 2381: 'DISABLE' } });
    }
    expect(() => app.synth()).not.toThrow();
    expect(rulesFindings(app).filter((f) => f.severity !== 'info')).toEqual([]);
  });
});

describe('defaults from the target: ports', () => {
  test('an EchoService target: its container port, as tcp', () => {
    const chart = Testing.chart();
    const echo = new EchoService(chart, 'echo', { containerPort: 9090 });
    const mesh = new HeadlessMeshService(chart, 'mesh', { target: echo });
    expect(mesh.ports).toEqual([expect.objectContaining({ port: 9090, name: 'tcp-9090', appProtocol: 'tcp', protocol: 'TCP' })]);
  });

  test('a plain workload with ports: its ports; without: the error says what to give', () => {
    const chart = Testing.chart();
    const target = { kind: 'Deployment' as const, name: 'web', selectorLabels: { app: 'web' } };
    const mesh = new HeadlessMeshService(chart, 'mesh', { target: { ...target, ports: [{ port: 8443, name: 'grpc-api' }, { port: 53, protocol: 'UDP' }] } });
    expect(mesh.ports.map((p) => `${p.name} ${p.port}/${p.protocol} ${p.appProtocol}`)).toEqual(['grpc-api 8443/TCP tcp', 'udp-53 53/UDP udp']);
    expect(() => new HeadlessMeshService(chart, 'bare', { target })).toThrow(/\(construct test\/bare\): ports: is required: .*target\.ports/);
  });

  test.each([
    ['cdk8s-plus-28', plus28],
    ['cdk8s-plus-33', plus33],
  ])('a %s workload: its containers\' ports', (_name, plus) => {
    const chart = Testing.chart();
    const web = new (plus as typeof plus28).Deployment(chart, 'web', {
      containers: [{ image: 'nginx:1.27', ports: [{ number: 8080, name: 'http-web' }, { number: 9901 }] }],
    });
    const mesh = new HeadlessMeshService(chart, 'mesh', { target: web as never });
    expect(mesh.ports.map((p) => `${p.name} ${p.port}`)).toEqual(['http-web 8080', 'tcp-9901 9901']);
  });
});

describe('prop errors name the construct path as well as the object', () => {
  test.each([
    ['EchoService', (scope: Construct) => new EchoService(scope, 'echo', { replicas: -1 }), /^EchoService "c-nested-echo-[0-9a-f]{8}" \(construct c\/nested\/echo\): replicas: -1/],
    ['EnvoyDirectPods', (scope: Construct) => new EnvoyDirectPods(scope, 'envoy', { target: { host: 'x', port: 80 }, adminAddress: '0.0.0.0' }), /^EnvoyDirectPods "c-nested-envoy-[0-9a-f]{8}" \(construct c\/nested\/envoy\): adminAddress:/],
    ['HeadlessMeshService', (scope: Construct) => new HeadlessMeshService(scope, 'mesh', { name: 'kafka', target: { kind: 'Deployment', name: 'k', selectorLabels: { app: 'k' } }, ports: [{ port: 0 }] }), /^HeadlessMeshService "kafka" \(construct c\/nested\/mesh\): ports\[0\]\.port: 0 is out of range 1-65535$/],
    ['props not an object', (scope: Construct) => new EchoService(scope, 'bad', 42 as never), /^EchoService \(construct c\/nested\/bad\): props: 42 is a number/],
  ])('%s', (_title, create, message) => {
    const scope = new Construct(new Chart(new App(), 'c'), 'nested');
    let error: unknown;
    try {
      create(scope);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(IstioDirectError);
    for (const line of (error as IstioDirectError).problems) expect(line).toMatch(message);
  });
});
