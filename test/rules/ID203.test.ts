import { rule } from '../../lib/rules/checks/ID203-headless-service-without-ports';
import { check, docExamples, where } from './rules-a-support';

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
    const found = check(rule, service('  clusterIP: None\n  selector: { app: db }'));
    expect(where(found)).toEqual(['Service storage/db spec.ports']);
    expect(found[0].message).toContain('headless Service db selects pods but declares no ports');
    expect(found[0].message).toContain('per-pod listeners');
    expect(found[0].message).toContain('appProtocol: tcp');
  });

  it('reports an empty or null ports list', () => {
    expect(where(check(rule, service('  clusterIP: None\n  selector: { app: db }\n  ports: []')))).toEqual(['Service storage/db spec.ports']);
    expect(where(check(rule, service('  clusterIP: None\n  selector: { app: db }\n  ports: null')))).toEqual(['Service storage/db spec.ports']);
  });

  it('accepts declared ports, ClusterIP Services and selector-less or empty-selector headless Services', () => {
    expect(check(rule, service('  clusterIP: None\n  selector: { app: db }\n  ports: [{ name: tcp, port: 5432 }]'))).toEqual([]);
    expect(check(rule, service('  selector: { app: db }'))).toEqual([]);
    expect(check(rule, service('  clusterIP: None'))).toEqual([]);
    expect(check(rule, service('  clusterIP: None\n  selector: {}'))).toEqual([]);
  });

  it('leaves an unreadable ports value to the schema validation', () => {
    expect(check(rule, service('  clusterIP: None\n  selector: { app: db }\n  ports: 5'))).toEqual([]);
    expect(check(rule, service('  clusterIP: None\n  selector: { app: db }\n  ports: [{ port: x }]'))).toEqual([]);
  });

  it('reports in every namespace', () => {
    const yaml = [service('  clusterIP: None\n  selector: { app: db }', 'one'), service('  clusterIP: None\n  selector: { app: db }', 'two')].join('\n---\n');
    expect(where(check(rule, yaml))).toEqual(['Service one/db spec.ports', 'Service two/db spec.ports']);
  });

  it('never crashes on wrong field types', () => {
    expect(check(rule, service('  clusterIP: None\n  selector: [a]'))).toEqual([]);
    expect(check(rule, 'apiVersion: v1\nkind: Service\nmetadata: { name: x }\nspec: "None"')).toEqual([]);
  });

  it('runs its doc page examples', () => {
    const doc = docExamples('ID203');
    expect(where(check(rule, doc.failing)).sort()).toEqual([...doc.expects].sort());
    expect(check(rule, doc.passing)).toEqual([]);
  });
});
