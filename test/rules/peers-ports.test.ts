/**
 * Which Service port sends to a pod port (lib/rules/checks/helpers/peers.ts): by number, by a
 * digits-only string, or by a container port's name with the Service port's protocol; the first
 * TCP port of the Service when several do. Looked up from a table built once per Service and
 * workload, the same answers as going through the ports each time.
 */
import { buildIndex } from '../../lib/rules';
import { containerPortsNamed, FEW_PORTS, namedContainerPort, portTargeting, targetContainerPort } from '../../lib/rules/checks/helpers/peers';
import { objectsOf, optionsFor } from './helpers';

const YAML = `
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, namespace: a}
spec:
  serviceName: db
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      containers:
      - name: db
        image: example/db
        ports:
        - {name: peer, containerPort: 7000}
        - {name: peer, containerPort: 7001, protocol: UDP}
        - {name: client, containerPort: 9042}
        - {name: client, containerPort: 9043}
---
apiVersion: v1
kind: Service
metadata: {name: db, namespace: a}
spec:
  clusterIP: None
  selector: {app: db}
  ports:
  - {name: udp-peer, port: 1, targetPort: peer, protocol: UDP}
  - {name: tcp-peer, port: 2, targetPort: peer}
  - {name: tcp-peer-again, port: 3, targetPort: 7000}
  - {name: tcp-client, port: 4, targetPort: client}
  - {name: tcp-digits, port: 5, targetPort: "9043"}
  - {name: tcp-none, port: 6, targetPort: nothing}
  - {name: tcp-plain, port: 8080}
`;

/** The same objects with 20 more ports on each side, past which the lookups use tables. */
const MANY = YAML.replace('        - {name: client, containerPort: 9043}\n', (line) => line + Array.from({ length: 20 }, (_, i) => `        - {name: extra${i}, containerPort: ${20000 + i}}\n`).join('')).replace(
  '  - {name: tcp-plain, port: 8080}\n',
  (line) => line + Array.from({ length: 20 }, (_, i) => `  - {name: tcp-extra${i}, port: ${30000 + i}, targetPort: extra${i}}\n`).join(''),
);

describe.each([
  ['few ports', YAML],
  [`more than ${FEW_PORTS} ports`, MANY],
])('the Service port that targets a pod port (%s)', (_label, yaml) => {
  const index = buildIndex(objectsOf(yaml), optionsFor());
  const [set] = index.workloads;
  const [service] = index.services;

  test('a named target resolves with the Service port\'s protocol, the first container port of that name', () => {
    expect(service.ports.slice(0, 7).map((p) => targetContainerPort(p, set))).toEqual([7001, 7000, 7000, 9042, 9043, undefined, 8080]);
  });

  test('the first TCP port of the Service that sends to it; none for a UDP-only or undeclared target', () => {
    const name = (n: number) => portTargeting(service, set, n)?.name;
    expect([7000, 7001, 9042, 9043, 8080, 12345].map(name)).toEqual(['tcp-peer', undefined, 'tcp-client', 'tcp-digits', 'tcp-plain', undefined]);
    // Asked again (the table is kept): the same answers.
    expect([7000, 7001, 9042].map(name)).toEqual(['tcp-peer', undefined, 'tcp-client']);
  });

  test('container ports by name: the first of a protocol, and every number of any protocol', () => {
    expect([namedContainerPort(set, 'peer', 'TCP'), namedContainerPort(set, 'peer', 'UDP'), namedContainerPort(set, 'client', 'TCP'), namedContainerPort(set, 'none', 'TCP')]).toEqual([7000, 7001, 9042, undefined]);
    expect([containerPortsNamed(set, 'peer'), containerPortsNamed(set, 'client'), containerPortsNamed(set, 'none')]).toEqual([[7000, 7001], [9042, 9043], []]);
  });
});
