// GIVEN the mocks, installed before any component module loads.
import { registeredOutputs, registrationsWithPrefix, settle, unwrap } from './mocks';
import * as k8s from '@pulumi/kubernetes';
import { atPlace, IstioDirectError } from '../../lib/core/errors';
import { buildEchoService } from '../../lib/core/echo-service';
import { EchoService } from '../../lib/pulumi';

describe('pulumi EchoService', () => {
  test('registers the component and its Deployment and Service', async () => {
    // WHEN
    const echo = new EchoService('snap-echo', { name: 'echo-service' });
    await settle([echo, ...echo.resources]);

    // THEN
    expect(registrationsWithPrefix('snap-echo')).toMatchSnapshot();
  });

  test('type tokens, logical names and parents', async () => {
    const echo = new EchoService('tok-echo');
    const urns = await settle([echo, echo.deployment, echo.service]);
    expect(urns).toEqual([
      'urn:pulumi:test::istio-direct::istio-direct:index:EchoService::tok-echo',
      'urn:pulumi:test::istio-direct::istio-direct:index:EchoService$kubernetes:apps/v1:Deployment::tok-echo-deployment',
      'urn:pulumi:test::istio-direct::istio-direct:index:EchoService$kubernetes:core/v1:Service::tok-echo-service',
    ]);
    expect(echo.deployment).toBeInstanceOf(k8s.apps.v1.Deployment);
    expect(echo.service).toBeInstanceOf(k8s.core.v1.Service);
  });

  test('the component inputs are its props', async () => {
    const echo = new EchoService('in-echo', { name: 'in-echo', replicas: 2 });
    await settle([echo, ...echo.resources]);
    const [component] = registrationsWithPrefix('in-echo').filter((r) => r.type === 'istio-direct:index:EchoService');
    expect(component.custom).toBe(false);
    expect(component.inputs).toEqual({ name: 'in-echo', replicas: 2 });
  });

  test('plain properties match the core and registered outputs expose them', async () => {
    const echo = new EchoService('out-echo', { name: 'web', namespace: 'team-a', port: 80 });
    const core = buildEchoService({ name: 'web', namespace: 'team-a', port: 80 });
    expect(echo.manifests).toEqual(core);
    expect(echo.endpoint).toEqual(core.endpoint);
    expect(echo.workload).toEqual(core.workload);
    expect(echo.fqdn).toBe('web.team-a.svc.cluster.local');
    expect(echo.name).toBe('web');
    expect(echo.namespace).toBe('team-a');
    expect(echo.selectorLabels).toEqual({ app: 'web' });
    expect(await registeredOutputs(echo)).toEqual({
      serviceName: 'web',
      namespace: 'team-a',
      fqdn: 'web.team-a.svc.cluster.local',
      port: 80,
      targetPort: 8080,
      selectorLabels: { app: 'web' },
      deploymentName: 'web',
      replicas: 3,
    });
  });

  test('the namespace reaches every object', async () => {
    const echo = new EchoService('ns-echo', { namespace: 'team-b' });
    await settle([echo, ...echo.resources]);
    const children = registrationsWithPrefix('ns-echo-');
    expect(children).toHaveLength(2);
    for (const child of children) {
      expect((child.inputs.metadata as { namespace?: string }).namespace).toBe('team-b');
    }
    expect(await unwrap(echo.service.metadata.namespace)).toBe('team-b');
  });

  test('a provider passes through to the children', async () => {
    const provider = new k8s.Provider('prov-echo-k8s', { namespace: 'ignored' });
    const echo = new EchoService('prov-echo', {}, { provider });
    await settle([provider, echo, ...echo.resources]);
    const providerUrn = await unwrap(provider.urn);
    const children = registrationsWithPrefix('prov-echo-').filter((r) => r.type !== 'pulumi:providers:kubernetes');
    expect(children.map((r) => r.type)).toEqual(['kubernetes:apps/v1:Deployment', 'kubernetes:core/v1:Service']);
    for (const child of children) {
      expect(child.provider).toBe(`${providerUrn}::prov-echo-k8s_id`);
    }
  });

  test('bad input throws the core error before anything registers', () => {
    const props = { name: 'Bad_Name', replicas: -1 };
    let core: unknown;
    try {
      // The core's error, naming the Pulumi resource as the component does.
      atPlace('resource "bad-echo"', () => buildEchoService(props));
    } catch (e) {
      core = e;
    }
    expect(core).toBeInstanceOf(IstioDirectError);
    expect(() => new EchoService('bad-echo', props)).toThrow(IstioDirectError);
    expect(() => new EchoService('bad-echo', props)).toThrow((core as Error).message);
    expect(registrationsWithPrefix('bad-echo')).toEqual([]);
  });
});
