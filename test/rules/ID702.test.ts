import { rule } from '../../lib/rules/checks/ID702-quorum-app-ordered-ready';
import { docs, sts } from './app-fixture';
import { runRule, where } from './helpers';

describe('ID702 quorum-app-ordered-ready', () => {
  it('is a warning with a stable code and name', () => {
    expect([rule.code, rule.name, rule.severity]).toEqual(['ID702', 'quorum-app-ordered-ready', 'warning']);
  });

  it('reports etcd, ZooKeeper and Kafka under OrderedReady (set or default), not Parallel, one replica, or Redis', () => {
    const yaml = docs(
      sts({ name: 'etcd', image: 'bitnami/etcd:3.5', ports: '[{ containerPort: 2379 }]' }),
      sts({ name: 'zk', image: 'zookeeper:3.9', ports: '[{ containerPort: 2181 }]', policy: 'OrderedReady' }),
      sts({ name: 'kafka', image: 'apache/kafka:3.9.1', ports: '[{ containerPort: 9092 }]', policy: 'Parallel' }),
      sts({ name: 'single', image: 'apache/kafka:3.9.1', ports: '[{ containerPort: 9092 }]', replicas: 1 }),
      sts({ name: 'redis', image: 'redis:7.4', ports: '[{ containerPort: 6379 }, { containerPort: 16379 }]' }),
    );
    const found = runRule(rule, yaml);
    expect(found.map(where)).toEqual(['StatefulSet apps/etcd spec.podManagementPolicy', 'StatefulSet apps/zk spec.podManagementPolicy']);
    expect(found[1].message).toContain('podManagementPolicy is OrderedReady, but container "zk" runs ZooKeeper');
  });
});
