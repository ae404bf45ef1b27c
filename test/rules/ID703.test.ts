import { rule } from '../../lib/rules/checks/ID703-redis-cluster-announce-ip';
import { sts } from './app-fixture';
import { runRule, where } from './helpers';

describe('ID703 redis-cluster-announce-ip', () => {
  const ports = '[{ containerPort: 6379 }, { containerPort: 16379 }]';
  it('is a warning with a stable code and name', () => {
    expect([rule.code, rule.name, rule.severity]).toEqual(['ID703', 'redis-cluster-announce-ip', 'warning']);
  });

  it('reports cluster mode from args or a sh -c script without an announced IP', () => {
    const args = sts({ name: 'redis', image: 'redis:7.4.2', ports, extra: '\n          args: [--cluster-enabled, "yes"]' });
    expect(runRule(rule, args).map(where)).toEqual(['StatefulSet apps/redis spec.template.spec.containers[0]']);
    const script = sts({ name: 'redis', image: 'valkey/valkey:8.0', ports, extra: '\n          command: [sh, -c, "exec valkey-server --cluster-enabled yes --port 6379"]' });
    expect(runRule(rule, script).map(where)).toEqual(['StatefulSet apps/redis spec.template.spec.containers[0]']);
  });

  it('is satisfied by the announcement in args, env or config; ignores Bitnami, non-cluster Redis and pods without sidecar', () => {
    const announced = sts({ name: 'redis', image: 'redis:7.4.2', ports, extra: '\n          args: [--cluster-enabled, "yes", --cluster-announce-ip, $(POD_IP)]' });
    expect(runRule(rule, announced)).toEqual([]);
    const env = sts({ name: 'redis', image: 'redis:7.4.2', ports, extra: '\n          args: [--cluster-enabled, "yes"]\n          env: [{ name: REDIS_CLUSTER_ANNOUNCE_IP, value: 10.0.0.1 }]' });
    expect(runRule(rule, env)).toEqual([]);
    const bitnami = sts({ name: 'redis', image: 'docker.io/bitnami/redis-cluster:7.4.2', ports, extra: '\n          args: [--cluster-enabled, "yes"]' });
    expect(runRule(rule, bitnami)).toEqual([]);
    const plain = sts({ name: 'redis', image: 'redis:7.4.2', ports: '[{ containerPort: 6379 }]', extra: '\n          args: [--appendonly, "yes"]' });
    expect(runRule(rule, plain)).toEqual([]);
    const noSidecar = `apiVersion: v1\nkind: Namespace\nmetadata: { name: apps, labels: { istio-injection: disabled } }\n---\n${sts({ name: 'redis', image: 'redis:7.4.2', ports, extra: '\n          args: [--cluster-enabled, "yes"]' })}`;
    expect(runRule(rule, noSidecar)).toEqual([]);
  });
});
