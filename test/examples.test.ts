/**
 * The example app: the example scenario's objects with its names and
 * values (the user's kubectl / curl steps address them), the DNS variant and
 * the etcd gossip workload. Also runs the real `cdk8s synth` once.
 */
import { spawnSync } from 'child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { Testing } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { addExampleCharts, SEED_POD_IPS } from '../examples/cdk8s/charts';
import { clusterOf, envoyConfigOf, findObject, trafficRouteOf } from './helpers/objects';

const ROOT = resolve(__dirname, '..');

function synthAll() {
  const app = Testing.app();
  const charts = addExampleCharts(app);
  return {
    seed: Testing.synth(charts.seed),
    basic: Testing.synth(charts.basic),
    dns: Testing.synth(charts.dns),
    etcd: Testing.synth(charts.etcd),
  };
}

const out = synthAll();

describe('seed chart: the acceptance scenario', () => {
  const objects = out.seed;

  test('kubectl get pods -l app=envoy-proxy-istio-style / -l app=echo-service', () => {
    expect(findObject(objects, 'Deployment', 'envoy-proxy-istio-style').spec.template.metadata.labels.app).toBe('envoy-proxy-istio-style');
    expect(findObject(objects, 'Deployment', 'echo-service').spec.template.metadata.labels.app).toBe('echo-service');
  });

  test('echo-service: 3 replicas of the echo image on 8080', () => {
    const echo = findObject(objects, 'Deployment', 'echo-service');
    expect(echo.spec.replicas).toBe(3);
    expect(echo.spec.template.spec.containers[0].image).toMatch(/^mendhak\/http-https-echo:/);
    expect(echo.spec.template.spec.containers[0].ports[0].containerPort).toBe(8080);
    expect(findObject(objects, 'Service', 'echo-service').spec.ports[0]).toMatchObject({ port: 3000, targetPort: 8080, appProtocol: 'http' });
  });

  test('kubectl get svc envoy-proxy-istio-style: a LoadBalancer on 8080', () => {
    const svc = findObject(objects, 'Service', 'envoy-proxy-istio-style');
    expect(svc.spec.type).toBe('LoadBalancer');
    expect(svc.spec.ports[0].port).toBe(8080);
  });

  test('kubectl exec deployment/envoy-proxy-istio-style -c envoy: the container is named envoy', () => {
    expect(findObject(objects, 'Deployment', 'envoy-proxy-istio-style').spec.template.spec.containers[0].name).toBe('envoy');
  });

  test('kubectl edit configmap envoy-config-istio-style: envoy.yaml with echo_cluster_direct_pods', () => {
    const bootstrap = envoyConfigOf(findObject(objects, 'ConfigMap', 'envoy-config-istio-style'));
    const cluster = clusterOf(bootstrap, 'echo_cluster_direct_pods');
    expect(cluster.type).toBe('STATIC');
    expect(cluster.lb_policy).toBe('ROUND_ROBIN');
    expect(cluster.load_assignment.endpoints[0].lb_endpoints.map((e: any) => `${e.endpoint.address.socket_address.address}:${e.endpoint.address.socket_address.port_value}`)).toEqual([
      '10.244.0.26:8080',
      '10.244.1.26:8080',
      '10.244.2.12:8080',
    ]);
    expect(SEED_POD_IPS).toEqual(['10.244.0.26', '10.244.1.26', '10.244.2.12']);
    expect(cluster.health_checks[0]).toEqual({
      timeout: '1s',
      interval: '10s',
      unhealthy_threshold: 2,
      healthy_threshold: 2,
      no_traffic_interval: '10s',
      http_health_check: { path: '/', host: 'echo-service.default.svc.cluster.local', expected_statuses: [{ start: 200, end: 300 }] },
    });
    expect(bootstrap.admin.address.socket_address).toEqual({ address: '127.0.0.1', port_value: 9901 });
    expect(bootstrap.static_resources.listeners[0].address.socket_address.port_value).toBe(8080);
  });

  test('kubectl rollout restart is automatic: the pod template carries the config checksum', () => {
    const annotations = findObject(objects, 'Deployment', 'envoy-proxy-istio-style').spec.template.metadata.annotations;
    expect(annotations['istio-direct/config-sha256']).toMatch(/^[0-9a-f]{64}$/);
  });

  test('snapshot', () => {
    expect(objects).toMatchSnapshot();
  });
});

describe('basic-envoy chart: the example scenario\'s comparison', () => {
  test('cluster echo_cluster has one endpoint, echo-service:3000', () => {
    const bootstrap = envoyConfigOf(findObject(out.basic, 'ConfigMap', 'envoy-config'));
    const cluster = clusterOf(bootstrap, 'echo_cluster');
    expect(cluster.load_assignment.endpoints[0].lb_endpoints).toEqual([
      { endpoint: { address: { socket_address: { address: 'echo-service.default.svc.cluster.local', port_value: 3000 } } } },
    ]);
    expect(findObject(out.basic, 'Deployment', 'envoy-proxy').spec.template.spec.containers[0].name).toBe('envoy');
  });

  test('snapshot', () => {
    expect(out.basic).toMatchSnapshot();
  });
});

describe('dns-discovery chart: pod membership with no hand edits', () => {
  test('Envoy resolves the headless Service of the echo pods', () => {
    const svc = findObject(out.dns, 'Service', 'echo-service-pods');
    expect(svc.spec.clusterIP).toBe('None');
    expect(svc.spec.ports).toEqual([{ name: 'tcp-echo', port: 8080, targetPort: 8080, protocol: 'TCP', appProtocol: 'tcp' }]);
    const bootstrap = envoyConfigOf(findObject(out.dns, 'ConfigMap', 'envoy-config-istio-style'));
    const cluster = clusterOf(bootstrap, 'echo_cluster_direct_pods');
    expect(cluster.cluster_type.name).toBe('envoy.cluster.dns');
    expect(cluster.ignore_health_on_host_removal).toBe(true);
    expect(cluster.load_assignment.endpoints[0].lb_endpoints[0].endpoint.address.socket_address).toEqual({
      address: 'echo-service-pods.echo-dns.svc.cluster.local',
      port_value: 8080,
    });
    expect(trafficRouteOf(bootstrap).route.host_rewrite_literal).toBe('echo-service-pods.echo-dns.svc.cluster.local');
    expect(findObject(out.dns, 'PeerAuthentication').spec.mtls.mode).toBe('STRICT');
    expect(findObject(out.dns, 'Deployment', 'envoy-proxy-istio-style').spec.template.metadata.labels['sidecar.istio.io/inject']).toBe('true');
    expect(out.dns.filter((o) => o.kind !== 'Namespace').every((o) => o.metadata.namespace === 'echo-dns')).toBe(true);
  });

  test('every Service over the echo pods exposes 8080 as port 8080 with one protocol (no IST0137, no creation-order protocol)', () => {
    const services = out.dns.filter((o) => o.kind === 'Service' && o.spec.selector?.app === 'echo-service');
    expect(services.map((o) => o.metadata.name).sort()).toEqual(['echo-service', 'echo-service-pods']);
    const ports = services.flatMap((o) => o.spec.ports.filter((p: any) => p.targetPort === 8080));
    expect(ports.map((p: any) => [p.port, p.appProtocol])).toEqual([
      [8080, 'tcp'],
      [8080, 'tcp'],
    ]);
  });

  test('the headless Service over a Deployment publishes ready pods only', () => {
    expect(findObject(out.dns, 'Service', 'echo-service-pods').spec.publishNotReadyAddresses).toBe(false);
  });

  test('snapshot', () => {
    expect(out.dns).toMatchSnapshot();
  });
});

describe('etcd chart: a gossip workload', () => {
  test('a 3-member StatefulSet governed by the headless Service, peers by per-pod names', () => {
    const sts = findObject(out.etcd, 'StatefulSet', 'etcd');
    expect(sts.spec.serviceName).toBe('etcd');
    expect(sts.spec.replicas).toBe(3);
    const env = Object.fromEntries(sts.spec.template.spec.containers[0].env.map((e: any) => [e.name, e.value]));
    expect(env.ETCD_INITIAL_CLUSTER).toBe(
      'etcd-0=http://etcd-0.etcd.etcd.svc.cluster.local:2380,etcd-1=http://etcd-1.etcd.etcd.svc.cluster.local:2380,etcd-2=http://etcd-2.etcd.etcd.svc.cluster.local:2380',
    );
    const svc = findObject(out.etcd, 'Service', 'etcd');
    expect(svc.spec.ports.map((p: any) => [p.name, p.port, p.appProtocol])).toEqual([
      ['client', 2379, 'tcp'],
      ['peer', 2380, 'tcp'],
      ['metrics', 2381, 'tcp'],
    ]);
    expect(svc.spec.publishNotReadyAddresses).toBe(true);
    expect(findObject(out.etcd, 'PeerAuthentication').spec.portLevelMtls).toEqual({ '2381': { mode: 'DISABLE' } });
    expect(findObject(out.etcd, 'DestinationRule').spec.trafficPolicy.portLevelSettings).toEqual([{ port: { number: 2381 }, tls: { mode: 'DISABLE' } }]);
  });

  test('snapshot', () => {
    expect(out.etcd).toMatchSnapshot();
  });
});

test('synthesis is deterministic byte for byte', () => {
  const a = Testing.app();
  addExampleCharts(a);
  const b = Testing.app();
  addExampleCharts(b);
  expect(a.synthYaml()).toBe(b.synthYaml());
});

describe('cdk8s synth (the CLI, offline)', () => {
  const cdk8s = join(ROOT, 'node_modules', '.bin', 'cdk8s');

  test('writes one file per chart, equal to the charts\' synth output', () => {
    const dir = mkdtempSync(join(tmpdir(), 'istio-direct-synth-'));
    try {
      const run = spawnSync(cdk8s, ['synth', '--no-check-upgrade', '--output', dir], { cwd: ROOT, encoding: 'utf8' });
      expect(run.stderr).not.toMatch(/Error/);
      expect(run.status).toBe(0);
      expect(readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()).toEqual(['basic-envoy.k8s.yaml', 'canary.k8s.yaml', 'dns-discovery.k8s.yaml', 'etcd.k8s.yaml', 'scraping.k8s.yaml', 'seed.k8s.yaml', 'stateful-apps.k8s.yaml']);
      // The validation plugin (cdk8s.yaml) ran and passed.
      expect(run.stdout).toContain('Validations ended succesfully');
      const seed = parseAllDocuments(readFileSync(join(dir, 'seed.k8s.yaml'), 'utf8')).map((d) => d.toJS());
      expect(seed).toEqual(out.seed);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  test('bad input fails the synth and writes nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'istio-direct-bad-'));
    const app = join('test', 'fixtures', 'bad-app.ts');
    const outdir = join(dir, 'out');
    try {
      const run = spawnSync(cdk8s, ['synth', '--no-check-upgrade', '--app', `npx ts-node --transpile-only ${app}`, '--output', outdir], {
        cwd: ROOT,
        encoding: 'utf8',
      });
      expect(run.status).not.toBe(0);
      // The construct path as well as the object, and the message only: no stack trace of the app
      // (cdk8s-cli then reports, with its own stack, that the app exited with status 1).
      expect(run.stderr).toContain('IstioDirectError: HeadlessMeshService "kafka" (construct kafka/kafka): ports[0].port: 0 is out of range 1-65535\nSynthesis failed\n');
      expect(run.stderr).not.toMatch(/errors\.ts|at new HeadlessMeshService|bad-app\.ts:\d/);
      let written: string[] = [];
      try {
        written = readdirSync(outdir);
      } catch {
        written = [];
      }
      expect(written).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
