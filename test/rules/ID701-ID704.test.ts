/** ID701-ID704: rules that recognise the apps of the recipes (etcd, Kafka, Redis, ZooKeeper, ...). */
import { rule as id701 } from '../../lib/rules/checks/ID701-app-peer-port-http-protocol';
import { rule as id702 } from '../../lib/rules/checks/ID702-quorum-app-ordered-ready';
import { rule as id703 } from '../../lib/rules/checks/ID703-redis-cluster-announce-ip';
import { rule as id704 } from '../../lib/rules/checks/ID704-app-advertises-pod-ip';
import { check, where } from './rules-a-support';

function sts(o: { name: string; image: string; ports: string; policy?: string; replicas?: number; extra?: string; ns?: string }): string {
  return `apiVersion: apps/v1
kind: StatefulSet
metadata: { name: ${o.name}, namespace: ${o.ns ?? 'apps'} }
spec:
  serviceName: ${o.name}-headless
  replicas: ${o.replicas ?? 3}
${o.policy !== undefined ? `  podManagementPolicy: ${o.policy}\n` : ''}  selector: { matchLabels: { app: ${o.name} } }
  template:
    metadata: { labels: { app: ${o.name} } }
    spec:
      containers:
        - name: ${o.name}
          image: ${o.image}
          ports: ${o.ports}${o.extra ?? ''}`;
}

function svc(name: string, ports: string, headless = true, ns = 'apps'): string {
  return `apiVersion: v1
kind: Service
metadata: { name: ${name}, namespace: ${ns} }
spec:
${headless ? '  clusterIP: None\n' : ''}  selector: { app: ${name.replace(/-headless$/, '')} }
  ports: ${ports}`;
}

const docs = (...parts: string[]) => parts.join('\n---\n');

describe('ID701 app-peer-port-http-protocol', () => {
  it('is an error with a stable code and name', () => {
    expect([id701.code, id701.name, id701.severity]).toEqual(['ID701', 'app-peer-port-http-protocol', 'error']);
  });

  it('binary protocols: an error on headless and ClusterIP Services, by name or appProtocol', () => {
    const yaml = docs(
      sts({ name: 'kafka', image: 'docker.io/bitnami/kafka:3.9.0', ports: '[{ containerPort: 9092 }, { containerPort: 9093 }]' }),
      svc('kafka-headless', '[{ name: http-client, port: 9092 }, { name: tcp-ctl, port: 9093, appProtocol: grpc }]'),
      svc('kafka', '[{ name: http, port: 9092 }]', false),
    );
    const found = check(id701, yaml);
    expect(where(found)).toEqual(['Service apps/kafka-headless spec.ports[0].name', 'Service apps/kafka-headless spec.ports[1].appProtocol', 'Service apps/kafka spec.ports[0].name']);
    expect(found.map((f) => f.severity)).toEqual(['error', 'error', 'error']);
    expect(found[1].message).toBe(
      'Service kafka-headless port 9093 (pod port 9093 of StatefulSet kafka) carries Kafka\'s KRaft controller quorum, but its appProtocol "grpc" makes it GRPC for Istio: ' +
        'Kafka speaks its own binary protocol there, which Istio\'s HTTP codec rejects, and pod-IP callers get no per-pod listener at all; set appProtocol: tcp (and name it "tcp-controller")',
    );
  });

  it('etcd (HTTP and gRPC): a warning on a headless Service, nothing on a ClusterIP one', () => {
    const yaml = docs(
      sts({ name: 'etcd', image: 'quay.io/coreos/etcd:v3.5.21', ports: '[{ containerPort: 2379 }, { containerPort: 2380 }]' }),
      svc('etcd-headless', '[{ name: grpc, port: 2379 }, { name: tcp-peer, port: 2380 }]'),
      svc('etcd', '[{ name: grpc, port: 2379 }]', false),
    );
    const found = check(id701, yaml);
    expect(where(found)).toEqual(['Service apps/etcd-headless spec.ports[0].name']);
    expect(found[0].severity).toBe('warning');
  });

  it('recognises by well-known port when the image is unknown; leaves tcp, sniffed and unknown apps alone', () => {
    const custom = docs(sts({ name: 'zk', image: 'registry.example/zk:1', ports: '[{ containerPort: 2181 }, { containerPort: 2888 }, { containerPort: 3888 }]' }), svc('zk-headless', '[{ name: http-client, port: 2181 }, { name: follower, port: 2888 }, { name: tcp-e, port: 3888 }]'));
    expect(where(check(id701, custom))).toEqual(['Service apps/zk-headless spec.ports[0].name']);
    const unknown = docs(sts({ name: 'web', image: 'nginx:1.27', ports: '[{ containerPort: 9092 }]' }), svc('web-headless', '[{ name: http, port: 9092 }]'));
    expect(check(id701, unknown)).toEqual([]);
  });
});

describe('ID702 quorum-app-ordered-ready', () => {
  it('is a warning with a stable code and name', () => {
    expect([id702.code, id702.name, id702.severity]).toEqual(['ID702', 'quorum-app-ordered-ready', 'warning']);
  });

  it('reports etcd, ZooKeeper and Kafka under OrderedReady (set or default), not Parallel, one replica, or Redis', () => {
    const yaml = docs(
      sts({ name: 'etcd', image: 'bitnami/etcd:3.5', ports: '[{ containerPort: 2379 }]' }),
      sts({ name: 'zk', image: 'zookeeper:3.9', ports: '[{ containerPort: 2181 }]', policy: 'OrderedReady' }),
      sts({ name: 'kafka', image: 'apache/kafka:3.9.1', ports: '[{ containerPort: 9092 }]', policy: 'Parallel' }),
      sts({ name: 'single', image: 'apache/kafka:3.9.1', ports: '[{ containerPort: 9092 }]', replicas: 1 }),
      sts({ name: 'redis', image: 'redis:7.4', ports: '[{ containerPort: 6379 }, { containerPort: 16379 }]' }),
    );
    const found = check(id702, yaml);
    expect(where(found)).toEqual(['StatefulSet apps/etcd spec.podManagementPolicy', 'StatefulSet apps/zk spec.podManagementPolicy']);
    expect(found[1].message).toBe(
      'podManagementPolicy is OrderedReady, but container "zk" runs ZooKeeper, whose members become ready only with a quorum: ' +
        'zk-1 is created only once zk-0 is Ready, which never happens while zk-0 waits for its peers; set podManagementPolicy: Parallel',
    );
  });
});

describe('ID703 redis-cluster-announce-ip', () => {
  const ports = '[{ containerPort: 6379 }, { containerPort: 16379 }]';
  it('is a warning with a stable code and name', () => {
    expect([id703.code, id703.name, id703.severity]).toEqual(['ID703', 'redis-cluster-announce-ip', 'warning']);
  });

  it('reports cluster mode from args or a sh -c script without an announced IP', () => {
    const args = sts({ name: 'redis', image: 'redis:7.4.2', ports, extra: '\n          args: [--cluster-enabled, "yes"]' });
    expect(where(check(id703, args))).toEqual(['StatefulSet apps/redis spec.template.spec.containers[0]']);
    const script = sts({ name: 'redis', image: 'valkey/valkey:8.0', ports, extra: '\n          command: [sh, -c, "exec valkey-server --cluster-enabled yes --port 6379"]' });
    expect(where(check(id703, script))).toEqual(['StatefulSet apps/redis spec.template.spec.containers[0]']);
  });

  it('is satisfied by the announcement in args, env or config; ignores Bitnami, non-cluster Redis and pods without sidecar', () => {
    const announced = sts({ name: 'redis', image: 'redis:7.4.2', ports, extra: '\n          args: [--cluster-enabled, "yes", --cluster-announce-ip, $(POD_IP)]' });
    expect(check(id703, announced)).toEqual([]);
    const env = sts({ name: 'redis', image: 'redis:7.4.2', ports, extra: '\n          args: [--cluster-enabled, "yes"]\n          env: [{ name: REDIS_CLUSTER_ANNOUNCE_IP, value: 10.0.0.1 }]' });
    expect(check(id703, env)).toEqual([]);
    const bitnami = sts({ name: 'redis', image: 'docker.io/bitnami/redis-cluster:7.4.2', ports, extra: '\n          args: [--cluster-enabled, "yes"]' });
    expect(check(id703, bitnami)).toEqual([]);
    const plain = sts({ name: 'redis', image: 'redis:7.4.2', ports: '[{ containerPort: 6379 }]', extra: '\n          args: [--appendonly, "yes"]' });
    expect(check(id703, plain)).toEqual([]);
    const noSidecar = `apiVersion: v1\nkind: Namespace\nmetadata: { name: apps, labels: { istio-injection: disabled } }\n---\n${sts({ name: 'redis', image: 'redis:7.4.2', ports, extra: '\n          args: [--cluster-enabled, "yes"]' })}`;
    expect(check(id703, noSidecar)).toEqual([]);
  });
});

describe('ID704 app-advertises-pod-ip', () => {
  const kafka = (env: string, args = '') =>
    sts({ name: 'kafka', image: 'bitnami/kafka:3.9', ports: '[{ containerPort: 9092 }]', extra: `\n          env: ${env}${args}` });

  it('is a warning with a stable code and name', () => {
    expect([id704.code, id704.name, id704.severity]).toEqual(['ID704', 'app-advertises-pod-ip', 'warning']);
  });

  it('reports a downward-API pod IP in any of its spellings, and IP literals, naming the per-pod name to use', () => {
    const ip = '{ name: MY_POD_IP, valueFrom: { fieldRef: { fieldPath: status.podIP } } }';
    for (const value of ['CLIENT://$(MY_POD_IP):9092', 'CLIENT://${MY_POD_IP}:9092', 'CLIENT://$MY_POD_IP:9092', 'CLIENT://10.1.2.3:9092']) {
      const found = check(id704, kafka(`[${ip}, { name: KAFKA_CFG_ADVERTISED_LISTENERS, value: "${value}" }]`));
      expect(where(found)).toEqual(['StatefulSet apps/kafka spec.template.spec.containers[0].env[1].value']);
      expect(found[0].message).toContain('advertise the per-pod name instead, $(POD_NAME).kafka-headless.apps.svc.cluster.local');
    }
  });

  it('reads etcd and CockroachDB flags, with = or as the next argument', () => {
    const ip = '[{ name: POD_IP, valueFrom: { fieldRef: { fieldPath: status.podIP } } }]';
    const etcd = sts({ name: 'etcd', image: 'quay.io/coreos/etcd:v3.5.21', ports: '[{ containerPort: 2380 }]', extra: `\n          env: ${ip}\n          args: [--initial-advertise-peer-urls, "http://$(POD_IP):2380", "--listen-peer-urls=http://0.0.0.0:2380"]` });
    const found = check(id704, etcd);
    expect(where(found)).toEqual(['StatefulSet apps/etcd spec.template.spec.containers[0].args[0]']);
    expect(found[0].message).toContain('etcd keeps the old peer URL');
    const crdb = sts({ name: 'crdb', image: 'cockroachdb/cockroach:v24.3.5', ports: '[{ containerPort: 26257 }]', extra: `\n          env: ${ip}\n          args: [start, "--advertise-addr=$(POD_IP):26257"]` });
    expect(where(check(id704, crdb))).toEqual(['StatefulSet apps/crdb spec.template.spec.containers[0].args[1]']);
  });

  it('leaves alone per-pod names, 0.0.0.0 binds, other apps and pods without sidecar', () => {
    expect(check(id704, kafka('[{ name: KAFKA_ADVERTISED_LISTENERS, value: "CLIENT://$(POD_NAME).kafka-headless.apps.svc.cluster.local:9092" }]'))).toEqual([]);
    expect(check(id704, kafka('[{ name: KAFKA_LISTENERS, value: "CLIENT://0.0.0.0:9092" }]'))).toEqual([]);
    const web = sts({ name: 'web', image: 'nginx:1.27', ports: '[{ containerPort: 80 }]', extra: '\n          env: [{ name: KAFKA_ADVERTISED_LISTENERS, value: "CLIENT://10.0.0.1:9092" }]' });
    expect(check(id704, web)).toEqual([]);
    const off = `apiVersion: v1\nkind: Namespace\nmetadata: { name: apps, labels: { istio-injection: disabled } }\n---\n${kafka('[{ name: KAFKA_ADVERTISED_LISTENERS, value: "CLIENT://10.0.0.1:9092" }]')}`;
    expect(check(id704, off)).toEqual([]);
  });
});
