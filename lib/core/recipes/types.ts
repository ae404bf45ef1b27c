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
export type RecipeApp = 'etcd' | 'kafka' | 'redis-cluster' | 'zookeeper' | 'cassandra' | 'elasticsearch' | 'opensearch' | 'nats' | 'cockroachdb';

/** Every {@link RecipeApp}, in the order the recipes were written. */
export const RECIPE_APPS: readonly RecipeApp[] = ['etcd', 'kafka', 'redis-cluster', 'zookeeper', 'cassandra', 'elasticsearch', 'opensearch', 'nats', 'cockroachdb'];

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
  | { readonly name: string; readonly valueFrom: { readonly fieldRef: { readonly fieldPath: string } } };

/** One app-side setting a recipe emits. */
export interface AppSetting {
  /** The app's own name for it: a flag (`initial-cluster`), config key (`advertised.listeners`) or directive (`cluster-announce-ip`). */
  readonly key: string;
  /** Its value; `$(POD_NAME)`/`$(POD_IP)` are the downward-API variables the recipe also emits. */
  readonly value: string;
  /** How the recipe passes it to the assumed image: an environment variable, or a command-line argument. */
  readonly via:
    | { readonly env: string }
    | {
        /** The flag, e.g. `--cluster-announce-ip`. */
        readonly arg: string;
        /** `pair`: the flag then the value as two arguments (the default); `inline`: `--flag=value`; `positional`: the value alone (a subcommand). */
        readonly form?: 'pair' | 'inline' | 'positional';
      }
    | { readonly command: readonly string[] };
  /** What Istio would break without it. */
  readonly why: string;
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

/** The recipe of a HeadlessMeshService: which app, and its options. */
export type AppRecipeProps =
  | EtcdRecipeProps
  | KafkaRecipeProps
  | RedisClusterRecipeProps
  | ZooKeeperRecipeProps
  | CassandraRecipeProps
  | SearchRecipeProps
  | NatsRecipeProps
  | CockroachDbRecipeProps;
