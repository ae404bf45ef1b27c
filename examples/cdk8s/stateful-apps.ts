/**
 * Stateful apps under Istio with a recipe each: etcd, Kafka (KRaft), Redis
 * Cluster, ZooKeeper, Cassandra, Elasticsearch, NATS, CockroachDB, Redis
 * Sentinel and RabbitMQ, each a
 * cdk8s-plus-28 StatefulSet governed by a
 * HeadlessMeshService whose recipe declares the app's ports as `tcp` and sets
 * the StatefulSet and app-side settings on the container (README, "Stateful apps").
 */
import { ApiObject, Chart, ChartProps, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { HeadlessMeshService } from '../../lib/cdk8s';
import { AppRecipeProps } from '../../lib/core/recipes';

/** Namespace of the stateful-apps chart. */
export const STATEFUL_NAMESPACE = 'stateful-apps';

/** One app of the chart: its image (pinned), replicas and recipe. */
interface AppExample {
  readonly name: string;
  readonly image: string;
  readonly replicas: number;
  /** The container's first port (cdk8s-plus needs one; the recipe adds the others). */
  readonly port: number;
  readonly dataPath: string;
  readonly recipe: AppRecipeProps;
  /** A second container of the same image and data volume (Redis Sentinel's `sentinel`), configured by the recipe. */
  readonly secondContainer?: string;
}

/** The apps, with the images each recipe assumes. */
export const STATEFUL_APPS: readonly AppExample[] = [
  { name: 'etcd', image: 'quay.io/coreos/etcd:v3.5.21', replicas: 3, port: 2379, dataPath: '/var/run/etcd', recipe: { app: 'etcd' } },
  {
    name: 'kafka',
    image: 'apache/kafka:3.9.1',
    replicas: 3,
    port: 9092,
    dataPath: '/var/lib/kafka/data',
    recipe: { app: 'kafka', clusterId: 'MkU3OEVBNTcwNTJENDM2Qk' },
  },
  { name: 'redis', image: 'redis:7.4.2', replicas: 6, port: 6379, dataPath: '/data', recipe: { app: 'redis-cluster', replicasPerMaster: 1 } },
  { name: 'zookeeper', image: 'zookeeper:3.9.3', replicas: 3, port: 2181, dataPath: '/data', recipe: { app: 'zookeeper' } },
  { name: 'cassandra', image: 'cassandra:5.0.3', replicas: 3, port: 9042, dataPath: '/var/lib/cassandra', recipe: { app: 'cassandra' } },
  {
    name: 'elasticsearch',
    image: 'docker.elastic.co/elasticsearch/elasticsearch:8.17.2',
    replicas: 3,
    port: 9200,
    dataPath: '/usr/share/elasticsearch/data',
    recipe: { app: 'elasticsearch' },
  },
  { name: 'nats', image: 'nats:2.10.25', replicas: 3, port: 4222, dataPath: '/data', recipe: { app: 'nats' } },
  // No CockroachDB TLS in the example (Istio mTLS encrypts 26257 between sidecars); production mounts certificates and sets certsDir.
  { name: 'cockroachdb', image: 'cockroachdb/cockroach:v24.3.5', replicas: 3, port: 26257, dataPath: '/cockroach/cockroach-data', recipe: { app: 'cockroachdb', insecure: true } },
  {
    name: 'redis-sentinel',
    image: 'redis:7.4.2',
    replicas: 3,
    port: 6379,
    dataPath: '/data',
    recipe: { app: 'redis-sentinel' },
    secondContainer: 'sentinel',
  },
  // The Erlang cookie's Secret is not in the chart: create it once, with a random value, before applying
  // (kubectl -n stateful-apps create secret generic rabbitmq --from-literal=erlang-cookie="$(openssl rand -hex 32)").
  {
    name: 'rabbitmq',
    image: 'rabbitmq:4.0.7',
    replicas: 3,
    port: 5672,
    dataPath: '/var/lib/rabbitmq',
    recipe: { app: 'rabbitmq', erlangCookieSecret: { name: 'rabbitmq', key: 'erlang-cookie' } },
  },
];

/** A restricted-profile container of `app` named `name`, with `data` (an emptyDir) for its data. */
function container(app: AppExample, name: string, data: kplus.Volume, ports: kplus.ContainerPort[]): kplus.ContainerProps {
  return {
    name,
    image: app.image,
    ports,
    securityContext: {
      ensureNonRoot: true,
      user: 1000,
      group: 1000,
      readOnlyRootFilesystem: false,
      allowPrivilegeEscalation: false,
      privileged: false,
      capabilities: { drop: [kplus.Capability.ALL] },
      seccompProfile: { type: kplus.SeccompProfileType.RUNTIME_DEFAULT },
    },
    resources: {
      cpu: { request: kplus.Cpu.millis(100), limit: kplus.Cpu.millis(1000) },
      memory: { request: Size.mebibytes(256), limit: Size.mebibytes(1024) },
    },
    volumeMounts: [{ path: app.dataPath, volume: data }],
  };
}

/** The app's container, and its second one when it has one (same image and data volume). */
function containers(scope: Construct, app: AppExample): kplus.ContainerProps[] {
  const data = kplus.Volume.fromEmptyDir(scope, `${app.name}-data`, 'data');
  const first = container(app, app.name, data, [{ number: app.port }]);
  return app.secondContainer === undefined ? [first] : [first, container(app, app.secondContainer, data, [])];
}

/**
 * Every app of {@link STATEFUL_APPS} in one namespace with sidecar injection:
 * `meshes[app]` has the resolved recipe and the list of what it set.
 */
export class StatefulAppsChart extends Chart {
  public readonly meshes: Readonly<Record<string, HeadlessMeshService>>;

  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, { ...props, namespace: STATEFUL_NAMESPACE });
    new ApiObject(this, 'namespace', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: STATEFUL_NAMESPACE, namespace: undefined, labels: { 'istio-injection': 'enabled' } },
    });
    const meshes: Record<string, HeadlessMeshService> = {};
    for (const app of STATEFUL_APPS) {
      const sts = new kplus.StatefulSet(this, app.name, {
        metadata: { name: app.name },
        replicas: app.replicas,
        automountServiceAccountToken: false,
        securityContext: { ensureNonRoot: true, user: 1000, group: 1000, fsGroup: 1000 },
        containers: containers(this, app),
      });
      meshes[app.name] = new HeadlessMeshService(this, `${app.name}-mesh`, {
        name: `${app.name}-headless`,
        target: sts,
        recipe: app.recipe,
      });
    }
    this.meshes = meshes;
  }
}

/** Adds the stateful-apps chart to `app`. */
export function addStatefulAppCharts(scope: Construct): { stateful: StatefulAppsChart } {
  return { stateful: new StatefulAppsChart(scope, 'stateful-apps') };
}
