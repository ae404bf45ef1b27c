import { rule } from '../../lib/rules/checks/ID305-overlapping-sidecars';
import { docExamples, findings, summary, where } from './helpers';

function sidecar(name: string, labels?: string, namespace = 'zk'): string {
  return `
---
apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: {name: ${name}, namespace: ${namespace}}
spec: {${labels !== undefined ? `workloadSelector: {labels: ${labels}}, ` : ''}egress: [{hosts: ["./*"]}]}
`;
}

describe('ID305 overlapping-sidecars', () => {
  test('doc page examples', () => {
    const { failing, passing, expected } = docExamples('ID305');
    expect(findings(rule, failing).map(where)).toEqual(expected);
    expect(findings(rule, passing)).toEqual([]);
  });

  test('identical and subset selectors', () => {
    const out = findings(rule, sidecar('a', '{app: zk}') + sidecar('b', '{app: zk}') + sidecar('c', '{app: zk, role: leader}'));
    expect(out.map(summary)).toEqual([{ code: 'ID305', object: 'Sidecar zk/b', path: 'spec.workloadSelector' }, { code: 'ID305', object: 'Sidecar zk/c', path: 'spec.workloadSelector' }]);
    expect(out[0].message).toContain('Sidecar "b" overlaps Sidecar "a" (identical selectors {app: zk})');
  });

  test('two namespace-wide Sidecars', () => {
    const out = findings(rule, sidecar('default') + sidecar('other'));
    expect(out.map(summary)).toEqual([{ code: 'ID305', object: 'Sidecar zk/other', path: '(root)' }]);
    expect(out[0].message).toContain('are both namespace-wide in namespace "zk" (no workloadSelector)');
  });

  test('a namespace-wide Sidecar and a selector Sidecar do not conflict (the selector one wins by design)', () => {
    expect(findings(rule, sidecar('default') + sidecar('zk', '{app: zk}'))).toEqual([]);
  });

  test('never crashes on wrong field types', () => {
    const yaml = `
apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: {name: a, namespace: zk}
spec: {workloadSelector: {labels: [1]}, ingress: "x"}
`;
    expect(findings(rule, yaml)).toEqual([]);
  });
});
