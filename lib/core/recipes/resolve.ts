/** A recipe's props + the StatefulSet and Service it serves -> its checked, complete output. */
import { Problems, show } from '../errors';
import { checkBoolean, checkKnownKeys, checkName, checkOneOf, checkRecord } from '../validate';
import { downwardEnv, DownwardVar, RecipeBody, RecipeContext, RecipeDefinition } from './context';
import { etcdRecipe } from './etcd';
import { kafkaRecipe } from './kafka';
import { redisClusterRecipe } from './redis-cluster';
import { AppRecipeOutput, AppSetting, RECIPE_APPS, RecipeApp, RecipeContainer, RecipeEnvVar } from './types';
import { zooKeeperRecipe } from './zookeeper';
import { cassandraRecipe } from './cassandra';
import { cockroachDbRecipe } from './cockroachdb';
import { elasticsearchRecipe, openSearchRecipe } from './elasticsearch';
import { natsRecipe } from './nats';
import { rabbitMqRecipe } from './rabbitmq';
import { redisSentinelRecipe } from './redis-sentinel';

/** Every recipe, by app. */
export const RECIPES: Readonly<Record<RecipeApp, RecipeDefinition>> = {
  etcd: etcdRecipe,
  kafka: kafkaRecipe,
  'redis-cluster': redisClusterRecipe,
  zookeeper: zooKeeperRecipe,
  cassandra: cassandraRecipe,
  elasticsearch: elasticsearchRecipe,
  opensearch: openSearchRecipe,
  nats: natsRecipe,
  cockroachdb: cockroachDbRecipe,
  'redis-sentinel': redisSentinelRecipe,
  rabbitmq: rabbitMqRecipe,
};

/** Option keys every recipe takes. */
const COMMON_KEYS = ['app', 'container', 'holdApplicationUntilProxyStarts'];

/** Downward-API variables, in the order they are emitted (before any setting that uses them). */
const DOWNWARD_ORDER: readonly DownwardVar[] = ['POD_NAME', 'POD_IP', 'POD_INDEX'];

/** The `proxy.istio.io/config` pod annotation (https://istio.io/latest/docs/reference/config/annotations/#ProxyConfig). */
export const PROXY_CONFIG_ANNOTATION = 'proxy.istio.io/config';

/**
 * Checks `recipe` (at `field`) and resolves it against `ctx`; `undefined` after
 * recording a problem on `p`.
 */
export function resolveRecipe(p: Problems, field: string, recipe: unknown, ctx: RecipeContext): AppRecipeOutput | undefined {
  if (!checkRecord(p, field, recipe, `a recipe such as { app: "etcd" } (apps: ${RECIPE_APPS.join(', ')})`)) {
    return undefined;
  }
  if (!checkOneOf(p, `${field}.app`, recipe.app, RECIPE_APPS)) {
    return undefined;
  }
  const def = RECIPES[recipe.app];
  const keysOk = checkKnownKeys(p, field, recipe, [...COMMON_KEYS, ...def.optionKeys]);
  const containerOk = recipe.container === undefined || checkName(p, `${field}.container`, recipe.container, 'label');
  const hold = resolveHold(p, field, recipe.holdApplicationUntilProxyStarts, ctx);
  if (ctx.replicas < 1) {
    p.add('target.replicas', `${show(ctx.replicas)}: a ${def.title} StatefulSet needs at least 1 replica`);
    return undefined;
  }
  const body = def.build(p, field, recipe, ctx);
  if (body === undefined || !keysOk || !containerOk || hold === undefined) {
    return undefined;
  }
  return assemble(def, body, ctx, hold);
}

function resolveHold(p: Problems, field: string, value: unknown, ctx: RecipeContext): boolean | undefined {
  if (value === undefined) {
    return ctx.dataplane === 'sidecar';
  }
  if (!checkBoolean(p, `${field}.holdApplicationUntilProxyStarts`, value)) {
    return undefined;
  }
  if (value && ctx.dataplane === 'ambient') {
    p.add(`${field}.holdApplicationUntilProxyStarts`, 'true, but dataplaneMode is "ambient": ambient pods have no sidecar to wait for; leave it unset');
    return undefined;
  }
  return value;
}

function assemble(def: RecipeDefinition, body: RecipeBody, ctx: RecipeContext, hold: boolean): AppRecipeOutput {
  const main = containerParts(body.downward, body.settings.filter((s) => s.container === undefined));
  const containers: RecipeContainer[] = (body.containers ?? []).map((c) => {
    const parts = containerParts(c.downward, body.settings.filter((s) => s.container === c.name));
    return { name: c.name, purpose: c.purpose, option: c.option, ports: c.ports, env: parts.env, command: parts.command };
  });
  return {
    app: def.app,
    assumes: body.assumes,
    ports: def.ports,
    publishNotReadyAddresses: true,
    statefulSet: {
      serviceName: ctx.service,
      podManagementPolicy: body.podManagementPolicy,
      replicas: ctx.replicas,
      podAnnotations: hold ? { [PROXY_CONFIG_ANNOTATION]: '{"holdApplicationUntilProxyStarts":true}' } : {},
    },
    settings: body.settings,
    env: main.env,
    args: main.args,
    command: main.command,
    files: body.files ?? [],
    containers,
    mtlsExceptions: body.mtlsExceptions ?? [],
    warnings: body.warnings,
  };
}

/** A container's env, args and command from its downward-API variables and settings (file settings are in `files`). */
function containerParts(downward: readonly DownwardVar[], settings: readonly AppSetting[]): { env: RecipeEnvVar[]; args: string[]; command: readonly string[] } {
  const env: RecipeEnvVar[] = DOWNWARD_ORDER.filter((v) => downward.includes(v)).map(downwardEnv);
  const args: string[] = [];
  let command: readonly string[] = [];
  for (const setting of settings) {
    if ('env' in setting.via) {
      const ref = setting.via.secretKeyRef;
      env.push(ref !== undefined ? { name: setting.via.env, valueFrom: { secretKeyRef: ref } } : { name: setting.via.env, value: setting.value });
    } else if ('arg' in setting.via) {
      const form = setting.via.form ?? 'pair';
      args.push(...(form === 'inline' ? [`${setting.via.arg}=${setting.value}`] : form === 'positional' ? [setting.value] : [setting.via.arg, setting.value]));
    } else if ('command' in setting.via) {
      command = setting.via.command;
    }
  }
  return { env, args, command };
}
