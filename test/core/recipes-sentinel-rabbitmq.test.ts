/**
 * The Redis Sentinel and RabbitMQ recipes: every port, protocol, setting and value, for 3 and 5
 * replicas, a non-default namespace and cluster domain; the ConfigMap of RabbitMQ's conf.d file;
 * bad input names construct, field and value.
 */
import { AppRecipeOutput, containerLooksLike, RECIPES } from '../../lib/core/recipes';
import { DOMAIN, mesh, NS, problemsOf, recipeOf } from './recipe-helpers';

const COOKIE = { name: 'rabbitmq-cookie', key: 'cookie' };

const ports = (r: AppRecipeOutput) => r.ports.map((p) => [p.name, p.port, p.appProtocol, p.reachedBy, p.httpBased]);
const svc = (app: string) => `${app}-headless.${NS}.svc.${DOMAIN}`;
const pods = (app: string, n: number) => Array.from({ length: n }, (_, i) => `${app}-${i}.${svc(app)}`);

describe('Redis Sentinel', () => {
  const S = svc('redis-sentinel');
  const find = `master=$(redis-cli -h ${S} -p 26379 --raw sentinel get-master-addr-by-name mymaster 2>/dev/null | head -n 1); `;

  test.each([3, 5])('%i pods: both ports tcp by per-pod name, Redis announces its name, pod 0 the first master', (n) => {
    const m = mesh({ app: 'redis-sentinel' }, n);
    const r = m.recipe!;
    expect(ports(r)).toEqual([
      ['tcp-redis', 6379, 'tcp', 'pod-name', false],
      ['tcp-sentinel', 26379, 'tcp', 'pod-name', false],
    ]);
    const spec = m.service.spec as { ports: Array<{ name: string; port: number; targetPort: number; appProtocol: string }>; publishNotReadyAddresses: boolean };
    expect(spec.ports.map((p) => [p.name, p.port, p.targetPort, p.appProtocol])).toEqual([
      ['tcp-redis', 6379, 6379, 'tcp'],
      ['tcp-sentinel', 26379, 26379, 'tcp'],
    ]);
    expect(spec.publishNotReadyAddresses).toBe(true);
    expect(r.statefulSet).toEqual({
      serviceName: 'redis-sentinel-headless',
      podManagementPolicy: 'Parallel',
      replicas: n,
      podAnnotations: { 'proxy.istio.io/config': '{"holdApplicationUntilProxyStarts":true}' },
    });
    expect(r.env).toEqual([{ name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }]);
    expect(r.args).toEqual(['--replica-announce-ip', `$(POD_NAME).${S}`, '--replica-announce-port', '6379']);
    expect(r.command).toEqual([
      'sh',
      '-c',
      find +
        `[ -n "$master" ] || master=${pods('redis-sentinel', n)[0]}; ` +
        `if [ "$master" = "$HOSTNAME.${S}" ]; then exec docker-entrypoint.sh redis-server "$@"; fi; ` +
        'exec docker-entrypoint.sh redis-server "$@" --replicaof "$master" 6379',
      'redis-server',
    ]);
    expect(r.mtlsExceptions).toEqual([]);
    expect(r.warnings).toEqual([]);
  });

  test.each([
    [3, 2],
    [5, 3],
  ])('%i pods: the sentinel container writes sentinel.conf naming its pod, quorum %i (a majority)', (n, quorum) => {
    const r = recipeOf({ app: 'redis-sentinel' }, n);
    const lines = [
      'port 26379',
      'sentinel resolve-hostnames yes',
      'sentinel announce-hostnames yes',
      `sentinel announce-ip $HOSTNAME.${S}`,
      'sentinel announce-port 26379',
      `sentinel monitor mymaster $master 6379 ${quorum}`,
    ];
    expect(r.containers).toEqual([
      {
        name: 'sentinel',
        purpose: 'redis-sentinel',
        option: 'sentinelContainer',
        ports: [26379],
        env: [],
        command: [
          'sh',
          '-c',
          find +
            `[ -n "$master" ] || master=${pods('redis-sentinel', n)[0]}; ` +
            `printf '%s\\n' ${lines.map((l) => `"${l}"`).join(' ')} > /data/sentinel.conf && exec redis-sentinel /data/sentinel.conf`,
        ],
      },
    ]);
    expect(r.files).toEqual([{ path: '/data/sentinel.conf', container: 'sentinel', content: lines.map((l) => `${l}\n`).join(''), source: 'command' }]);
    const fileSettings = r.settings.filter((s) => 'file' in s.via);
    expect(fileSettings.map((s) => `${s.key} ${s.value}`)).toEqual(lines);
    expect(fileSettings.every((s) => s.container === 'sentinel' && (s.via as { file: string }).file === '/data/sentinel.conf')).toBe(true);
  });

  test('options: master name, quorum and the sentinel container', () => {
    const r = recipeOf({ app: 'redis-sentinel', masterName: 'cache', quorum: 3, sentinelContainer: 'watcher' }, 5);
    expect(r.containers.map((c) => c.name)).toEqual(['watcher']);
    expect(r.containers[0].command[2]).toContain('sentinel get-master-addr-by-name cache ');
    expect(r.containers[0].command[2]).toContain('"sentinel monitor cache $master 6379 3"');
    expect(r.command[2]).toContain('get-master-addr-by-name cache ');
    expect(r.settings.filter((s) => s.container !== undefined).every((s) => s.container === 'watcher')).toBe(true);
  });

  test('fewer than 3 Sentinels is a warning (Redis Sentinel documentation)', () => {
    expect(recipeOf({ app: 'redis-sentinel' }, 2).warnings).toEqual([
      '2 Sentinels: a failover needs a majority of Sentinels, give at least 3 pods for a robust deployment (https://redis.io/docs/latest/operate/oss_and_stack/management/sentinel/)',
    ]);
    expect(recipeOf({ app: 'redis-sentinel' }, 1).warnings[0]).toMatch(/^1 Sentinel: /);
  });

  test('bad input: quorum out of 1..replicas, master name, sentinel container, unknown option', () => {
    expect(problemsOf(() => mesh({ app: 'redis-sentinel', quorum: 4 }, 3))).toEqual(['HeadlessMeshService "redis-sentinel-headless": recipe.quorum: 4 is not a whole number in 1-3']);
    expect(problemsOf(() => mesh({ app: 'redis-sentinel', quorum: 0 }, 3))).toEqual(['HeadlessMeshService "redis-sentinel-headless": recipe.quorum: 0 is not a whole number in 1-3']);
    expect(problemsOf(() => mesh({ app: 'redis-sentinel', masterName: 'my master' }, 3))).toEqual([
      'HeadlessMeshService "redis-sentinel-headless": recipe.masterName: "my master" is not a Sentinel master name: 1-63 letters, digits, ".", "_" or "-", starting with a letter or digit',
    ]);
    expect(problemsOf(() => mesh({ app: 'redis-sentinel', sentinelContainer: 'Sentinel' }, 3))[0]).toMatch(
      /^HeadlessMeshService "redis-sentinel-headless": recipe.sentinelContainer: "Sentinel" is not a DNS-1123 label/,
    );
    expect(problemsOf(() => mesh({ app: 'redis-sentinel', container: 'redis', sentinelContainer: 'redis' }, 3))).toEqual([
      'HeadlessMeshService "redis-sentinel-headless": recipe.sentinelContainer: "redis" is also recipe.container: Redis and its Sentinel run in two containers, give them different names',
    ]);
    expect(problemsOf(() => mesh({ app: 'redis-sentinel', quorom: 2 } as never, 3))[0]).toMatch(/^HeadlessMeshService "redis-sentinel-headless": recipe.quorom: /);
  });

  test('a user port on 26379 collides with the recipe', () => {
    expect(problemsOf(() => mesh({ app: 'redis-sentinel' }, 3, { ports: [{ port: 26379, name: 'sentinel' }] }))).toEqual([
      'HeadlessMeshService "redis-sentinel-headless": ports[0].port: 26379 collides with Redis Sentinel\'s port "tcp-sentinel" (26379), which the recipe already declares: remove it from ports, or give another port',
    ]);
  });
});

describe('RabbitMQ', () => {
  const R = svc('rabbitmq');

  test.each([3, 5])('%i nodes: AMQP, epmd and distribution tcp by per-pod name, long node names, the cookie from the Secret', (n) => {
    const r = recipeOf({ app: 'rabbitmq', erlangCookieSecret: COOKIE }, n);
    expect(ports(r)).toEqual([
      ['tcp-amqp', 5672, 'tcp', 'pod-name', false],
      ['tcp-epmd', 4369, 'tcp', 'pod-name', false],
      ['tcp-dist', 25672, 'tcp', 'pod-name', false],
    ]);
    expect(r.env).toEqual([
      { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
      { name: 'RABBITMQ_USE_LONGNAME', value: 'true' },
      { name: 'RABBITMQ_NODENAME', value: `rabbit@$(POD_NAME).${R}` },
      { name: 'RABBITMQ_ERLANG_COOKIE', valueFrom: { secretKeyRef: { name: 'rabbitmq-cookie', key: 'cookie' } } },
    ]);
    expect(r.args).toEqual([]);
    expect(r.command).toEqual([]);
    expect(r.containers).toEqual([]);
    expect(r.statefulSet.podManagementPolicy).toBe('Parallel');
    expect(r.statefulSet.podAnnotations).toEqual({ 'proxy.istio.io/config': '{"holdApplicationUntilProxyStarts":true}' });
    const content = ['cluster_formation.peer_discovery_backend = classic_config', ...pods('rabbitmq', n).map((p, i) => `cluster_formation.classic_config.nodes.${i + 1} = rabbit@${p}`)];
    expect(r.files).toEqual([
      {
        path: '/etc/rabbitmq/conf.d/20-cluster-formation.conf',
        content: content.map((l) => `${l}\n`).join(''),
        source: 'configMap',
        configMap: 'rabbitmq-headless-config',
        key: '20-cluster-formation.conf',
      },
    ]);
    expect(r.settings.filter((s) => 'file' in s.via).map((s) => `${s.key} = ${s.value}`)).toEqual(content);
    expect(r.warnings).toEqual([]);
    expect(r.mtlsExceptions).toEqual([]);
  });

  test('the HeadlessMeshService emits the ConfigMap first, in the namespace, with the labels', () => {
    const m = mesh({ app: 'rabbitmq', erlangCookieSecret: COOKIE }, 3);
    expect(m.objects.map((o) => o.kind)).toEqual(['ConfigMap', 'Service', 'PeerAuthentication']);
    expect(m.configMap).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'rabbitmq-headless-config', namespace: NS, labels: (m.service.metadata as { labels: Record<string, string> }).labels },
      data: { '20-cluster-formation.conf': m.recipe!.files[0].content },
    });
  });

  test('no ConfigMap for a recipe without configMap files', () => {
    expect(mesh({ app: 'redis-sentinel' }, 3).configMap).toBeUndefined();
    expect(mesh({ app: 'etcd' }, 3).objects.map((o) => o.kind)).toEqual(['Service', 'PeerAuthentication']);
  });

  test('bad input: the cookie Secret is required and checked; the secret value never appears', () => {
    const label = 'HeadlessMeshService "rabbitmq-headless"';
    expect(problemsOf(() => mesh({ app: 'rabbitmq' } as never, 3))).toEqual([
      `${label}: recipe.erlangCookieSecret: is required: the Secret holding the Erlang cookie every node shares, e.g. { name: "rabbitmq", key: "erlang-cookie" } (the recipe never makes one up)`,
    ]);
    expect(problemsOf(() => mesh({ app: 'rabbitmq', erlangCookieSecret: { name: 'Bad_Name', key: 'cookie' } }, 3))[0]).toMatch(
      new RegExp(`^${label}: recipe.erlangCookieSecret.name: "Bad_Name" is not a DNS-1123 subdomain`),
    );
    expect(problemsOf(() => mesh({ app: 'rabbitmq', erlangCookieSecret: { name: 'ok', key: 'a/b' } }, 3))).toEqual([
      `${label}: recipe.erlangCookieSecret.key: "a/b" is not a Secret key: 1-253 letters, digits, "-", "_" or "."`,
    ]);
    expect(problemsOf(() => mesh({ app: 'rabbitmq', erlangCookieSecret: { name: 'ok', key: 'k', value: 'x' } as never }, 3))[0]).toMatch(
      new RegExp(`^${label}: recipe.erlangCookieSecret.value: `),
    );
    expect(problemsOf(() => mesh({ app: 'rabbitmq', erlangCookieSecret: 'rabbitmq' } as never, 3))[0]).toMatch(new RegExp(`^${label}: recipe.erlangCookieSecret: `));
  });

  test('a user port on 4369 or named tcp-dist collides with the recipe', () => {
    expect(problemsOf(() => mesh({ app: 'rabbitmq', erlangCookieSecret: COOKIE }, 3, { ports: [{ port: 4369, name: 'epmd' }, { port: 9999, name: 'tcp-dist' }] }))).toEqual([
      'HeadlessMeshService "rabbitmq-headless": ports[0].port: 4369 collides with RabbitMQ\'s port "tcp-epmd" (4369), which the recipe already declares: remove it from ports, or give another port',
      'HeadlessMeshService "rabbitmq-headless": ports[1].name: "tcp-dist" collides with RabbitMQ\'s port "tcp-dist" (25672), which the recipe already declares: remove it from ports, or give another name',
    ]);
  });
});

describe('recognising the images', () => {
  test.each([
    ['redis-sentinel', 'docker.io/bitnami/redis-sentinel:7.4.2', true],
    ['redis-sentinel', 'bitnamilegacy/redis:7.4.2', true],
    ['redis-sentinel', 'redis:7.4.2', true],
    ['redis-sentinel', 'busybox:1.36', false],
    ['rabbitmq', 'rabbitmq:4.0.7-management', true],
    ['rabbitmq', 'docker.io/bitnami/rabbitmq:4.0.5', true],
    ['rabbitmq', 'kbudde/rabbitmq-exporter:1.0', false],
    ['rabbitmq', 'nginx:1.27', false],
  ] as const)('%s: %s -> %s', (app, image, yes) => {
    expect(containerLooksLike(RECIPES[app], image, [])).toBe(yes);
  });

  test('or by a well-known port: 26379 (Sentinel), 25672 (RabbitMQ distribution)', () => {
    expect(containerLooksLike(RECIPES['redis-sentinel'], 'example/cache:1', [26379])).toBe(true);
    expect(containerLooksLike(RECIPES.rabbitmq, 'example/queue:1', [5672, 25672])).toBe(true);
    expect(containerLooksLike(RECIPES.rabbitmq, 'example/queue:1', [5672])).toBe(false);
  });
});
