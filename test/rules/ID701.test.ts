import { rule } from '../../lib/rules/checks/ID701-app-peer-port-http-protocol';
import { docs, sts, svc } from './app-fixture';
import { runRule, where } from './helpers';

describe('ID701 app-peer-port-http-protocol', () => {
  it('is an error with a stable code and name', () => {
    expect([rule.code, rule.name, rule.severity]).toEqual(['ID701', 'app-peer-port-http-protocol', 'error']);
  });

  it('binary protocols: an error on headless and ClusterIP Services, by name or appProtocol', () => {
    const yaml = docs(
      sts({ name: 'kafka', image: 'docker.io/bitnami/kafka:3.9.0', ports: '[{ containerPort: 9092 }, { containerPort: 9093 }]' }),
      svc('kafka-headless', '[{ name: http-client, port: 9092 }, { name: tcp-ctl, port: 9093, appProtocol: grpc }]'),
      svc('kafka', '[{ name: http, port: 9092 }]', false),
    );
    const found = runRule(rule, yaml);
    expect(found.map(where)).toEqual(['Service apps/kafka-headless spec.ports[0].name', 'Service apps/kafka-headless spec.ports[1].appProtocol', 'Service apps/kafka spec.ports[0].name']);
    expect(found.map((f) => f.severity)).toEqual(['error', 'error', 'error']);
    expect(found[1].message).toContain('Kafka speaks its own binary protocol there');
  });

  it('etcd (HTTP and gRPC): a warning on a headless Service, nothing on a ClusterIP one', () => {
    const yaml = docs(
      sts({ name: 'etcd', image: 'quay.io/coreos/etcd:v3.5.21', ports: '[{ containerPort: 2379 }, { containerPort: 2380 }]' }),
      svc('etcd-headless', '[{ name: grpc, port: 2379 }, { name: tcp-peer, port: 2380 }]'),
      svc('etcd', '[{ name: grpc, port: 2379 }]', false),
    );
    const found = runRule(rule, yaml);
    expect(found.map(where)).toEqual(['Service apps/etcd-headless spec.ports[0].name']);
    expect(found[0].severity).toBe('warning');
  });

  it('recognises by well-known port when the image is unknown; leaves tcp, sniffed and unknown apps alone', () => {
    const custom = docs(sts({ name: 'zk', image: 'registry.example/zk:1', ports: '[{ containerPort: 2181 }, { containerPort: 2888 }, { containerPort: 3888 }]' }), svc('zk-headless', '[{ name: http-client, port: 2181 }, { name: follower, port: 2888 }, { name: tcp-e, port: 3888 }]'));
    expect(runRule(rule, custom).map(where)).toEqual(['Service apps/zk-headless spec.ports[0].name']);
    const unknown = docs(sts({ name: 'web', image: 'nginx:1.27', ports: '[{ containerPort: 9092 }]' }), svc('web-headless', '[{ name: http, port: 9092 }]'));
    expect(runRule(rule, unknown)).toEqual([]);
  });

  it('Redis Sentinel and RabbitMQ: their own binary protocols, errors on HTTP-class ports', () => {
    const sentinel = docs(
      sts({ name: 'redis', image: 'docker.io/bitnami/redis-sentinel:7.4.2', ports: '[{ containerPort: 6379 }, { containerPort: 26379 }]' }),
      svc('redis-headless', '[{ name: tcp-redis, port: 6379 }, { name: http-sentinel, port: 26379 }]'),
    );
    const found = runRule(rule, sentinel);
    expect(found.map(where)).toEqual(['Service apps/redis-headless spec.ports[1].name']);
    expect(found[0].message).toContain("carries Redis Sentinel's Sentinels to each other and clients asking for the master");
    const rabbit = docs(
      sts({ name: 'rabbitmq', image: 'rabbitmq:4.0.7-management', ports: '[{ containerPort: 5672 }, { containerPort: 25672 }]' }),
      svc('rabbitmq-headless', '[{ name: amqp, port: 5672 }, { name: dist, port: 25672, appProtocol: http }, { name: http-stats, port: 15672 }]'),
    );
    const rabbitFound = runRule(rule, rabbit);
    expect(rabbitFound.map(where)).toEqual(['Service apps/rabbitmq-headless spec.ports[1].appProtocol']);
    expect(rabbitFound[0].severity).toBe('error');
    expect(rabbitFound[0].message).toContain('RabbitMQ speaks its own binary protocol there');
  });
});
