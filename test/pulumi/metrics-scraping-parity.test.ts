/**
 * MetricsScraping parity: for the same props, the objects the Pulumi component registers equal the cdk8s
 * construct's `Testing.synth` output, field for field, in the three modes and for the project's constructs
 * (EchoService, a HeadlessMeshService's workload, an EnvoyDirectPods' stats listener) and a plain target; bad input
 * fails the same way, each side naming its place (the construct path, the resource name).
 */
import { registrationsWithPrefix, settle } from './mocks';
import { Chart, Testing } from 'cdk8s';
import * as cdk8s from '../../lib/cdk8s';
import { IstioDirectError, metricsMergeAnnotations, MetricsScrapingProps, ScrapeTarget, WorkloadRef } from '../../lib';
import * as pl from '../../lib/pulumi';
import { normalize } from './normalize';

const STS: WorkloadRef = { kind: 'StatefulSet', name: 'etcd', namespace: 'etcd', selectorLabels: { app: 'etcd' }, replicas: 3, serviceName: 'etcd' };
const PLAIN: ScrapeTarget = {
  kind: 'DaemonSet',
  name: 'node-exporter',
  namespace: 'monitoring',
  selectorLabels: { app: 'node-exporter' },
  containerPorts: [{ port: 9100, name: 'metrics' }],
  metrics: [{ port: 'metrics' }],
};

type Rest = Omit<MetricsScrapingProps, 'target'>;
interface Case {
  /**
   * `echo`: an EchoService in namespace shop; `mesh`: a HeadlessMeshService over STS; `envoy`: an EnvoyDirectPods
   * in front of the EchoService, with a stats listener; `envoy-no-stats`: the same without; else a plain target.
   */
  readonly target: 'echo' | 'mesh' | 'envoy' | 'envoy-no-stats' | ScrapeTarget;
  readonly scraping: Rest;
}

const CASES: Record<string, Case> = {
  'merge over an EchoService, annotations only': { target: 'echo', scraping: { mode: 'merge', metrics: [{ port: 8080 }] } },
  'merge with an Istio-style PodMonitor': { target: 'echo', scraping: { mode: 'merge', metrics: [{ port: 8080, path: '/stats' }], monitor: 'PodMonitor', namespace: 'monitoring' } },
  'istio-certs PodMonitor over an EchoService': { target: 'echo', scraping: { mode: 'istio-certs', metrics: [{ port: 'http' }], monitorLabels: { release: 'kps' } } },
  'istio-certs ServiceMonitor over an EchoService': { target: 'echo', scraping: { mode: 'istio-certs', metrics: [{ port: 8080 }], monitor: 'ServiceMonitor', intervalSeconds: 30 } },
  'plaintext-port over a HeadlessMeshService workload': { target: 'mesh', scraping: { mode: 'plaintext-port', metrics: [{ port: 2381 }], name: 'etcd' } },
  'plaintext-port over a plain target with its own metrics endpoint': { target: PLAIN, scraping: { mode: 'plaintext-port' } },
  'istio-certs PodMonitor over an EnvoyDirectPods stats listener': { target: 'envoy', scraping: { mode: 'istio-certs', monitorLabels: { release: 'kps' } } },
  'plaintext-port over an EnvoyDirectPods stats listener, from another namespace': { target: 'envoy', scraping: { mode: 'plaintext-port', namespace: 'monitoring' } },
  'istio-certs scrape job over an EnvoyDirectPods stats listener': { target: 'envoy', scraping: { mode: 'istio-certs', monitor: 'scrape-config', name: 'envoy-job' } },
};

const ECHO = { name: 'echo-service', namespace: 'shop' };
const ENVOY = { name: 'envoy', istioSidecar: true, statsListener: { scrapeAnnotations: false } };
const MESH = { name: 'etcd', target: STS, ports: [{ port: 2379, name: 'client' }, { port: 2381, name: 'metrics' }], portLevelMtls: { 2381: 'DISABLE' as const } };

function buildCdk8s(c: Case): unknown[] {
  const chart = Testing.chart();
  const target = cdk8sTarget(chart, c.target);
  new cdk8s.MetricsScraping(chart, 'scraping', { ...c.scraping, target });
  return Testing.synth(chart);
}

function cdk8sTarget(chart: Chart, target: Case['target']): cdk8s.ScrapeSource {
  if (target === 'echo') return new cdk8s.EchoService(chart, 'echo', ECHO);
  if (target === 'mesh') return new cdk8s.HeadlessMeshService(chart, 'mesh', MESH);
  if (target === 'envoy' || target === 'envoy-no-stats') {
    const echo = new cdk8s.EchoService(chart, 'echo', ECHO);
    return new cdk8s.EnvoyDirectPods(chart, 'envoy', { ...ENVOY, target: echo, ...(target === 'envoy' ? {} : { statsListener: undefined }) });
  }
  return target;
}

function pulumiTarget(prefix: string, target: Case['target'], merge: Record<string, unknown>): pl.ScrapeSource {
  if (target === 'echo') return new pl.EchoService(`${prefix}-echo`, { ...ECHO, ...merge });
  if (target === 'mesh') return new pl.HeadlessMeshService(`${prefix}-mesh`, MESH);
  if (target === 'envoy' || target === 'envoy-no-stats') {
    const echo = new pl.EchoService(`${prefix}-echo`, ECHO);
    return new pl.EnvoyDirectPods(`${prefix}-envoy`, { ...ENVOY, target: echo, ...(target === 'envoy' ? {} : { statsListener: undefined }) });
  }
  return target;
}

async function buildPulumi(prefix: string, c: Case): Promise<unknown[]> {
  // A Pulumi resource cannot change once created: the EchoService gets the merge annotations up front.
  const merge = c.scraping.mode === 'merge' && c.target === 'echo' ? { podAnnotations: metricsMergeAnnotations(c.scraping.metrics as Array<{ port: number; path?: string }>) } : {};
  const target = pulumiTarget(prefix, c.target, merge);
  const scraping = new pl.MetricsScraping(`${prefix}-scraping`, { ...c.scraping, target });
  const isComponent = target instanceof pl.EchoService || target instanceof pl.HeadlessMeshService || target instanceof pl.EnvoyDirectPods;
  const components = [scraping, ...(isComponent ? [target] : [])];
  await settle(components.flatMap((component) => [component, ...component.resources]));
  return registrationsWithPrefix(`${prefix}-`)
    .filter((r) => r.custom && r.type.startsWith('kubernetes:'))
    .map((r) => r.inputs);
}

describe('MetricsScraping: Pulumi registers exactly what cdk8s synthesizes', () => {
  Object.entries(CASES).forEach(([title, c], i) => {
    test(title, async () => {
      const synthesized = buildCdk8s(c);
      const registered = await buildPulumi(`scrape-parity${i}`, c);
      expect(registered.length).toBe(synthesized.length);
      expect(normalize(registered)).toEqual(normalize(synthesized));
    });
  });

  test('the cases cover every kind MetricsScraping emits', () => {
    const kinds = new Set<string>();
    Object.values(CASES).forEach((c) => buildCdk8s(c).forEach((o) => kinds.add((o as { kind: string }).kind)));
    expect([...kinds].sort()).toEqual(['ConfigMap', 'Deployment', 'DestinationRule', 'PeerAuthentication', 'PodMonitor', 'Service', 'ServiceMonitor']);
  });

  test('cdk8s adds the merge annotations to the EchoService pod template', () => {
    const deployment = buildCdk8s(CASES['merge over an EchoService, annotations only']).find((o) => (o as { kind: string }).kind === 'Deployment') as {
      spec: { template: { metadata: { annotations: Record<string, string> } } };
    };
    expect(deployment.spec.template.metadata.annotations).toEqual({ 'prometheus.io/path': '/metrics', 'prometheus.io/port': '8080', 'prometheus.io/scrape': 'true' });
  });
});

describe('MetricsScraping: bad input fails the same way on both sides', () => {
  const ERRORS: Record<string, Case> = {
    'an undeclared port': { target: 'echo', scraping: { mode: 'istio-certs', metrics: [{ port: 9999 }] } },
    'an unknown mode': { target: PLAIN, scraping: { mode: 'sidecar' as never } },
    'istio-certs against a PERMISSIVE target': { target: PLAIN, scraping: { mode: 'istio-certs', targetMtlsMode: 'PERMISSIVE' } },
    'plaintext-port over a HeadlessMeshService without the DISABLE': { target: 'mesh', scraping: { mode: 'plaintext-port', metrics: [{ port: 2379 }] } },
    'istio-certs over a HeadlessMeshService port its policy makes DISABLE': { target: 'mesh', scraping: { mode: 'istio-certs', metrics: [{ port: 2381 }] } },
    'merge over an EnvoyDirectPods': { target: 'envoy', scraping: { mode: 'merge' } },
    'a ServiceMonitor over an EnvoyDirectPods': { target: 'envoy', scraping: { mode: 'plaintext-port', monitor: 'ServiceMonitor' } },
    'an EnvoyDirectPods without a stats listener': { target: 'envoy-no-stats', scraping: { mode: 'istio-certs' } },
  };
  Object.entries(ERRORS).forEach(([title, c], i) => {
    test(title, async () => {
      let cdk8sError: unknown;
      try {
        buildCdk8s(c);
      } catch (e) {
        cdk8sError = e;
      }
      expect(cdk8sError).toBeInstanceOf(IstioDirectError);
      const pulumiError = await buildPulumi(`scrape-error${i}`, c).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(pulumiError).toBeInstanceOf(IstioDirectError);
      // The same lines, each naming its place: the construct path on one side, the resource name on the other.
      expect(withoutPlace(pulumiError)).toBe(withoutPlace(cdk8sError));
      for (const line of (cdk8sError as Error).message.split('\n')) expect(line).toMatch(/^MetricsScraping "[^"]+" \(construct test\/scraping\): /);
      for (const line of (pulumiError as Error).message.split('\n')) expect(line).toMatch(new RegExp(`^MetricsScraping "[^"]+" \\(resource "scrape-error${i}-scraping"\\): `));
    });
  });

  test('Pulumi: merge over an EchoService without the annotations says which to give', async () => {
    await expect(buildPulumiRaw()).rejects.toThrow(
      'MetricsScraping "echo-service" (resource "scrape-raw"): target: EchoService "echo-service" lacks prometheus.io/path, prometheus.io/port, prometheus.io/scrape on its pods, and a Pulumi resource cannot change once created: give the EchoService podAnnotations {"prometheus.io/path":"/metrics","prometheus.io/port":"8080","prometheus.io/scrape":"true"} (metricsMergeAnnotations computes them)',
    );
  });

  test('a leftover prometheus.io/scheme: https on a merged pod is refused', () => {
    const chart = Testing.chart();
    const echo = new cdk8s.EchoService(chart, 'echo', { name: 'echo-service', podAnnotations: { 'prometheus.io/scheme': 'https' } });
    expect(() => new cdk8s.MetricsScraping(chart, 's', { mode: 'merge', target: echo, metrics: [{ port: 8080 }] })).toThrow(
      'MetricsScraping "echo-service" (construct test/s): target: the pod template has prometheus.io/scheme: "https", which Istio does not clear: the merged endpoint (port 15020) is plaintext, so every scrape would fail; remove the annotation',
    );
  });
});

/** A problem line without its place (`(construct test/x)`, `(resource "x")`), which differs by design. */
function withoutPlace(error: unknown): string {
  return (error as Error).message.replace(/ \((construct [^)]*|resource "[^"]*")\)/g, '');
}

async function buildPulumiRaw(): Promise<void> {
  const echo = new pl.EchoService('scrape-raw-echo', { name: 'echo-service' });
  new pl.MetricsScraping('scrape-raw', { mode: 'merge', target: echo, metrics: [{ port: 8080 }] });
}
