import { rule } from '../../lib/rules/checks/ID107-target-port-not-exposed';
import { docExamples, runRule, summary, where } from './helpers';

function workload(kind: string, name: string, containers: string, namespace = 'app', selector = `{ matchLabels: { app: ${name} } }`): string {
  return `
apiVersion: apps/v1
kind: ${kind}
metadata: { name: ${name}, namespace: ${namespace} }
spec:
  selector: ${selector}
  template:
    metadata: { labels: { app: ${name} } }
    spec:
      containers: ${containers}`;
}

function service(ports: string, selector = '{ app: w }', namespace = 'app', name = 'svc'): string {
  return `
apiVersion: v1
kind: Service
metadata: { name: ${name}, namespace: ${namespace} }
spec:
  selector: ${selector}
  ports: ${ports}`;
}

const docs = (...parts: string[]) => parts.join('\n---\n');
const web = (ports: string) => `[{ name: web, image: example.org/web:1, ports: ${ports} }]`;

describe('ID107 target-port-not-exposed', () => {
  it('is a warning with a stable code and name', () => {
    expect([rule.code, rule.name, rule.severity]).toEqual(['ID107', 'target-port-not-exposed', 'warning']);
  });

  it('pods that declare many ports (a media server\'s range): each target looked up by number or name and protocol', () => {
    const declared = Array.from({ length: 40 }, (_, i) => `{ name: p${i}, containerPort: ${10000 + i}${i % 2 === 1 ? ', protocol: UDP' : ''} }`).join(', ');
    const ports = [
      '{ name: a, port: 1, targetPort: 10000 }', // declared TCP: fine
      '{ name: b, port: 2, targetPort: 10001 }', // declared as UDP only: reported
      '{ name: c, port: 3, targetPort: 10001, protocol: UDP }', // fine
      '{ name: d, port: 4, targetPort: p2 }', // named, TCP: fine
      '{ name: e, port: 5, targetPort: p3 }', // named, but UDP: reported
      '{ name: f, port: 6, targetPort: "10004" }', // digits: a number, declared: fine
      '{ name: g, port: 7, targetPort: 20000 }', // not declared: reported
    ];
    const found = runRule(rule, docs(workload('Deployment', 'w', web(`[${declared}]`)), service(`[${ports.join(', ')}]`)));
    expect(found.map((f) => f.path)).toEqual(['spec.ports[1].targetPort', 'spec.ports[4].targetPort', 'spec.ports[6].targetPort']);
    // The message shows the first eight declared ports only.
    expect(found[0].message).toContain('declares 10000/TCP ("p0"), 10001/UDP ("p1"), 10002/TCP ("p2")');
    expect(found[0].message).toContain('10007/UDP ("p7"), ...)');
  });

  it('reports a named targetPort no container declares, with what the pods declare', () => {
    const yaml = docs(workload('Deployment', 'w', web('[{ name: http, containerPort: 8080 }]')), service('[{ name: http, port: 80, targetPort: htp }]'));
    const found = runRule(rule, yaml);
    expect(found.map(summary)).toEqual([{ code: 'ID107', object: 'Service app/svc', path: 'spec.ports[0].targetPort' }]);
    expect(found[0].message).toContain('port 80 targets the named port "htp"/TCP, which no container of Deployment w declares');
  });

  it('reports a numeric targetPort, or port without targetPort, that the pods do not declare among others', () => {
    const yaml = docs(workload('StatefulSet', 'w', web('[{ containerPort: 8080 }]')), service('[{ name: http, port: 80, targetPort: 8081 }, { name: tcp, port: 9000 }, { name: ok, port: 8080 }]'));
    const found = runRule(rule, yaml);
    expect(found.map(summary)).toEqual([{ code: 'ID107', object: 'Service app/svc', path: 'spec.ports[0].targetPort' }, { code: 'ID107', object: 'Service app/svc', path: 'spec.ports[1].port' }]);
    expect(found[0].message).toContain('targets pod port 8081/TCP, which no container of StatefulSet w declares');
  });

  it('does not report numeric targets of pods that declare no ports, but does report named ones', () => {
    const yaml = docs(workload('Deployment', 'w', '[{ name: web, image: example.org/web:1 }]'), service('[{ name: http, port: 80, targetPort: 8080 }, { name: tcp, port: 81, targetPort: web }]'));
    expect(runRule(rule, yaml).map(summary)).toEqual([{ code: 'ID107', object: 'Service app/svc', path: 'spec.ports[1].targetPort' }]);
  });

  it('matches the protocol and takes a string of digits as a number', () => {
    const yaml = docs(
      workload('DaemonSet', 'w', web('[{ name: dns, containerPort: 53, protocol: UDP }, { name: dns-tcp, containerPort: 53 }]')),
      service('[{ name: dns, port: 53, protocol: UDP, targetPort: dns }, { name: tcp, port: 53, targetPort: "53" }, { name: x, port: 54, targetPort: dns }]'),
    );
    const found = runRule(rule, yaml);
    expect(found.map(summary)).toEqual([{ code: 'ID107', object: 'Service app/svc', path: 'spec.ports[2].targetPort' }]);
    expect(found[0].message).toContain('"dns"/TCP');
  });

  it('finds ports in any container and init container', () => {
    const containers = '[{ name: a, image: x:1, ports: [{ containerPort: 1 }] }, { name: b, image: x:1, ports: [{ name: admin, containerPort: 2 }] }]';
    const withInit = workload('Deployment', 'w', containers).replace('      containers:', '      initContainers: [{ name: proxy, image: x:1, restartPolicy: Always, ports: [{ name: proxy, containerPort: 15001 }] }]\n      containers:');
    const yaml = docs(withInit, service('[{ name: a, port: 1 }, { name: b, port: 9, targetPort: admin }, { name: c, port: 15001, targetPort: proxy }]'));
    expect(runRule(rule, yaml)).toEqual([]);
  });

  it('checks every selected workload and names those that lack the port', () => {
    const yaml = docs(
      workload('Deployment', 'v1', web('[{ name: http, containerPort: 8080 }]'), 'app', '{ matchLabels: { app: v1 } }').replace('labels: { app: v1 }', 'labels: { app: v1, svc: web }'),
      workload('Deployment', 'v2', web('[{ name: web, containerPort: 8080 }]'), 'app', '{ matchLabels: { app: v2 } }').replace('labels: { app: v2 }', 'labels: { app: v2, svc: web }'),
      service('[{ name: http, port: 80, targetPort: http }]', '{ svc: web }'),
    );
    const found = runRule(rule, yaml);
    expect(found).toHaveLength(1);
    expect(found[0].message).toContain('no container of Deployment v2 declares');
  });

  it('uses pod labels, whatever the workload selector says (matchExpressions included)', () => {
    const selector = '{ matchExpressions: [{ key: app, operator: In, values: [w] }] }';
    const yaml = docs(workload('StatefulSet', 'w', web('[{ name: http, containerPort: 8080 }]'), 'app', selector), service('[{ name: http, port: 80, targetPort: htp }]'));
    expect(runRule(rule, yaml).map(summary)).toEqual([{ code: 'ID107', object: 'Service app/svc', path: 'spec.ports[0].targetPort' }]);
  });

  it('skips Services without selector, or selecting no workload of the input, or in another namespace', () => {
    const yaml = docs(
      workload('Deployment', 'w', web('[{ containerPort: 8080 }]'), 'one'),
      service('[{ name: http, port: 80, targetPort: 1 }]', '{ app: w }', 'two'),
      service('[{ name: http, port: 80, targetPort: 1 }]', '{ app: nothing }', 'one', 'b'),
      `
apiVersion: v1
kind: Service
metadata: { name: manual, namespace: one }
spec:
  ports: [{ name: http, port: 80, targetPort: 1 }]`,
    );
    expect(runRule(rule, yaml)).toEqual([]);
  });

  it('never crashes on wrong field types', () => {
    const yaml = docs(
      workload('Deployment', 'w', '[{ name: a, ports: 5 }, 7, { name: b, ports: [{ containerPort: "80" }, { name: 3, containerPort: 81 }] }]'),
      service('[{ name: http, port: 81, targetPort: { x: 1 } }, { port: 82, targetPort: null }, "x"]'),
    );
    expect(runRule(rule, yaml).map(summary)).toEqual([{ code: 'ID107', object: 'Service app/svc', path: 'spec.ports[1].port' }]);
  });

  it('runs its doc page examples', () => {
    const doc = docExamples('ID107');
    expect(runRule(rule, doc.failing).map(where).sort()).toEqual([...doc.expected].sort());
    expect(runRule(rule, doc.passing)).toEqual([]);
  });
});
