/**
 * The Pulumi example (examples/pulumi/seed.ts) registers the cdk8s example
 * scenario's objects: the `SeedChart`, field for field.
 */
import { registrations, settle } from './mocks';
import { Testing } from 'cdk8s';
import { SEED_POD_IPS as CDK8S_SEED_POD_IPS, SeedChart } from '../../examples/cdk8s/charts';
import { deploySeed, SEED_POD_IPS } from '../../examples/pulumi/seed';
import { normalize } from './normalize';

interface Obj {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
}

describe('examples/pulumi seed', () => {
  let seed: ReturnType<typeof deploySeed>;
  let objects: Obj[];

  beforeAll(async () => {
    seed = deploySeed();
    await settle([seed.echo, seed.proxy, ...seed.echo.resources, ...seed.proxy.resources]);
    objects = registrations.filter((r) => r.custom && r.type.startsWith('kubernetes:')).map((r) => r.inputs as unknown as Obj);
  });

  test('registers the two components and their five objects', () => {
    const components = registrations.filter((r) => r.type.startsWith('istio-direct:')).map((r) => `${r.type} ${r.name}`);
    expect(components.sort()).toEqual([
      'istio-direct:index:EchoService echo-service',
      'istio-direct:index:EnvoyDirectPods envoy-proxy-istio-style',
    ]);
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
      'ConfigMap/envoy-config-istio-style',
      'Deployment/echo-service',
      'Deployment/envoy-proxy-istio-style',
      'Service/echo-service',
      'Service/envoy-proxy-istio-style',
    ]);
  });

  test('uses the seed pod IPs of the cdk8s example', () => {
    expect(SEED_POD_IPS).toEqual(CDK8S_SEED_POD_IPS);
    expect(seed.proxy.discovery).toBe('static');
  });

  test('echo-service and the proxy equal the cdk8s SeedChart, field for field', () => {
    const chart = new SeedChart(Testing.app(), 'seed');
    const synthesized = Testing.synth(chart);
    const names = new Set(['echo-service', 'envoy-proxy-istio-style', 'envoy-config-istio-style']);
    expect(normalize(objects.filter((o) => names.has(o.metadata.name)))).toEqual(normalize(synthesized));
    expect(seed.proxy.configChecksum).toBe(chart.proxy.configChecksum);
  });
});
