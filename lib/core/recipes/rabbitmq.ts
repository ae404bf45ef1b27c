/**
 * RabbitMQ: AMQP 5672, epmd 4369 and Erlang distribution 25672 (AMQP port + 20000),
 * https://www.rabbitmq.com/docs/networking#ports. Nodes are named `rabbit@<per-pod name>`
 * (long names, https://www.rabbitmq.com/docs/clustering#node-names): a node finds a peer by
 * resolving the host part of its name, asks the peer's epmd for its distribution port, then
 * dials it, so all three ports are reached by per-pod name and must be `tcp` on the headless
 * Service (the Cluster Operator declares `epmd` and `cluster-links` on its headless Service,
 * `internal/resource/headless_service.go` in rabbitmq/cluster-operator).
 * Peers come from a fixed list (classic config peer discovery,
 * https://www.rabbitmq.com/docs/cluster-formation#peer-discovery-classic-config), in a
 * `conf.d` file (RabbitMQ 3.9+ reads `/etc/rabbitmq/conf.d/*.conf`): no Kubernetes API call at
 * boot, which fails while the sidecar is not ready (istio/istio#39576), and the app waits for its
 * proxy anyway. The Erlang cookie comes from a Secret the user names (`RABBITMQ_ERLANG_COOKIE`,
 * read by the server since 3.9, rabbitmq/rabbitmq-server#3299).
 */
import { Problems, show } from '../errors';
import { checkKnownKeys, checkName, checkRecord } from '../validate';
import { envSetting, fileSetting, RecipeBody, RecipeContext, RecipeDefinition, tcpPort } from './context';
import { AppSetting } from './types';

/** RabbitMQ's AMQP, epmd and Erlang distribution ports. */
export const RABBITMQ_AMQP_PORT = 5672;
export const RABBITMQ_EPMD_PORT = 4369;
export const RABBITMQ_DIST_PORT = 25672;

/** The `conf.d` file the recipe writes (after the official image's `10-defaults.conf`). */
export const RABBITMQ_CONF_PATH = '/etc/rabbitmq/conf.d/20-cluster-formation.conf';

const CONF_KEY = '20-cluster-formation.conf';

function checkCookieSecret(p: Problems, field: string, value: unknown): { name: string; key: string } | undefined {
  const what = 'the Secret holding the Erlang cookie every node shares, e.g. { name: "rabbitmq", key: "erlang-cookie" } (the recipe never makes one up)';
  if (value === undefined) {
    p.add(`${field}.erlangCookieSecret`, `is required: ${what}`);
    return undefined;
  }
  if (!checkRecord(p, `${field}.erlangCookieSecret`, value, what)) return undefined;
  const ok = [
    checkKnownKeys(p, `${field}.erlangCookieSecret`, value, ['name', 'key']),
    checkName(p, `${field}.erlangCookieSecret.name`, value.name, 'subdomain'),
  ];
  const key = value.key;
  if (typeof key !== 'string' || !/^[-._A-Za-z0-9]{1,253}$/.test(key)) {
    p.add(`${field}.erlangCookieSecret.key`, `${show(key)} is not a Secret key: 1-253 letters, digits, "-", "_" or "."`);
    return undefined;
  }
  return ok.every(Boolean) ? { name: value.name as string, key } : undefined;
}

function conf(ctx: RecipeContext): AppSetting[] {
  return [
    fileSetting('cluster_formation.peer_discovery_backend', 'classic_config', RABBITMQ_CONF_PATH, 'peers from a fixed list: no Kubernetes API call at boot'),
    ...ctx.podFqdns.map((fqdn, i) =>
      fileSetting(`cluster_formation.classic_config.nodes.${i + 1}`, `rabbit@${fqdn}`, RABBITMQ_CONF_PATH, 'every node by its per-pod name'),
    ),
  ];
}

function build(p: Problems, field: string, o: Readonly<Record<string, unknown>>, ctx: RecipeContext): RecipeBody | undefined {
  const secret = checkCookieSecret(p, field, o.erlangCookieSecret);
  if (secret === undefined) {
    return undefined;
  }
  const lines = conf(ctx);
  const content = lines.map((s) => `${s.key} = ${s.value}\n`).join('');
  return {
    assumes: 'the official rabbitmq image, 3.13 or 4.x (reads /etc/rabbitmq/conf.d/*.conf and RABBITMQ_ERLANG_COOKIE)',
    // A restarted node waits for the peer that stopped last, which OrderedReady would never create
    // (https://www.rabbitmq.com/docs/clustering#restarting); the Cluster Operator runs Parallel.
    podManagementPolicy: 'Parallel',
    downward: ['POD_NAME'],
    settings: [
      envSetting('RABBITMQ_USE_LONGNAME', 'RABBITMQ_USE_LONGNAME', 'true', 'node names carry the per-pod name in full'),
      envSetting(
        'RABBITMQ_NODENAME',
        'RABBITMQ_NODENAME',
        `rabbit@$(POD_NAME).${ctx.serviceFqdn}`,
        'peers resolve the host part to the pod and reach epmd and distribution on ports the headless Service declares tcp',
      ),
      {
        key: 'RABBITMQ_ERLANG_COOKIE',
        value: `Secret ${show(secret.name)} key ${show(secret.key)}`,
        via: { env: 'RABBITMQ_ERLANG_COOKIE', secretKeyRef: secret },
        why: 'every node and CLI tool must share the cookie to connect',
      },
      ...lines,
    ],
    files: [{ path: RABBITMQ_CONF_PATH, content, source: 'configMap', configMap: `${ctx.service}-config`, key: CONF_KEY }],
    warnings: [],
  };
}

/** The RabbitMQ recipe. */
export const rabbitMqRecipe: RecipeDefinition = {
  app: 'rabbitmq',
  title: 'RabbitMQ',
  optionKeys: ['erlangCookieSecret'],
  images: ['rabbitmq', 'bitnami/rabbitmq', 'bitnamilegacy/rabbitmq'],
  ports: [
    tcpPort('tcp-amqp', RABBITMQ_AMQP_PORT, 'pod-name', 'AMQP clients'),
    tcpPort('tcp-epmd', RABBITMQ_EPMD_PORT, 'pod-name', 'epmd: peers look up a node\'s distribution port'),
    tcpPort('tcp-dist', RABBITMQ_DIST_PORT, 'pod-name', 'Erlang distribution between nodes (clustering, queue replication)'),
  ],
  wellKnownPorts: [RABBITMQ_DIST_PORT],
  build,
};
