/** A ZooKeeper StatefulSet, its headless Service and optionally a ClusterIP Service: the fixture of ID204 and ID205. */
export interface Opts {
  readonly replicas?: number;
  readonly podLabels?: string;
  readonly ports?: string;
  readonly headlessPorts?: string;
  readonly clusterIpPorts?: string;
  readonly namespaceLabels?: string;
  readonly extraContainers?: string;
}

export function peerYaml(o: Opts = {}): string {
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
