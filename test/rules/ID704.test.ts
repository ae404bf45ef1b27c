import { rule } from '../../lib/rules/checks/ID704-app-advertises-pod-ip';
import { sts } from './app-fixture';
import { runRule, where } from './helpers';

describe('ID704 app-advertises-pod-ip', () => {
  const kafka = (env: string, args = '') =>
    sts({ name: 'kafka', image: 'bitnami/kafka:3.9', ports: '[{ containerPort: 9092 }]', extra: `\n          env: ${env}${args}` });

  it('is a warning with a stable code and name', () => {
    expect([rule.code, rule.name, rule.severity]).toEqual(['ID704', 'app-advertises-pod-ip', 'warning']);
  });

  it('reports a downward-API pod IP in any of its spellings, and IP literals, naming the per-pod name to use', () => {
    const ip = '{ name: MY_POD_IP, valueFrom: { fieldRef: { fieldPath: status.podIP } } }';
    for (const value of ['CLIENT://$(MY_POD_IP):9092', 'CLIENT://${MY_POD_IP}:9092', 'CLIENT://$MY_POD_IP:9092', 'CLIENT://10.1.2.3:9092']) {
      const found = runRule(rule, kafka(`[${ip}, { name: KAFKA_CFG_ADVERTISED_LISTENERS, value: "${value}" }]`));
      expect(found.map(where)).toEqual(['StatefulSet apps/kafka spec.template.spec.containers[0].env[1].value']);
      expect(found[0].message).toContain('advertise the per-pod name instead, $(POD_NAME).kafka-headless.apps.svc.cluster.local');
    }
  });

  it('reads etcd and CockroachDB flags, with = or as the next argument', () => {
    const ip = '[{ name: POD_IP, valueFrom: { fieldRef: { fieldPath: status.podIP } } }]';
    const etcd = sts({ name: 'etcd', image: 'quay.io/coreos/etcd:v3.5.21', ports: '[{ containerPort: 2380 }]', extra: `\n          env: ${ip}\n          args: [--initial-advertise-peer-urls, "http://$(POD_IP):2380", "--listen-peer-urls=http://0.0.0.0:2380"]` });
    const found = runRule(rule, etcd);
    expect(found.map(where)).toEqual(['StatefulSet apps/etcd spec.template.spec.containers[0].args[0]']);
    expect(found[0].message).toContain('etcd keeps the old peer URL');
    const crdb = sts({ name: 'crdb', image: 'cockroachdb/cockroach:v24.3.5', ports: '[{ containerPort: 26257 }]', extra: `\n          env: ${ip}\n          args: [start, "--advertise-addr=$(POD_IP):26257"]` });
    expect(runRule(rule, crdb).map(where)).toEqual(['StatefulSet apps/crdb spec.template.spec.containers[0].args[1]']);
  });

  it('reads the RabbitMQ node name (official and Bitnami variables), suggesting rabbit@ and the per-pod name', () => {
    const ip = '{ name: MY_POD_IP, valueFrom: { fieldRef: { fieldPath: status.podIP } } }';
    for (const env of ['RABBITMQ_NODENAME', 'RABBITMQ_NODE_NAME']) {
      const rabbit = sts({ name: 'rabbitmq', image: 'docker.io/bitnami/rabbitmq:4.0.5', ports: '[{ containerPort: 5672 }]', extra: `\n          env: [${ip}, { name: ${env}, value: "rabbit@$(MY_POD_IP)" }]` });
      const found = runRule(rule, rabbit);
      expect(found.map(where)).toEqual(['StatefulSet apps/rabbitmq spec.template.spec.containers[0].env[1].value']);
      expect(found[0].message).toContain(`RabbitMQ advertises its pod IP in ${env} ("rabbit@$(MY_POD_IP)")`);
      expect(found[0].message).toContain('comes back as another, empty node');
      expect(found[0].message).toContain('advertise the per-pod name instead, rabbit@$(POD_NAME).rabbitmq-headless.apps.svc.cluster.local with RABBITMQ_USE_LONGNAME=true');
    }
    const named = sts({ name: 'rabbitmq', image: 'rabbitmq:4.0.7', ports: '[{ containerPort: 5672 }]', extra: '\n          env: [{ name: RABBITMQ_NODENAME, value: "rabbit@$(POD_NAME).rabbitmq-headless.apps.svc.cluster.local" }]' });
    expect(runRule(rule, named)).toEqual([]);
  });

  it('reads --replica-announce-ip of Redis (Sentinel setups)', () => {
    const ip = '[{ name: POD_IP, valueFrom: { fieldRef: { fieldPath: status.podIP } } }]';
    const redis = sts({ name: 'redis', image: 'redis:7.4.2', ports: '[{ containerPort: 6379 }, { containerPort: 26379 }]', extra: `\n          env: ${ip}\n          args: [--replica-announce-ip, "$(POD_IP)"]` });
    const found = runRule(rule, redis);
    expect(found.map(where)).toEqual(['StatefulSet apps/redis spec.template.spec.containers[0].args[0]']);
    expect(found[0].message).toContain('Redis Sentinel advertises its pod IP in --replica-announce-ip ("$(POD_IP)")');
    expect(found[0].message).toContain('Sentinels keep the old address');
  });

  it('leaves alone per-pod names, 0.0.0.0 binds, other apps and pods without sidecar', () => {
    expect(runRule(rule, kafka('[{ name: KAFKA_ADVERTISED_LISTENERS, value: "CLIENT://$(POD_NAME).kafka-headless.apps.svc.cluster.local:9092" }]'))).toEqual([]);
    expect(runRule(rule, kafka('[{ name: KAFKA_LISTENERS, value: "CLIENT://0.0.0.0:9092" }]'))).toEqual([]);
    const web = sts({ name: 'web', image: 'nginx:1.27', ports: '[{ containerPort: 80 }]', extra: '\n          env: [{ name: KAFKA_ADVERTISED_LISTENERS, value: "CLIENT://10.0.0.1:9092" }]' });
    expect(runRule(rule, web)).toEqual([]);
    const off = `apiVersion: v1\nkind: Namespace\nmetadata: { name: apps, labels: { istio-injection: disabled } }\n---\n${kafka('[{ name: KAFKA_ADVERTISED_LISTENERS, value: "CLIENT://10.0.0.1:9092" }]')}`;
    expect(runRule(rule, off)).toEqual([]);
  });
});
