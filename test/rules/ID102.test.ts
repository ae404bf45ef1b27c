import { rule } from '../../lib/rules/checks/ID102-port-protocol-undeclared';
import { docExamples, documents, optionsFor, runRule, summary, where } from './helpers';

function service(ports: string, namespace = 'shop'): string {
  return `
apiVersion: v1
kind: Service
metadata: { name: db, namespace: ${namespace} }
spec:
  selector: { app: db }
  ports:
${ports}`;
}

describe('ID102 port-protocol-undeclared', () => {
  it('is a warning with a stable code and name', () => {
    expect(rule.code).toBe('ID102');
    expect(rule.name).toBe('port-protocol-undeclared');
    expect(rule.severity).toBe('warning');
  });

  it('reports a port whose name Istio does not parse, with why and the fix', () => {
    const found = runRule(rule, service('    - { name: postgres, port: 5432 }'));
    expect(found.map(summary)).toEqual([{ code: 'ID102', object: 'Service shop/db', path: 'spec.ports[0]' }]);
    expect(found[0].severity).toBe('warning');
    expect(found[0].message).toContain('port 5432 ("postgres") declares no protocol');
  });

  it('reports an unnamed port', () => {
    const found = runRule(rule, service('    - { port: 7000 }'));
    expect(found.map(summary)).toEqual([{ code: 'ID102', object: 'Service shop/db', path: 'spec.ports[0]' }]);
    expect(found[0].message).toContain('port 7000 declares no protocol');
  });

  it('accepts names Istio parses: <protocol> and <protocol>-suffix, in any case', () => {
    const ports = ['tcp', 'tcp-peer', 'HTTP-web', 'grpc', 'grpc-web-ui', 'http2', 'https', 'tls-x', 'mongo', 'redis', 'mysql-admin', 'http_proxy'];
    const yaml = service(ports.map((name, i) => `    - { name: ${name}, port: ${8000 + i} }`).join('\n'));
    expect(runRule(rule, yaml)).toEqual([]);
  });

  it('accepts any appProtocol: an unknown one is ID103', () => {
    const yaml = service(['    - { name: client, port: 4222, appProtocol: tcp }', '    - { name: client2, port: 4223, appProtocol: nats.io/client }'].join('\n'));
    expect(runRule(rule, yaml)).toEqual([]);
  });

  it('treats an empty appProtocol as none', () => {
    expect(runRule(rule, service('    - { name: client, port: 4222, appProtocol: "" }')).map(summary)).toEqual([{ code: 'ID102', object: 'Service shop/db', path: 'spec.ports[0]' }]);
  });

  it('skips the ports Istio always treats as TCP (25, 53, 3306, 27017)', () => {
    const yaml = service([25, 53, 3306, 27017].map((p) => `    - { name: p${p}, port: ${p} }`).join('\n'));
    expect(runRule(rule, yaml)).toEqual([]);
  });

  it('skips UDP and SCTP ports, which Istio does not proxy', () => {
    const yaml = service(['    - { name: dns, port: 5353, protocol: UDP }', '    - { name: sig, port: 3868, protocol: SCTP }'].join('\n'));
    expect(runRule(rule, yaml)).toEqual([]);
  });

  it('skips the system namespaces and follows the configured list', () => {
    expect(runRule(rule, service('    - { name: dns, port: 9153 }', 'kube-system'))).toEqual([]);
    expect(runRule(rule, service('    - { name: x, port: 9000 }', 'istio-system'))).toEqual([]);
    expect(runRule(rule, service('    - { name: x, port: 9000 }', 'monitoring')).map(summary)).toEqual([{ code: 'ID102', object: 'Service monitoring/db', path: 'spec.ports[0]' }]);
    const options = { ...optionsFor(), systemNamespaces: ['monitoring'] };
    expect(runRule(rule, documents(service('    - { name: x, port: 9000 }', 'monitoring')), options)).toEqual([]);
    expect(runRule(rule, documents(service('    - { name: x, port: 9000 }', 'kube-system')), options)).toHaveLength(1);
  });

  it('reports every namespace and every Service of the input, in order', () => {
    const yaml = `${service('    - { name: a, port: 1000 }', 'one')}\n---\n${service('    - { name: b, port: 2000 }\n    - { name: tcp-c, port: 3000 }', 'two')}`;
    expect(runRule(rule, yaml).map(summary)).toEqual([{ code: 'ID102', object: 'Service one/db', path: 'spec.ports[0]' }, { code: 'ID102', object: 'Service two/db', path: 'spec.ports[0]' }]);
  });

  it('checks headless and selector-less Services too', () => {
    const yaml = `
apiVersion: v1
kind: Service
metadata: { name: ext }
spec:
  clusterIP: None
  ports: [{ name: gossip, port: 7946 }]`;
    expect(runRule(rule, yaml).map(summary)).toEqual([{ code: 'ID102', object: 'Service default/ext', path: 'spec.ports[0]' }]);
  });

  it('never crashes on wrong field types', () => {
    const yaml = `
apiVersion: v1
kind: Service
metadata: { name: bad }
spec:
  ports:
    - { name: 7, port: "x" }
    - { name: [a], port: 8080, appProtocol: 5 }
    - null
    - { port: 9090, protocol: 6 }
---
apiVersion: v1
kind: Service
metadata: { name: worse }
spec: { ports: "none" }
---
apiVersion: v1
kind: Service
metadata: { name: worst }
spec: 12`;
    const found = runRule(rule, yaml);
    expect(found.map(summary)).toEqual([{ code: 'ID102', object: 'Service default/bad', path: 'spec.ports[1]' }, { code: 'ID102', object: 'Service default/bad', path: 'spec.ports[3]' }]);
  });

  it('runs its doc page examples', () => {
    const doc = docExamples('ID102');
    expect(runRule(rule, doc.failing).map(where).sort()).toEqual([...doc.expected].sort());
    expect(runRule(rule, doc.passing)).toEqual([]);
  });
});
