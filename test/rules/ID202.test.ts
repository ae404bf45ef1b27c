import { rule } from '../../lib/rules/checks/ID202-governing-service-not-ready-addresses';
import { docExamples, runRule, summary, where } from './helpers';

function statefulSet(name: string, serviceName: string, replicas: string | undefined, namespace = 'kv'): string {
  return `
apiVersion: apps/v1
kind: StatefulSet
metadata: { name: ${name}, namespace: ${namespace} }
spec:
  serviceName: ${serviceName}
${replicas === undefined ? '' : `  replicas: ${replicas}\n`}  selector: { matchLabels: { app: ${name} } }
  template:
    metadata: { labels: { app: ${name} } }
    spec:
      containers: [{ name: main, image: redis:7.4.1 }]`;
}

function service(name: string, extra = '', namespace = 'kv', headless = true): string {
  return `
apiVersion: v1
kind: Service
metadata: { name: ${name}, namespace: ${namespace} }
spec:
${headless ? '  clusterIP: None\n' : ''}${extra}  selector: { app: redis }
  ports: [{ name: tcp, port: 6379 }]`;
}

const docs = (...parts: string[]) => parts.join('\n---\n');

describe('ID202 governing-service-not-ready-addresses', () => {
  it('is a warning with a stable code and name', () => {
    expect([rule.code, rule.name, rule.severity]).toEqual(['ID202', 'governing-service-not-ready-addresses', 'warning']);
  });

  it('reports the governing Service of a multi-replica StatefulSet, on the Service', () => {
    const found = runRule(rule, docs(statefulSet('redis', 'redis', '3'), service('redis')));
    expect(found.map(summary)).toEqual([{ code: 'ID202', object: 'Service kv/redis', path: 'spec.publishNotReadyAddresses' }]);
    expect(found[0].message).toContain('headless Service redis governs StatefulSet redis (3 replicas) and does not set publishNotReadyAddresses');
  });

  it('reports publishNotReadyAddresses: false, or a string, as written', () => {
    expect(runRule(rule, docs(statefulSet('redis', 'redis', '2'), service('redis', '  publishNotReadyAddresses: false\n')))[0].message).toContain('sets publishNotReadyAddresses: false');
  });

  it('accepts publishNotReadyAddresses: true', () => {
    expect(runRule(rule, docs(statefulSet('redis', 'redis', '3'), service('redis', '  publishNotReadyAddresses: true\n')))).toEqual([]);
  });

  it('skips single-replica StatefulSets and unset replicas (1)', () => {
    expect(runRule(rule, docs(statefulSet('redis', 'redis', '1'), service('redis')))).toEqual([]);
    expect(runRule(rule, docs(statefulSet('redis', 'redis', undefined), service('redis')))).toEqual([]);
    expect(runRule(rule, docs(statefulSet('redis', 'redis', '0'), service('redis')))).toEqual([]);
  });

  it('skips governing Services that are not headless, absent, or in another namespace (ID201)', () => {
    expect(runRule(rule, docs(statefulSet('redis', 'redis', '3'), service('redis', '', 'kv', false)))).toEqual([]);
    expect(runRule(rule, statefulSet('redis', 'redis', '3'))).toEqual([]);
    expect(runRule(rule, docs(statefulSet('redis', 'redis', '3'), service('redis', '', 'other')))).toEqual([]);
  });

  it('reports a Service once, naming every StatefulSet it governs', () => {
    const found = runRule(rule, docs(statefulSet('a', 'shared', '3'), statefulSet('b', 'shared', '5'), service('shared')));
    expect(found).toHaveLength(1);
    expect(found[0].message).toContain('StatefulSet a (3 replicas), StatefulSet b (5 replicas)');
  });

  it('ignores Deployments with many replicas', () => {
    const deployment = statefulSet('redis', 'redis', '3').replace('kind: StatefulSet', 'kind: Deployment');
    expect(runRule(rule, docs(deployment, service('redis')))).toEqual([]);
  });

  it('never crashes on wrong field types', () => {
    const yaml = docs(statefulSet('redis', 'redis', '"3"'), statefulSet('x', '[a]', '3'), service('redis'), 'apiVersion: v1\nkind: Service\nmetadata: { name: y, namespace: kv }\nspec: 5');
    expect(runRule(rule, yaml)).toEqual([]);
  });

  it('runs its doc page examples', () => {
    const doc = docExamples('ID202');
    expect(runRule(rule, doc.failing).map(where).sort()).toEqual([...doc.expected].sort());
    expect(runRule(rule, doc.passing)).toEqual([]);
  });
});
