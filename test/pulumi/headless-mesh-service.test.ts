// GIVEN the mocks, installed before any component module loads.
import { registeredOutputs, registrationsWithPrefix, settle, unwrap } from './mocks';
import * as k8s from '@pulumi/kubernetes';
import { IstioDirectError } from '../../lib/core/errors';
import { buildHeadlessMeshService, HeadlessMeshServiceProps as CoreProps } from '../../lib/core/headless-mesh-service';
import { WorkloadRef } from '../../lib/core/types';
import { EchoService, HeadlessMeshService } from '../../lib/pulumi';
import { workloadMismatches } from '../../lib/pulumi/headless-mesh-service';

const ETCD: WorkloadRef = { kind: 'StatefulSet', name: 'etcd', selectorLabels: { app: 'etcd' }, replicas: 3, serviceName: 'etcd' };
const ETCD_PORTS = [
  { port: 2379, name: 'client' },
  { port: 2380, name: 'peer' },
  { port: 2381, name: 'metrics' },
];

/** A StatefulSet resource with the given fields. */
function statefulSet(name: string, fields: { name?: string; labels?: Record<string, string>; replicas?: number; serviceName?: string } = {}) {
  const labels = fields.labels ?? { app: 'etcd' };
  return new k8s.apps.v1.StatefulSet(name, {
    metadata: { name: fields.name ?? 'etcd' },
    spec: {
      serviceName: fields.serviceName ?? 'etcd',
      replicas: fields.replicas ?? 3,
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [{ name: 'etcd', image: 'quay.io/coreos/etcd:v3.5.21' }] } },
    },
  });
}

describe('pulumi HeadlessMeshService', () => {
  test('registers the component, Service, PeerAuthentication and DestinationRule', async () => {
    const hms = new HeadlessMeshService('snap-hms', { name: 'etcd', target: ETCD, ports: ETCD_PORTS, portLevelMtls: { 2381: 'DISABLE' } });
    await settle([hms, ...hms.resources]);
    expect(registrationsWithPrefix('snap-hms')).toMatchSnapshot();
  });

  test('type tokens, logical names and parents', async () => {
    const hms = new HeadlessMeshService('tok-hms', {
      name: 'etcd',
      target: ETCD,
      ports: ETCD_PORTS,
      portLevelMtls: { 2381: 'DISABLE' },
      localhostPorts: [2381],
    });
    expect(hms.peerAuthentication).toBeInstanceOf(k8s.apiextensions.CustomResource);
    const urns = await settle([hms, hms.service, hms.peerAuthentication!, hms.destinationRule!, hms.sidecar!]);
    const prefix = 'urn:pulumi:test::istio-direct::istio-direct:index:HeadlessMeshService';
    expect(urns).toEqual([
      `${prefix}::tok-hms`,
      `${prefix}$kubernetes:core/v1:Service::tok-hms-service`,
      `${prefix}$kubernetes:security.istio.io/v1:PeerAuthentication::tok-hms-peerauthentication`,
      `${prefix}$kubernetes:networking.istio.io/v1:DestinationRule::tok-hms-destinationrule`,
      `${prefix}$kubernetes:networking.istio.io/v1:Sidecar::tok-hms-sidecar`,
    ]);
  });

  test('no PeerAuthentication when turned off; no DestinationRule or Sidecar unless needed', async () => {
    const hms = new HeadlessMeshService('off-hms', { name: 'etcd', target: ETCD, ports: ETCD_PORTS, peerAuthentication: false });
    await settle([hms, ...hms.resources]);
    expect(hms.peerAuthentication).toBeUndefined();
    expect(hms.destinationRule).toBeUndefined();
    expect(hms.sidecar).toBeUndefined();
    expect(registrationsWithPrefix('off-hms-').map((r) => r.type)).toEqual(['kubernetes:core/v1:Service']);
  });

  test('plain properties match the core; registered outputs expose names, FQDNs and per-pod hostnames', async () => {
    const props: CoreProps = { name: 'etcd', namespace: 'etcd', target: ETCD, ports: ETCD_PORTS };
    const hms = new HeadlessMeshService('out-hms', props);
    const core = buildHeadlessMeshService(props);
    expect(hms.manifests).toEqual(core);
    expect(hms.fqdn).toBe('etcd.etcd.svc.cluster.local');
    expect(hms.podDnsNames).toEqual([
      'etcd-0.etcd.etcd.svc.cluster.local',
      'etcd-1.etcd.etcd.svc.cluster.local',
      'etcd-2.etcd.etcd.svc.cluster.local',
    ]);
    expect(hms.endpoint).toEqual(core.endpoint);
    expect(hms.ports).toEqual(core.ports);
    expect(hms.workload).toEqual(ETCD);
    expect(await registeredOutputs(hms)).toEqual({
      serviceName: 'etcd',
      namespace: 'etcd',
      fqdn: 'etcd.etcd.svc.cluster.local',
      port: 2379,
      ports: core.ports,
      selectorLabels: { app: 'etcd' },
      podDnsNames: core.podDnsNames,
      workload: ETCD,
    });
  });

  test('the component inputs are its props with the target as a plain workload', async () => {
    const echo = new EchoService('in-hms-echo');
    const hms = new HeadlessMeshService('in-hms', { name: 'echo-pods', target: echo, ports: [{ port: 8080 }] });
    await settle([echo, hms, ...echo.resources, ...hms.resources]);
    const [component] = registrationsWithPrefix('in-hms').filter((r) => r.type === 'istio-direct:index:HeadlessMeshService');
    expect(component.inputs).toEqual({ name: 'echo-pods', target: echo.workload, ports: [{ port: 8080 }] });
  });

  test('an EchoService target selects its pods; a Deployment has no per-pod names', () => {
    const echo = new EchoService('echo-target');
    const hms = new HeadlessMeshService('echo-target-hms', { name: 'echo-pods', target: echo, ports: [{ port: 8080 }] });
    expect(hms.selectorLabels).toEqual({ app: 'echo-service' });
    expect(hms.podDnsNames).toEqual([]);
    expect(hms.workload).toBe(echo.workload);
  });

  test('a StatefulSet resource target: its plain ref builds the objects, the resource is checked', async () => {
    const sts = statefulSet('res-sts');
    const hms = new HeadlessMeshService('res-hms', { name: 'etcd', target: { workload: sts, ref: ETCD }, ports: ETCD_PORTS });
    expect(hms.manifests).toEqual(buildHeadlessMeshService({ name: 'etcd', target: ETCD, ports: ETCD_PORTS }));
    expect(await unwrap(hms.targetCheck)).toEqual(ETCD);
  });

  test('a Deployment resource target', async () => {
    const labels = { app: 'web' };
    const deployment = new k8s.apps.v1.Deployment('res-dep', {
      metadata: { name: 'web' },
      spec: { replicas: 2, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } } },
    });
    const ref: WorkloadRef = { kind: 'Deployment', name: 'web', selectorLabels: labels, replicas: 2 };
    const hms = new HeadlessMeshService('res-dep-hms', { name: 'web-pods', target: { workload: deployment, ref }, ports: [{ port: 80 }] });
    expect(hms.selectorLabels).toEqual(labels);
    expect(await unwrap(hms.targetCheck)).toEqual(ref);
  });

  test('a ref whose kind contradicts its resource is rejected at construction', () => {
    const sts = statefulSet('kind-sts');
    expect(
      () => new HeadlessMeshService('kind-hms', { name: 'etcd', target: { workload: sts, ref: { ...ETCD, kind: 'Deployment' } }, ports: ETCD_PORTS }),
    ).toThrow(new IstioDirectError(['HeadlessMeshService "etcd": target.ref.kind: "Deployment" does not match target.workload, a StatefulSet']));
  });

  test('workloadMismatches names every field that differs from the ref', () => {
    expect(workloadMismatches({ name: 'etcd', selectorLabels: { app: 'etcd' }, replicas: 3, serviceName: 'etcd' }, ETCD, 'etcd')).toEqual([]);
    expect(workloadMismatches({ name: 'etcd2', selectorLabels: { app: 'x' }, replicas: 5, serviceName: 'etcd-headless' }, ETCD, 'etcd')).toEqual([
      'HeadlessMeshService "etcd": target.workload.metadata.name: is "etcd2", but target.ref says "etcd"',
      'HeadlessMeshService "etcd": target.workload.spec.selector.matchLabels: is {"app":"x"}, but target.ref says {"app":"etcd"}: the Service would select other pods',
      'HeadlessMeshService "etcd": target.workload.spec.replicas: is 5, but target.ref says 3: per-pod DNS names would be wrong',
      'HeadlessMeshService "etcd": target.workload.spec.serviceName: is "etcd-headless", but must be "etcd": StatefulSet pods get per-pod DNS names only under their governing Service (https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#stable-network-id)',
    ]);
    // Kubernetes defaults replicas to 1.
    expect(workloadMismatches({ name: 'web', selectorLabels: { app: 'web' } }, { kind: 'Deployment', name: 'web', selectorLabels: { app: 'web' }, replicas: 1 }, 'web')).toEqual([]);
  });

  describe('bad input throws the same IstioDirectError as the core, before anything registers', () => {
    const cases: Record<string, CoreProps> = {
      'out-of-range port': { name: 'kafka', target: { kind: 'StatefulSet', name: 'kafka', selectorLabels: { app: 'kafka' }, replicas: 3 }, ports: [{ port: 0 }] },
      'empty selector': { name: 'web', target: { kind: 'Deployment', name: 'web', selectorLabels: {} }, ports: [{ port: 80 }] },
      'per-pod DNS on a Deployment': { name: 'web', target: { kind: 'Deployment', name: 'web', selectorLabels: { app: 'web' } }, ports: [{ port: 80 }], perPodDns: true },
      'DISABLE in ambient': { ...{ name: 'etcd', target: ETCD, ports: ETCD_PORTS }, dataplaneMode: 'ambient', portLevelMtls: { 2381: 'DISABLE' } },
      'StatefulSet governed by another Service': { name: 'etcd', target: { ...ETCD, serviceName: 'other' }, ports: ETCD_PORTS },
    };
    Object.entries(cases).forEach(([title, props], i) => {
      test(title, () => {
        let core: unknown;
        try {
          buildHeadlessMeshService(props);
        } catch (e) {
          core = e;
        }
        expect(core).toBeInstanceOf(IstioDirectError);
        expect(() => new HeadlessMeshService(`bad-hms${i}`, props)).toThrow(core as Error);
        expect(registrationsWithPrefix(`bad-hms${i}`)).toEqual([]);
      });
    });

    test('a HeadlessMeshService as target: it is a Service, not a workload', () => {
      const pods = new HeadlessMeshService('svc-target-hms', { name: 'etcd', target: ETCD, ports: ETCD_PORTS });
      expect(() => new HeadlessMeshService('svc-target-hms2', { name: 'again', target: pods as any, ports: ETCD_PORTS })).toThrow(
        new IstioDirectError([
          'HeadlessMeshService "again": target: HeadlessMeshService "etcd" is a Service, not a workload: pass the StatefulSet or Deployment it selects',
        ]),
      );
      expect(registrationsWithPrefix('svc-target-hms2')).toEqual([]);
    });

    test('null target and YAML-style wrong types: the core message, no TypeError', () => {
      expect(() => new HeadlessMeshService('null-hms', { name: 'web', target: null as any, ports: [{ port: 80 }] })).toThrow(
        'HeadlessMeshService "web": target: is required: give a workload',
      );
      expect(() => new HeadlessMeshService('yaml-hms', { name: 'web', target: ETCD, ports: { port: 80 } as any })).toThrow(
        'HeadlessMeshService "web": ports: {"port":80} is an object, not a list',
      );
    });

    test('an EchoService in a namespace: the Service takes its namespace', () => {
      const echo = new EchoService('ns-echo', { namespace: 'demo' });
      const pods = new HeadlessMeshService('ns-hms', { name: 'echo-pods', target: echo, ports: [{ port: 8080 }] });
      expect(pods.namespace).toBe('demo');
      expect(pods.manifests.service.metadata.namespace).toBe('demo');
    });

    test('missing ports: the message of the cdk8s side', () => {
      const props = { name: 'web', target: { kind: 'Deployment' as const, name: 'web', selectorLabels: { app: 'web' } } };
      expect(() => new HeadlessMeshService('noports-hms', props)).toThrow(
        'HeadlessMeshService "web": ports: is required: declare every port peers use (e.g. etcd 2379 and 2380)',
      );
    });
  });
});
