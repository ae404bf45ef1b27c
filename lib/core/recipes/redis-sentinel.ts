/**
 * Redis with Sentinel: every pod runs a Redis server (data 6379) and a Sentinel (26379) in a second
 * container of the same image, the Bitnami chart's layout; pod 0 starts as the master
 * (https://redis.io/docs/latest/operate/oss_and_stack/management/sentinel/).
 * A master records its replicas by the address their connections come from, and Sentinels
 * record each other likewise; behind a sidecar that address is 127.0.0.6 (Envoy's inbound source
 * address, `pilot/pkg/networking/core/listener_address.go` in istio/istio; istio/istio#16078 for the
 * older 127.0.0.1), so every Redis announces its per-pod name (`replica-announce-ip`) and every
 * Sentinel its own (`sentinel announce-ip` with `announce-hostnames` and `resolve-hostnames`,
 * Redis 6.2+, "IP addresses and DNS names" in the Sentinel documentation). Both ports are then
 * reached by per-pod name: `tcp` on the headless Service.
 * Sentinel rewrites its config file (state, discovered peers), so the sentinel container's start
 * command writes `sentinel.conf` into its writable `/data` at each start.
 */
import { Problems, show } from '../errors';
import { checkInt, checkName } from '../validate';
import { argSetting, fileSetting, RecipeBody, RecipeContext, RecipeDefinition, tcpPort } from './context';
import { REDIS_PORT } from './redis-cluster';
import { AppSetting, RecipeFile } from './types';

/** Sentinel's port. */
export const SENTINEL_PORT = 26379;

/** Where the sentinel container's start command writes its config (the official image's data directory). */
export const SENTINEL_CONFIG_PATH = '/data/sentinel.conf';

/** Fewest Sentinels for a robust deployment (Sentinel documentation, "Fundamental things to know"). */
const MIN_SENTINELS = 3;

const MASTER_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

const SENTINEL_DOCS = 'https://redis.io/docs/latest/operate/oss_and_stack/management/sentinel/';

/**
 * A shell line setting `master` to the master the Sentinels know (asked through the headless
 * Service), else pod 0: a restarted pod rejoins the current master rather than its first one.
 */
function findMaster(ctx: RecipeContext, masterName: string): string {
  return (
    `master=$(redis-cli -h ${ctx.serviceFqdn} -p ${SENTINEL_PORT} --raw sentinel get-master-addr-by-name ${masterName} 2>/dev/null | head -n 1); ` +
    `[ -n "$master" ] || master=${ctx.podFqdns[0]}; `
  );
}

/** The Redis container's command: the official entrypoint, a replica of the master unless it is the master. */
function redisCommand(ctx: RecipeContext, masterName: string): AppSetting {
  const script =
    findMaster(ctx, masterName) +
    `if [ "$master" = "$HOSTNAME.${ctx.serviceFqdn}" ]; then exec docker-entrypoint.sh redis-server "$@"; fi; ` +
    `exec docker-entrypoint.sh redis-server "$@" --replicaof "$master" ${REDIS_PORT}`;
  return {
    key: 'replicaof',
    value: `the master the Sentinels report, else ${ctx.podFqdns[0]}`,
    via: { command: ['sh', '-c', script, 'redis-server'] },
    why: 'replicas follow the master by its per-pod name; the arguments after the command are the redis-server arguments',
  };
}

/** The `sentinel.conf` lines, as the start command writes them (`$HOSTNAME`, `$master` expanded by the shell). */
function sentinelLines(ctx: RecipeContext, masterName: string, quorum: number): Array<[string, string, string]> {
  return [
    ['port', String(SENTINEL_PORT), 'the port declared tcp on the headless Service'],
    ['sentinel resolve-hostnames', 'yes', 'the monitored master and the announced peers are per-pod names'],
    ['sentinel announce-hostnames', 'yes', 'Sentinels announce and report names, never the 127.0.0.6 their peers\' connections come from'],
    ['sentinel announce-ip', `$HOSTNAME.${ctx.serviceFqdn}`, 'other Sentinels and clients reach this one by its per-pod name'],
    ['sentinel announce-port', String(SENTINEL_PORT), 'with announce-ip'],
    ['sentinel monitor', `${masterName} $master ${REDIS_PORT} ${quorum}`, 'the master by its per-pod name, and the quorum'],
  ];
}

function sentinelSettings(ctx: RecipeContext, masterName: string, quorum: number, container: string): { settings: AppSetting[]; file: RecipeFile } {
  const lines = sentinelLines(ctx, masterName, quorum);
  const quoted = lines.map(([key, value]) => `"${key} ${value}"`).join(' ');
  const script = findMaster(ctx, masterName) + `printf '%s\\n' ${quoted} > ${SENTINEL_CONFIG_PATH} && exec redis-sentinel ${SENTINEL_CONFIG_PATH}`;
  const settings: AppSetting[] = lines.map(([key, value, why]) => fileSetting(key, value, SENTINEL_CONFIG_PATH, why, container));
  settings.push({
    key: 'sentinel.conf',
    value: SENTINEL_CONFIG_PATH,
    via: { command: ['sh', '-c', script] },
    container,
    why: 'Sentinel rewrites its config file, so it is written at each start into a writable directory, naming this pod',
  });
  const content = lines.map(([key, value]) => `${key} ${value}\n`).join('');
  return { settings, file: { path: SENTINEL_CONFIG_PATH, container, content, source: 'command' } };
}

function build(p: Problems, field: string, o: Readonly<Record<string, unknown>>, ctx: RecipeContext): RecipeBody | undefined {
  const masterName = o.masterName ?? 'mymaster';
  const majority = Math.floor(ctx.replicas / 2) + 1;
  const quorum = o.quorum ?? majority;
  const container = o.sentinelContainer ?? 'sentinel';
  const nameOk = typeof masterName === 'string' && MASTER_NAME.test(masterName);
  if (!nameOk) {
    p.add(`${field}.masterName`, `${show(masterName)} is not a Sentinel master name: 1-63 letters, digits, ".", "_" or "-", starting with a letter or digit`);
  }
  const ok = [nameOk, checkInt(p, `${field}.quorum`, quorum, 1, ctx.replicas), checkName(p, `${field}.sentinelContainer`, container, 'label')];
  if (ok.every(Boolean) && o.container === container) {
    p.add(`${field}.sentinelContainer`, `${show(container)} is also recipe.container: Redis and its Sentinel run in two containers, give them different names`);
    return undefined;
  }
  if (!ok.every(Boolean)) {
    return undefined;
  }
  const sentinel = sentinelSettings(ctx, masterName as string, quorum as number, container as string);
  const warnings =
    ctx.replicas < MIN_SENTINELS
      ? [`${ctx.replicas} Sentinel${ctx.replicas === 1 ? '' : 's'}: a failover needs a majority of Sentinels, give at least ${MIN_SENTINELS} pods for a robust deployment (${SENTINEL_DOCS})`]
      : [];
  return {
    assumes:
      'the official redis image, 7.0 or later (Sentinel host names need 6.2), whose docker-entrypoint.sh runs redis-server; ' +
      `the ${show(container)} container runs the same image with a writable /data`,
    podManagementPolicy: 'Parallel',
    downward: ['POD_NAME'],
    settings: [
      argSetting(
        'replica-announce-ip',
        `$(POD_NAME).${ctx.serviceFqdn}`,
        'the master lists this replica by its per-pod name; without it, by the 127.0.0.6 its connection comes from behind a sidecar',
      ),
      argSetting('replica-announce-port', String(REDIS_PORT), 'the data port, declared tcp on the headless Service'),
      redisCommand(ctx, masterName as string),
      ...sentinel.settings,
    ],
    files: [sentinel.file],
    containers: [{ name: container as string, purpose: 'redis-sentinel', option: 'sentinelContainer', ports: [SENTINEL_PORT], downward: [] }],
    warnings,
  };
}

/** The Redis Sentinel recipe. */
export const redisSentinelRecipe: RecipeDefinition = {
  app: 'redis-sentinel',
  title: 'Redis Sentinel',
  optionKeys: ['masterName', 'quorum', 'sentinelContainer'],
  images: ['redis', 'bitnami/redis', 'bitnamilegacy/redis', 'bitnami/redis-sentinel', 'bitnamilegacy/redis-sentinel', 'valkey/valkey', 'bitnami/valkey'],
  ports: [
    tcpPort('tcp-redis', REDIS_PORT, 'pod-name', 'data and replication, each Redis announcing its per-pod name'),
    tcpPort('tcp-sentinel', SENTINEL_PORT, 'pod-name', 'Sentinels to each other and clients asking for the master'),
  ],
  wellKnownPorts: [SENTINEL_PORT],
  build,
};
