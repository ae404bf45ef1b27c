import { rule } from '../../lib/rules/checks/ID203-headless-service-without-ports';
import { docExamples, runRule, summary, where } from './helpers';

function service(spec: string, namespace = 'storage'): string {
  return `
apiVersion: v1
kind: Service
metadata: { name: db, namespace: ${namespace} }
spec:
${spec}`;
}

describe('ID203 headless-service-without-ports', () => {
  it('is a warning with a stable code and name', () => {
    expect([rule.code, rule.name, rule.severity]).toEqual(['ID203', 'headless-service-without-ports', 'warning']);
  });

  it('reports a headless Service with a selector and no ports field', () => {
    const found = runRule(rule, service('  clusterIP: None\n  selector: { app: db }'));
    expect(found.map(summary)).toEqual([{ code: 'ID203', object: 'Service storage/db', path: 'spec.ports' }]);
    expect(found[0].message).toContain('headless Service db selects pods but declares no ports');
  });

  it('reports an empty or null ports list', () => {
    expect(runRule(rule, service('  clusterIP: None\n  selector: { app: db }\n  ports: []')).map(summary)).toEqual([{ code: 'ID203', object: 'Service storage/db', path: 'spec.ports' }]);
    expect(runRule(rule, service('  clusterIP: None\n  selector: { app: db }\n  ports: null')).map(summary)).toEqual([{ code: 'ID203', object: 'Service storage/db', path: 'spec.ports' }]);
  });

  it('accepts declared ports, ClusterIP Services and selector-less or empty-selector headless Services', () => {
    expect(runRule(rule, service('  clusterIP: None\n  selector: { app: db }\n  ports: [{ name: tcp, port: 5432 }]'))).toEqual([]);
    expect(runRule(rule, service('  selector: { app: db }'))).toEqual([]);
    expect(runRule(rule, service('  clusterIP: None'))).toEqual([]);
    expect(runRule(rule, service('  clusterIP: None\n  selector: {}'))).toEqual([]);
  });

  it('leaves an unreadable ports value to the schema validation', () => {
    expect(runRule(rule, service('  clusterIP: None\n  selector: { app: db }\n  ports: 5'))).toEqual([]);
    expect(runRule(rule, service('  clusterIP: None\n  selector: { app: db }\n  ports: [{ port: x }]'))).toEqual([]);
  });

  it('reports in every namespace', () => {
    const yaml = [service('  clusterIP: None\n  selector: { app: db }', 'one'), service('  clusterIP: None\n  selector: { app: db }', 'two')].join('\n---\n');
    expect(runRule(rule, yaml).map(summary)).toEqual([{ code: 'ID203', object: 'Service one/db', path: 'spec.ports' }, { code: 'ID203', object: 'Service two/db', path: 'spec.ports' }]);
  });

  it('never crashes on wrong field types', () => {
    expect(runRule(rule, service('  clusterIP: None\n  selector: [a]'))).toEqual([]);
    expect(runRule(rule, 'apiVersion: v1\nkind: Service\nmetadata: { name: x }\nspec: "None"')).toEqual([]);
  });

  it('runs its doc page examples', () => {
    const doc = docExamples('ID203');
    expect(runRule(rule, doc.failing).map(where).sort()).toEqual([...doc.expected].sort());
    expect(runRule(rule, doc.passing)).toEqual([]);
  });
});
