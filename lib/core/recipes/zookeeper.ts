/**
 * Apache ZooKeeper: client 2181, quorum 2888, leader election 3888, servers
 * listed by per-pod DNS name (https://zookeeper.apache.org/doc/current/zookeeperAdmin.html#sc_zkMulitServerSetup).
 * A server binds its quorum and election ports to the address of its own
 * `server.N` entry, the pod IP: that works behind a sidecar from Istio 1.10
 * (inbound traffic goes to the pod IP), the oldest release supported here, so
 * `quorumListenOnAllIPs` is not needed (https://istio.io/latest/blog/2021/statefulsets-made-easier/).
 * The official image (`zookeeper`, 3.5+) writes zoo.cfg from `ZOO_SERVERS` and
 * the server ID from `ZOO_MY_ID` (1-255) (https://hub.docker.com/_/zookeeper).
 */
import { Problems, show } from '../errors';
import { envSetting, evenQuorumWarning, RecipeBody, RecipeContext, RecipeDefinition, tcpPort } from './context';
import { AppSetting } from './types';

/** ZooKeeper's client, quorum (follower) and leader-election ports. */
export const ZOOKEEPER_CLIENT_PORT = 2181;
export const ZOOKEEPER_QUORUM_PORT = 2888;
export const ZOOKEEPER_ELECTION_PORT = 3888;

/** Highest server ID ZooKeeper's documentation allows. */
const MAX_SERVER_ID = 255;

/** Server ID of pod `i`: `i + 1` (IDs start at 1). */
function serverId(ordinal: number): number {
  return ordinal + 1;
}

/**
 * The official image's entrypoint and command, run by a shell that first
 * exports `ZOO_MY_ID` = ordinal + 1 (the ordinal is the pod name's suffix).
 */
function startCommand(): AppSetting {
  const script = 'export ZOO_MY_ID=$((${HOSTNAME##*-} + 1)) && exec /docker-entrypoint.sh zkServer.sh start-foreground';
  return {
    key: 'myid',
    value: 'pod ordinal + 1',
    via: { command: ['sh', '-c', script] },
    why: 'each server\'s ID must match its server.N entry; a pod learns its ordinal only from its name',
  };
}

function build(p: Problems, _field: string, _o: Readonly<Record<string, unknown>>, ctx: RecipeContext): RecipeBody | undefined {
  if (ctx.replicas > MAX_SERVER_ID) {
    p.add('target.replicas', `${show(ctx.replicas)} ZooKeeper servers: server IDs run 1-${MAX_SERVER_ID}, give at most ${MAX_SERVER_ID} replicas`);
    return undefined;
  }
  const servers = ctx.podFqdns
    .map((fqdn, i) => `server.${serverId(i)}=${fqdn}:${ZOOKEEPER_QUORUM_PORT}:${ZOOKEEPER_ELECTION_PORT};${ZOOKEEPER_CLIENT_PORT}`)
    .join(' ');
  const warning = evenQuorumWarning('ZooKeeper', ctx.replicas, 'https://zookeeper.apache.org/doc/current/zookeeperAdmin.html#sc_zkMulitServerSetup');
  return {
    assumes: 'the official zookeeper image, 3.5 or later (/docker-entrypoint.sh writes zoo.cfg from ZOO_SERVERS and myid from ZOO_MY_ID); Istio 1.10 or later',
    podManagementPolicy: 'Parallel',
    downward: [],
    settings: [
      envSetting('server.N', 'ZOO_SERVERS', servers, 'every server by its per-pod name; each binds its quorum ports to its pod IP, which sidecars forward to'),
      startCommand(),
    ],
    warnings: warning === undefined ? [] : [warning],
  };
}

/** The ZooKeeper recipe. */
export const zooKeeperRecipe: RecipeDefinition = {
  app: 'zookeeper',
  title: 'ZooKeeper',
  optionKeys: [],
  images: ['zookeeper', 'bitnami/zookeeper', 'bitnamilegacy/zookeeper', 'confluentinc/cp-zookeeper'],
  ports: [
    tcpPort('tcp-client', ZOOKEEPER_CLIENT_PORT, 'pod-name', 'clients'),
    tcpPort('tcp-follower', ZOOKEEPER_QUORUM_PORT, 'pod-name', 'followers to the leader (quorum)'),
    tcpPort('tcp-election', ZOOKEEPER_ELECTION_PORT, 'pod-name', 'leader election'),
  ],
  wellKnownPorts: [ZOOKEEPER_QUORUM_PORT, ZOOKEEPER_ELECTION_PORT],
  build,
};
