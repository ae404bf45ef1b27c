import { rule } from '../../lib/rules/checks/ID103-app-protocol-unrecognised';
import { docExamples, optionsFor, runRule, summary, where } from './helpers';

function service(ports: string, namespace = 'web'): string {
  return `
apiVersion: v1
kind: Service
metadata: { name: app, namespace: ${namespace} }
spec:
  selector: { app: app }
  ports:
${ports}`;
}

describe('ID103 app-protocol-unrecognised', () => {
  it('is a warning with a stable code and name', () => {
    expect([rule.code, rule.name, rule.severity]).toEqual(['ID103', 'app-protocol-unrecognised', 'warning']);
  });

  it('reports an appProtocol Istio does not parse, and says the name is ignored', () => {
    const found = runRule(rule, service('    - { name: tcp-client, port: 4222, appProtocol: nats.io/client }'));
    expect(found.map(summary)).toEqual([{ code: 'ID103', object: 'Service web/app', path: 'spec.ports[0].appProtocol' }]);
    expect(found[0].message).toContain('appProtocol "nats.io/client" is not a protocol Istio parses');
  });

  it('accepts every value Istio parses, case-insensitively and with a suffix', () => {
    const values = ['tcp', 'TCP', 'http', 'HTTP', 'http2', 'https', 'grpc', 'grpc-web', 'http_proxy', 'tls', 'mongo', 'redis', 'mysql', 'udp', 'http-foo', 'kubernetes.io/h2c', 'kubernetes.io/ws', 'kubernetes.io/wss'];
    const yaml = service(values.map((v, i) => `    - { name: p${i}, port: ${9000 + i}, appProtocol: "${v}" }`).join('\n'));
    expect(runRule(rule, yaml)).toEqual([]);
  });

  it('matches the kubernetes.io values exactly and hints at the case', () => {
    const found = runRule(rule, service('    - { name: ws, port: 8080, appProtocol: Kubernetes.io/WS }'));
    expect(found.map(summary)).toEqual([{ code: 'ID103', object: 'Service web/app', path: 'spec.ports[0].appProtocol' }]);
    expect(found[0].message).toContain('Istio matches "kubernetes.io/ws" exactly, case-sensitively');
  });

  it('reports kubernetes.io/ws and wss on Istio 1.23 but not on 1.24', () => {
    const yaml = service(['    - { name: ws, port: 8080, appProtocol: kubernetes.io/ws }', '    - { name: wss, port: 8443, appProtocol: kubernetes.io/wss }'].join('\n'));
    expect(runRule(rule, yaml, optionsFor('1.24'))).toEqual([]);
    const found = runRule(rule, yaml, optionsFor('1.23'));
    expect(found.map(summary)).toEqual([{ code: 'ID103', object: 'Service web/app', path: 'spec.ports[0].appProtocol' }, { code: 'ID103', object: 'Service web/app', path: 'spec.ports[1].appProtocol' }]);
    expect(found[0].message).toContain('is parsed by Istio 1.24 and later, not by the targeted Istio 1.23');
  });

  it('reports kubernetes.io/h2c before Istio 1.19 only', () => {
    const yaml = service('    - { name: grpc-ish, port: 8080, appProtocol: kubernetes.io/h2c }');
    expect(runRule(rule, yaml, optionsFor('1.19'))).toEqual([]);
    const found = runRule(rule, yaml, optionsFor('1.18'));
    expect(found).toHaveLength(1);
    expect(found[0].message).toContain('Istio 1.19 and later');
  });

  it('skips ports Istio forces to TCP, UDP ports and ports without appProtocol', () => {
    const yaml = service(
      [
        '    - { name: db, port: 3306, appProtocol: example.com/sql }',
        '    - { name: mongo, port: 27017, appProtocol: x }',
        '    - { name: stats, port: 8125, protocol: UDP, appProtocol: statsd }',
        '    - { name: plain, port: 7000 }',
        '    - { name: empty, port: 7001, appProtocol: "" }',
      ].join('\n'),
    );
    expect(runRule(rule, yaml)).toEqual([]);
  });

  it('reports in system namespaces too: the value was written on purpose', () => {
    expect(runRule(rule, service('    - { name: a, port: 1000, appProtocol: foo }', 'kube-system')).map(summary)).toEqual([{ code: 'ID103', object: 'Service kube-system/app', path: 'spec.ports[0].appProtocol' }]);
  });

  it('never crashes on wrong field types', () => {
    const yaml = `
apiVersion: v1
kind: Service
metadata: { name: bad }
spec:
  ports:
    - { port: 80, appProtocol: 5 }
    - { port: 81, appProtocol: [tcp] }
    - { port: "82", appProtocol: foo }
    - 7
---
apiVersion: v1
kind: Service
metadata: { name: worse }
spec: { ports: { a: 1 } }`;
    expect(runRule(rule, yaml)).toEqual([]);
  });

  it('runs its doc page examples', () => {
    const doc = docExamples('ID103');
    expect(runRule(rule, doc.failing).map(where).sort()).toEqual([...doc.expected].sort());
    expect(runRule(rule, doc.passing)).toEqual([]);
  });
});
