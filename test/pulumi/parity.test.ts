/**
 * Parity: for the same props, the objects the Pulumi components register
 * equal the cdk8s constructs' `Testing.synth` output, field for field.
 */
import { Registration, registrationsWithPrefix, settle } from './mocks';
import { Testing } from 'cdk8s';
import { Construct } from 'constructs';
import * as cdk8s from '../../lib/cdk8s';
import { IstioDirectError } from '../../lib/core/errors';
import { EchoServiceProps } from '../../lib/core/echo-service';
import { EnvoyDirectPodsProps } from '../../lib/core/envoy-direct-pods';
import { HeadlessMeshServiceProps } from '../../lib/core/headless-mesh-service';
import { WorkloadRef } from '../../lib/core/types';
import * as pl from '../../lib/pulumi';
import { normalize } from './normalize';

const SEED_POD_IPS = ['10.244.0.26', '10.244.1.26', '10.244.2.12'];

type EnvoyRest = Omit<EnvoyDirectPodsProps, 'target'>;
type MeshRest = Omit<HeadlessMeshServiceProps, 'target'>;

/**
 * One case: what to build, described once and built by both sides. A target
 * is `echo` (the case's EchoService), `mesh` (its HeadlessMeshService), or plain.
 */
interface Case {
  readonly echo?: EchoServiceProps;
  readonly mesh?: MeshRest & { readonly target: 'echo' | WorkloadRef };
  readonly envoy?: EnvoyRest & { readonly target: 'echo' | 'echo-endpoint' | 'mesh' | EnvoyDirectPodsProps['target'] };
}

const STS: WorkloadRef = { kind: 'StatefulSet', name: 'etcd', selectorLabels: { app: 'etcd' }, replicas: 3 };

const CASES: Record<string, Case> = {
  'echo defaults': { echo: {} },
  'envoy defaults (explicit address target)': { envoy: { target: { host: 'upstream.example.com', port: 80 } } },
  'mesh defaults (Deployment ref)': {
    mesh: { name: 'web-pods', target: { kind: 'Deployment', name: 'web', selectorLabels: { app: 'web' } }, ports: [{ port: 8080 }] },
  },
  'the example scenario: echo + static Envoy over the pod IPs': {
    echo: {},
    envoy: { target: 'echo', discovery: 'static', podIps: SEED_POD_IPS },
  },
  'the basic Envoy: service discovery of the echo endpoint': {
    echo: {},
    envoy: { name: 'envoy-proxy', configMapName: 'envoy-config', clusterName: 'echo_cluster', target: 'echo-endpoint', discovery: 'service' },
  },
  'DNS mode: echo + headless mesh service + STRICT_DNS Envoy': {
    echo: {},
    mesh: { name: 'echo-service-pods', target: 'echo', ports: [{ port: 8080, name: 'tcp-echo' }], publishNotReadyAddresses: false },
    envoy: { target: 'mesh', discovery: 'dns', istioSidecar: true },
  },
  'headless with a port-level DISABLE (StatefulSet)': {
    mesh: {
      name: 'etcd',
      target: STS,
      ports: [
        { port: 2379, name: 'client' },
        { port: 2380, name: 'peer' },
        { port: 2381, name: 'metrics' },
      ],
      portLevelMtls: { 2381: 'DISABLE' },
    },
  },
  'custom namespace and names everywhere': {
    echo: {
      name: 'hello',
      namespace: 'team-a',
      replicas: 2,
      port: 80,
      containerPort: 9090,
      labels: { team: 'a' },
      podAnnotations: { 'sidecar.istio.io/inject': 'true' },
      clusterDomain: 'corp.internal',
    },
    mesh: {
      name: 'hello-pods',
      namespace: 'team-a',
      target: 'echo',
      ports: [
        { port: 9090, name: 'http-hello', appProtocol: 'http' },
        { port: 9091, appProtocol: 'tcp' },
      ],
      mtlsMode: 'PERMISSIVE',
      localhostPorts: [9091],
      istioApiVersion: 'v1beta1',
      exportTo: ['.', 'istio-system'],
      clusterDomain: 'corp.internal',
      labels: { team: 'a' },
      annotations: { note: 'x' },
    },
    envoy: {
      name: 'hello-proxy',
      configMapName: 'hello-proxy-config',
      namespace: 'team-a',
      clusterName: 'hello_pods',
      target: 'mesh',
      lbPolicy: 'LEAST_REQUEST',
      healthCheck: { path: '/healthz', intervalSeconds: 5 },
      outlierDetection: {},
      serviceType: 'ClusterIP',
      replicas: 2,
      labels: { team: 'a' },
    },
  },
};

/**
 * The case with the example scenario's names where it gives none: default names come from the
 * construct path (cdk8s) or the resource name (Pulumi), which differ by design.
 */
function named(c: Case): Case {
  return {
    ...(c.echo ? { echo: { name: 'echo-service', ...c.echo } } : {}),
    ...(c.mesh ? { mesh: c.mesh } : {}),
    ...(c.envoy ? { envoy: { name: 'envoy-proxy-istio-style', configMapName: 'envoy-config-istio-style', ...c.envoy } } : {}),
  };
}

/** A problem line without its place (`(construct test/echo)`, `(resource "x")`), which differs by design. */
function withoutPlace(error: unknown): string {
  return (error as Error).message.replace(/ \((construct [^)]*|resource "[^"]*")\)/g, '');
}

function buildCdk8s(c: Case): unknown[] {
  const chart = Testing.chart();
  const scope: Construct = chart;
  const echo = c.echo && new cdk8s.EchoService(scope, 'echo', c.echo);
  const mesh =
    c.mesh &&
    new cdk8s.HeadlessMeshService(scope, 'mesh', { ...c.mesh, target: c.mesh.target === 'echo' ? echo! : c.mesh.target });
  if (c.envoy) {
    const t = c.envoy.target;
    new cdk8s.EnvoyDirectPods(scope, 'envoy', {
      ...c.envoy,
      target: t === 'echo' ? echo! : t === 'echo-endpoint' ? echo!.endpoint : t === 'mesh' ? mesh! : t,
    });
  }
  return Testing.synth(chart);
}

async function buildPulumi(prefix: string, c: Case): Promise<Registration[]> {
  const echo = c.echo && new pl.EchoService(`${prefix}-echo`, c.echo);
  const mesh = c.mesh && new pl.HeadlessMeshService(`${prefix}-mesh`, { ...c.mesh, target: c.mesh.target === 'echo' ? echo! : c.mesh.target });
  let envoy: pl.EnvoyDirectPods | undefined;
  if (c.envoy) {
    const t = c.envoy.target;
    envoy = new pl.EnvoyDirectPods(`${prefix}-envoy`, {
      ...c.envoy,
      target: t === 'echo' ? echo! : t === 'echo-endpoint' ? echo!.endpoint : t === 'mesh' ? mesh! : t,
    });
  }
  const components = [echo, mesh, envoy].filter((x): x is NonNullable<typeof x> => x !== undefined);
  await settle(components.flatMap((component) => [component, ...component.resources]));
  return registrationsWithPrefix(`${prefix}-`).filter((r) => r.custom && r.type.startsWith('kubernetes:'));
}

describe('Pulumi registers exactly what cdk8s synthesizes', () => {
  Object.entries(CASES).forEach(([title, c], i) => {
    test(title, async () => {
      // GIVEN / WHEN
      const synthesized = buildCdk8s(named(c));
      const registered = await buildPulumi(`parity${i}`, named(c));

      // THEN: same objects, same fields
      expect(registered.length).toBe(synthesized.length);
      expect(normalize(registered.map((r) => r.inputs))).toEqual(normalize(synthesized));
    });
  });

  test('the cases cover every kind the components emit', async () => {
    const kinds = new Set<string>();
    Object.values(CASES).forEach((c) => buildCdk8s(c).forEach((o) => kinds.add((o as { kind: string }).kind)));
    expect([...kinds].sort()).toEqual(['ConfigMap', 'Deployment', 'DestinationRule', 'PeerAuthentication', 'Service', 'Sidecar']);
  });

  test('Istio kinds register as custom resources with their group in the type token', async () => {
    const registered = await buildPulumi('tokens', named(CASES['custom namespace and names everywhere']));
    expect(registered.map((r) => `${r.type} ${r.name}`).sort()).toEqual([
      'kubernetes:apps/v1:Deployment tokens-echo-deployment',
      'kubernetes:apps/v1:Deployment tokens-envoy-deployment',
      'kubernetes:core/v1:ConfigMap tokens-envoy-configmap',
      'kubernetes:core/v1:Service tokens-echo-service',
      'kubernetes:core/v1:Service tokens-envoy-service',
      'kubernetes:core/v1:Service tokens-mesh-service',
      'kubernetes:networking.istio.io/v1beta1:Sidecar tokens-mesh-sidecar',
      'kubernetes:security.istio.io/v1beta1:PeerAuthentication tokens-mesh-peerauthentication',
    ]);
  });
});

describe('bad input fails the same way on both sides', () => {
  const ERROR_CASES: Record<string, Case> = {
    'EchoService: bad name and replicas': { echo: { name: 'Bad_Name', replicas: -1 } },
    'EnvoyDirectPods: static without pod IPs': { echo: {}, envoy: { target: 'echo', discovery: 'static' } },
    'EnvoyDirectPods: dns on a ClusterIP Service': { echo: {}, envoy: { target: 'echo', discovery: 'dns' } },
    'HeadlessMeshService: a port out of range': { mesh: { name: 'kafka', target: STS, ports: [{ port: 0 }] } },
    'HeadlessMeshService: no ports for a plain workload': { mesh: { name: 'etcd', target: STS } as Case['mesh'] },
    'HeadlessMeshService: per-pod DNS on an EchoService': { echo: {}, mesh: { name: 'echo-pods', target: 'echo', ports: [{ port: 8080 }], perPodDns: true } },
  };
  Object.entries(ERROR_CASES).forEach(([title, c], i) => {
    test(title, async () => {
      let cdk8sError: unknown;
      try {
        buildCdk8s(named(c));
      } catch (e) {
        cdk8sError = e;
      }
      expect(cdk8sError).toBeInstanceOf(IstioDirectError);
      const pulumiError = await buildPulumi(`parity-error${i}a`, named(c)).then(() => undefined, (e: unknown) => e);
      expect(pulumiError).toBeInstanceOf(IstioDirectError);
      // The same lines, each naming its place: the construct path on one side, the resource name on the other.
      expect(withoutPlace(pulumiError)).toBe(withoutPlace(cdk8sError));
      expect((cdk8sError as Error).message).toContain('(construct test/');
      expect((pulumiError as Error).message).toContain(`(resource "parity-error${i}a-`);
    });
  });
});
