/**
 * Versions, routes and the canary example from Pulumi (issue #18): the
 * components register exactly what the cdk8s constructs synthesize, with one
 * logical name per version.
 */
import { registrationsWithPrefix, settle } from './mocks';
import { Testing } from 'cdk8s';
import * as cdk8s from '../../lib/cdk8s';
import * as pl from '../../lib/pulumi';
import { EchoServiceProps } from '../../lib/core/echo-service';
import { EnvoyDirectPodsProps } from '../../lib/core/envoy-direct-pods';
import { CanaryChart } from '../../examples/cdk8s/canary';
import { deployCanary } from '../../examples/pulumi/canary';
import { normalize } from './normalize';

type Case = { echo: EchoServiceProps; envoy: Omit<EnvoyDirectPodsProps, 'target'> };

const VERSIONS = [{ name: 'v1' }, { name: 'v2' }];
const ROUTES: EnvoyDirectPodsProps['routes'] = [{ headers: [{ name: 'x-version', prefix: 'v2' }], version: 'v2' }, { weights: { v1: 75, v2: 25 } }];

const CASES: Record<string, Case> = {
  'dns: headless Service per version': {
    echo: { port: 8080, appProtocol: 'tcp', versions: [{ name: 'v1', replicas: 2 }, { name: 'v2', replicas: 1 }] },
    envoy: { versions: VERSIONS, routes: ROUTES, statsListener: {}, perEndpointStats: true, accessLogFormat: 'json' },
  },
  'service: ClusterIP Service per version': {
    echo: { versions: VERSIONS },
    envoy: { versions: VERSIONS, routes: ROUTES, discovery: 'service', circuitBreakers: { maxConnectionsPerHost: 10 }, outlierDetection: {} },
  },
  'static: pod IPs per version, with tracing': {
    echo: {},
    envoy: {
      versions: [{ name: 'v1', podIps: ['10.0.0.1'] }, { name: 'v2', podIps: ['10.0.0.2'] }],
      routes: ROUTES,
      tracing: { collector: { host: 'otel-collector.observability.svc.cluster.local', port: 4317 }, samplingPercent: 10 },
    },
  },
};

/** Both sides get the example scenario's names: their defaults differ by design (construct path, resource name). */
const NAMES = { echo: { name: 'echo-service' }, envoy: { name: 'envoy-proxy-istio-style', configMapName: 'envoy-config-istio-style' } };

function buildCdk8s(c: Case): unknown[] {
  const chart = Testing.chart();
  const echo = new cdk8s.EchoService(chart, 'echo', { ...NAMES.echo, ...c.echo });
  new cdk8s.EnvoyDirectPods(chart, 'envoy', { ...NAMES.envoy, ...c.envoy, target: echo });
  return Testing.synth(chart);
}

async function buildPulumi(prefix: string, c: Case) {
  const echo = new pl.EchoService(`${prefix}-echo`, { ...NAMES.echo, ...c.echo });
  const envoy = new pl.EnvoyDirectPods(`${prefix}-envoy`, { ...NAMES.envoy, ...c.envoy, target: echo });
  await settle([echo, envoy, ...echo.resources, ...envoy.resources]);
  return registrationsWithPrefix(`${prefix}-`).filter((r) => r.custom && r.type.startsWith('kubernetes:'));
}

describe('Pulumi registers what cdk8s synthesizes, with versions', () => {
  Object.entries(CASES).forEach(([title, c], i) => {
    test(title, async () => {
      const synthesized = buildCdk8s(c);
      const registered = await buildPulumi(`versions${i}`, c);
      expect(registered.length).toBe(synthesized.length);
      expect(normalize(registered.map((r) => r.inputs))).toEqual(normalize(synthesized));
    });
  });

  test('one logical name per version: <component>-deployment-<version>, <component>-service-<version>', async () => {
    const registered = await buildPulumi('names', CASES['dns: headless Service per version']);
    expect(registered.map((r) => `${r.type} ${r.name}`).sort()).toEqual([
      'kubernetes:apps/v1:Deployment names-echo-deployment-v1',
      'kubernetes:apps/v1:Deployment names-echo-deployment-v2',
      'kubernetes:apps/v1:Deployment names-envoy-deployment',
      'kubernetes:core/v1:ConfigMap names-envoy-configmap',
      'kubernetes:core/v1:Service names-echo-service',
      'kubernetes:core/v1:Service names-envoy-service',
      'kubernetes:core/v1:Service names-envoy-service-v1',
      'kubernetes:core/v1:Service names-envoy-service-v2',
    ]);
  });

  test('the components expose every Deployment, version Service and cluster name', async () => {
    const echo = new pl.EchoService('expose-echo', { ...NAMES.echo, ...CASES['dns: headless Service per version'].echo });
    const envoy = new pl.EnvoyDirectPods('expose-envoy', { ...NAMES.envoy, ...CASES['dns: headless Service per version'].envoy, target: echo });
    expect(echo.deployments).toHaveLength(2);
    expect(echo.deployment).toBe(echo.deployments[0]);
    expect(envoy.versionServices).toHaveLength(2);
    expect(envoy.clusterNames).toEqual(['outbound|8080|v1|echo-service.default.svc.cluster.local', 'outbound|8080|v2|echo-service.default.svc.cluster.local']);
    await settle([echo, envoy, ...echo.resources, ...envoy.resources]);
  });
});

describe('examples/pulumi/canary.ts', () => {
  test('registers the cdk8s CanaryChart, field for field', async () => {
    const canary = deployCanary();
    await settle([canary.namespace, canary.echo, canary.proxy, ...canary.echo.resources, ...canary.proxy.resources]);
    const names = ['echo-canary', 'echo-service-', 'envoy-proxy-istio-style-'];
    const registered = names
      .flatMap((prefix) => (prefix.endsWith('-') ? registrationsWithPrefix(prefix) : registrationsWithPrefix(prefix).filter((r) => r.name === prefix)))
      .filter((r) => r.custom && r.type.startsWith('kubernetes:'));
    const synthesized = Testing.synth(new CanaryChart(Testing.app(), 'canary'));
    expect(registered.length).toBe(synthesized.length);
    expect(normalize(registered.map((r) => r.inputs))).toEqual(normalize(synthesized));
  });
});
