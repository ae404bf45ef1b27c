import { rule } from '../../lib/rules/checks/ID402-envoy-static-pod-ips';
import { docExamples, findings, where } from './helpers';

function bootstrap(cluster: Record<string, unknown>): unknown {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'envoy', namespace: 'edge' }, data: { 'envoy.yaml': JSON.stringify({ static_resources: { clusters: [cluster] } }) } };
}

function endpoints(...addresses: string[]): Record<string, unknown> {
  return {
    cluster_name: 'c',
    endpoints: [{ lb_endpoints: addresses.map((address) => ({ endpoint: { address: { socket_address: { address, port_value: 8080 } } } })) }],
  };
}

describe('ID402 envoy-static-pod-ips', () => {
  test('doc page examples', () => {
    const { failing, passing, expected } = docExamples('ID402');
    expect(findings(rule, failing).map(where)).toEqual(expected);
    expect(findings(rule, passing)).toEqual([]);
  });

  test('one info per cluster, listing the IPs', () => {
    const [f] = findings(rule, [bootstrap({ name: 'echo', type: 'STATIC', load_assignment: endpoints('10.0.0.1', '10.0.0.2') })]);
    expect(f.severity).toBe('info');
  });

  test('STATIC is the default type; long lists are cut', () => {
    const ips = Array.from({ length: 8 }, (_, i) => `10.0.0.${i + 1}`);
    const [f] = findings(rule, [bootstrap({ name: 'echo', load_assignment: endpoints(...ips) })]);
    expect(f.message).toContain('10.0.0.5:8080, … (8 in all)');
  });

  test('loopback endpoints and DNS clusters pass', () => {
    expect(findings(rule, [bootstrap({ name: 'admin', type: 'STATIC', load_assignment: endpoints('127.0.0.1', '::1') })])).toEqual([]);
    expect(findings(rule, [bootstrap({ name: 'echo', type: 'STRICT_DNS', load_assignment: endpoints('echo.echo.svc') })])).toEqual([]);
    expect(findings(rule, [bootstrap({ name: 'echo', cluster_type: { name: 'envoy.cluster.dns' }, load_assignment: endpoints('echo.echo.svc') })])).toEqual([]);
  });

  test('an IPv6 pod IP is reported', () => {
    expect(findings(rule, [bootstrap({ name: 'echo', type: 'STATIC', load_assignment: endpoints('fd00:10:244::5') })])).toHaveLength(1);
  });

  test('never crashes on wrong field types', () => {
    expect(findings(rule, [bootstrap({ name: 'echo', type: 'STATIC', load_assignment: { endpoints: 'x' } })])).toEqual([]);
    expect(findings(rule, [bootstrap({ name: 7, type: 3, load_assignment: [null] })])).toEqual([]);
  });
});
