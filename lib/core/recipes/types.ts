/**
 * Types of the app recipes: what a stateful application needs, Service side
 * and app side, for its peers to reach each other through Istio sidecars.
 *
 * Common ground (https://istio.io/latest/docs/ops/configuration/traffic-management/traffic-routing/#headless-services,
 * `pilot/pkg/networking/core/listener.go` in istio/istio): a client's sidecar gives
 * pod-IP and per-pod-name traffic mTLS only on the ports a headless Service
 * declares with a TCP-class protocol; traffic to any other port of a pod leaves
 * as plaintext passthrough, which a STRICT peer resets.
 */
import { AppProtocol } from '../protocols';

/** The apps with a recipe. */
export type RecipeApp =
  | 'etcd'
  | 'kafka'
  | 'redis-cluster'
  | 'zookeeper'
  | 'cassandra'
  | 'elasticsearch'
  | 'opensearch'
  | 'nats'
  | 'cockroachdb'
  | 'redis-sentinel'
  | 'rabbitmq';

/** Every {@link RecipeApp}, in the order the recipes were written. */
export const RECIPE_APPS: readonly RecipeApp[] = [
  'etcd',
  'kafka',
  'redis-cluster',
  'zookeeper',
  'cassandra',
  'elasticsearch',
  'opensearch',
  'nats',
  'cockroachdb',
  'redis-sentinel',
  'rabbitmq',
];

/**
 * How peers (and clients the app redirects) reach a port: by the pod's IP
 * (the app announces or records IPs), or by the pod's per-pod DNS name, which
 * resolves to the same IP. Both need the port on the headless Service with a
 * TCP-class protocol; `pod-ip` ports break with any HTTP-class one.
 */
export type PeerReach = 'pod-ip' | 'pod-name';

/** One port of an app, as its recipe declares it on the headless Service. */
export interface RecipePort {
  /** Port name, the app's usual one with an Istio protocol prefix where it has none. */
  readonly name: string;
  readonly port: number;
  /** Always TCP-class for a peer port: `tcp`. */
  readonly appProtocol: AppProtocol;
  readonly reachedBy: PeerReach;
  /** What the port carries, e.g. `Raft peer traffic`. */
  readonly purpose: string;
  /**
   * True when the app speaks HTTP or gRPC on it (etcd): an HTTP-class protocol then still
   * serves callers that use Service or per-pod names, though never pod-IP callers. False for
   * binary protocols (Kafka, Redis, ZooKeeper), which an HTTP-class port breaks for every caller.
   */
  readonly httpBased: boolean;
}

/**
 * A Kubernetes `EnvVar`: a literal value (which may use `$(VAR)` of a variable
 * defined before it, https://kubernetes.io/docs/tasks/inject-data-application/define-interdependent-environment-variables/)
 * or a downward-API field (https://kubernetes.io/docs/concepts/workloads/pods/downward-api/).
 */
export type RecipeEnvVar =
  | { readonly name: string; readonly value: string }
  | { readonly name: string; readonly valueFrom: { readonly fieldRef: { readonly fieldPath: string } } }
  | { readonly name: string; readonly valueFrom: { readonly secretKeyRef: { readonly name: string; readonly key: string } } };

/** One app-side setting a recipe emits. */
export interface AppSetting {
  /** The app's own name for it: a flag (`initial-cluster`), config key (`advertised.listeners`) or directive (`cluster-announce-ip`). */
  readonly key: string;
  /** Its value; `$(POD_NAME)`/`$(POD_IP)` are the downward-API variables the recipe also emits. */
  readonly value: string;
  /** How the recipe passes it to the assumed image: an environment variable, or a command-line argument. */
  readonly via:
    | {
        readonly env: string;
        /** The Secret key the variable is read from (then `value` only describes it): a secret is never written into the output. */
        readonly secretKeyRef?: { readonly name: string; readonly key: string };
      }
    | {
        /** The flag, e.g. `--cluster-announce-ip`. */
        readonly arg: string;
        /** `pair`: the flag then the value as two arguments (the default); `inline`: `--flag=value`; `positional`: the value alone (a subcommand). */
        readonly form?: 'pair' | 'inline' | 'positional';
      }
    | { readonly command: readonly string[] }
    | {
        /** A line of the config file at this path, one of the output's `files`. */
        readonly file: string;
      };
  /**
   * The pod's other container the setting is for (Redis Sentinel's `sentinel`), one of the output's `containers`.
   * @default - the app's container
   */
  readonly container?: string;
  /** What Istio would break without it. */
  readonly why: string;
}

/**
 * A config file a recipe writes (RabbitMQ's `rabbitmq.conf` snippet, Redis Sentinel's `sentinel.conf`).
 * `configMap`: the same for every pod, the HeadlessMeshService emits a ConfigMap `configMap` with it
 * under `key`, to mount read-only at `path` (`subPath: key`; cdk8s: mounted on a cdk8s-plus StatefulSet).
 * `command`: the container's start command writes it at each start, because it names the pod or the
 * app rewrites it; its directory must be writable (an emptyDir or the data volume).
 */
export type RecipeFile = {
  /** Where the app reads it. */
  readonly path: string;
  /**
   * The container that reads it, one of the output's `containers`.
   * @default - the app's container
   */
  readonly container?: string;
  /** Its content (for `command`, as the start command writes it: `$HOSTNAME` is the pod's name). */
  readonly content: string;
} & ({ readonly source: 'configMap'; readonly configMap: string; readonly key: string } | { readonly source: 'command' });

/**
 * Another container of the pod that a recipe configures besides the app's own (Redis Sentinel's
 * `sentinel`, from the same image). The user's workload has it; the recipe sets its ports, env and command.
 */
export interface RecipeContainer {
  /** Its name in the pod. */
  readonly name: string;
  /** What it runs, e.g. `redis-sentinel`. */
  readonly purpose: string;
  /** The recipe option that names it, e.g. `sentinelContainer`. */
  readonly option: string;
  /** Its container ports (of the recipe's `ports`). */
  readonly ports: readonly number[];
  /** Its environment: the downward-API variables, then its env settings. */
  readonly env: readonly RecipeEnvVar[];
  /** Its `command` (it replaces the image's entrypoint). */
  readonly command: readonly string[];
}

/**
 * A port-level mTLS exception the app really needs, with the reason. A HeadlessMeshService writes it
 * into its PeerAuthentication's `portLevelMtls` (a DISABLE also into its DestinationRule's
 * `portLevelSettings`, which headless clients need: https://github.com/istio/istio/issues/39439),
 * unless the workload mode already grants it.
 */
export interface MtlsException {
  readonly port: number;
  readonly mode: 'PERMISSIVE' | 'DISABLE';
  readonly why: string;
}

/** The StatefulSet settings a recipe needs. */
export interface RecipeStatefulSetSettings {
  /** `spec.serviceName`: the headless Service's name. */
  readonly serviceName: string;
  /** `spec.podManagementPolicy`. */
  readonly podManagementPolicy: 'Parallel' | 'OrderedReady';
  /** `spec.replicas`. */
  readonly replicas: number;
  /**
   * Pod-template annotations: `proxy.istio.io/config` with `holdApplicationUntilProxyStarts`
   * when the app dials peers at start and the sidecar may not be ready yet.
   */
  readonly podAnnotations: Readonly<Record<string, string>>;
}

/** What a recipe resolves to: every value the app needs, typed, for any workload or Helm values. */
export interface AppRecipeOutput {
  readonly app: RecipeApp;
  /** The image (and version) the app-side settings are written for. */
  readonly assumes: string;
  /** The app's ports, all declared on the headless Service. */
  readonly ports: readonly RecipePort[];
  /** The governing headless Service publishes not-ready addresses (peers resolve each other while bootstrapping). */
  readonly publishNotReadyAddresses: true;
  readonly statefulSet: RecipeStatefulSetSettings;
  /** App-side settings, in the order they are applied. */
  readonly settings: readonly AppSetting[];
  /** The container's environment: the downward-API variables, then the env settings. */
  readonly env: readonly RecipeEnvVar[];
  /** Command-line arguments of the arg settings (append them to the container's `args`). */
  readonly args: readonly string[];
  /** The container's `command`, when a setting needs one (it replaces the image's entrypoint); else empty. */
  readonly command: readonly string[];
  /** Config files the app reads (none for most apps). */
  readonly files: readonly RecipeFile[];
  /** The pod's other containers the recipe configures (none for most apps). */
  readonly containers: readonly RecipeContainer[];
  /** Port-level mTLS exceptions (none when mTLS works on every port). */
  readonly mtlsExceptions: readonly MtlsException[];
  /** Things that work but that the app's documentation advises against (e.g. an even quorum). */
  readonly warnings: readonly string[];
}

/** Options every recipe takes. */
export interface RecipeCommonProps {
  /**
   * Name of the app's container in the workload (cdk8s: the container the
   * settings are applied to).
   * @default - the one container whose image or ports look like the app
   */
  readonly container?: string;
  /**
   * Annotate the pods with `proxy.istio.io/config: {"holdApplicationUntilProxyStarts": true}` so the app
   * starts after its sidecar and its first peer connections do not fail. Native sidecars
   * (`sidecar.istio.io/nativeSidecar`, `ENABLE_NATIVE_SIDECARS`) start first anyway and ignore it
   * (`manifests/charts/istio-control/istio-discovery/files/injection-template.yaml` in istio/istio).
   * @default - true with sidecars, false in ambient mode (no sidecar)
   */
  readonly holdApplicationUntilProxyStarts?: boolean;
}

/** etcd (v3.4 and later). */
export interface EtcdRecipeProps extends RecipeCommonProps {
  readonly app: 'etcd';
  /**
   * `--initial-cluster-token`.
   * @default - the StatefulSet's name
   */
  readonly clusterToken?: string;
  /**
   * `--initial-cluster-state`: `new` to bootstrap, `existing` to join members to a running cluster.
   * @default 'new'
   */
  readonly initialClusterState?: 'new' | 'existing';
}

/** Apache Kafka in KRaft mode, every pod both broker and controller (combined mode). */
export interface KafkaRecipeProps extends RecipeCommonProps {
  readonly app: 'kafka';
  /**
   * The cluster ID every node is formatted with: 22 characters of URL-safe base64
   * (`kafka-storage.sh random-uuid` prints one). Required: a made-up ID would
   * silently join or split clusters.
   */
  readonly clusterId: string;
}

/** Redis Cluster (Redis 7.0 and later). */
export interface RedisClusterRecipeProps extends RecipeCommonProps {
  readonly app: 'redis-cluster';
  /**
   * Replicas per master (`redis-cli --cluster create ... --cluster-replicas N`).
   * The StatefulSet's replicas must be a multiple of `1 + replicasPerMaster` with at least 3 masters.
   * @default 1
   */
  readonly replicasPerMaster?: number;
  /**
   * Announce each node's per-pod DNS name to clients (`cluster-announce-hostname` and
   * `cluster-preferred-endpoint-type hostname`, both new in Redis 7.0, redis/redis#9530):
   * MOVED redirects and CLUSTER SLOTS then name pods rather than IPs.
   * Set false for Redis 6.x.
   * @default true
   */
  readonly announceHostnames?: boolean;
}

/** Apache ZooKeeper (3.5 and later). */
export interface ZooKeeperRecipeProps extends RecipeCommonProps {
  readonly app: 'zookeeper';
}

/** Apache Cassandra (4.0 and later). */
export interface CassandraRecipeProps extends RecipeCommonProps {
  readonly app: 'cassandra';
  /**
   * How many of the first pods are seeds (`CASSANDRA_SEEDS`).
   * @default 1 (the Bitnami chart's `cluster.seedCount`)
   */
  readonly seedCount?: number;
  /**
   * `cluster_name`.
   * @default - the StatefulSet's name
   */
  readonly clusterName?: string;
}

/** Elasticsearch (8.x) or OpenSearch (2.x), every node master-eligible. */
export interface SearchRecipeProps extends RecipeCommonProps {
  readonly app: 'elasticsearch' | 'opensearch';
  /**
   * `cluster.name`.
   * @default - the StatefulSet's name
   */
  readonly clusterName?: string;
}

/** NATS (nats-server 2.10 and later), a cluster of routes. */
export interface NatsRecipeProps extends RecipeCommonProps {
  readonly app: 'nats';
  /**
   * `--cluster_name`.
   * @default - the StatefulSet's name
   */
  readonly clusterName?: string;
}

/** CockroachDB (v24 and later). Exactly one of `certsDir` and `insecure: true`. */
export interface CockroachDbRecipeProps extends RecipeCommonProps {
  readonly app: 'cockroachdb';
  /**
   * `--certs-dir`: where the node certificates are mounted.
   * @default - none; required unless `insecure` is true
   */
  readonly certsDir?: string;
  /**
   * `--insecure`: no CockroachDB TLS nor authentication (Istio mTLS still encrypts between sidecars).
   * @default false
   */
  readonly insecure?: boolean;
}

/**
 * Redis with Sentinel (Redis 7.x): every pod runs a Redis server (the app's container) and a
 * Sentinel (a second container of the same image, `sentinelContainer`); pod 0 starts as the master.
 */
export interface RedisSentinelRecipeProps extends RecipeCommonProps {
  readonly app: 'redis-sentinel';
  /**
   * The master name the Sentinels monitor (`sentinel monitor <name> ...`), what clients ask them for.
   * @default 'mymaster'
   */
  readonly masterName?: string;
  /**
   * Sentinels that must agree the master is down before a failover starts (`sentinel monitor ... <quorum>`), 1 to the replicas.
   * @default - a majority of the replicas
   */
  readonly quorum?: number;
  /**
   * The pod's container that runs `redis-sentinel` (same image as the Redis container, a writable `/data`).
   * @default 'sentinel'
   */
  readonly sentinelContainer?: string;
}

/**
 * RabbitMQ (3.13 and 4.x), a cluster formed from a fixed node list (classic config peer discovery).
 * The Erlang cookie comes from a Secret the user creates: the recipe never makes one up.
 */
export interface RabbitMqRecipeProps extends RecipeCommonProps {
  readonly app: 'rabbitmq';
  /** The Secret holding the Erlang cookie every node shares (`RABBITMQ_ERLANG_COOKIE`), e.g. `{ name: "rabbitmq", key: "erlang-cookie" }`. */
  readonly erlangCookieSecret: { readonly name: string; readonly key: string };
}

/** The recipe of a HeadlessMeshService: which app, and its options. */
export type AppRecipeProps =
  | EtcdRecipeProps
  | KafkaRecipeProps
  | RedisClusterRecipeProps
  | ZooKeeperRecipeProps
  | CassandraRecipeProps
  | SearchRecipeProps
  | NatsRecipeProps
  | CockroachDbRecipeProps
  | RedisSentinelRecipeProps
  | RabbitMqRecipeProps;
