import { rule } from '../../lib/rules/checks/ID304-overlapping-peer-authentications';
import { docExamples, findings, summary, where } from './helpers';

function pa(name: string, selector?: string, extra = '', namespace = 'data'): string {
  return `
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: ${name}, namespace: ${namespace}${extra}}
spec: {${selector !== undefined ? `selector: {matchLabels: ${selector}}, ` : ''}mtls: {mode: STRICT}}
`;
}

const workload = `
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: data}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api, team: red, version: v1}}
    spec: {containers: [{name: api}]}
`;

describe('ID304 overlapping-peer-authentications', () => {
  test('doc page examples', () => {
    const { failing, passing, expected } = docExamples('ID304');
    expect(findings(rule, failing).map(where)).toEqual(expected);
    expect(findings(rule, passing)).toEqual([]);
  });

  test('identical selectors: the later one is reported, naming the oldest, with creation-order wording', () => {
    const out = findings(rule, pa('a', '{app: x}') + pa('b', '{app: x}'));
    expect(out.map(summary)).toEqual([{ code: 'ID304', object: 'PeerAuthentication data/b', path: 'spec.selector' }]);
  });

  test('with timestamps the oldest is named as the winner, whatever the input order', () => {
    const out = findings(rule, pa('new', '{app: x}', ', creationTimestamp: "2026-05-01T00:00:00Z"') + pa('old', '{app: x}', ', creationTimestamp: "2025-05-01T00:00:00Z"'));
    expect(out.map(summary)).toEqual([{ code: 'ID304', object: 'PeerAuthentication data/new', path: 'spec.selector' }]);
    expect(out[0].message).toContain('the oldest by creationTimestamp ("old"), and ignores "new"');
  });

  test('same timestamp: the name decides, as in Istio', () => {
    const stamp = ', creationTimestamp: "2026-05-01T00:00:00Z"';
    const out = findings(rule, pa('zeta', '{app: x}', stamp) + pa('alpha', '{app: x}', stamp));
    expect(out.map((f) => summary(f).object)).toEqual(['PeerAuthentication data/zeta']);
  });

  test('a subset selector overlaps even with no workload in the input', () => {
    const out = findings(rule, pa('narrow', '{app: x, version: v1}') + pa('wide', '{app: x}'));
    expect(out.map(summary)).toEqual([{ code: 'ID304', object: 'PeerAuthentication data/wide', path: 'spec.selector' }]);
    expect(out[0].message).toContain('(selector {app: x} is a subset of {app: x, version: v1})');
  });

  test('disjoint-looking selectors overlap when both select one workload of the input', () => {
    const out = findings(rule, workload + pa('by-team', '{team: red}') + pa('by-version', '{version: v1}'));
    expect(out.map(summary)).toEqual([{ code: 'ID304', object: 'PeerAuthentication data/by-version', path: 'spec.selector' }]);
    expect(out[0].message).toContain('(both select Deployment data/api)');
  });

  test('selectors that select different workloads, or live in other namespaces, do not overlap', () => {
    expect(findings(rule, workload + pa('by-team', '{team: blue}') + pa('by-version', '{version: v1}'))).toEqual([]);
    expect(findings(rule, pa('a', '{app: x}') + pa('b', '{app: x}', '', 'other'))).toEqual([]);
  });

  test('namespace-wide pairs, and mesh-wide pairs in the root namespace', () => {
    const out = findings(rule, pa('default') + pa('second') + pa('mesh', undefined, '', 'istio-system') + pa('mesh2', undefined, '', 'istio-system'));
    expect(out.map(summary)).toEqual([{ code: 'ID304', object: 'PeerAuthentication data/second', path: '(root)' }, { code: 'ID304', object: 'PeerAuthentication istio-system/mesh2', path: '(root)' }]);
    expect(out[0].message).toContain('are both namespace-wide in namespace "data" (no selector)');
  });

  test('an empty matchLabels is namespace-wide; selector policies of the root namespace are left to ID309', () => {
    expect(findings(rule, pa('default') + pa('empty', '{}')).map(summary)).toEqual([{ code: 'ID304', object: 'PeerAuthentication data/empty', path: '(root)' }]);
    expect(findings(rule, pa('a', '{app: x}', '', 'istio-system') + pa('b', '{app: x}', '', 'istio-system'))).toEqual([]);
  });

  test('many identical policies: each later one reported once against the oldest', () => {
    const yaml = Array.from({ length: 300 }, (_, i) => pa(`p${String(i).padStart(3, '0')}`, '{app: x}')).join('');
    const out = findings(rule, yaml);
    expect(out).toHaveLength(299);
  });

  test('never crashes on wrong field types', () => {
    const yaml = `
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: a, namespace: data, creationTimestamp: 12}
spec: {selector: {matchLabels: "app=x"}}
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: b, namespace: data, creationTimestamp: "not a date"}
spec: {selector: 7}
`;
    expect(findings(rule, yaml).map(summary)).toEqual([{ code: 'ID304', object: 'PeerAuthentication data/b', path: '(root)' }]);
  });
});
