// GIVEN the mocks, installed before any component module loads.
import { registeredOutputs, registrationsWithPrefix, settle } from './mocks';
import * as k8s from '@pulumi/kubernetes';
import { atPlace, IstioDirectError } from '../../lib/core/errors';
import { buildEchoService } from '../../lib/core/echo-service';
import { buildEnvoyDirectPods, CONFIG_CHECKSUM_ANNOTATION, EnvoyDirectPodsProps as CoreProps } from '../../lib/core/envoy-direct-pods';
import { EchoService, EnvoyDirectPods, HeadlessMeshService } from '../../lib/pulumi';

const EXAMPLE_POD_IPS = ['10.244.0.26', '10.244.1.26', '10.244.2.12'];

describe('pulumi EnvoyDirectPods', () => {
  test('registers the component, ConfigMap, Deployment and Service (the example proxy)', async () => {
    const echo = new EchoService('snap-envoy-echo', { name: 'echo-service' });
    const envoy = new EnvoyDirectPods('snap-envoy', {
      name: 'envoy-proxy-istio-style',
      configMapName: 'envoy-config-istio-style',
      target: echo,
      discovery: 'static',
      podIps: EXAMPLE_POD_IPS,
    });
    await settle([echo, envoy, ...envoy.resources]);
    expect(registrationsWithPrefix('snap-envoy-').filter((r) => !r.name.startsWith('snap-envoy-echo'))).toMatchSnapshot();
  });

  test('type tokens, logical names and parents', async () => {
    const envoy = new EnvoyDirectPods('tok-envoy', { target: { host: 'echo.example.com', port: 80 } });
    const urns = await settle([envoy, envoy.configMap, envoy.deployment, envoy.service]);
    const prefix = 'urn:pulumi:test::istio-direct::istio-direct:index:EnvoyDirectPods';
    expect(urns).toEqual([
      `${prefix}::tok-envoy`,
      `${prefix}$kubernetes:core/v1:ConfigMap::tok-envoy-configmap`,
      `${prefix}$kubernetes:apps/v1:Deployment::tok-envoy-deployment`,
      `${prefix}$kubernetes:core/v1:Service::tok-envoy-service`,
    ]);
    expect(envoy.configMap).toBeInstanceOf(k8s.core.v1.ConfigMap);
  });

  test('plain properties match the core; the checksum is on the pod template and in the outputs', async () => {
    const echo = new EchoService('out-envoy-echo', { name: 'echo-service', namespace: 'proxy' });
    const envoy = new EnvoyDirectPods('out-envoy', { name: 'envoy-proxy-istio-style', configMapName: 'envoy-config-istio-style', target: echo, podIps: EXAMPLE_POD_IPS });
    // The core builder keeps the example scenario's names as its defaults.
    const core = buildEnvoyDirectPods({ target: echo.endpoint, podIps: EXAMPLE_POD_IPS });
    expect(envoy.manifests).toEqual(core);
    expect(envoy.configChecksum).toMatch(/^[0-9a-f]{64}$/);
    expect(envoy.clusterName).toBe('echo_cluster_direct_pods');
    expect(envoy.discovery).toBe('static');
    expect(envoy.ipFamily).toBe('IPv4');
    expect(envoy.name).toBe('envoy-proxy-istio-style');
    expect(envoy.endpoint).toEqual({ name: 'envoy-proxy-istio-style', namespace: 'proxy', port: 8080 });
    expect(envoy.bootstrap).toEqual(core.bootstrap);
    await settle([echo, envoy, ...envoy.resources]);
    const [deployment] = registrationsWithPrefix('out-envoy-deployment');
    const template = (deployment.inputs.spec as { template: { metadata: { annotations: Record<string, string> } } }).template;
    expect(template.metadata.annotations[CONFIG_CHECKSUM_ANNOTATION]).toBe(envoy.configChecksum);
    expect(await registeredOutputs(envoy)).toEqual({
      serviceName: 'envoy-proxy-istio-style',
      namespace: 'proxy',
      port: 8080,
      configMapName: 'envoy-config-istio-style',
      configChecksum: envoy.configChecksum,
      clusterName: 'echo_cluster_direct_pods',
      discovery: 'static',
    });
  });

  test('a HeadlessMeshService target gives a DNS cluster (envoy.cluster.dns) on its FQDN', () => {
    const echo = new EchoService('dns-envoy-echo');
    const pods = new HeadlessMeshService('dns-envoy-pods', { name: 'echo-service-pods', target: echo, ports: [{ port: 8080, name: 'tcp-echo' }] });
    const envoy = new EnvoyDirectPods('dns-envoy', { target: pods });
    expect(envoy.discovery).toBe('dns');
    const cluster = envoy.bootstrap.static_resources.clusters[0];
    expect(cluster.type).toBeUndefined();
    expect(cluster.cluster_type?.name).toBe('envoy.cluster.dns');
    expect(JSON.stringify(cluster.load_assignment)).toContain('echo-service-pods.default.svc.cluster.local');
  });

  test('the component inputs are its props with the target as a plain endpoint', async () => {
    const echo = new EchoService('in-envoy-echo');
    const envoy = new EnvoyDirectPods('in-envoy', { target: echo, podIps: EXAMPLE_POD_IPS });
    await settle([echo, envoy, ...envoy.resources]);
    const [component] = registrationsWithPrefix('in-envoy').filter((r) => r.type === 'istio-direct:index:EnvoyDirectPods');
    expect(component.inputs).toEqual({ target: echo.endpoint, podIps: EXAMPLE_POD_IPS });
  });

  test('the target\'s namespace passes through to every child and to the component inputs', async () => {
    const echo = new EchoService('ns-envoy-echo', { namespace: 'echo' });
    const envoy = new EnvoyDirectPods('ns-envoy', { target: echo, podIps: EXAMPLE_POD_IPS });
    await settle([echo, envoy, ...envoy.resources]);
    expect(envoy.endpoint.namespace).toBe('echo');
    const children = registrationsWithPrefix('ns-envoy-').filter((r) => !r.name.startsWith('ns-envoy-echo'));
    expect(children).toHaveLength(3);
    for (const child of children) {
      expect((child.inputs.metadata as { namespace: string }).namespace).toBe('echo');
    }
    const [component] = registrationsWithPrefix('ns-envoy').filter((r) => r.type === 'istio-direct:index:EnvoyDirectPods');
    expect(component.inputs).toEqual({ target: echo.endpoint, podIps: EXAMPLE_POD_IPS, namespace: 'echo' });
  });

  test('a provider and a namespace pass through to every child', async () => {
    const provider = new k8s.Provider('prov-envoy-k8s', {});
    const envoy = new EnvoyDirectPods('prov-envoy', { target: { host: '10.0.0.1', port: 80 }, namespace: 'edge' }, { provider });
    await settle([provider, envoy, ...envoy.resources]);
    const children = registrationsWithPrefix('prov-envoy-').filter((r) => r.type !== 'pulumi:providers:kubernetes');
    expect(children).toHaveLength(3);
    for (const child of children) {
      expect(child.provider).toMatch(/::prov-envoy-k8s::prov-envoy-k8s_id$/);
      expect((child.inputs.metadata as { namespace: string }).namespace).toBe('edge');
    }
  });

  describe('bad input throws the same IstioDirectError as the core, before anything registers', () => {
    const echoEndpoint = buildEchoService().endpoint;
    const cases: Record<string, CoreProps> = {
      'static without pod IPs': { target: echoEndpoint, discovery: 'static' },
      'a bad pod IP': { target: echoEndpoint, podIps: ['10.244.0.300'] },
      'dns on a ClusterIP Service': { target: echoEndpoint, discovery: 'dns' },
      'admin beyond localhost': { target: echoEndpoint, podIps: EXAMPLE_POD_IPS, adminAddress: '0.0.0.0' },
      'several problems at once': { target: { host: 'bad host', port: 70000 }, replicas: -1, lbPolicy: 'ROUND_ROBN' as never },
      'a namespace other than the target\'s': { target: buildEchoService({ namespace: 'echo' }).endpoint, podIps: EXAMPLE_POD_IPS, namespace: 'proxy' },
      'YAML-config types: a string for a list, a string for a number': { target: echoEndpoint, podIps: '10.0.0.1' as never, replicas: '2' as never },
      'healthCheck: true': { target: echoEndpoint, podIps: EXAMPLE_POD_IPS, healthCheck: true as never },
    };
    Object.entries(cases).forEach(([title, props], i) => {
      test(title, () => {
        let core: unknown;
        try {
          // The core's error, with the component's default name and its resource name.
          atPlace(`resource "bad-envoy${i}"`, () => buildEnvoyDirectPods({ ...props, name: `bad-envoy${i}` }));
        } catch (e) {
          core = e;
        }
        expect(core).toBeInstanceOf(IstioDirectError);
        expect(() => new EnvoyDirectPods(`bad-envoy${i}`, props)).toThrow(core as Error);
        expect(registrationsWithPrefix(`bad-envoy${i}`)).toEqual([]);
      });
    });
  });
});
