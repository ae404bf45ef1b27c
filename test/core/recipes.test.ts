/**
 * App recipes through HeadlessMeshService: every port, protocol, StatefulSet
 * setting and app-side value, for 3 and 5 replicas, a non-default namespace and
 * cluster domain; bad input names construct, field and value.
 */
import { buildHeadlessMeshService, HeadlessMeshServiceProps } from '../../lib/core/headless-mesh-service';
import { AppRecipeOutput, AppRecipeProps, imageRepository, RECIPES, containerLooksLike } from '../../lib/core/recipes';
import { problemsOf } from './recipe-helpers';

const NS = 'data';
const DOMAIN = 'corp.example';
const CLUSTER_ID = 'MkU3OEVBNTcwNTJENDM2Qk';

function mesh(recipe: AppRecipeProps, replicas: number, extra: Partial<HeadlessMeshServiceProps> = {}) {
  const sts = recipe.app === 'redis-cluster' ? 'redis' : recipe.app;
  return buildHeadlessMeshService({
    name: `${sts}-headless`,
    namespace: NS,
    clusterDomain: DOMAIN,
    target: { kind: 'StatefulSet', name: sts, selectorLabels: { app: sts }, replicas },
    recipe,
    ...extra,
  });
}

function recipeOf(recipe: AppRecipeProps, replicas: number, extra: Partial<HeadlessMeshServiceProps> = {}): AppRecipeOutput {
  return mesh(recipe, replicas, extra).recipe!;
}

/** The settings as `key=value` and the env as `NAME=value` (downward-API ones as `NAME<-fieldPath`). */
const settings = (r: AppRecipeOutput) => Object.fromEntries(r.settings.map((s) => [s.key, s.value]));
const env = (r: AppRecipeOutput) => r.env.map((e) => ('value' in e ? `${e.name}=${e.value}` : `${e.name}<-${'fieldRef' in e.valueFrom ? e.valueFrom.fieldRef.fieldPath : `secret:${e.valueFrom.secretKeyRef.name}/${e.valueFrom.secretKeyRef.key}`}`));


const pods = (sts: string, n: number) => Array.from({ length: n }, (_, i) => `${sts}-${i}.${sts === 'redis' ? 'redis' : sts}-headless.${NS}.svc.${DOMAIN}`);

describe('common to every recipe', () => {
  test.each([
    [{ app: 'etcd' } as AppRecipeProps, 3],
    [{ app: 'kafka', clusterId: CLUSTER_ID } as AppRecipeProps, 3],
    [{ app: 'redis-cluster' } as AppRecipeProps, 6],
    [{ app: 'zookeeper' } as AppRecipeProps, 3],
  ])('%o: tcp ports first on a Service that publishes not-ready addresses, Parallel, hold until the proxy starts', (recipe, replicas) => {
    const m = mesh(recipe, replicas, { ports: [{ port: 9999, name: 'metrics' }] });
    const r = m.recipe!;
    const spec = m.service.spec as { ports: Array<Record<string, unknown>>; publishNotReadyAddresses: boolean };
    expect(spec.publishNotReadyAddresses).toBe(true);
    expect(spec.ports.map((p) => `${p.name}:${p.port}/${p.appProtocol}`)).toEqual([
      ...RECIPES[recipe.app].ports.map((p) => `${p.name}:${p.port}/tcp`),
      'metrics:9999/tcp',
    ]);
    expect(spec.ports.every((p) => p.port === p.targetPort)).toBe(true);
    expect(r.publishNotReadyAddresses).toBe(true);
    expect(r.statefulSet).toEqual({
      serviceName: m.endpoint.name,
      podManagementPolicy: 'Parallel',
      replicas,
      podAnnotations: { 'proxy.istio.io/config': '{"holdApplicationUntilProxyStarts":true}' },
    });
    expect(r.mtlsExceptions).toEqual([]);
    expect(m.peerAuthentication).toBeDefined();
    expect((m.peerAuthentication as any).spec.mtls.mode).toBe('STRICT');
  });

  test('no hold annotation when turned off, nor in ambient mode', () => {
    expect(recipeOf({ app: 'etcd', holdApplicationUntilProxyStarts: false }, 3).statefulSet.podAnnotations).toEqual({});
    expect(recipeOf({ app: 'etcd' }, 3, { dataplaneMode: 'ambient' }).statefulSet.podAnnotations).toEqual({});
  });

  test('bad input: every problem names HeadlessMeshService, the field and the value', () => {
    expect(problemsOf(() => mesh({ app: 'etcdd' } as never, 3))).toEqual([
      'HeadlessMeshService "etcdd-headless": recipe.app: "etcdd" is not one of etcd, kafka, redis-cluster, zookeeper, cassandra, elasticsearch, opensearch, nats, cockroachdb, redis-sentinel, rabbitmq',
    ]);
    expect(problemsOf(() => mesh({ app: 'etcd', clusterTokn: 'x' } as never, 3))).toEqual([
      'HeadlessMeshService "etcd-headless": recipe.clusterTokn: is not a known property; known: app, container, holdApplicationUntilProxyStarts, clusterToken, initialClusterState',
    ]);
    expect(problemsOf(() => mesh({ app: 'etcd' }, 3, { ports: [{ port: 2380, name: 'gossip' }] }))).toEqual([
      'HeadlessMeshService "etcd-headless": ports[0].port: 2380 collides with etcd\'s port "peer" (2380), which the recipe already declares: remove it from ports, or give another port',
    ]);
    expect(problemsOf(() => mesh({ app: 'etcd' }, 3, { ports: [{ port: 2390, name: 'client' }] }))).toEqual([
      'HeadlessMeshService "etcd-headless": ports[0].name: "client" collides with etcd\'s port "client" (2379), which the recipe already declares: remove it from ports, or give another name',
    ]);
    expect(problemsOf(() => mesh({ app: 'etcd' }, 3, { publishNotReadyAddresses: false }))[0]).toMatch(
      /^HeadlessMeshService "etcd-headless": publishNotReadyAddresses: false, but "etcd" peers must resolve each other's per-pod names before they are ready/,
    );
    expect(problemsOf(() => mesh({ app: 'etcd' }, 0))).toEqual(['HeadlessMeshService "etcd-headless": target.replicas: 0: a etcd StatefulSet needs at least 1 replica']);
    expect(problemsOf(() => mesh({ app: 'etcd', holdApplicationUntilProxyStarts: true }, 3, { dataplaneMode: 'ambient' }))[0]).toMatch(
      /recipe\.holdApplicationUntilProxyStarts: true, but dataplaneMode is "ambient"/,
    );
    expect(problemsOf(() => mesh({ app: 'etcd', container: 'Bad_Name' }, 3))[0]).toMatch(/recipe\.container: "Bad_Name" is not a DNS-1123 label/);
  });

  test('a recipe needs a StatefulSet with a replica count', () => {
    const deployment = { kind: 'Deployment' as const, name: 'etcd', selectorLabels: { app: 'etcd' }, replicas: 3 };
    expect(problemsOf(() => buildHeadlessMeshService({ name: 'etcd', target: deployment, recipe: { app: 'etcd' } }))).toContain(
      'HeadlessMeshService "etcd": recipe: "etcd" needs a StatefulSet target (stable per-pod names), but the target is Deployment "etcd"',
    );
    const noReplicas = { kind: 'StatefulSet' as const, name: 'etcd', selectorLabels: { app: 'etcd' } };
    expect(problemsOf(() => buildHeadlessMeshService({ name: 'etcd', target: noReplicas, recipe: { app: 'etcd' } }))).toContain(
      'HeadlessMeshService "etcd": target.replicas: StatefulSet "etcd" has no replica count: the recipe lists every member by its per-pod name',
    );
  });

  test('default namespace and cluster domain', () => {
    const r = buildHeadlessMeshService({
      name: 'etcd',
      target: { kind: 'StatefulSet', name: 'etcd', selectorLabels: { app: 'etcd' }, replicas: 1 },
      recipe: { app: 'etcd' },
    }).recipe!;
    expect(settings(r)['initial-cluster']).toBe('etcd-0=http://etcd-0.etcd.default.svc.cluster.local:2380');
  });
});

describe('etcd', () => {
  test.each([3, 5])('%i members: every env var, in order', (n) => {
    const r = recipeOf({ app: 'etcd' }, n);
    const fqdn = `etcd-headless.${NS}.svc.${DOMAIN}`;
    const members = pods('etcd', n).map((host, i) => `etcd-${i}=http://${host}:2380`).join(',');
    expect(env(r)).toEqual([
      'POD_NAME<-metadata.name',
      'ETCD_NAME=$(POD_NAME)',
      'ETCD_LISTEN_PEER_URLS=http://0.0.0.0:2380',
      'ETCD_LISTEN_CLIENT_URLS=http://0.0.0.0:2379',
      `ETCD_INITIAL_ADVERTISE_PEER_URLS=http://$(POD_NAME).${fqdn}:2380`,
      `ETCD_ADVERTISE_CLIENT_URLS=http://$(POD_NAME).${fqdn}:2379`,
      `ETCD_INITIAL_CLUSTER=${members}`,
      'ETCD_INITIAL_CLUSTER_STATE=new',
      'ETCD_INITIAL_CLUSTER_TOKEN=etcd',
    ]);
    expect(r.args).toEqual([]);
    expect(r.command).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(r.ports.map((p) => [p.name, p.port, p.appProtocol, p.reachedBy])).toEqual([
      ['client', 2379, 'tcp', 'pod-name'],
      ['peer', 2380, 'tcp', 'pod-name'],
    ]);
    expect(r.assumes).toMatch(/^etcd v3\.4 or later/);
  });

  test('options: token and state; an even member count is a warning', () => {
    const r = recipeOf({ app: 'etcd', clusterToken: 'prod-etcd', initialClusterState: 'existing' }, 4);
    expect(settings(r)['initial-cluster-token']).toBe('prod-etcd');
    expect(settings(r)['initial-cluster-state']).toBe('existing');
    expect(r.warnings).toEqual([
      '4 etcd members form a majority quorum no more fault-tolerant than 3 (3 of 4 needed): give an odd number (https://etcd.io/docs/v3.5/faq/#why-an-odd-number-of-cluster-members)',
    ]);
  });

  test('bad options', () => {
    expect(problemsOf(() => mesh({ app: 'etcd', initialClusterState: 'old' as never }, 3))).toEqual([
      'HeadlessMeshService "etcd-headless": recipe.initialClusterState: "old" is not one of new, existing',
    ]);
    expect(problemsOf(() => mesh({ app: 'etcd', clusterToken: 'a,b' }, 3))).toEqual([
      'HeadlessMeshService "etcd-headless": recipe.clusterToken: "a,b" contains a space or comma: give a plain word, e.g. "etcd"',
    ]);
  });
});

describe('Kafka (KRaft)', () => {
  test.each([3, 5])('%i nodes: every env var, in order', (n) => {
    const r = recipeOf({ app: 'kafka', clusterId: CLUSTER_ID }, n);
    const self = `$(POD_NAME).kafka-headless.${NS}.svc.${DOMAIN}`;
    const voters = pods('kafka', n).map((host, i) => `${i}@${host}:9093`).join(',');
    expect(env(r)).toEqual([
      'POD_NAME<-metadata.name',
      "POD_INDEX<-metadata.labels['apps.kubernetes.io/pod-index']",
      `CLUSTER_ID=${CLUSTER_ID}`,
      'KAFKA_NODE_ID=$(POD_INDEX)',
      'KAFKA_PROCESS_ROLES=broker,controller',
      'KAFKA_LISTENERS=CLIENT://:9092,CONTROLLER://:9093,INTERNAL://:9094',
      `KAFKA_ADVERTISED_LISTENERS=CLIENT://${self}:9092,INTERNAL://${self}:9094`,
      'KAFKA_LISTENER_SECURITY_PROTOCOL_MAP=CLIENT:PLAINTEXT,CONTROLLER:PLAINTEXT,INTERNAL:PLAINTEXT',
      'KAFKA_INTER_BROKER_LISTENER_NAME=INTERNAL',
      'KAFKA_CONTROLLER_LISTENER_NAMES=CONTROLLER',
      `KAFKA_CONTROLLER_QUORUM_VOTERS=${voters}`,
    ]);
    expect(r.ports.map((p) => [p.name, p.port, p.appProtocol, p.reachedBy])).toEqual([
      ['tcp-client', 9092, 'tcp', 'pod-name'],
      ['tcp-controller', 9093, 'tcp', 'pod-name'],
      ['tcp-interbroker', 9094, 'tcp', 'pod-name'],
    ]);
    expect(settings(r)['advertised.listeners']).not.toMatch(/POD_IP|\d+\.\d+\.\d+\.\d+/);
    expect(r.warnings).toEqual([]);
    expect(r.assumes).toMatch(/^apache\/kafka 3\.7 or later/);
  });

  test('an even controller count is a warning; the cluster ID is required and checked', () => {
    expect(recipeOf({ app: 'kafka', clusterId: CLUSTER_ID }, 4).warnings[0]).toMatch(/^4 KRaft controller members .*kraft_voter\)$/);
    expect(problemsOf(() => mesh({ app: 'kafka' } as never, 3))[0]).toMatch(/^HeadlessMeshService "kafka-headless": recipe\.clusterId: is required: a cluster ID of 22/);
    expect(problemsOf(() => mesh({ app: 'kafka', clusterId: 'short' }, 3))[0]).toMatch(/recipe\.clusterId: "short" is not a cluster ID of 22 URL-safe base64 characters/);
  });
});

describe('Redis Cluster', () => {
  test.each([6, 10])('%i nodes (3 and 5 masters), 1 replica per master: every argument, in order', (n) => {
    const r = recipeOf({ app: 'redis-cluster' }, n);
    expect(env(r)).toEqual(['POD_NAME<-metadata.name', 'POD_IP<-status.podIP']);
    expect(r.args).toEqual([
      '--cluster-enabled', 'yes',
      '--cluster-announce-ip', '$(POD_IP)',
      '--cluster-announce-port', '6379',
      '--cluster-announce-bus-port', '16379',
      '--cluster-announce-hostname', `$(POD_NAME).redis-headless.${NS}.svc.${DOMAIN}`,
      '--cluster-preferred-endpoint-type', 'hostname',
    ]);
    expect(r.ports.map((p) => [p.name, p.port, p.appProtocol, p.reachedBy])).toEqual([
      ['tcp-redis', 6379, 'tcp', 'pod-ip'],
      ['tcp-redis-bus', 16379, 'tcp', 'pod-ip'],
    ]);
    expect(r.assumes).toMatch(/^the official redis image, 7\.0 or later/);
  });

  test('3 and 5 masters without replicas; Redis 6 without host names', () => {
    expect(recipeOf({ app: 'redis-cluster', replicasPerMaster: 0 }, 3).args).toContain('--cluster-announce-ip');
    expect(recipeOf({ app: 'redis-cluster', replicasPerMaster: 0 }, 5).statefulSet.replicas).toBe(5);
    const r6 = recipeOf({ app: 'redis-cluster', announceHostnames: false }, 6);
    expect(env(r6)).toEqual(['POD_IP<-status.podIP']);
    expect(r6.args).not.toContain('--cluster-announce-hostname');
    expect(r6.args).not.toContain('--cluster-preferred-endpoint-type');
    expect(r6.assumes).toMatch(/6\.0 or later/);
  });

  test('fewer than 3 masters, or pods that do not divide into master groups, are errors', () => {
    expect(problemsOf(() => mesh({ app: 'redis-cluster' }, 3))).toEqual([
      'HeadlessMeshService "redis-headless": target.replicas: 3 pods cannot form a Redis Cluster of at least 3 masters with 1 replicas each (recipe.replicasPerMaster): give a multiple of 2, at least 6 (https://redis.io/docs/latest/operate/oss_and_stack/management/scaling/)',
    ]);
    expect(problemsOf(() => mesh({ app: 'redis-cluster', replicasPerMaster: 0 }, 2))[0]).toMatch(/2 pods cannot form a Redis Cluster/);
    expect(problemsOf(() => mesh({ app: 'redis-cluster', replicasPerMaster: 2 }, 10))[0]).toMatch(/give a multiple of 3, at least 9/);
    expect(problemsOf(() => mesh({ app: 'redis-cluster', replicasPerMaster: -1 }, 6))[0]).toMatch(/recipe\.replicasPerMaster: -1 is not a whole number in 0-5/);
  });
});

describe('ZooKeeper', () => {
  test.each([3, 5])('%i servers: ZOO_SERVERS by per-pod name, server IDs from 1', (n) => {
    const r = recipeOf({ app: 'zookeeper' }, n);
    const servers = pods('zookeeper', n).map((host, i) => `server.${i + 1}=${host}:2888:3888;2181`).join(' ');
    expect(env(r)).toEqual([`ZOO_SERVERS=${servers}`]);
    expect(r.command).toEqual(['sh', '-c', 'export ZOO_MY_ID=$((${HOSTNAME##*-} + 1)) && exec /docker-entrypoint.sh zkServer.sh start-foreground']);
    expect(r.args).toEqual([]);
    expect(r.ports.map((p) => [p.name, p.port, p.appProtocol, p.reachedBy])).toEqual([
      ['tcp-client', 2181, 'tcp', 'pod-name'],
      ['tcp-follower', 2888, 'tcp', 'pod-name'],
      ['tcp-election', 3888, 'tcp', 'pod-name'],
    ]);
    expect(r.warnings).toEqual([]);
    expect(r.assumes).toMatch(/^the official zookeeper image, 3\.5 or later/);
  });

  test('an even ensemble is a warning; more than 255 servers an error', () => {
    expect(recipeOf({ app: 'zookeeper' }, 4).warnings[0]).toMatch(/^4 ZooKeeper members .* give an odd number/);
    expect(problemsOf(() => mesh({ app: 'zookeeper' }, 256))).toEqual([
      'HeadlessMeshService "zookeeper-headless": target.replicas: 256 ZooKeeper servers: server IDs run 1-255, give at most 255 replicas',
    ]);
  });
});

describe('recognising an app by image or port', () => {
  test.each([
    ['docker.io/bitnami/etcd:3.5.21-debian-12-r0', 'bitnami/etcd'],
    ['quay.io/coreos/etcd:v3.5.21', 'coreos/etcd'],
    ['redis:7.2', 'redis'],
    ['docker.io/library/redis:7.2@sha256:abc', 'redis'],
    ['localhost:5000/apache/kafka:3.9.0', 'apache/kafka'],
  ])('%s -> %s', (image, repo) => {
    expect(imageRepository(image)).toBe(repo);
  });

  test('image or well-known port', () => {
    expect(containerLooksLike(RECIPES.etcd, 'registry.example/mirror/bitnami/etcd:3.5', [])).toBe(true);
    expect(containerLooksLike(RECIPES.etcd, 'example/custom:1', [2380])).toBe(true);
    expect(containerLooksLike(RECIPES.etcd, 'example/custom:1', [2379])).toBe(false);
    expect(containerLooksLike(RECIPES.kafka, 'apache/kafka:3.9.0', [])).toBe(true);
    expect(containerLooksLike(RECIPES['redis-cluster'], 'example/x:1', [16379])).toBe(true);
    expect(containerLooksLike(RECIPES.zookeeper, 'zookeeper:3.9', [])).toBe(true);
  });
});
