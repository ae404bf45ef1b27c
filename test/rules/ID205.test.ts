/** ID205 statefulset-peer-port-clusterip-only: StatefulSet container ports only a ClusterIP Service declares. */
import { rule } from '../../lib/rules/checks/ID205-statefulset-peer-port-clusterip-only';
import { runRule, where } from './helpers';
import { peerYaml as yaml } from './peer-ports-fixture';

describe('ID205 statefulset-peer-port-clusterip-only', () => {
  it('is a warning with a stable code and name', () => {
    expect([rule.code, rule.name, rule.severity]).toEqual(['ID205', 'statefulset-peer-port-clusterip-only', 'warning']);
  });

  it('reports a container port only a ClusterIP Service declares, naming it', () => {
    const found = runRule(rule, yaml({ clusterIpPorts: '[{ name: tcp-f, port: 12888, targetPort: follower }]' }));
    expect(found.map(where)).toEqual(['StatefulSet db/zk spec.template.spec.containers[0].ports[1]']);
    expect(found[0].message).toContain('is declared only by ClusterIP Service zk (port 12888), not by the governing headless Service zk-headless');
  });

  it('does not report ports the headless Service also declares, nor ports no Service declares (ID204)', () => {
    expect(runRule(rule, yaml({ clusterIpPorts: '[{ name: tcp-client, port: 2181 }]' }))).toEqual([]);
    expect(runRule(rule, yaml())).toEqual([]);
  });
});
