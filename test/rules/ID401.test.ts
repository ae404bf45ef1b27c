import { rule } from '../../lib/rules/checks/ID401-envoy-admin-not-loopback';
import { docExamples, findings, summary, where } from './helpers';

function configMap(key: string, text: string): unknown {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'envoy', namespace: 'edge' }, data: { [key]: text } };
}

const yamlAdmin = (address: string): string => `admin:\n  address:\n    socket_address: {address: "${address}", port_value: 9901}\n`;

describe('ID401 envoy-admin-not-loopback', () => {
  test('doc page examples', () => {
    const { failing, passing, expected } = docExamples('ID401');
    expect(findings(rule, failing).map(where)).toEqual(expected);
    expect(findings(rule, passing)).toEqual([]);
  });

  test('0.0.0.0: every interface, with the risk and the fix', () => {
    const [f] = findings(rule, [configMap('envoy.yaml', yamlAdmin('0.0.0.0'))]);
    expect(summary(f)).toEqual({ code: 'ID401', object: 'ConfigMap edge/envoy', path: 'data["envoy.yaml"].admin.address.socket_address.address' });
  });

  test.each([
    ['::', 'every interface of the pod'],
    ['0:0:0:0:0:0:0:0', 'every interface of the pod'],
    ['10.244.1.7', 'a non-loopback address (a pod or node IP)'],
    ['fd00::12', 'a non-loopback address (a pod or node IP)'],
    ['[::]', 'every interface of the pod'],
  ])('%s is reported (%s)', (address, reach) => {
    const out = findings(rule, [configMap('envoy.yaml', yamlAdmin(address))]);
    expect(out).toHaveLength(1);
    expect(out[0].message).toContain(reach);
  });

  test.each(['127.0.0.1', '127.0.0.2', '::1', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1', '[::1]', 'localhost'])('%s passes', (address) => {
    expect(findings(rule, [configMap('envoy.yaml', yamlAdmin(address))])).toEqual([]);
  });

  test('a Unix socket admin, or no admin address, passes', () => {
    expect(findings(rule, [configMap('envoy.yaml', 'admin:\n  address:\n    pipe: {path: /admin/admin.sock}\n')])).toEqual([]);
    expect(findings(rule, [configMap('envoy.yaml', 'admin: {access_log_path: /dev/null}\nstatic_resources: {}\n')])).toEqual([]);
  });

  test('a JSON bootstrap with JSON field names, path as written', () => {
    const json = JSON.stringify({ admin: { address: { socketAddress: { address: '0.0.0.0', portValue: 15000 } } } });
    const [f] = findings(rule, [configMap('envoy-bootstrap.json', json)]);
    expect(summary(f)).toEqual({ code: 'ID401', object: 'ConfigMap edge/envoy', path: 'data["envoy-bootstrap.json"].admin.address.socketAddress.address' });
    expect(f.message).toContain('0.0.0.0:15000');
  });

  test('a standalone bootstrap document', () => {
    const [f] = findings(rule, [{ admin: { address: { socket_address: { address: '::', port_value: 9901 } } }, static_resources: {} }]);
    expect(summary(f).path).toBe('admin.address.socket_address.address');
  });

  test('never crashes on wrong field types', () => {
    expect(findings(rule, [configMap('envoy.yaml', 'admin: {address: {socket_address: {address: 7}}}\n')])).toEqual([]);
    expect(findings(rule, [configMap('envoy.yaml', 'admin: [1, 2]\n')])).toEqual([]);
    expect(findings(rule, [configMap('envoy.yaml', 'admin: {address: {socket_address: "0.0.0.0"}}\n')])).toEqual([]);
  });
});
