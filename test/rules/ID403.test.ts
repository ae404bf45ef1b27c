import { rule } from '../../lib/rules/checks/ID403-envoy-plaintext-to-strict-pods';
import { docExamples, findings, summary, where } from './helpers';

const destination = `
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: kafka, namespace: data}
spec:
  serviceName: kafka
  selector: {matchLabels: {app: kafka}}
  template:
    metadata: {labels: {app: kafka}}
    spec: {containers: [{name: kafka, ports: [{containerPort: 9092}, {containerPort: 9404}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: kafka, namespace: data}
spec:
  clusterIP: None
  selector: {app: kafka}
  ports: [{name: tcp-broker, port: 9092}]
---
apiVersion: v1
kind: Service
metadata: {name: kafka-metrics, namespace: data}
spec:
  selector: {app: kafka}
  ports: [{name: http-metrics, port: 80, targetPort: 9404}]
`;

function envoy(address: string, port: number, podLabels = '{app: envoy, sidecar.istio.io/inject: "false"}', type = 'STRICT_DNS'): string {
  return `
---
apiVersion: v1
kind: ConfigMap
metadata: {name: envoy, namespace: edge}
data:
  envoy.json: '${JSON.stringify({
    staticResources: {
      clusters: [
        {
          name: 'upstream',
          type,
          loadAssignment: { clusterName: 'upstream', endpoints: [{ lbEndpoints: [{ endpoint: { address: { socketAddress: { address, portValue: port } } } }] }] },
        },
      ],
    },
  })}'
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: envoy, namespace: edge}
spec:
  selector: {matchLabels: {app: envoy}}
  template:
    metadata: {labels: ${podLabels}}
    spec:
      containers: [{name: envoy}]
      volumes: [{name: config, configMap: {name: envoy}}]
`;
}

const pa = (namespace: string, spec: string, name = 'default'): string => `
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: ${name}, namespace: ${namespace}}
spec: ${spec}
`;

describe('ID403 envoy-plaintext-to-strict-pods', () => {
  test('doc page examples', () => {
    const { failing, passing, expected } = docExamples('ID403');
    expect(findings(rule, failing).map(where)).toEqual(expected);
    expect(findings(rule, passing)).toEqual([]);
  });

  test('STRICT from the namespace-wide policy, JSON bootstrap keys', () => {
    const out = findings(rule, destination + envoy('kafka.data.svc.cluster.local', 9092) + pa('data', '{mtls: {mode: STRICT}}'));
    expect(out).toHaveLength(1);
    expect(summary(out[0]).path).toMatch(/^data\["envoy\.json"\]\.static_resources\.clusters\[0\]\.load_assignment\.endpoints\[0\]/);
  });

  test('STRICT from the mesh-wide policy, and from the meshMtlsMode option', () => {
    const mesh = findings(rule, destination + envoy('kafka.data', 9092) + pa('istio-system', '{mtls: {mode: STRICT}}'));
    expect(mesh[0].message).toContain('(from PeerAuthentication istio-system/default (mesh-wide))');
    const option = findings(rule, destination + envoy('kafka.data', 9092), { meshMtlsMode: 'STRICT' });
    expect(option[0].message).toContain('(from the mesh default (STRICT, option meshMtlsMode))');
    expect(findings(rule, destination + envoy('kafka.data', 9092))).toEqual([]);
  });

  test('a namespace-wide PERMISSIVE overrides a mesh-wide STRICT; UNSET inherits', () => {
    expect(findings(rule, destination + envoy('kafka.data', 9092) + pa('istio-system', '{mtls: {mode: STRICT}}') + pa('data', '{mtls: {mode: PERMISSIVE}}'))).toEqual([]);
    expect(findings(rule, destination + envoy('kafka.data', 9092) + pa('istio-system', '{mtls: {mode: STRICT}}') + pa('data', '{mtls: {mode: UNSET}}'))).toHaveLength(1);
  });

  test('a port-level opt-out passes; a port-level STRICT under a PERMISSIVE namespace is reported', () => {
    const optOut = pa('data', '{selector: {matchLabels: {app: kafka}}, mtls: {mode: STRICT}, portLevelMtls: {"9092": {mode: PERMISSIVE}}}', 'kafka');
    expect(findings(rule, destination + envoy('kafka.data', 9092) + optOut)).toEqual([]);
    const strictPort = pa('data', '{selector: {matchLabels: {app: kafka}}, portLevelMtls: {"9092": {mode: STRICT}}}', 'kafka');
    const [f] = findings(rule, destination + envoy('kafka.data', 9092) + strictPort);
    expect(f.message).toContain('(from PeerAuthentication data/kafka (portLevelMtls 9092))');
  });

  test('a ClusterIP Service maps its port to the targetPort', () => {
    const [f] = findings(rule, destination + envoy('kafka-metrics.data.svc', 80) + pa('data', '{mtls: {mode: STRICT}}'));
    expect(f.message).toContain('(STRICT_DNS kafka-metrics.data.svc.cluster.local:80, Service "kafka-metrics")');
  });

  test('quiet when the Envoy pods have a sidecar (or injection is unknown), for STATIC clusters, and for destinations without sidecar', () => {
    const strict = pa('data', '{mtls: {mode: STRICT}}');
    expect(findings(rule, destination + envoy('kafka.data', 9092, '{app: envoy, sidecar.istio.io/inject: "true"}') + strict)).toEqual([]);
    expect(findings(rule, destination + envoy('kafka.data', 9092, '{app: envoy}') + strict)).toEqual([]);
    expect(findings(rule, destination + envoy('10.0.0.1', 9092, undefined, 'STATIC') + strict)).toEqual([]);
    const plainKafka = destination.replace('metadata: {labels: {app: kafka}}', 'metadata: {labels: {app: kafka, sidecar.istio.io/inject: "false"}}');
    expect(findings(rule, plainKafka + envoy('kafka.data', 9092) + strict)).toEqual([]);
  });

  test('injection disabled on the Envoy namespace counts as no sidecar', () => {
    const ns = `
---
apiVersion: v1
kind: Namespace
metadata: {name: edge, labels: {istio-injection: disabled}}
`;
    expect(findings(rule, destination + envoy('kafka.data', 9092, '{app: envoy}') + ns + pa('data', '{mtls: {mode: STRICT}}'))).toHaveLength(1);
  });

  test('never crashes on wrong field types', () => {
    const yaml = `${destination}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: envoy, namespace: edge}
data: {envoy.yaml: "static_resources: {clusters: [{name: x, type: STRICT_DNS, load_assignment: {endpoints: [{lb_endpoints: 5}]}}]}"}
${pa('data', '{mtls: {mode: 5}}')}`;
    expect(findings(rule, yaml)).toEqual([]);
  });
});
