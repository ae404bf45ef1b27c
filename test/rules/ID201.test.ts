import { rule } from '../../lib/rules/checks/ID201-statefulset-service-name';
import { docExamples, runRule, summary, where } from './helpers';

function statefulSet(serviceName: string | undefined, namespace = 'db', name = 'pg', labels = '{ app: pg }'): string {
  return `
apiVersion: apps/v1
kind: StatefulSet
metadata: { name: ${name}, namespace: ${namespace} }
spec:
${serviceName === undefined ? '' : `  serviceName: ${serviceName}\n`}  replicas: 3
  selector: { matchLabels: ${labels} }
  template:
    metadata: { labels: ${labels} }
    spec:
      containers: [{ name: pg, image: postgres:17.2, ports: [{ containerPort: 5432 }] }]`;
}

function service(name: string, namespace = 'db', headless = true, selector = '{ app: pg }'): string {
  return `
apiVersion: v1
kind: Service
metadata: { name: ${name}, namespace: ${namespace} }
spec:
${headless ? '  clusterIP: None\n' : ''}${selector === '' ? '' : `  selector: ${selector}\n`}  ports: [{ name: tcp, port: 5432 }]`;
}

const docs = (...parts: string[]) => parts.join('\n---\n');

describe('ID201 statefulset-service-name', () => {
  it('is an error with a stable code and name', () => {
    expect([rule.code, rule.name, rule.severity]).toEqual(['ID201', 'statefulset-service-name', 'error']);
  });

  it('accepts a headless Service of the same namespace that selects the pods', () => {
    expect(runRule(rule, docs(statefulSet('pg'), service('pg')))).toEqual([]);
  });

  it('reports a missing or empty serviceName', () => {
    for (const name of [undefined, '""']) {
      const found = runRule(rule, statefulSet(name));
      expect(found.map(summary)).toEqual([{ code: 'ID201', object: 'StatefulSet db/pg', path: 'spec.serviceName' }]);
      expect(found[0].severity).toBe('error');
      expect(found[0].message).toContain('StatefulSet has no spec.serviceName');
    }
  });

  it('reports a serviceName of the wrong type, showing it', () => {
    const found = runRule(rule, statefulSet('42'));
    expect(found).toHaveLength(1);
    expect(found[0].message).toContain('has spec.serviceName 42, which is not a Service name');
  });

  it('reports a governing Service that is not headless', () => {
    const found = runRule(rule, docs(statefulSet('pg'), service('pg', 'db', false)));
    expect(found.map(summary)).toEqual([{ code: 'ID201', object: 'StatefulSet db/pg', path: 'spec.serviceName' }]);
    expect(found[0].severity).toBe('error');
    expect(found[0].message).toContain('governing Service "pg" is not headless (spec.type ClusterIP');
  });

  it('reports a headless Service that does not select the pods, but not a selector-less one', () => {
    const found = runRule(rule, docs(statefulSet('pg'), service('pg', 'db', true, '{ app: other }')));
    expect(found.map(summary)).toEqual([{ code: 'ID201', object: 'StatefulSet db/pg', path: 'spec.serviceName' }]);
    expect(found[0].message).toContain('does not select this StatefulSet\'s pods');
    expect(runRule(rule, docs(statefulSet('pg'), service('pg', 'db', true, '')))).toEqual([]);
  });

  it('reports a Service found only in another namespace, naming it', () => {
    const found = runRule(rule, docs(statefulSet('pg'), service('pg', 'other'), service('pg', 'third')));
    expect(found.map(summary)).toEqual([{ code: 'ID201', object: 'StatefulSet db/pg', path: 'spec.serviceName' }]);
    expect(found[0].severity).toBe('error');
    expect(found[0].message).toContain('is not in namespace db but only in other, third');
  });

  it('warns when the Service is not in the input at all', () => {
    const found = runRule(rule, docs(statefulSet('pg'), service('unrelated')));
    expect(found.map(summary)).toEqual([{ code: 'ID201', object: 'StatefulSet db/pg', path: 'spec.serviceName' }]);
    expect(found[0].severity).toBe('warning');
    expect(found[0].message).toContain('governing Service "pg" is not in the input');
  });

  it('ignores Deployments and other workloads', () => {
    const deployment = statefulSet(undefined).replace('kind: StatefulSet', 'kind: Deployment');
    expect(runRule(rule, deployment)).toEqual([]);
  });

  it('checks each StatefulSet of several namespaces on its own', () => {
    const yaml = docs(statefulSet('pg', 'one'), statefulSet('pg', 'two'), service('pg', 'one'));
    expect(runRule(rule, yaml).map(summary)).toEqual([{ code: 'ID201', object: 'StatefulSet two/pg', path: 'spec.serviceName' }]);
  });

  it('uses pod labels when the StatefulSet selector uses matchExpressions', () => {
    const yaml = docs(statefulSet('pg').replace('selector: { matchLabels: { app: pg } }', 'selector: { matchExpressions: [{ key: app, operator: In, values: [pg] }] }'), service('pg'));
    expect(runRule(rule, yaml)).toEqual([]);
  });

  it('never crashes on wrong field types', () => {
    const yaml = docs(
      `
apiVersion: apps/v1
kind: StatefulSet
metadata: { name: a }
spec: { serviceName: [x], template: 5 }`,
      `
apiVersion: apps/v1
kind: StatefulSet
metadata: { name: b }
spec: 7`,
      `
apiVersion: v1
kind: Service
metadata: { name: c }
spec: { clusterIP: [None], selector: 5 }`,
    );
    expect(runRule(rule, yaml).map(summary)).toEqual([{ code: 'ID201', object: 'StatefulSet default/a', path: 'spec.serviceName' }, { code: 'ID201', object: 'StatefulSet default/b', path: 'spec.serviceName' }]);
  });

  it('runs its doc page examples', () => {
    const doc = docExamples('ID201');
    expect(runRule(rule, doc.failing).map(where).sort()).toEqual([...doc.expected].sort());
    expect(runRule(rule, doc.passing)).toEqual([]);
  });
});
