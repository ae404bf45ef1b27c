/**
 * A recipe on a cdk8s-plus StatefulSet: the container gets the app's ports,
 * env, args or command, the StatefulSet its pod management policy and pod
 * annotation, and the construct says what it set.
 */
import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { HeadlessMeshService } from '../../lib/cdk8s';
import { IstioDirectError } from '../../lib/core/errors';
import { AppRecipeProps } from '../../lib/core/recipes';

function statefulSet(chart: Chart, name: string, image: string, ports: number[], extra: Partial<kplus.ContainerProps> = {}) {
  return new kplus.StatefulSet(chart, name, {
    metadata: { name, namespace: 'data' },
    replicas: name === 'redis' ? 6 : 3,
    containers: [{ name, image, ports: ports.map((number) => ({ number })), ...extra }],
  });
}

function synth(recipe: AppRecipeProps, image: string, ports: number[], extra: Partial<kplus.ContainerProps> = {}) {
  const chart = Testing.chart();
  const name = recipe.app === 'redis-cluster' ? 'redis' : recipe.app;
  const sts = statefulSet(chart, name, image, ports, extra);
  const mesh = new HeadlessMeshService(chart, 'mesh', { name: `${name}-headless`, target: sts, recipe, clusterDomain: 'corp.example' });
  const objects = Testing.synth(chart) as any[];
  const set = objects.find((o) => o.kind === 'StatefulSet');
  return { mesh, set, container: set.spec.template.spec.containers[0], objects };
}

test('etcd: env in order, Parallel, hold annotation, serviceName; the construct lists what it set', () => {
  const { mesh, set, container, objects } = synth({ app: 'etcd' }, 'quay.io/coreos/etcd:v3.5.21', [2379]);
  expect(set.spec.serviceName).toBe('etcd-headless');
  expect(set.spec.podManagementPolicy).toBe('Parallel');
  expect(set.spec.template.metadata.annotations).toEqual({ 'proxy.istio.io/config': '{"holdApplicationUntilProxyStarts":true}' });
  expect(container.env).toEqual(mesh.recipe!.env.map((e) => ({ ...e })));
  expect(container.env[0]).toEqual({ name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } });
  expect(container.env.find((e: any) => e.name === 'ETCD_INITIAL_CLUSTER').value).toBe(
    ['etcd-0', 'etcd-1', 'etcd-2'].map((pod) => `${pod}=http://${pod}.etcd-headless.data.svc.corp.example:2380`).join(','),
  );
  expect(container.ports.map((p: any) => [p.containerPort, p.name])).toEqual([[2379, undefined], [2380, 'peer']]);
  const service = objects.find((o) => o.kind === 'Service');
  expect(service.spec.ports.map((p: any) => `${p.name}:${p.port}/${p.appProtocol}`)).toEqual(['client:2379/tcp', 'peer:2380/tcp']);
  expect(mesh.recipeApplied).toEqual([
    'container port 2380 (peer) on container "etcd"',
    ...mesh.recipe!.env.map((e) => `env ${e.name} on container "etcd"`),
    'spec.podManagementPolicy: Parallel',
    'pod annotation proxy.istio.io/config: {"holdApplicationUntilProxyStarts":true}',
  ]);
});

test('Redis Cluster: the arguments become the container args, or are appended to its own', () => {
  const bare = synth({ app: 'redis-cluster' }, 'redis:7.2.5', [6379]);
  expect(bare.container.args).toEqual(bare.mesh.recipe!.args);
  expect(bare.container.args.slice(0, 4)).toEqual(['--cluster-enabled', 'yes', '--cluster-announce-ip', '$(POD_IP)']);
  expect(bare.container.ports.map((p: any) => p.containerPort)).toEqual([6379, 16379]);
  const withArgs = synth({ app: 'redis-cluster' }, 'redis:7.2.5', [6379], { args: ['--appendonly', 'yes'] });
  expect(withArgs.container.args).toEqual(['--appendonly', 'yes', ...withArgs.mesh.recipe!.args]);
  expect(bare.mesh.recipeApplied).toContain(
    'args --cluster-enabled --cluster-announce-ip --cluster-announce-port --cluster-announce-bus-port --cluster-announce-hostname --cluster-preferred-endpoint-type on container "redis"',
  );
});

test('ZooKeeper: the command, and ZOO_SERVERS', () => {
  const { container, mesh } = synth({ app: 'zookeeper' }, 'zookeeper:3.9.3', [2181]);
  expect(container.command).toEqual(mesh.recipe!.command);
  expect(container.env.map((e: any) => e.name)).toEqual(['ZOO_SERVERS']);
  expect(mesh.recipeApplied).toContain('command on container "zookeeper"');
});

test('Kafka: a container recognised by image; env from the downward API', () => {
  const { container } = synth({ app: 'kafka', clusterId: 'MkU3OEVBNTcwNTJENDM2Qk' }, 'apache/kafka:3.9.0', [9092]);
  expect(container.env[1]).toEqual({ name: 'POD_INDEX', valueFrom: { fieldRef: { fieldPath: "metadata.labels['apps.kubernetes.io/pod-index']" } } });
  expect(container.ports.map((p: any) => p.containerPort)).toEqual([9092, 9093, 9094]);
});

test('a metrics container port beside the recipe is declared too', () => {
  const { objects } = synth({ app: 'etcd' }, 'quay.io/coreos/etcd:v3.5.21', [2379, 2380, 2381]);
  const service = objects.find((o) => o.kind === 'Service');
  expect(service.spec.ports.map((p: any) => p.port)).toEqual([2379, 2380, 2381]);
});

function errorOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(IstioDirectError);
    return (e as Error).message;
  }
  throw new Error('no error');
}

test('errors: no container like the app, a named container that does not exist, a conflicting env var, command or annotation', () => {
  expect(errorOf(() => synth({ app: 'etcd' }, 'nginx:1.27', [80]))).toBe(
    'HeadlessMeshService "etcd-headless" (construct test/mesh): recipe: no container of StatefulSet "etcd" looks like etcd (image etcd-development/etcd, coreos/etcd, bitnami/etcd, bitnamilegacy/etcd, etcd, or container port 2379, 2380): "etcd" (nginx:1.27); name it in recipe.container',
  );
  expect(errorOf(() => synth({ app: 'etcd', container: 'main' }, 'nginx:1.27', [80]))).toBe(
    'HeadlessMeshService "etcd-headless" (construct test/mesh): recipe.container: "main" is not a container of StatefulSet "etcd"; its containers: "etcd" (nginx:1.27)',
  );
  const env = { ETCD_NAME: kplus.EnvValue.fromValue('me') };
  expect(errorOf(() => synth({ app: 'etcd' }, 'quay.io/coreos/etcd:v3.5.21', [2379], { envVariables: env }))).toBe(
    'HeadlessMeshService "etcd-headless" (construct test/mesh): recipe: container "etcd" already sets ETCD_NAME to another value; the recipe sets it to "$(POD_NAME)": remove yours',
  );
  expect(errorOf(() => synth({ app: 'zookeeper' }, 'zookeeper:3.9.3', [2181], { command: ['zkServer.sh'] }))).toMatch(
    /^HeadlessMeshService "zookeeper-headless" \(construct test\/mesh\): recipe: container "zookeeper" already has a command, \["zkServer.sh"\]/,
  );
});

test('a plain workload target gets nothing applied: the values are in .recipe', () => {
  const chart = Testing.chart();
  const mesh = new HeadlessMeshService(chart, 'mesh', {
    name: 'etcd',
    target: { kind: 'StatefulSet', name: 'etcd', selectorLabels: { app: 'etcd' }, replicas: 3 },
    recipe: { app: 'etcd' },
  });
  expect(mesh.recipeApplied).toEqual([]);
  expect(mesh.recipe!.env.length).toBe(9);
});

describe('Redis Sentinel: the sentinel container of the same pod', () => {
  function sentinelSet(chart: Chart, containers: kplus.ContainerProps[]) {
    return new kplus.StatefulSet(chart, 'cache', { metadata: { name: 'cache', namespace: 'data' }, replicas: 3, containers });
  }
  const redis: kplus.ContainerProps = { name: 'redis', image: 'redis:7.4.2', ports: [{ number: 6379 }] };
  const bare: kplus.ContainerProps = { name: 'sentinel', image: 'redis:7.4.2' };
  const data = (chart: Chart) => [{ path: '/data', volume: kplus.Volume.fromEmptyDir(chart, 'data', 'data') }];

  test('the Redis container gets args, command and 6379; the sentinel container its command and 26379', () => {
    const chart = Testing.chart();
    const sentinel = { ...bare, volumeMounts: data(chart) };
    const mesh = new HeadlessMeshService(chart, 'mesh', { name: 'cache-headless', target: sentinelSet(chart, [redis, sentinel]), recipe: { app: 'redis-sentinel' } });
    const set = (Testing.synth(chart) as any[]).find((o) => o.kind === 'StatefulSet');
    const [r, s] = set.spec.template.spec.containers;
    const recipe = mesh.recipe!;
    expect([r.command, r.args, r.env]).toEqual([recipe.command, recipe.args, recipe.env]);
    expect(r.ports.map((p: any) => p.containerPort)).toEqual([6379]);
    expect(s.command).toEqual(recipe.containers[0].command);
    expect(s.env).toBeUndefined();
    expect(s.ports).toEqual([{ containerPort: 26379, name: 'tcp-sentinel' }]);
    expect(mesh.recipeApplied).toEqual([
      'env POD_NAME on container "redis"',
      'command on container "redis"',
      'args --replica-announce-ip --replica-announce-port on container "redis"',
      'container port 26379 (tcp-sentinel) on container "sentinel"',
      'command on container "sentinel"',
      'spec.podManagementPolicy: Parallel',
      'pod annotation proxy.istio.io/config: {"holdApplicationUntilProxyStarts":true}',
    ]);
  });

  test('errors: no sentinel container; recipe.container naming the sentinel one; no writable /data for sentinel.conf', () => {
    const chart = Testing.chart();
    expect(errorOf(() => new HeadlessMeshService(chart, 'mesh', { name: 'cache-headless', target: sentinelSet(chart, [redis]), recipe: { app: 'redis-sentinel' } }))).toBe(
      'HeadlessMeshService "cache-headless" (construct test/mesh): recipe: StatefulSet "cache" has no container "sentinel", which the Redis Sentinel recipe runs redis-sentinel in: ' +
        'add one with the app\'s image (its containers: "redis" (redis:7.4.2)), or name yours in recipe.sentinelContainer',
    );
    const other = Testing.chart();
    const recipe: AppRecipeProps = { app: 'redis-sentinel', container: 'sentinel' };
    expect(errorOf(() => new HeadlessMeshService(other, 'mesh', { name: 'cache-headless', target: sentinelSet(other, [redis, bare]), recipe }))).toBe(
      'HeadlessMeshService "cache-headless" (construct test/mesh): recipe.sentinelContainer: "sentinel" is also recipe.container: Redis and its Sentinel run in two containers, give them different names',
    );
    const third = Testing.chart();
    expect(errorOf(() => new HeadlessMeshService(third, 'mesh', { name: 'cache-headless', target: sentinelSet(third, [redis, bare]), recipe: { app: 'redis-sentinel' } }))).toBe(
      'HeadlessMeshService "cache-headless" (construct test/mesh): recipe: container "sentinel" has no writable volume at /data, where its start command writes /data/sentinel.conf at each start: mount one there (an emptyDir, or the data volume)',
    );
  });
});

test('RabbitMQ: env with the cookie from the Secret, and the conf.d file mounted from the recipe\'s ConfigMap', () => {
  const { mesh, set, container, objects } = synth({ app: 'rabbitmq', erlangCookieSecret: { name: 'rabbitmq', key: 'cookie' } }, 'rabbitmq:4.0.7', [5672]);
  expect(container.env).toEqual(mesh.recipe!.env.map((e) => ({ ...e })));
  expect(container.ports.map((p: any) => p.containerPort)).toEqual([5672, 4369, 25672]);
  expect(container.volumeMounts).toEqual([
    { mountPath: '/etc/rabbitmq/conf.d/20-cluster-formation.conf', name: 'istio-direct-recipe', readOnly: true, subPath: '20-cluster-formation.conf' },
  ]);
  expect(set.spec.template.spec.volumes).toEqual([{ name: 'istio-direct-recipe', configMap: { name: 'rabbitmq-headless-config' } }]);
  const configMap = objects.find((o) => o.kind === 'ConfigMap');
  expect(configMap.metadata).toMatchObject({ name: 'rabbitmq-headless-config', namespace: 'data' });
  expect(configMap.data['20-cluster-formation.conf']).toBe(
    'cluster_formation.peer_discovery_backend = classic_config\n' +
      [0, 1, 2].map((i) => `cluster_formation.classic_config.nodes.${i + 1} = rabbit@rabbitmq-${i}.rabbitmq-headless.data.svc.corp.example\n`).join(''),
  );
  expect(mesh.configMap).toBeDefined();
  expect(mesh.recipeApplied).toContain('mount /etc/rabbitmq/conf.d/20-cluster-formation.conf from ConfigMap "rabbitmq-headless-config" on container "rabbitmq"');
  expect(mesh.recipeApplied).toContain('env RABBITMQ_ERLANG_COOKIE on container "rabbitmq"');
});
