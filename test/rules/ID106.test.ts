import { rule } from '../../lib/rules/checks/ID106-conflicting-port-protocols';
import { docExamples, runRule, summary, where } from './helpers';

function workload(kind: string, name: string, ports: string, namespace = 'app', labels = `{ app: ${name} }`): string {
  const api = kind === 'Pod' ? 'v1' : 'apps/v1';
  if (kind === 'Pod') {
    return `
apiVersion: v1
kind: Pod
metadata: { name: ${name}, namespace: ${namespace}, labels: ${labels} }
spec:
  containers: [{ name: main, image: example.org/x:1, ports: ${ports} }]`;
  }
  return `
apiVersion: ${api}
kind: ${kind}
metadata: { name: ${name}, namespace: ${namespace} }
spec:
  selector: { matchLabels: ${labels} }
  template:
    metadata: { labels: ${labels} }
    spec:
      containers: [{ name: main, image: example.org/x:1, ports: ${ports} }]`;
}

function service(name: string, ports: string, selector: string, namespace = 'app', headless = false): string {
  return `
apiVersion: v1
kind: Service
metadata: { name: ${name}, namespace: ${namespace} }
spec:
${headless ? '  clusterIP: None\n' : ''}  selector: ${selector}
  ports: ${ports}`;
}

const docs = (...parts: string[]) => parts.join('\n---\n');

describe('ID106 conflicting-port-protocols', () => {
  it('is a warning with a stable code and name', () => {
    expect([rule.code, rule.name, rule.severity]).toEqual(['ID106', 'conflicting-port-protocols', 'warning']);
  });

  it('reports the later Service of a Deployment whose target port has two protocols, naming the other', () => {
    const yaml = docs(
      workload('Deployment', 'echo', '[{ containerPort: 8080 }]'),
      service('echo', '[{ name: http, port: 3000, targetPort: 8080, appProtocol: http }]', '{ app: echo }'),
      service('echo-pods', '[{ name: tcp, port: 8080, appProtocol: tcp }]', '{ app: echo }', 'app', true),
    );
    const found = runRule(rule, yaml);
    expect(found.map(summary)).toEqual([{ code: 'ID106', object: 'Service app/echo-pods', path: 'spec.ports[0]' }]);
    expect(found[0].message).toContain('Service echo-pods port 8080 -> 8080 (TCP) targets pod port 8080 of Deployment echo');
  });

  it('covers StatefulSets, DaemonSets and Pods, which istioctl does not', () => {
    for (const kind of ['StatefulSet', 'DaemonSet', 'Pod']) {
      const yaml = docs(
        workload(kind, 'w', '[{ containerPort: 9000 }]'),
        service('a', '[{ name: grpc, port: 9000 }]', '{ app: w }'),
        service('b', '[{ name: tcp, port: 9000 }]', '{ app: w }'),
      );
      expect(runRule(rule, yaml).map(summary)).toEqual([{ code: 'ID106', object: 'Service app/b', path: 'spec.ports[0]' }]);
    }
  });

  it('resolves named target ports through the container ports', () => {
    const yaml = docs(
      workload('StatefulSet', 'db', '[{ name: client, containerPort: 5432 }]'),
      service('db', '[{ name: http, port: 80, targetPort: client }]', '{ app: db }'),
      service('db-headless', '[{ name: tcp-client, port: 5432 }]', '{ app: db }', 'app', true),
      service('db-named', '[{ name: tcp-x, port: 1, targetPort: client }]', '{ app: db }'),
    );
    const found = runRule(rule, yaml);
    expect(found.map(summary)).toEqual([{ code: 'ID106', object: 'Service app/db-headless', path: 'spec.ports[0]' }, { code: 'ID106', object: 'Service app/db-named', path: 'spec.ports[0]' }]);
    expect(found[1].message).toContain('port 1 -> "client" (TCP) targets pod port 5432');
  });

  it('treats a string of digits as the port number', () => {
    const yaml = docs(
      workload('Deployment', 'w', '[{ containerPort: 8080 }]'),
      service('a', '[{ name: http, port: 80, targetPort: "8080" }]', '{ app: w }'),
      service('b', '[{ name: tcp, port: 8080 }]', '{ app: w }'),
    );
    expect(runRule(rule, yaml).map(summary)).toEqual([{ code: 'ID106', object: 'Service app/b', path: 'spec.ports[0]' }]);
  });

  it('accepts the same protocol, different target ports, and protocols handled alike inbound', () => {
    const yaml = docs(
      workload('Deployment', 'w', '[{ containerPort: 1 }, { containerPort: 2 }, { containerPort: 3 }, { containerPort: 4 }]'),
      service('a', '[{ name: http-a, port: 1 }, { name: tcp-b, port: 2 }, { name: x, port: 3, appProtocol: https }, { name: redis, port: 4 }, { name: http-e, port: 5 }]', '{ app: w }'),
      service('b', '[{ name: http, port: 1, appProtocol: HTTP }, { name: mysql, port: 2 }, { name: tls, port: 3 }, { name: tcp, port: 4 }, { name: tcp, port: 6 }]', '{ app: w }'),
    );
    expect(runRule(rule, yaml)).toEqual([]);
  });

  it('compares sniffed (undeclared) ports with declared ones', () => {
    const yaml = docs(workload('Deployment', 'w', '[{ containerPort: 7000 }]'), service('a', '[{ name: gossip, port: 7000 }]', '{ app: w }'), service('b', '[{ name: tcp, port: 7000 }]', '{ app: w }'));
    const found = runRule(rule, yaml);
    expect(found).toHaveLength(1);
    expect(found[0].message).toContain('port 7000 -> 7000 (undeclared, sniffed)');
  });

  it('ignores UDP ports', () => {
    const yaml = docs(
      workload('Deployment', 'dns', '[{ containerPort: 53, protocol: UDP }, { containerPort: 53 }]'),
      service('a', '[{ name: dns, port: 53, protocol: UDP }]', '{ app: dns }'),
      service('b', '[{ name: dns-tcp, port: 53, appProtocol: tcp }]', '{ app: dns }'),
    );
    expect(runRule(rule, yaml)).toEqual([]);
  });

  it('only pairs Services that select the same pods, in the same namespace', () => {
    const yaml = docs(
      workload('Deployment', 'w', '[{ containerPort: 80 }]', 'one'),
      workload('Deployment', 'w', '[{ containerPort: 80 }]', 'two'),
      service('a', '[{ name: http, port: 80 }]', '{ app: w }', 'one'),
      service('b', '[{ name: tcp, port: 80 }]', '{ app: w }', 'two'),
      service('c', '[{ name: tcp, port: 80 }]', '{ app: other }', 'one'),
    );
    expect(runRule(rule, yaml)).toEqual([]);
  });

  it('pairs Services whose different selectors both match the pods', () => {
    const labels = '{ app: w, tier: db }';
    const yaml = docs(workload('StatefulSet', 'w', '[{ containerPort: 80 }]', 'app', labels), service('a', '[{ name: http, port: 80 }]', '{ app: w }'), service('b', '[{ name: tcp, port: 80 }]', '{ tier: db }'));
    expect(runRule(rule, yaml).map(summary)).toEqual([{ code: 'ID106', object: 'Service app/b', path: 'spec.ports[0]' }]);
  });

  it('reports a Service port once even when several workloads share the Services', () => {
    const yaml = docs(
      workload('Deployment', 'w', '[{ containerPort: 80 }]', 'app', '{ app: w }'),
      workload('StatefulSet', 'w2', '[{ containerPort: 80 }]', 'app', '{ app: w }'),
      service('a', '[{ name: http, port: 80 }]', '{ app: w }'),
      service('b', '[{ name: tcp, port: 80 }]', '{ app: w }'),
    );
    expect(runRule(rule, yaml).map(summary)).toEqual([{ code: 'ID106', object: 'Service app/b', path: 'spec.ports[0]' }]);
  });

  it('reports every later Service that conflicts with another', () => {
    const yaml = docs(
      workload('Deployment', 'w', '[{ containerPort: 80 }]'),
      service('a', '[{ name: http, port: 80 }]', '{ app: w }'),
      service('b', '[{ name: tcp, port: 80 }]', '{ app: w }'),
      service('c', '[{ name: tcp-c, port: 80 }]', '{ app: w }'),
    );
    expect(runRule(rule, yaml).map(summary)).toEqual([{ code: 'ID106', object: 'Service app/b', path: 'spec.ports[0]' }, { code: 'ID106', object: 'Service app/c', path: 'spec.ports[0]' }]);
  });

  it('never crashes on wrong field types', () => {
    const yaml = docs(
      workload('Deployment', 'w', '[{ containerPort: "x" }, 5, { name: 7, containerPort: 80 }]'),
      service('a', '[{ name: http, port: 80, targetPort: [1] }, { port: "y" }]', '{ app: w }'),
      service('b', '[{ name: tcp, port: 80, targetPort: { a: 1 } }]', '{ app: w }'),
      service('c', '5', '{ app: w }'),
    );
    expect(runRule(rule, yaml).map(summary)).toEqual([{ code: 'ID106', object: 'Service app/b', path: 'spec.ports[0]' }]);
  });

  it('runs its doc page examples', () => {
    const doc = docExamples('ID106');
    expect(runRule(rule, doc.failing).map(where).sort()).toEqual([...doc.expected].sort());
    expect(runRule(rule, doc.passing)).toEqual([]);
  });
});
