/** ID204 and ID205: StatefulSet container ports the governing headless Service does not declare. */
import { rule as id204 } from '../../lib/rules/checks/ID204-statefulset-peer-port-undeclared';
import { rule as id205 } from '../../lib/rules/checks/ID205-statefulset-peer-port-clusterip-only';
import { check, where } from './rules-a-support';

interface Opts {
  readonly replicas?: number;
  readonly podLabels?: string;
  readonly ports?: string;
  readonly headlessPorts?: string;
  readonly clusterIpPorts?: string;
  readonly namespaceLabels?: string;
  readonly extraContainers?: string;
}

function yaml(o: Opts = {}): string {
  const docs = [
    `apiVersion: v1
kind: Namespace
metadata: { name: db, labels: ${o.namespaceLabels ?? '{ istio-injection: enabled }'} }`,
    `apiVersion: v1
kind: Service
metadata: { name: zk-headless, namespace: db }
spec:
  clusterIP: None
  publishNotReadyAddresses: true
  selector: { app: zk }
  ports: ${o.headlessPorts ?? '[{ name: tcp-client, port: 2181, targetPort: client }]'}`,
    `apiVersion: apps/v1
kind: StatefulSet
metadata: { name: zk, namespace: db }
spec:
  serviceName: zk-headless
  replicas: ${o.replicas ?? 3}
  selector: { matchLabels: { app: zk } }
  template:
    metadata: { labels: ${o.podLabels ?? '{ app: zk }'} }
    spec:
      containers:
        - name: zookeeper
          image: zookeeper:3.9.3
          ports: ${o.ports ?? '[{ name: client, containerPort: 2181 }, { name: follower, containerPort: 2888 }, { name: election, containerPort: 3888 }]'}${o.extraContainers ?? ''}`,
  ];
  if (o.clusterIpPorts !== undefined) {
    docs.push(`apiVersion: v1
kind: Service
metadata: { name: zk, namespace: db }
spec:
  selector: { app: zk }
  ports: ${o.clusterIpPorts}`);
  }
  return docs.join('\n---\n');
}

describe('ID204 statefulset-peer-port-undeclared', () => {
  it('is a warning with a stable code and name', () => {
    expect([id204.code, id204.name, id204.severity]).toEqual(['ID204', 'statefulset-peer-port-undeclared', 'warning']);
  });

  it('reports each container port no Service declares, with the entry to add', () => {
    const found = check(id204, yaml());
    expect(where(found)).toEqual([
      'StatefulSet db/zk spec.template.spec.containers[0].ports[1]',
      'StatefulSet db/zk spec.template.spec.containers[0].ports[2]',
    ]);
    expect(found[0].message).toBe(
      'port 2888 ("follower") of container "zookeeper" is declared by no Service, not even the governing headless Service zk-headless: ' +
        'peers reaching zk-0.zk-headless.db.svc... or a pod IP on 2888 match no sidecar listener, so the traffic leaves as plaintext passthrough and a STRICT peer resets it; ' +
        'add { name: tcp-follower, port: 2888, targetPort: 2888, appProtocol: tcp } to Service zk-headless',
    );
  });

  it('resolves named and numeric (also quoted) targetPorts', () => {
    const headlessPorts = '[{ name: a, port: 2181, targetPort: client }, { name: b, port: 2888 }, { name: c, port: 13888, targetPort: "3888" }]';
    expect(check(id204, yaml({ headlessPorts }))).toEqual([]);
  });

  it('leaves alone: one replica, pods without sidecar, ambient pods, UDP, Istio ports and containers, ports only a ClusterIP Service declares', () => {
    expect(check(id204, yaml({ replicas: 1 }))).toEqual([]);
    expect(check(id204, yaml({ namespaceLabels: '{ istio-injection: disabled }' }))).toEqual([]);
    expect(check(id204, yaml({ namespaceLabels: '{ istio.io/dataplane-mode: ambient }' }))).toEqual([]);
    const ports = '[{ name: client, containerPort: 2181 }, { name: dns, containerPort: 2888, protocol: UDP }, { name: http-envoy-prom, containerPort: 15090 }]';
    const proxy = '\n        - { name: istio-proxy, image: docker.io/istio/proxyv2:1.24.3, ports: [{ containerPort: 15021 }, { containerPort: 9999 }] }';
    expect(check(id204, yaml({ ports, extraContainers: proxy }))).toEqual([]);
    expect(check(id204, yaml({ clusterIpPorts: '[{ name: tcp-f, port: 2888 }, { name: tcp-e, port: 3888 }]' }))).toEqual([]);
  });
});

describe('ID205 statefulset-peer-port-clusterip-only', () => {
  it('is a warning with a stable code and name', () => {
    expect([id205.code, id205.name, id205.severity]).toEqual(['ID205', 'statefulset-peer-port-clusterip-only', 'warning']);
  });

  it('reports a container port only a ClusterIP Service declares, naming it', () => {
    const found = check(id205, yaml({ clusterIpPorts: '[{ name: tcp-f, port: 12888, targetPort: follower }]' }));
    expect(where(found)).toEqual(['StatefulSet db/zk spec.template.spec.containers[0].ports[1]']);
    expect(found[0].message).toBe(
      'port 2888 ("follower") of container "zookeeper" is declared only by ClusterIP Service zk (port 12888), not by the governing headless Service zk-headless: ' +
        'sidecars match a ClusterIP port only on the Service\'s IP, so peers or redirected clients reaching a pod IP or zk-0.zk-headless.db.svc... on 2888 get plaintext passthrough, which a STRICT peer resets; ' +
        'add { name: tcp-follower, port: 2888, targetPort: 2888, appProtocol: tcp } to Service zk-headless (keep the protocol zk gives it if that is TCP-class)',
    );
  });

  it('does not report ports the headless Service also declares, nor ports no Service declares (ID204)', () => {
    expect(check(id205, yaml({ clusterIpPorts: '[{ name: tcp-client, port: 2181 }]' }))).toEqual([]);
    expect(check(id205, yaml())).toEqual([]);
  });
});
