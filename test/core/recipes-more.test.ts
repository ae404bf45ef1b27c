/**
 * The recipes after the first four: Cassandra, Elasticsearch, OpenSearch, NATS
 * and CockroachDB. Every port, protocol and value, for 3 and 5 replicas, a
 * non-default namespace and cluster domain.
 */
import { AppRecipeOutput } from '../../lib/core/recipes';
import { DOMAIN, mesh, NS, problemsOf, recipeOf } from './recipe-helpers';

const env = (r: AppRecipeOutput) => r.env.map((e) => ('value' in e ? `${e.name}=${e.value}` : `${e.name}<-${'fieldRef' in e.valueFrom ? e.valueFrom.fieldRef.fieldPath : `secret:${e.valueFrom.secretKeyRef.name}/${e.valueFrom.secretKeyRef.key}`}`));
const ports = (r: AppRecipeOutput) => r.ports.map((p) => [p.name, p.port, p.appProtocol, p.reachedBy]);
const pods = (app: string, n: number) => Array.from({ length: n }, (_, i) => `${app}-${i}.${app}-headless.${NS}.svc.${DOMAIN}`);

describe('Cassandra', () => {
  test.each([3, 5])('%i nodes: ports by pod IP, seeds by per-pod name, OrderedReady', (n) => {
    const r = recipeOf({ app: 'cassandra' }, n);
    expect(ports(r)).toEqual([
      ['tcp-intra', 7000, 'tcp', 'pod-ip'],
      ['tcp-tls', 7001, 'tcp', 'pod-ip'],
      ['tcp-jmx', 7199, 'tcp', 'pod-name'],
      ['tcp-cql', 9042, 'tcp', 'pod-ip'],
    ]);
    expect(env(r)).toEqual([
      'POD_IP<-status.podIP',
      `CASSANDRA_SEEDS=${pods('cassandra', 1)[0]}`,
      'CASSANDRA_LISTEN_ADDRESS=$(POD_IP)',
      'CASSANDRA_BROADCAST_ADDRESS=$(POD_IP)',
      'CASSANDRA_CLUSTER_NAME=cassandra',
    ]);
    expect(r.statefulSet.podManagementPolicy).toBe('OrderedReady');
    expect(r.args).toEqual([]);
  });

  test('options: seeds and cluster name; more seeds than pods is an error', () => {
    const r = recipeOf({ app: 'cassandra', seedCount: 2, clusterName: 'orders' }, 5);
    expect(env(r)).toContain(`CASSANDRA_SEEDS=${pods('cassandra', 2).join(',')}`);
    expect(env(r)).toContain('CASSANDRA_CLUSTER_NAME=orders');
    expect(problemsOf(() => mesh({ app: 'cassandra', seedCount: 4 }, 3))).toEqual([
      'HeadlessMeshService "cassandra-headless": recipe.seedCount: 4 seeds, but the StatefulSet has 3 replicas: give at most 3',
    ]);
  });
});

describe.each([
  ['elasticsearch', 'cluster.initial_master_nodes'],
  ['opensearch', 'cluster.initial_cluster_manager_nodes'],
] as const)('%s', (app, initial) => {
  test.each([3, 5])('%i nodes: 9200 and 9300 tcp by pod IP; publish host, seeds and initial masters by name', (n) => {
    const r = recipeOf({ app }, n);
    expect(ports(r)).toEqual([
      ['tcp-rest-api', 9200, 'tcp', 'pod-ip'],
      ['tcp-transport', 9300, 'tcp', 'pod-ip'],
    ]);
    expect(env(r)).toEqual([
      'POD_NAME<-metadata.name',
      'node.name=$(POD_NAME)',
      `cluster.name=${app}`,
      'network.bind_host=0.0.0.0',
      `network.publish_host=$(POD_NAME).${app}-headless.${NS}.svc.${DOMAIN}`,
      `discovery.seed_hosts=${pods(app, n).join(',')}`,
      `${initial}=${Array.from({ length: n }, (_, i) => `${app}-${i}`).join(',')}`,
    ]);
    expect(r.statefulSet.podManagementPolicy).toBe('Parallel');
  });
});

describe('NATS', () => {
  test.each([3, 5])('%i servers: server-first ports tcp, routes by per-pod name, flags in order', (n) => {
    const r = recipeOf({ app: 'nats', clusterName: 'events' }, n);
    expect(ports(r)).toEqual([
      ['tcp-client', 4222, 'tcp', 'pod-name'],
      ['tcp-cluster', 6222, 'tcp', 'pod-name'],
    ]);
    expect(env(r)).toEqual(['POD_NAME<-metadata.name']);
    expect(r.args).toEqual([
      '--server_name', '$(POD_NAME)',
      '--cluster_name', 'events',
      '--cluster', 'nats://0.0.0.0:6222',
      '--cluster_advertise', `$(POD_NAME).nats-headless.${NS}.svc.${DOMAIN}:6222`,
      '--routes', pods('nats', n).map((h) => `nats://${h}:6222`).join(','),
      '--no_advertise=true',
    ]);
  });

  test('a cluster name with white space is an error', () => {
    expect(problemsOf(() => mesh({ app: 'nats', clusterName: 'my events' }, 3))).toEqual([
      'HeadlessMeshService "nats-headless": recipe.clusterName: "my events" contains white space: give a plain word',
    ]);
  });
});

describe('CockroachDB', () => {
  test.each([3, 5])('%i nodes: 26257 tcp (never grpc), start with join to the first three by name', (n) => {
    const r = recipeOf({ app: 'cockroachdb', certsDir: '/cockroach/cockroach-certs' }, n);
    expect(ports(r)).toEqual([
      ['tcp-cockroach', 26257, 'tcp', 'pod-name'],
      ['tcp-console', 8080, 'tcp', 'pod-name'],
    ]);
    expect(r.args).toEqual([
      'start',
      `--join=${pods('cockroachdb', 3).map((h) => `${h}:26257`).join(',')}`,
      `--advertise-addr=$(POD_NAME).cockroachdb-headless.${NS}.svc.${DOMAIN}:26257`,
      '--listen-addr=:26257',
      '--http-addr=:8080',
      '--certs-dir=/cockroach/cockroach-certs',
    ]);
    expect(r.statefulSet.podManagementPolicy).toBe('Parallel');
  });

  test('insecure only when chosen; neither or both is an error', () => {
    expect(recipeOf({ app: 'cockroachdb', insecure: true }, 3).args).toContain('--insecure=true');
    expect(problemsOf(() => mesh({ app: 'cockroachdb' }, 3))).toEqual([
      'HeadlessMeshService "cockroachdb-headless": recipe: neither certsDir nor insecure: true is given: choose one (CockroachDB refuses to start without certificates unless --insecure)',
    ]);
    expect(problemsOf(() => mesh({ app: 'cockroachdb', insecure: true, certsDir: '/c' }, 3))[0]).toMatch(/certsDir "\/c" and insecure: true are both given/);
  });
});
