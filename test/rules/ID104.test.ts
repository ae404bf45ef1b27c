import { rule } from '../../lib/rules/checks/ID104-udp-app-protocol-on-tcp';
import { docExamples, runRule, summary, where } from './helpers';

function service(ports: string): string {
  return `
apiVersion: v1
kind: Service
metadata: { name: dns, namespace: infra }
spec:
  selector: { app: dns }
  ports:
${ports}`;
}

describe('ID104 udp-app-protocol-on-tcp', () => {
  it('is an error with a stable code and name', () => {
    expect([rule.code, rule.name, rule.severity]).toEqual(['ID104', 'udp-app-protocol-on-tcp', 'error']);
  });

  it('reports appProtocol udp on a port without protocol (TCP), at appProtocol', () => {
    const found = runRule(rule, service('    - { name: dns-tcp, port: 53, appProtocol: udp }'));
    expect(found.map(summary)).toEqual([{ code: 'ID104', object: 'Service infra/dns', path: 'spec.ports[0].appProtocol' }]);
    expect(found[0].severity).toBe('error');
    expect(found[0].message).toContain('port 53 ("dns-tcp") is a TCP port (protocol: TCP) but its appProtocol "udp" makes Istio treat it as UDP');
  });

  it('reports an explicit TCP port with appProtocol UDP in upper case', () => {
    expect(runRule(rule, service('    - { name: x, port: 5000, protocol: TCP, appProtocol: UDP }')).map(summary)).toEqual([{ code: 'ID104', object: 'Service infra/dns', path: 'spec.ports[0].appProtocol' }]);
  });

  it('reports a udp or udp- name when there is no appProtocol, at name, and suggests a tcp name', () => {
    const found = runRule(rule, service(['    - { name: udp, port: 5000 }', '    - { name: udp-data, port: 5001 }'].join('\n')));
    expect(found.map(summary)).toEqual([{ code: 'ID104', object: 'Service infra/dns', path: 'spec.ports[0].name' }, { code: 'ID104', object: 'Service infra/dns', path: 'spec.ports[1].name' }]);
    expect(found[0].message).toContain('its name "udp"');
  });

  it('lets appProtocol override a udp name, as Istio does', () => {
    expect(runRule(rule, service('    - { name: udp-data, port: 5001, appProtocol: tcp }'))).toEqual([]);
  });

  it('reports appProtocol udp even when the name says tcp', () => {
    expect(runRule(rule, service('    - { name: tcp-data, port: 5001, appProtocol: udp }')).map(summary)).toEqual([{ code: 'ID104', object: 'Service infra/dns', path: 'spec.ports[0].appProtocol' }]);
  });

  it('accepts real UDP ports and SCTP ports', () => {
    const yaml = service(['    - { name: dns, port: 53, protocol: UDP, appProtocol: udp }', '    - { name: udp-x, port: 54, protocol: UDP }', '    - { name: udp-s, port: 55, protocol: SCTP }'].join('\n'));
    expect(runRule(rule, yaml)).toEqual([]);
  });

  it('does not take names that merely start with the letters udp', () => {
    expect(runRule(rule, service('    - { name: udpish, port: 5000 }'))).toEqual([]);
  });

  it('checks every namespace, system ones included', () => {
    const yaml = `${service('    - { name: a, port: 1, appProtocol: udp }')}\n---\n${service('    - { name: a, port: 1, appProtocol: udp }').replace('infra', 'kube-system')}`;
    expect(runRule(rule, yaml).map(summary)).toEqual([{ code: 'ID104', object: 'Service infra/dns', path: 'spec.ports[0].appProtocol' }, { code: 'ID104', object: 'Service kube-system/dns', path: 'spec.ports[0].appProtocol' }]);
  });

  it('never crashes on wrong field types', () => {
    const yaml = `
apiVersion: v1
kind: Service
metadata: { name: bad }
spec:
  ports:
    - { port: 80, appProtocol: { udp: true } }
    - { port: 81, name: 5, protocol: [UDP] }
    - { port: 82, appProtocol: udp, protocol: 17 }
---
apiVersion: v1
kind: Service
metadata: { name: worse }
spec: { ports: [[1]] }`;
    expect(runRule(rule, yaml).map(summary)).toEqual([{ code: 'ID104', object: 'Service default/bad', path: 'spec.ports[2].appProtocol' }]);
  });

  it('runs its doc page examples', () => {
    const doc = docExamples('ID104');
    expect(runRule(rule, doc.failing).map(where).sort()).toEqual([...doc.expected].sort());
    expect(runRule(rule, doc.passing)).toEqual([]);
  });
});
