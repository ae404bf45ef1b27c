import { rule } from '../../lib/rules/checks/ID306-sidecar-ingress-drops-ports';
import { docExamples, findings, summary, where } from './helpers';

const pods = `
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers:
      - name: api
        ports: [{name: http, containerPort: 8080}, {name: admin, containerPort: 9000}, {name: dns, containerPort: 5353, protocol: UDP}]
---
apiVersion: v1
kind: Service
metadata: {name: api, namespace: shop}
spec:
  selector: {app: api}
  ports:
  - {name: http, port: 80, targetPort: http}
  - {name: tcp-admin, port: 9000}
  - {name: udp-dns, port: 53, targetPort: 5353, protocol: UDP}
`;

const sidecar = (ingress: string, selector = 'workloadSelector: {labels: {app: api}}, '): string => `
---
apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: {name: api, namespace: shop}
spec: {${selector}ingress: ${ingress}}
`;

describe('ID306 sidecar-ingress-drops-ports', () => {
  test('doc page examples', () => {
    const { failing, passing, expected } = docExamples('ID306');
    expect(findings(rule, failing).map(where)).toEqual(expected);
    expect(findings(rule, passing)).toEqual([]);
  });

  test('lists the uncovered Service ports by container port (named targetPort resolved), skipping UDP', () => {
    const [f] = findings(rule, pods + sidecar('[{port: {number: 9000, protocol: TCP, name: tcp-admin}}]'));
    expect(summary(f)).toEqual({ code: 'ID306', object: 'Sidecar shop/api', path: 'spec.ingress' });
    expect(f.severity).toBe('warning');
  });

  test('ingress keyed by the Service port instead of the container port does not cover it', () => {
    const [f] = findings(rule, pods + sidecar('[{port: {number: 80, protocol: HTTP, name: http}}, {port: {number: 9000, protocol: TCP, name: tcp}}]'));
    expect(f.message).toContain('declares ingress for ports 80, 9000 only');
  });

  test('a namespace-wide Sidecar applies to every workload of its namespace', () => {
    expect(findings(rule, pods + sidecar('[{port: {number: 8080, protocol: HTTP, name: http}}]', ''))).toHaveLength(1);
  });

  test('quiet without ingress, when every port is covered, or for pods without a sidecar', () => {
    expect(findings(rule, pods + sidecar('[]'))).toEqual([]);
    expect(findings(rule, pods + sidecar('[{port: {number: 8080, protocol: HTTP, name: h}}, {port: {number: 9000, protocol: TCP, name: t}}]'))).toEqual([]);
    const noSidecar = pods.replace('metadata: {labels: {app: api}}', "metadata: {labels: {app: api, sidecar.istio.io/inject: 'false'}}");
    expect(findings(rule, noSidecar + sidecar('[{port: {number: 9000, protocol: TCP, name: t}}]'))).toEqual([]);
  });

  test('never crashes on wrong field types', () => {
    expect(findings(rule, pods + sidecar('[{port: {number: "nine"}}, 7, {port: null}]'))).toEqual([]);
    expect(findings(rule, pods + sidecar('"all"'))).toEqual([]);
  });
});
