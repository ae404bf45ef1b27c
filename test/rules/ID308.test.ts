import { rule } from '../../lib/rules/checks/ID308-sidecar-port-protocol';
import { docExamples, findings, summary, where } from './helpers';

const sidecar = (ingressProtocol: unknown): string => `
apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: {name: s, namespace: shop}
spec:
  ingress:
  - port: {number: 8080, protocol: ${JSON.stringify(ingressProtocol)}, name: p}
`;

describe('ID308 sidecar-port-protocol', () => {
  test('doc page examples', () => {
    const { failing, passing, expected } = docExamples('ID308');
    expect(findings(rule, failing).map(where)).toEqual(expected);
    expect(findings(rule, passing)).toEqual([]);
  });

  test('GRPC_WEB is rejected, with the spelling Istio knows', () => {
    const [f] = findings(rule, sidecar('GRPC_WEB'));
    expect(summary(f)).toEqual({ code: 'ID308', object: 'Sidecar shop/s', path: 'spec.ingress[0].port.protocol' });
  });

  test.each([
    ['tcp-peer', 'TCP'],
    ['h2c', 'HTTP2'],
    ['HTTP/1.1', 'HTTP'],
  ])('%s suggests %s', (written, suggested) => {
    expect(findings(rule, sidecar(written))[0].message).toContain(`write "${suggested}"`);
  });

  test('no suggestion for something unrelated', () => {
    expect(findings(rule, sidecar('amqp'))[0].message).toContain('; write one of (valid: TCP,');
  });

  test.each(['tcp', 'TCP', 'grpc-web', 'GRPC-WEB', 'http_proxy', 'MySQL', 'mongo', 'udp', ''])('%s passes', (protocol) => {
    expect(findings(rule, sidecar(protocol))).toEqual([]);
  });

  test('wrong field types are left to the schema validation', () => {
    expect(findings(rule, sidecar(8080))).toEqual([]);
    const yaml = `
apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: {name: s, namespace: shop}
spec: {ingress: [null, 3, {port: "8080"}], egress: {port: {protocol: bad}}}
`;
    expect(findings(rule, yaml)).toEqual([]);
  });
});
