/**
 * Apache Cassandra: intra-node 7000 (7001 with TLS), JMX 7199, CQL 9042. Seeds
 * are per-pod DNS names; after that nodes gossip by `broadcast_address`, an IP,
 * and drivers learn peers' IPs from `system.peers`, so 7000, 7001 and 9042 are
 * reached by pod IP: `tcp` on the headless Service. Cassandra binds to one
 * address ("setting listen_address to 0.0.0.0 is always wrong",
 * `conf/cassandra.yaml` in apache/cassandra), the pod IP, which sidecars forward
 * to from Istio 1.10 (https://github.com/istio/istio/issues/10053).
 * The official image (`cassandra`, 4.0+) reads `CASSANDRA_SEEDS`,
 * `CASSANDRA_LISTEN_ADDRESS`, `CASSANDRA_BROADCAST_ADDRESS`, `CASSANDRA_CLUSTER_NAME`
 * (https://hub.docker.com/_/cassandra).
 */
import { Problems, show } from '../errors';
import { checkInt, checkString } from '../validate';
import { envSetting, RecipeBody, RecipeContext, RecipeDefinition, tcpPort } from './context';

export const CASSANDRA_INTRA_PORT = 7000;
export const CASSANDRA_TLS_PORT = 7001;
export const CASSANDRA_JMX_PORT = 7199;
export const CASSANDRA_CQL_PORT = 9042;

function build(p: Problems, field: string, o: Readonly<Record<string, unknown>>, ctx: RecipeContext): RecipeBody | undefined {
  const seedCount = o.seedCount ?? 1;
  const clusterName = o.clusterName ?? ctx.statefulSet;
  const ok = [checkInt(p, `${field}.seedCount`, seedCount, 1, 10), checkString(p, `${field}.clusterName`, clusterName, 253)];
  if (!ok.every(Boolean)) return undefined;
  if ((seedCount as number) > ctx.replicas) {
    p.add(`${field}.seedCount`, `${show(seedCount)} seeds, but the StatefulSet has ${ctx.replicas} replicas: give at most ${ctx.replicas}`);
    return undefined;
  }
  const seeds = ctx.podFqdns.slice(0, seedCount as number).join(',');
  return {
    assumes: 'the official cassandra image, 4.0 or later (CASSANDRA_* variables); Istio 1.10 or later; plaintext inter-node traffic, since Istio mTLS encrypts it',
    podManagementPolicy: 'OrderedReady',
    downward: ['POD_IP'],
    settings: [
      envSetting('seed_provider.seeds', 'CASSANDRA_SEEDS', seeds, 'seeds by per-pod name, resolvable before they are ready'),
      envSetting('listen_address', 'CASSANDRA_LISTEN_ADDRESS', '$(POD_IP)', 'Cassandra binds one address; the pod IP is where sidecars forward inbound traffic'),
      envSetting('broadcast_address', 'CASSANDRA_BROADCAST_ADDRESS', '$(POD_IP)', 'peers gossip to this address: the pod IP, on ports the headless Service declares tcp'),
      envSetting('cluster_name', 'CASSANDRA_CLUSTER_NAME', clusterName as string, 'every node of the cluster must agree on it'),
    ],
    warnings: [],
  };
}

/** The Cassandra recipe. */
export const cassandraRecipe: RecipeDefinition = {
  app: 'cassandra',
  title: 'Cassandra',
  optionKeys: ['seedCount', 'clusterName'],
  images: ['cassandra', 'bitnami/cassandra', 'bitnamilegacy/cassandra', 'k8ssandra/cass-management-api', 'datastax/cassandra-mgmtapi-apache-cassandra'],
  ports: [
    tcpPort('tcp-intra', CASSANDRA_INTRA_PORT, 'pod-ip', 'inter-node gossip and streaming'),
    tcpPort('tcp-tls', CASSANDRA_TLS_PORT, 'pod-ip', 'inter-node traffic with Cassandra TLS'),
    tcpPort('tcp-jmx', CASSANDRA_JMX_PORT, 'pod-name', 'JMX (nodetool)'),
    tcpPort('tcp-cql', CASSANDRA_CQL_PORT, 'pod-ip', 'CQL clients, which learn peers from system.peers'),
  ],
  wellKnownPorts: [CASSANDRA_INTRA_PORT, CASSANDRA_TLS_PORT],
  build,
};
