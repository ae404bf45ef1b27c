import { rule } from '../../lib/rules/checks/ID302-port-level-mtls-not-container-port';
import { docExamples, findings, summary, where } from './helpers';

const workload = `
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: kafka, namespace: data}
spec:
  serviceName: kafka
  selector: {matchLabels: {app: kafka}}
  template:
    metadata: {labels: {app: kafka}}
    spec:
      containers:
      - name: kafka
        ports: [{name: broker, containerPort: 9092}, {name: jmx, containerPort: 5556}]
---
apiVersion: v1
kind: Service
metadata: {name: kafka-metrics, namespace: data}
spec:
  selector: {app: kafka}
  ports: [{name: http-metrics, port: 8080, targetPort: 5556}]
`;

function policy(keys: string): string {
  return `${workload}
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: kafka, namespace: data}
spec:
  selector: {matchLabels: {app: kafka}}
  portLevelMtls:
${keys}
`;
}

describe('ID302 port-level-mtls-not-container-port', () => {
  test('doc page examples', () => {
    const { failing, passing, expected } = docExamples('ID302');
    expect(findings(rule, failing).map(where)).toEqual(expected);
    expect(findings(rule, passing)).toEqual([]);
  });

  test('a key written as the Service port names the container port it maps to', () => {
    const [f] = findings(rule, policy('    8080: {mode: DISABLE}'));
    expect(summary(f)).toEqual({ code: 'ID302', object: 'PeerAuthentication data/kafka', path: 'spec.portLevelMtls["8080"]' });
  });

  test('a key that is no port of any Service lists the declared container ports', () => {
    const [f] = findings(rule, policy('    "9999": {mode: PERMISSIVE}'));
    expect(f.message).toContain('(they declare 5556, 9092)');
  });

  test('container ports pass, written as numbers or strings, with leading zeros', () => {
    expect(findings(rule, policy('    9092: {mode: STRICT}\n    "5556": {mode: DISABLE}\n    "09092": {mode: STRICT}'))).toEqual([]);
  });

  test('keys that are not decimal ports are reported whatever the pods declare', () => {
    const out = findings(rule, policy('    "0x2384": {mode: DISABLE}\n    "0": {mode: DISABLE}\n    metrics: {mode: DISABLE}\n    "70000": {mode: DISABLE}'));
    expect(out.map((f) => summary(f).path)).toEqual([
      'spec.portLevelMtls.metrics',
      'spec.portLevelMtls["0"]',
      'spec.portLevelMtls["0x2384"]',
      'spec.portLevelMtls["70000"]',
    ]);
    expect(out.find((f) => summary(f).path.includes('0x2384'))?.message).toContain('key "0x2384" is not a port number');
  });

  test('quiet when the policy selects nothing in the input, or the pods declare no ports at all', () => {
    const other = policy('    8080: {mode: DISABLE}').replace('matchLabels: {app: kafka}}\n  portLevelMtls', 'matchLabels: {app: zookeeper}}\n  portLevelMtls');
    expect(findings(rule, other)).toEqual([]);
    const bare = `
apiVersion: v1
kind: Pod
metadata: {name: p, namespace: data, labels: {app: x}}
spec: {containers: [{name: c}]}
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: x, namespace: data}
spec: {selector: {matchLabels: {app: x}}, portLevelMtls: {"8080": {mode: DISABLE}}}
`;
    expect(findings(rule, bare)).toEqual([]);
  });

  test('a selector-less policy is left to ID303', () => {
    const yaml = `${workload}
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: default, namespace: data}
spec: {portLevelMtls: {"8080": {mode: DISABLE}}}
`;
    expect(findings(rule, yaml)).toEqual([]);
  });
});
