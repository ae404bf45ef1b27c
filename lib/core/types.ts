/**
 * Plain Kubernetes object shapes the core produces. They are deliberately
 * plain JSON (no classes): cdk8s refuses class instances
 * (`can't render non-simple object`) and Pulumi takes plain inputs.
 */

/** `metadata` of every object the core emits: the name is always explicit. */
export interface ObjectMeta {
  readonly name: string;
  readonly namespace?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
}

/** Any Kubernetes object: `apiVersion`, `kind`, `metadata` and the rest. */
export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: ObjectMeta;
  readonly [field: string]: unknown;
}

/** CPU and memory quantities, e.g. `{ cpu: '100m', memory: '128Mi' }`. */
export interface ResourceQuantities {
  /** CPU quantity, e.g. `250m` or `1`. */
  readonly cpu?: string;
  /** Memory quantity, e.g. `128Mi`. */
  readonly memory?: string;
}

/** Container resource requests and limits. */
export interface ResourceRequirements {
  /** What the scheduler reserves. */
  readonly requests?: ResourceQuantities;
  /** The hard ceiling. */
  readonly limits?: ResourceQuantities;
}

/** Kinds of workload the constructs can target (a {@link WorkloadRef}'s `kind`). */
export type TargetWorkloadKind = 'Deployment' | 'StatefulSet';

/**
 * PeerAuthentication mTLS modes
 * (https://istio.io/latest/docs/reference/config/security/peer_authentication/#PeerAuthentication-MutualTLS-Mode).
 */
export type MtlsMode = 'STRICT' | 'PERMISSIVE' | 'DISABLE' | 'UNSET';

/** Every {@link MtlsMode}. */
export const MTLS_MODES: readonly MtlsMode[] = ['STRICT', 'PERMISSIVE', 'DISABLE', 'UNSET'];

/**
 * A workload whose pods a Service or an Istio policy selects. The cdk8s and
 * Pulumi adapters build this from their own workload objects.
 */
export interface WorkloadRef {
  /** `Deployment` or `StatefulSet`. */
  readonly kind: TargetWorkloadKind;
  /** The workload's `metadata.name` (for a StatefulSet, the prefix of its pod names). */
  readonly name: string;
  /**
   * The workload's namespace. A Service selects pods of its own namespace only.
   * @default - unknown: the selecting construct's namespace is assumed
   */
  readonly namespace?: string;
  /** The pod labels the workload's selector matches (`spec.selector.matchLabels`). */
  readonly selectorLabels: Readonly<Record<string, string>>;
  /**
   * Replica count (an int32), needed for per-pod DNS names of a StatefulSet.
   * @default - unknown: no per-pod names
   */
  readonly replicas?: number;
  /**
   * For a StatefulSet: its `spec.serviceName`, which must be the headless
   * Service's name for per-pod DNS records to exist
   * (https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#stable-network-id).
   * @default - not checked
   */
  readonly serviceName?: string;
}

/** The Service a construct exposes, as other constructs need to address it. */
export interface ServiceEndpoint {
  /** Service name. */
  readonly name: string;
  /** Service namespace. */
  readonly namespace: string;
  /** `<name>.<namespace>.svc.<clusterDomain>` */
  readonly fqdn: string;
  /** The Service port clients use. */
  readonly port: number;
  /** The container port behind it (equals `port` on a headless Service). */
  readonly targetPort: number;
  /** True for `clusterIP: None`. */
  readonly headless: boolean;
  /** The pods' selector labels. */
  readonly selectorLabels: Readonly<Record<string, string>>;
}

/** Options of the pods a construct creates, shared by EchoService and EnvoyDirectPods. */
export interface PodOptions {
  /**
   * Extra labels on every object and on the pods. They cannot change the `app` selector label.
   * @default - none
   */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Extra annotations on the pod template (e.g. `sidecar.istio.io/rewriteAppHTTPProbers`).
   * @default - none
   */
  readonly podAnnotations?: Readonly<Record<string, string>>;
}
