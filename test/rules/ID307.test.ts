import { rule } from '../../lib/rules/checks/ID307-ambient-unsupported';
import { docExamples, findings, summary, where } from './helpers';

const namespace = (name: string, labels: string): string => `
---
apiVersion: v1
kind: Namespace
metadata: {name: ${name}, labels: ${labels}}
`;

const workload = (ns: string, podLabels: string): string => `
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: app, namespace: ${ns}}
spec:
  selector: {matchLabels: {app: x}}
  template:
    metadata: {labels: ${podLabels}}
    spec: {containers: [{name: c, ports: [{containerPort: 8080}]}]}
`;

const pa = (ns: string, spec: string, name = 'p'): string => `
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: ${name}, namespace: ${ns}}
spec: ${spec}
`;

describe('ID307 ambient-unsupported', () => {
  test('doc page examples', () => {
    const { failing, passing, expected } = docExamples('ID307');
    expect(findings(rule, failing).map(where)).toEqual(expected);
    expect(findings(rule, passing)).toEqual([]);
  });

  test('an ambient pod label in a sidecar namespace: workload DISABLE and port-level DISABLE', () => {
    const yaml =
      namespace('web', '{istio-injection: enabled}') +
      workload('web', '{app: x, istio.io/dataplane-mode: ambient, sidecar.istio.io/inject: "false"}') +
      pa('web', '{selector: {matchLabels: {app: x}}, mtls: {mode: DISABLE}, portLevelMtls: {"8080": {mode: DISABLE}, "9090": {mode: STRICT}}}');
    const out = findings(rule, yaml);
    expect(out.map(summary)).toEqual([{ code: 'ID307', object: 'PeerAuthentication web/p', path: 'spec.mtls.mode' }, { code: 'ID307', object: 'PeerAuthentication web/p', path: 'spec.portLevelMtls["8080"]' }]);
  });

  test('a namespace-wide DISABLE in an ambient namespace, and a mesh-wide one when the input has ambient pods', () => {
    expect(findings(rule, namespace('db', '{istio.io/dataplane-mode: ambient}') + pa('db', '{mtls: {mode: DISABLE}}')).map(summary)).toEqual([
      { code: 'ID307', object: 'PeerAuthentication db/p', path: 'spec.mtls.mode' },
    ]);
    const mesh = findings(rule, namespace('db', '{istio.io/dataplane-mode: ambient}') + pa('istio-system', '{mtls: {mode: DISABLE}}', 'default'));
    expect(mesh[0].message).toContain('sets DISABLE for the whole mesh, including namespace "db"');
    expect(findings(rule, pa('istio-system', '{mtls: {mode: DISABLE}}', 'default'))).toEqual([]);
  });

  test('pods of an ambient namespace with a sidecar are not ambient', () => {
    const yaml =
      namespace('mixed', '{istio.io/dataplane-mode: ambient}') +
      workload('mixed', '{app: x, sidecar.istio.io/inject: "true"}') +
      pa('mixed', '{selector: {matchLabels: {app: x}}, mtls: {mode: DISABLE}}');
    expect(findings(rule, yaml)).toEqual([]);
  });

  test('a Sidecar selecting an ambient workload names it; STRICT and PERMISSIVE are fine', () => {
    const yaml =
      workload('web', '{app: x, istio.io/dataplane-mode: ambient}') +
      `
---
apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: {name: s, namespace: web}
spec: {workloadSelector: {labels: {app: x}}, egress: [{hosts: ["./*"]}]}
` +
      pa('web', '{selector: {matchLabels: {app: x}}, mtls: {mode: PERMISSIVE}}');
    const out = findings(rule, yaml);
    expect(out.map(summary)).toEqual([{ code: 'ID307', object: 'Sidecar web/s', path: '(root)' }]);
    expect(out[0].message).toContain('Sidecar "s" applies to Deployment web/app, which runs in ambient mode');
  });

  test('quiet outside ambient, and on wrong field types', () => {
    expect(findings(rule, workload('web', '{app: x}') + pa('web', '{selector: {matchLabels: {app: x}}, mtls: {mode: DISABLE}}'))).toEqual([]);
    expect(findings(rule, namespace('db', '{istio.io/dataplane-mode: ambient}') + pa('db', '{mtls: "DISABLE", portLevelMtls: 3}'))).toEqual([]);
  });
});
