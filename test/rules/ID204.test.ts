/** ID204 statefulset-peer-port-undeclared: StatefulSet container ports that no Service declares. */
import { rule } from '../../lib/rules/checks/ID204-statefulset-peer-port-undeclared';
import { runRule, where } from './helpers';
import { peerYaml as yaml } from './peer-ports-fixture';

describe('ID204 statefulset-peer-port-undeclared', () => {
  it('is a warning with a stable code and name', () => {
    expect([rule.code, rule.name, rule.severity]).toEqual(['ID204', 'statefulset-peer-port-undeclared', 'warning']);
  });

  it('reports each container port no Service declares, with the entry to add', () => {
    const found = runRule(rule, yaml());
    expect(found.map(where)).toEqual([
      'StatefulSet db/zk spec.template.spec.containers[0].ports[1]',
      'StatefulSet db/zk spec.template.spec.containers[0].ports[2]',
    ]);
    expect(found[0].message).toContain('add { name: tcp-follower, port: 2888, targetPort: 2888, appProtocol: tcp } to Service zk-headless');
  });

  it('resolves named and numeric (also quoted) targetPorts', () => {
    const headlessPorts = '[{ name: a, port: 2181, targetPort: client }, { name: b, port: 2888 }, { name: c, port: 13888, targetPort: "3888" }]';
    expect(runRule(rule, yaml({ headlessPorts }))).toEqual([]);
  });

  it('leaves alone: one replica, pods without sidecar, ambient pods, UDP, Istio ports and containers, ports only a ClusterIP Service declares', () => {
    expect(runRule(rule, yaml({ replicas: 1 }))).toEqual([]);
    expect(runRule(rule, yaml({ namespaceLabels: '{ istio-injection: disabled }' }))).toEqual([]);
    expect(runRule(rule, yaml({ namespaceLabels: '{ istio.io/dataplane-mode: ambient }' }))).toEqual([]);
    const ports = '[{ name: client, containerPort: 2181 }, { name: dns, containerPort: 2888, protocol: UDP }, { name: http-envoy-prom, containerPort: 15090 }]';
    const proxy = '\n        - { name: istio-proxy, image: docker.io/istio/proxyv2:1.24.3, ports: [{ containerPort: 15021 }, { containerPort: 9999 }] }';
    expect(runRule(rule, yaml({ ports, extraContainers: proxy }))).toEqual([]);
    expect(runRule(rule, yaml({ clusterIpPorts: '[{ name: tcp-f, port: 2888 }, { name: tcp-e, port: 3888 }]' }))).toEqual([]);
  });
});
