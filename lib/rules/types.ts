/**
 * The contract between the rules engine, its index and the rules.
 *
 * Framework-free: no cdk8s, constructs or Pulumi import. A rule is one pure
 * check over the whole set of objects of a run; it reads the
 * {@link ResourceIndex} (built once per run) and reports findings.
 */
import { IstioVersion } from '../core/istio-version';
import { IstioProtocol } from '../core/protocols';
import type { Finding, FindingSeverity, FindingSource } from '../base/finding';
import { MtlsMode } from '../core/types';

/** How bad a finding is: errors fail `check` and synth, warnings and infos are reported only. */
export type RuleSeverity = FindingSeverity;

/** Where an object came from; every field is optional. */
export type ObjectSource = FindingSource;

/** One input object, as given, with its identity resolved. */
export interface ManifestObject {
  /** The object as parsed or synthesized. */
  readonly raw: Readonly<Record<string, unknown>>;
  readonly apiVersion: string;
  readonly kind: string;
  /** `metadata.name` ('' when missing). */
  readonly name: string;
  /** `metadata.namespace`, else the run's default namespace; '' for cluster-scoped kinds. */
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly source: ObjectSource;
  /** Position in the input (0, 1, 2, …): findings come out in this order. */
  readonly ordinal: number;
}

/** A Kubernetes label selector (`metav1.LabelSelector`). */
export interface LabelSelector {
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly matchExpressions?: ReadonlyArray<{
    readonly key: string;
    readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
    readonly values?: readonly string[];
  }>;
}

/** Kinds whose pods the rules index knows (every Kubernetes kind that holds a pod template, and Pod). */
export type IndexedWorkloadKind = 'Pod' | 'Deployment' | 'StatefulSet' | 'DaemonSet' | 'ReplicaSet' | 'ReplicationController' | 'Job' | 'CronJob';

/** A container port of a workload's pods. */
export interface ContainerPortInfo {
  readonly container: string;
  readonly name?: string;
  readonly containerPort: number;
  /** `TCP` when unset. */
  readonly protocol: string;
  /** JSON path of the port in the workload object, e.g. `spec.template.spec.containers[0].ports[1]`. */
  readonly path: string;
}

/** Whether a workload's pods get an Istio sidecar, from pod and namespace labels. */
export type SidecarInjection = 'injected' | 'not-injected' | 'unknown';

/** A workload: its pods' labels, ports and mesh membership. */
export interface WorkloadInfo {
  readonly object: ManifestObject;
  readonly kind: IndexedWorkloadKind;
  readonly name: string;
  readonly namespace: string;
  /** Labels of the pods (`spec.template.metadata.labels`, or the Pod's own). */
  readonly podLabels: Readonly<Record<string, string>>;
  readonly podAnnotations: Readonly<Record<string, string>>;
  /** JSON path of the pod spec, e.g. `spec.template.spec` or `spec.jobTemplate.spec.template.spec`. */
  readonly podSpecPath: string;
  readonly podSpec: Readonly<Record<string, unknown>>;
  readonly containerPorts: readonly ContainerPortInfo[];
  /** `spec.replicas` when set (a Deployment or StatefulSet defaults to 1). */
  readonly replicas?: number;
  /** A StatefulSet's `spec.serviceName`. */
  readonly serviceName?: string;
  /** A StatefulSet's `spec.podManagementPolicy`. */
  readonly podManagementPolicy?: string;
  /** Names of the ConfigMaps the pods mount as volumes. */
  readonly configMapVolumes: readonly string[];
  /** Sidecar injection: the pod's `sidecar.istio.io/inject` label or annotation, else its namespace's labels. */
  readonly sidecar: SidecarInjection;
  /** Ambient data plane: `istio.io/dataplane-mode: ambient` on the pod or its namespace (and no sidecar). */
  readonly ambient: boolean;
  readonly hostNetwork: boolean;
}

/** One port of a Service. */
export interface ServicePortInfo {
  /** Position in `spec.ports`. */
  readonly index: number;
  readonly name?: string;
  readonly port: number;
  /** As written; `undefined` means "same as port". */
  readonly targetPort?: number | string;
  /** `TCP` when unset. */
  readonly protocol: string;
  readonly appProtocol?: string;
  /** The protocol Istio assigns to this port for the targeted Istio release (the run's `istioVersion`: rules read it, not compute it again). */
  readonly istioProtocol: IstioProtocol;
  /** JSON path, e.g. `spec.ports[0]`. */
  readonly path: string;
}

/** A Service. */
export interface ServiceInfo {
  readonly object: ManifestObject;
  readonly name: string;
  readonly namespace: string;
  /** `spec.type`, `ClusterIP` when unset. */
  readonly type: string;
  /** `clusterIP: None`. */
  readonly headless: boolean;
  /** `spec.selector`; `undefined` when absent or empty (a Service without selector has manual endpoints). */
  readonly selector?: Readonly<Record<string, string>>;
  readonly ports: readonly ServicePortInfo[];
  readonly publishNotReadyAddresses: boolean;
  /** `networking.istio.io/exportTo`, split on commas; `undefined` means every namespace. */
  readonly exportTo?: readonly string[];
  /** `<name>.<namespace>.svc.<clusterDomain>` */
  readonly fqdn: string;
}

/** A namespace, declared in the input or only referenced by objects in it. */
export interface NamespaceInfo {
  /** The Namespace object, when the input has one. */
  readonly object?: ManifestObject;
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  /** `istio-injection` / `istio.io/rev` labels: injected, disabled, or not said. */
  readonly injection: 'enabled' | 'disabled' | 'unknown';
  /** `istio.io/dataplane-mode: ambient` and no injection label (`istio-injection: enabled` or `istio.io/rev`): injection wins. */
  readonly ambient: boolean;
}

/** A PeerAuthentication. */
export interface PeerAuthenticationInfo {
  readonly object: ManifestObject;
  readonly namespace: string;
  /** `spec.selector.matchLabels`; `undefined` for a namespace-wide (or, in the root namespace, mesh-wide) policy. */
  readonly selector?: Readonly<Record<string, string>>;
  /** `spec.mtls.mode`, `UNSET` when absent. */
  readonly mode: MtlsMode;
  /** `spec.portLevelMtls`, keyed by the number each key parses to; keys that are not port numbers are left out. */
  readonly portLevel: ReadonlyMap<number, MtlsMode>;
  /** The keys of `spec.portLevelMtls` exactly as written. */
  readonly portLevelKeys: readonly string[];
}

/** A DestinationRule. */
export interface DestinationRuleInfo {
  readonly object: ManifestObject;
  readonly namespace: string;
  /** `spec.host` as written. */
  readonly host: string;
  /** The Service `host` names, resolved from the rule's namespace (undefined when not in the input). */
  readonly service?: ServiceInfo;
  /** `spec.trafficPolicy.tls.mode`. */
  readonly tlsMode?: string;
  /** `spec.trafficPolicy.portLevelSettings[].tls.mode`, by port number. */
  readonly portTlsModes: ReadonlyMap<number, string>;
  readonly subsets: ReadonlyArray<{ readonly name: string; readonly labels: Readonly<Record<string, string>>; readonly path: string }>;
  /** `spec.exportTo`; `undefined` means every namespace. */
  readonly exportTo?: readonly string[];
}

/** A Sidecar. */
export interface SidecarInfo {
  readonly object: ManifestObject;
  readonly namespace: string;
  /** `spec.workloadSelector.labels`; `undefined` for a namespace-wide Sidecar. */
  readonly selector?: Readonly<Record<string, string>>;
  readonly ingress: ReadonlyArray<{
    readonly port?: number;
    readonly protocol?: string;
    readonly name?: string;
    readonly defaultEndpoint?: string;
    readonly path: string;
  }>;
  /** True when `spec.egress` is set. */
  readonly hasEgress: boolean;
}

/** A cluster of an Envoy bootstrap's `static_resources`. */
export interface EnvoyClusterInfo {
  readonly name: string;
  /** `type` (`STATIC`, `STRICT_DNS`, …), or the `cluster_type.name` of a custom cluster (`envoy.cluster.dns`). */
  readonly type: string;
  readonly endpoints: ReadonlyArray<{ readonly address: string; readonly port: number; readonly path: string }>;
  /** JSON path of the cluster inside the object, e.g. `data["envoy.yaml"].static_resources.clusters[0]`. */
  readonly path: string;
  /** The parsed cluster. */
  readonly raw: Readonly<Record<string, unknown>>;
}

/** An Envoy bootstrap, standalone or inside a ConfigMap. */
export interface EnvoyBootstrapInfo {
  /** The ConfigMap (or the standalone bootstrap document). */
  readonly object: ManifestObject;
  /** The ConfigMap data key, e.g. `envoy.yaml`. */
  readonly key?: string;
  /** JSON path of the bootstrap inside the object: `data["envoy.yaml"]`, or '' for a standalone bootstrap. */
  readonly path: string;
  readonly bootstrap: Readonly<Record<string, unknown>>;
  /** `admin.address.socket_address`, when set. */
  readonly admin?: { readonly address: string; readonly port?: number; readonly path: string };
  readonly clusters: readonly EnvoyClusterInfo[];
  readonly listeners: ReadonlyArray<{ readonly name?: string; readonly address?: string; readonly port?: number; readonly path: string }>;
  /** Every route of the static listeners: HTTP routes and TCP proxies, in listener, filter chain, filter, virtual host and route order. */
  readonly routes: readonly EnvoyRouteInfo[];
  /** Workloads whose pods mount this ConfigMap (the Envoy pods); empty for a standalone bootstrap. */
  readonly workloads: readonly WorkloadInfo[];
}

/** A cluster an Envoy route sends to. */
export interface EnvoyRouteTarget {
  /** The cluster name as written. */
  readonly cluster: string;
  /**
   * How the route names it: `cluster` (the route's or TCP proxy's `cluster`), `weighted` (an entry of
   * `weighted_clusters.clusters`, with its `weight`) or `mirror` (`request_mirror_policies[].cluster`,
   * a copy of the traffic).
   */
  readonly via: 'cluster' | 'weighted' | 'mirror';
  /** `weighted_clusters.clusters[].weight`, when `via` is `weighted` and the weight is an integer. */
  readonly weight?: number;
  /**
   * A weighted cluster's own `host_rewrite_literal`, which overrides the route's for the requests
   * sent to that cluster (`WeightedCluster.ClusterWeight`, envoy/config/route/v3/route_components.proto).
   */
  readonly hostRewrite?: { readonly literal: string };
  /** JSON path of the cluster name inside the object, keys as written (`typedConfig` or `typed_config`). */
  readonly path: string;
}

/** A header matcher of a route's `match.headers`. */
export interface EnvoyHeaderMatch {
  readonly name: string;
  /** The matcher as written (`string_match`, `present_match`, `invert_match` …). */
  readonly raw: Readonly<Record<string, unknown>>;
}

/**
 * One route of a bootstrap's static listeners: a route of an HTTP connection manager's inline
 * `route_config` (envoy/config/route/v3/route_components.proto), or a TCP proxy
 * (envoy/extensions/filters/network/tcp_proxy/v3/tcp_proxy.proto), with the clusters it sends to.
 */
export interface EnvoyRouteInfo {
  /** `http`: a route of `route_config.virtual_hosts[].routes[]`; `tcp`: a filter whose config has no `route_config` (a TCP proxy). */
  readonly protocol: 'http' | 'tcp';
  /** The listener's name, when it has one, and its index in `static_resources.listeners`. */
  readonly listener: { readonly name?: string; readonly index: number };
  /** True when the route is in the listener's `default_filter_chain`. */
  readonly defaultFilterChain: boolean;
  /** The virtual host's `name` and `domains` (HTTP routes). */
  readonly virtualHost?: { readonly name?: string; readonly domains: readonly string[] };
  /**
   * The route's `match`: `prefix` or `path`, its header matchers, and the keys (as written) of its
   * other conditions (`safe_regex`, `query_parameters`, `runtime_fraction`, `grpc`, `tls_context`,
   * `dynamic_metadata` …; not `case_sensitive`) (HTTP routes).
   */
  readonly match?: { readonly prefix?: string; readonly path?: string; readonly headers: readonly EnvoyHeaderMatch[]; readonly conditions: readonly string[] };
  /** The Host the route sends: `host_rewrite_literal`, or `auto` for `auto_host_rewrite: true`; absent when the Host is passed on. */
  readonly hostRewrite?: { readonly literal: string } | 'auto';
  /** The clusters, in the order `cluster`, `weighted_clusters`, `request_mirror_policies`. */
  readonly targets: readonly EnvoyRouteTarget[];
  /** JSON path of the route action (`…routes[0].route`) or of the TCP proxy's config (`…typed_config`). */
  readonly path: string;
}

/** Everything the rules see, built once per run, in linear time. */
export interface ResourceIndex {
  /** Every input object, in input order. */
  readonly objects: readonly ManifestObject[];
  readonly workloads: readonly WorkloadInfo[];
  readonly services: readonly ServiceInfo[];
  readonly peerAuthentications: readonly PeerAuthenticationInfo[];
  readonly destinationRules: readonly DestinationRuleInfo[];
  readonly sidecars: readonly SidecarInfo[];
  readonly envoyBootstraps: readonly EnvoyBootstrapInfo[];
  /** Every namespace an object is in or a Namespace object declares, by name. */
  readonly namespaces: ReadonlyMap<string, NamespaceInfo>;
  /** The namespace's info; a synthesized one ("unknown" injection) when the input says nothing of it. */
  namespace(name: string): NamespaceInfo;
  /**
   * Workloads in `namespace` whose pod labels match `selector`, evaluated as
   * Kubernetes does (`matchLabels` and `matchExpressions`). A map is
   * `matchLabels`. An empty selector matches every workload of the namespace;
   * `undefined` matches none.
   */
  workloadsSelectedBy(namespace: string, selector: LabelSelector | Readonly<Record<string, string>> | undefined): readonly WorkloadInfo[];
  /** Workloads of every namespace whose pod labels match `selector` (to tell a user the pods are elsewhere). */
  workloadsSelectedInAnyNamespace(selector: LabelSelector | Readonly<Record<string, string>> | undefined): readonly WorkloadInfo[];
  /** Services in the workload's namespace whose selector matches its pod labels. */
  servicesSelecting(workload: WorkloadInfo): readonly ServiceInfo[];
  /** PeerAuthentications that apply to the workload's pods, workload-level (with a matching selector) first. */
  peerAuthenticationsFor(workload: WorkloadInfo): readonly PeerAuthenticationInfo[];
  /** The Service `namespace/name`. */
  service(namespace: string, name: string): ServiceInfo | undefined;
  /**
   * The Service a host name resolves to from `fromNamespace`: `svc`,
   * `svc.ns`, `svc.ns.svc` or `svc.ns.svc.<clusterDomain>`; a per-pod name
   * `pod.svc.ns.svc.<clusterDomain>` resolves to its headless Service.
   */
  serviceForHost(host: string, fromNamespace: string): ServiceInfo | undefined;
  /** Every object of this kind (of any API group), in input order. */
  objectsOfKind(kind: string): readonly ManifestObject[];
  /** Every object with this kind, namespace and name (more than one is a duplicate). */
  objectsNamed(kind: string, namespace: string, name: string): readonly ManifestObject[];
}

/** Cluster state the files do not hold, with documented defaults. */
export interface RuleOptions {
  /** The Istio release the manifests run on. @default 1.24 */
  readonly istioVersion: IstioVersion;
  /** @default 'cluster.local' */
  readonly clusterDomain: string;
  /** Namespace of objects that do not say. @default 'default' */
  readonly defaultNamespace: string;
  /** Istio's root namespace (mesh-wide policies live there). @default 'istio-system' */
  readonly rootNamespace: string;
  /** Namespaces whose Services are not Istio's concern (protocol rules skip them). @default kube-system, kube-public, kube-node-lease, istio-system */
  readonly systemNamespaces: readonly string[];
  /** Mesh-wide mTLS mode when no PeerAuthentication in the root namespace says. Istio's default is PERMISSIVE. @default 'PERMISSIVE' */
  readonly meshMtlsMode: MtlsMode;
}

/** A finding a rule reports. `severity` defaults to the rule's. */
export interface RuleReport {
  (object: ManifestObject, path: string, message: string, severity?: RuleSeverity): void;
}

/** The Istio releases a rule applies to (inclusive, `major.minor`). */
export interface IstioVersionRange {
  /** @default - every release */
  readonly since?: string;
  /** @default - every later release */
  readonly until?: string;
}

/** One coded, documented check. Each lives in its own file under `lib/rules/checks/`, with `docs/rules/<code>.md`. */
export interface Rule {
  /** Stable code, e.g. `ID101`. Never reused. */
  readonly code: string;
  /** Kebab-case slug, e.g. `headless-target-port`. */
  readonly name: string;
  /** One line: what is wrong. */
  readonly title: string;
  readonly severity: RuleSeverity;
  /** Istio releases the rule applies to; it does not run for others. */
  readonly istioVersions: IstioVersionRange;
  /** Reports every finding over the whole index. Pure: reads nothing else, writes nothing. */
  check(index: ResourceIndex, options: RuleOptions, report: RuleReport): void;
}

/** A {@link Finding} of a rule: always on an input object, with a path ('' for the whole object). */
export interface RuleFinding extends Finding {
  /** The same as `code`: the rule code (`ID101`), or a schema code (`ID901` …) for schema problems. */
  readonly rule: string;
  readonly object: ManifestObject;
  /** JSON path inside the object, '' for the whole object. */
  readonly path: string;
}
