import { rule } from '../../lib/rules/checks/ID501-selects-nothing';
import { findings, summary } from './helpers';

const statefulSet = `
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: kafka, namespace: data}
spec:
  serviceName: kafka-headless
  selector: {matchLabels: {app.kubernetes.io/name: kafka}}
  template:
    metadata: {labels: {app.kubernetes.io/name: kafka}}
    spec: {containers: [{name: kafka, image: kafka, ports: [{containerPort: 9094}]}]}
`;

const service = (name: string, selector: string, ns = 'data'): string => `
---
apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: ${ns}}
spec: {selector: ${selector}, ports: [{name: tcp-kafka, port: 9094}]}
`;

const severities = (yaml: string) => findings(rule, yaml).map((f) => ({ ...summary(f), severity: f.severity }));

describe('ID501 selects-nothing: labels Kubernetes and Istio add, and operators', () => {
  // Reported on real manifests: Kafka and ZooKeeper charts expose each broker with a Service per pod
  // selecting the label the StatefulSet controller adds (statefulset.kubernetes.io/pod-name).
  test('a per-pod Service of a StatefulSet selects the controller-added pod-name and pod-index labels', () => {
    const yaml =
      statefulSet +
      service('kafka-0-external', '{app.kubernetes.io/name: kafka, statefulset.kubernetes.io/pod-name: kafka-0}') +
      service('kafka-1-external', '{apps.kubernetes.io/pod-index: "1", app.kubernetes.io/name: kafka}') +
      service('kafka-rev', '{controller-revision-hash: kafka-5d8f, app.kubernetes.io/name: kafka}');
    expect(findings(rule, yaml)).toEqual([]);
  });

  test('a selector key named like an Object property ("constructor") is a plain label', () => {
    expect(severities(statefulSet + service('odd', '{constructor: x, app.kubernetes.io/name: kafka}'))).toEqual([{ code: 'ID501', object: 'Service data/odd', path: 'spec.selector', severity: 'warning' }]);
  });

  test('an added label counts only for the workload kinds that get it', () => {
    const yaml = statefulSet + service('kafka-hash', '{app.kubernetes.io/name: kafka, pod-template-hash: 7c9f}');
    expect(severities(yaml)).toEqual([{ code: 'ID501', object: 'Service data/kafka-hash', path: 'spec.selector', severity: 'warning' }]);
    // The rest of the selector still has to match.
    expect(severities(statefulSet + service('zk-0', '{app.kubernetes.io/name: zookeeper, statefulset.kubernetes.io/pod-name: zk-0}'))).toEqual([
      { code: 'ID501', object: 'Service data/zk-0', path: 'spec.selector', severity: 'warning' },
    ]);
  });

  test("Istio's topology labels count for Istio selectors (a DestinationRule subset per zone), not for a Service", () => {
    const yaml =
      statefulSet +
      service('kafka', '{app.kubernetes.io/name: kafka}') +
      `
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: kafka, namespace: data}
spec:
  host: kafka.data.svc.cluster.local
  subsets:
    - {name: zone-a, labels: {topology.kubernetes.io/zone: eu-west-1a}}
    - {name: node, labels: {kubernetes.io/hostname: node-1, topology.istio.io/network: net-1}}
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: kafka-cluster-a, namespace: data}
spec: {selector: {matchLabels: {app.kubernetes.io/name: kafka, topology.istio.io/cluster: cluster-a}}, mtls: {mode: STRICT}}
` +
      service('kafka-zone', '{app.kubernetes.io/name: kafka, topology.kubernetes.io/zone: eu-west-1a}');
    expect(severities(yaml)).toEqual([{ code: 'ID501', object: 'Service data/kafka-zone', path: 'spec.selector', severity: 'warning' }]);
  });

  // Reported on real manifests: operator-managed clusters (RabbitmqCluster, Strimzi Kafka) come with
  // Services and policies for pods the operator creates; the input holds only the custom resource.
  test('pods an operator creates from a custom resource in the namespace: info, and a match elsewhere only a warning', () => {
    const operated = `
---
apiVersion: rabbitmq.com/v1beta1
kind: RabbitmqCluster
metadata: {name: broker, namespace: data}
spec: {replicas: 3}
`;
    const yaml = statefulSet + operated + service('broker', '{app.kubernetes.io/name: broker}');
    const out = findings(rule, yaml);
    expect(out.map((f) => ({ ...summary(f), severity: f.severity }))).toEqual([{ code: 'ID501', object: 'Service data/broker', path: 'spec.selector', severity: 'info' }]);
    expect(out[0].message).toContain('its pods may come from an operator of RabbitmqCluster broker');
    // The selector matches workloads of another namespace: without an operator an error, with one a warning.
    const other = service('kafka', '{app.kubernetes.io/name: kafka}', 'queue');
    expect(severities(statefulSet + other)).toEqual([{ code: 'ID501', object: 'Service queue/kafka', path: 'spec.selector', severity: 'error' }]);
    const queueOperator = operated.replace('namespace: data', 'namespace: queue');
    expect(severities(statefulSet + queueOperator + other)).toEqual([{ code: 'ID501', object: 'Service queue/kafka', path: 'spec.selector', severity: 'warning' }]);
    // Built-in and Istio kinds are not operators' resources.
    const cm = '\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: np, namespace: data}\nspec: {podSelector: {}}\n';
    expect(severities(statefulSet + cm + service('broker', '{app.kubernetes.io/name: broker}'))[0].severity).toBe('warning');
  });
});
