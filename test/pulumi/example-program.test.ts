/** The Pulumi example program (examples/pulumi/index.ts), run under mocks: its stack outputs. */
import { registrations, until, unwrap } from './mocks';

describe('examples/pulumi/index.ts', () => {
  test('exports what a user looks at next', async () => {
    const program = await import('../../examples/pulumi/index');
    expect({ ...program, proxyAddress: undefined }).toEqual({
      echoServiceFqdn: 'echo-service.default.svc.cluster.local',
      echoSelectorLabels: { app: 'echo-service' },
      proxyServiceName: 'envoy-proxy-istio-style',
      proxyPort: 8080,
      envoyClusterName: 'echo_cluster_direct_pods',
      envoyConfigChecksum: expect.stringMatching(/^[0-9a-f]{64}$/),
      podIps: ['10.244.0.26', '10.244.1.26', '10.244.2.12'],
      proxyAddress: undefined,
    });
    // Mocks echo the inputs back, so no load balancer has assigned an address.
    expect(await unwrap(program.proxyAddress)).toBe('<pending>');
    const components = () => registrations.filter((r) => r.type.startsWith('istio-direct:')).map((r) => r.name).sort();
    await until(() => components().length >= 2);
    expect(components()).toEqual([
      'echo-service',
      'envoy-proxy-istio-style',
    ]);
  });
});
