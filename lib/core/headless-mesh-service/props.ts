/**
 * Props, resolved spec and output of a HeadlessMeshService.
 *
 * Sources: Istio's protocol selection (https://istio.io/latest/docs/ops/configuration/traffic-management/protocol-selection/),
 * headless Services (https://istio.io/latest/docs/ops/common-problems/network-issues/#503-error-while-accessing-headless-services),
 * `pilot/pkg/networking/core/listener.go` and `listener_inbound.go` in istio/istio.
 */
import { IstioVersion } from '../istio-version';
import { AppProtocol } from '../protocols';
import { AppRecipeOutput, AppRecipeProps } from '../recipes/types';
import { KubeObject, MtlsMode, ServiceEndpoint, WorkloadRef } from '../types';

/**
 * Version of the Istio APIs to emit.
 * @deprecated give `istioVersion` (the targeted Istio release) instead.
 */
export type IstioApiVersion = 'v1' | 'v1beta1';

/** How the workload's pods join the mesh. */
export type DataplaneMode = 'sidecar' | 'ambient';

/** Transport protocol of a Service port. */
export type PortProtocol = 'TCP' | 'UDP';

/** IP family of the pods, for the `Sidecar` ingress endpoints. */
export type PodIpFamily = 'IPv4' | 'IPv6';

/** `Sidecar.outboundTrafficPolicy.mode` (https://istio.io/latest/docs/reference/config/networking/sidecar/#OutboundTrafficPolicy-Mode). */
export type OutboundTrafficMode = 'ALLOW_ANY' | 'REGISTRY_ONLY';

/** One port of a HeadlessMeshService. */
export interface MeshPort {
  /** Port number, the same on the Service and the container (Istio builds headless listeners on it). */
  readonly port: number;
  /**
   * Port name (DNS SRV records use it: `_<name>._tcp.<svc>...`). Keep an
   * application's own name, e.g. etcd's `etcd-server-ssl`... within 15 characters.
   * @default - `<appProtocol>-<port>`, e.g. `tcp-2380`
   */
  readonly name?: string;
  /**
   * How Istio treats the port. `tcp` (the default) gets per-pod listeners and
   * mTLS for pod-IP and per-pod-name traffic; `http`/`grpc` only for callers
   * that use Service or per-pod hostnames (`pilot/pkg/networking/core/listener.go`).
   * `udp` only on a UDP port: on a TCP port Istio would build no outbound listener.
   * `kubernetes.io/h2c` needs Istio 1.19, `kubernetes.io/ws` and `wss` Istio 1.24.
   * @default 'tcp' ('udp' for a UDP port)
   */
  readonly appProtocol?: AppProtocol;
  /**
   * Transport protocol. UDP ports are not proxied by Istio.
   * @default 'TCP'
   */
  readonly protocol?: PortProtocol;
  /**
   * Must equal `port` when given: Istio builds headless listeners on `port`,
   * and a different `targetPort` gives 503s (https://github.com/istio/istio/issues/51908).
   * @default - `port`
   */
  readonly targetPort?: number;
}

/** Properties of a HeadlessMeshService. */
export interface HeadlessMeshServiceProps {
  /** Name of the Service (and of the PeerAuthentication, DestinationRule and Sidecar). A DNS-1035 label. */
  readonly name: string;
  /**
   * Namespace of every object. A Service selects pods of its own namespace only, so
   * it must be the target's namespace when the target has one.
   * @default - the target's namespace; else none set on the objects (the chart's or the provider's namespace applies) and DNS names assume `default`
   */
  readonly namespace?: string;
  /** The workload whose pods the Service selects. */
  readonly target: WorkloadRef;
  /**
   * Every port peers or scrapers use, gossip, bus and election ports included. At least one, at most 1000.
   * With a `recipe`, only ports the app's own do not cover (e.g. metrics); they follow the recipe's.
   * @default - with a `recipe`, none; else the target's container ports (`target.ports`), as `tcp` (`udp` for a UDP port); required when the target does not know them
   */
  readonly ports?: readonly MeshPort[];
  /**
   * A stateful app this Service governs (`etcd`, `kafka`, `redis-cluster`, `zookeeper`, `cassandra`,
   * `elasticsearch`, `opensearch`, `nats`, `cockroachdb`, `redis-sentinel`, `rabbitmq`): its ports
   * (named, `tcp`) come first on the Service, and the output's `recipe` holds the StatefulSet settings,
   * pod annotations and the app-side settings (env vars, arguments, config files, other containers of
   * the pod, with values built from the per-pod names) that make the app work through Istio sidecars;
   * a recipe with config files the pods share (RabbitMQ) adds a ConfigMap. Port-level mTLS exceptions
   * the app really needs (none of these apps needs one) go into the PeerAuthentication's `portLevelMtls`
   * (see there). Needs a StatefulSet target with a replica count.
   * @default - none
   */
  readonly recipe?: AppRecipeProps;
  /**
   * Publish DNS records (and endpoints marked ready) for pods that are not ready
   * yet, so peers find each other while bootstrapping. Kubernetes then marks every
   * endpoint ready, so gateways and waypoints (which use EDS for headless Services)
   * and STRICT_DNS clients also send traffic to pods that are not ready.
   * @default - true for a StatefulSet target (gossip bootstrap), false otherwise
   */
  readonly publishNotReadyAddresses?: boolean;
  /**
   * Workload-level mTLS mode of the PeerAuthentication.
   * @default 'STRICT'
   */
  readonly mtlsMode?: MtlsMode;
  /**
   * Port-level mTLS modes, keyed by container port (which is `port` here), as
   * decimal numbers (`{ 9092: 'DISABLE' }`). Each key must be a declared port. A
   * `DISABLE` here (e.g. a metrics port a sidecar-less Prometheus scrapes) also emits
   * the DestinationRule that makes headless clients honour it
   * (https://github.com/istio/istio/issues/39439). With a `recipe`, each of the app's mTLS
   * exceptions (`recipe.mtlsExceptions`) that relaxes `mtlsMode` is added here; an entry of yours
   * on that port that is stricter (or `UNSET`) is an error, one as weak or weaker stands.
   * @default - none (but the recipe's mTLS exceptions)
   */
  readonly portLevelMtls?: Readonly<Record<number, MtlsMode>>;
  /**
   * Emit the PeerAuthentication. Turn off when another policy already selects
   * these pods: only the oldest of two policies with the same selector applies.
   * @default true
   */
  readonly peerAuthentication?: boolean;
  /**
   * The Istio release the output targets, `major.minor` (e.g. `'1.22'`; 1.10 or newer).
   * It picks the API version (`security.istio.io/v1` and `networking.istio.io/v1` from 1.22,
   * `v1beta1` before: https://istio.io/latest/blog/2024/v1-apis/) and the `appProtocol`
   * values Istio parses.
   * @default '1.24'
   */
  readonly istioVersion?: string;
  /**
   * @deprecated use `istioVersion`: `'v1beta1'` means Istio 1.21, `'v1'` the default release.
   * @default - from `istioVersion`
   */
  readonly istioApiVersion?: IstioApiVersion;
  /**
   * `sidecar` or `ambient`. Ambient does not support PeerAuthentication
   * `DISABLE` nor the Sidecar resource, so both are rejected there.
   * @default 'sidecar'
   */
  readonly dataplaneMode?: DataplaneMode;
  /**
   * Ports whose application listens only on localhost: emits a `Sidecar` whose
   * `ingress` lists every declared TCP port, the localhost ones to `127.0.0.1:<port>`
   * (`[::1]` for IPv6) and the others to the pod IP (`0.0.0.0:<port>`, `[::]`): any
   * ingress entry turns off Istio's Service-based inbound handling of the ports it
   * does not list (`pilot/pkg/networking/core/listener_inbound.go`).
   * @default - none, no Sidecar
   */
  readonly localhostPorts?: readonly number[];
  /**
   * IP family of the pods, for the Sidecar's ingress endpoints.
   * @default 'IPv4'
   */
  readonly ipFamily?: PodIpFamily;
  /**
   * `egress[0].hosts` of the Sidecar (`"<namespace>/<dnsName>"`, e.g. `"./*"`, `"istio-system/*"`).
   * A Sidecar with a workload selector takes precedence over the namespace's Sidecar,
   * and without egress it defaults to `*\/*` (every Service of the mesh), so set this
   * when the namespace Sidecar narrows egress. No port is set on the entry: Istio builds
   * per-pod listeners for headless Services only under a port-less egress entry.
   * @default - none: egress `*\/*`
   */
  readonly sidecarEgressHosts?: readonly string[];
  /**
   * `outboundTrafficPolicy.mode` of the Sidecar.
   * @default - none: the mesh-wide `outboundTrafficPolicy` applies (even when the namespace Sidecar sets one)
   */
  readonly outboundTrafficPolicy?: OutboundTrafficMode;
  /**
   * Per-pod DNS names (`<sts>-<i>.<svc>.<ns>.svc.<domain>`). Only StatefulSets
   * have them; asking for them on a Deployment is an error. At most
   * {@link MAX_POD_DNS_NAMES} (replicas above that are an error).
   * @default - true for a StatefulSet target, false for a Deployment
   */
  readonly perPodDns?: boolean;
  /**
   * Namespaces the Service is visible to (`networking.istio.io/exportTo`). Clients
   * that cannot see it get no per-pod listeners and fail under STRICT.
   * @default - every namespace (no annotation)
   */
  readonly exportTo?: readonly string[];
  /**
   * Kubernetes cluster DNS domain.
   * @default 'cluster.local'
   */
  readonly clusterDomain?: string;
  /**
   * Extra labels on every object.
   * @default - none
   */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Extra annotations on the Service.
   * @default - none
   */
  readonly annotations?: Readonly<Record<string, string>>;
}

/** Every key of {@link HeadlessMeshServiceProps}, for unknown-key checks. */
export const HEADLESS_MESH_SERVICE_KEYS: readonly (keyof HeadlessMeshServiceProps)[] = [
  'name', 'namespace', 'target', 'ports', 'publishNotReadyAddresses', 'mtlsMode', 'portLevelMtls',
  'peerAuthentication', 'istioVersion', 'istioApiVersion', 'dataplaneMode', 'localhostPorts', 'ipFamily',
  'sidecarEgressHosts', 'outboundTrafficPolicy', 'perPodDns', 'exportTo', 'clusterDomain', 'labels', 'annotations', 'recipe',
];

/** Most per-pod DNS names computed: a StatefulSet with more replicas is an error rather than a hang. */
export const MAX_POD_DNS_NAMES = 10_000;

/** A resolved port of the headless Service. */
export interface ResolvedMeshPort {
  readonly name: string;
  readonly port: number;
  readonly protocol: PortProtocol;
  readonly appProtocol: AppProtocol;
}

/** The checked, defaulted input the objects are rendered from. */
export interface HeadlessMeshServiceSpec {
  readonly name: string;
  /** The namespace set on the objects, when there is one. */
  readonly namespace?: string;
  /** The namespace DNS names use. */
  readonly dnsNamespace: string;
  readonly fqdn: string;
  readonly target: WorkloadRef;
  readonly selector: Readonly<Record<string, string>>;
  readonly labels: Readonly<Record<string, string>>;
  readonly serviceAnnotations: Readonly<Record<string, string>>;
  readonly ports: readonly ResolvedMeshPort[];
  readonly publishNotReadyAddresses: boolean;
  readonly mtlsMode: MtlsMode;
  /** Port-level modes, sorted by port. */
  readonly portLevelMtls: ReadonlyArray<{ readonly port: number; readonly mode: MtlsMode }>;
  readonly peerAuthentication: boolean;
  readonly istioVersion: IstioVersion;
  readonly istioApiVersion: 'v1' | 'v1beta1';
  readonly localhostPorts: readonly number[];
  readonly ipFamily: PodIpFamily;
  readonly sidecarEgressHosts?: readonly string[];
  readonly outboundTrafficPolicy?: OutboundTrafficMode;
  readonly podDnsNames: readonly string[];
  /** The resolved recipe, when one was given. */
  readonly recipe?: AppRecipeOutput;
}

/** What `buildHeadlessMeshService` returns. */
export interface HeadlessMeshServiceManifests {
  /** The headless Service. */
  readonly service: KubeObject;
  /** The PeerAuthentication, unless turned off. */
  readonly peerAuthentication?: KubeObject;
  /** The DestinationRule, emitted when some port's mTLS is DISABLE. */
  readonly destinationRule?: KubeObject;
  /** The Sidecar, emitted when `localhostPorts` is set. */
  readonly sidecar?: KubeObject;
  /** The ConfigMap of the recipe's config files (RabbitMQ), emitted when the recipe has one: mount it where each file's `path` says. */
  readonly configMap?: KubeObject;
  /** Every object, in apply order. */
  readonly objects: readonly KubeObject[];
  /** The Service FQDN, its first port and the selector labels. */
  readonly endpoint: ServiceEndpoint;
  /** The ports, resolved. */
  readonly ports: readonly ResolvedMeshPort[];
  /** Per-pod DNS names, in ordinal order (empty for a Deployment). */
  readonly podDnsNames: readonly string[];
  /** The app recipe's settings, when `recipe` was given. */
  readonly recipe?: AppRecipeOutput;
}
