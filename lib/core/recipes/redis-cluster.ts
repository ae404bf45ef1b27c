/**
 * Redis Cluster: data 6379 and the cluster bus 16379 (data port + 10000,
 * https://redis.io/docs/latest/operate/oss_and_stack/management/scaling/).
 * Nodes address each other by IP on the bus, and by default return IPs to
 * clients (MOVED, CLUSTER SLOTS), so both ports are reached by pod IP: `tcp` on
 * the headless Service. Behind a sidecar a peer's connections come from
 * 127.0.0.6 (Envoy's inbound source address, `pilot/pkg/networking/core/listener_address.go`
 * in istio/istio), so each node announces its own pod IP.
 * The settings are redis.conf directives passed as arguments: the official
 * image's entrypoint runs `redis-server` with arguments that start with `--`
 * (`docker-entrypoint.sh` in docker-library/redis).
 */
import { Problems, show } from '../errors';
import { checkBoolean, checkInt } from '../validate';
import { AppSetting } from './types';
import { argSetting, ownPodFqdn, RecipeBody, RecipeContext, RecipeDefinition, tcpPort } from './context';

/** Redis's data port and its cluster bus port (data port + 10000). */
export const REDIS_PORT = 6379;
export const REDIS_BUS_PORT = 16379;

/** Fewest masters Redis Cluster is created with (`redis-cli --cluster create`). */
const MIN_MASTERS = 3;

function checkTopology(p: Problems, field: string, perMaster: number, ctx: RecipeContext): boolean {
  const group = 1 + perMaster;
  if (ctx.replicas % group !== 0 || ctx.replicas / group < MIN_MASTERS) {
    const fewest = MIN_MASTERS * group;
    p.add(
      'target.replicas',
      `${show(ctx.replicas)} pods cannot form a Redis Cluster of at least ${MIN_MASTERS} masters with ${show(perMaster)} replicas each ` +
        `(${field}.replicasPerMaster): give a multiple of ${group}, at least ${fewest} ` +
        '(https://redis.io/docs/latest/operate/oss_and_stack/management/scaling/)',
    );
    return false;
  }
  return true;
}

function build(p: Problems, field: string, o: Readonly<Record<string, unknown>>, ctx: RecipeContext): RecipeBody | undefined {
  const perMaster = o.replicasPerMaster ?? 1;
  const announce = o.announceHostnames ?? true;
  const ok = [checkInt(p, `${field}.replicasPerMaster`, perMaster, 0, 5), checkBoolean(p, `${field}.announceHostnames`, announce)];
  if (!ok.every(Boolean) || !checkTopology(p, field, perMaster as number, ctx)) {
    return undefined;
  }
  const settings: AppSetting[] = [
    argSetting('cluster-enabled', 'yes', 'runs the node in cluster mode'),
    argSetting(
      'cluster-announce-ip',
      '$(POD_IP)',
      'bus messages then carry the pod IP; without it peers take the address a connection came from, which behind a sidecar is 127.0.0.6',
    ),
    argSetting('cluster-announce-port', String(REDIS_PORT), 'the data port peers and redirected clients dial, declared tcp on the headless Service'),
    argSetting('cluster-announce-bus-port', String(REDIS_BUS_PORT), 'the bus port peers dial by pod IP, declared tcp on the headless Service'),
  ];
  if (announce === true) {
    settings.push(
      argSetting('cluster-announce-hostname', ownPodFqdn(ctx), 'clients are redirected to the per-pod name rather than an IP'),
      argSetting('cluster-preferred-endpoint-type', 'hostname', 'MOVED, ASK and CLUSTER SLOTS name the announced host name'),
    );
  }
  return {
    assumes: `the official redis image, ${announce === true ? '7.0 or later (cluster-announce-hostname)' : '6.0 or later'}, whose entrypoint runs redis-server with "--" arguments`,
    podManagementPolicy: 'Parallel',
    downward: announce === true ? ['POD_NAME', 'POD_IP'] : ['POD_IP'],
    settings,
    warnings: [],
  };
}

/** The Redis Cluster recipe. */
export const redisClusterRecipe: RecipeDefinition = {
  app: 'redis-cluster',
  title: 'Redis Cluster',
  optionKeys: ['replicasPerMaster', 'announceHostnames'],
  images: ['redis', 'bitnami/redis-cluster', 'bitnamilegacy/redis-cluster', 'redis/redis-stack-server', 'valkey/valkey', 'bitnami/valkey-cluster'],
  ports: [
    tcpPort('tcp-redis', REDIS_PORT, 'pod-ip', 'data, and MOVED/ASK redirects from other nodes'),
    tcpPort('tcp-redis-bus', REDIS_BUS_PORT, 'pod-ip', 'cluster bus (gossip, failover)'),
  ],
  wellKnownPorts: [REDIS_BUS_PORT],
  build,
};
