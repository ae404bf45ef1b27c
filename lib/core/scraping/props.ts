/**
 * Props, resolved spec and output of {@link buildMetricsScraping}: how Prometheus scrapes a workload
 * whose pods run under STRICT mTLS, in one of three modes.
 *
 * Sources: istio.io "Prometheus" integration page (https://istio.io/latest/docs/ops/integrations/prometheus/),
 * istio/istio `pkg/kube/inject/webhook.go` (annotation rewrite), `pilot/cmd/pilot-agent/status/server.go`
 * (the merged endpoint), and prometheus-operator `pkg/apis/monitoring/v1/` (`podmonitor_types.go`,
 * `servicemonitor_types.go`, `tls_types.go`, `prometheus_types.go`).
 */
import { IstioVersion } from '../istio-version';
import { KubeObject, MtlsMode } from '../types';

/**
 * How Prometheus reaches the metrics of pods under STRICT mTLS.
 * - `merge`: Istio's metrics merging. The pod-template annotations name the app's port and path; the
 *   sidecar's agent serves them, merged with Envoy's, in plaintext on port 15020, which is outside
 *   inbound capture (https://istio.io/latest/docs/ops/integrations/prometheus/#option-1-metrics-merging).
 * - `istio-certs`: Prometheus gets Istio's certificates from a sidecar that captures no traffic and scrapes
 *   the app's port with TLS (https://istio.io/latest/docs/ops/integrations/prometheus/#tls-settings).
 * - `plaintext-port`: the metrics port opts out of mTLS (PeerAuthentication `portLevelMtls` `DISABLE`) and
 *   Prometheus scrapes it over `http`.
 */
export type ScrapeMode = 'merge' | 'istio-certs' | 'plaintext-port';
/** Every {@link ScrapeMode}. */
export const SCRAPE_MODES: readonly ScrapeMode[] = ['merge', 'istio-certs', 'plaintext-port'];

/**
 * What tells Prometheus about the targets.
 * - `annotations`: the `prometheus.io/*` pod annotations only (the `kubernetes-pods` job of Istio's
 *   and the Prometheus chart's configuration reads them). `merge` only.
 * - `PodMonitor`: a prometheus-operator PodMonitor. In `istio-certs` mode it names a scrape class
 *   (a PodMonitor cannot name certificate files, `podmonitor_types.go` `SafeTLSConfig`).
 * - `ServiceMonitor`: a prometheus-operator ServiceMonitor over the target's Service.
 * - `scrape-config`: a plain Prometheus `scrape_configs` job (pod discovery), in {@link MetricsScrapingManifests.scrapeConfigs}.
 */
export type ScrapeMonitor = 'annotations' | 'PodMonitor' | 'ServiceMonitor' | 'scrape-config';
/** Every {@link ScrapeMonitor}. */
export const SCRAPE_MONITORS: readonly ScrapeMonitor[] = ['annotations', 'PodMonitor', 'ServiceMonitor', 'scrape-config'];

/** A container port of the scraped pods. */
export interface ScrapeContainerPort {
  /** `containerPort`. */
  readonly port: number;
  /**
   * The port's name. PodMonitor endpoints name the port (`port`); an unnamed one is addressed by
   * `portNumber` (prometheus-operator 0.80 and newer).
   * @default - unnamed
   */
  readonly name?: string;
}

/** A Service in front of the scraped pods (a ServiceMonitor selects it; a DestinationRule names it). */
export interface ScrapeService {
  /** `metadata.name`. */
  readonly name: string;
  /** The Service's labels (a ServiceMonitor selects the Service by them). */
  readonly labels: Readonly<Record<string, string>>;
  /** `<name>.<namespace>.svc.<clusterDomain>`, the DestinationRule host. */
  readonly fqdn: string;
  /** Its ports: the ServiceMonitor endpoint names the one whose `targetPort` is the metrics port. */
  readonly ports: ReadonlyArray<{ readonly name?: string; readonly port: number; readonly targetPort: number }>;
}

/** Where a workload serves its metrics: a container port (number or name) and an HTTP path. */
export interface MetricsEndpointProps {
  /** The container port, by number or by name; one the pods declare. */
  readonly port: number | string;
  /**
   * HTTP path of the metrics, with a leading `/`.
   * @default '/metrics'
   */
  readonly path?: string;
}

/**
 * A workload with a metrics port and path: what {@link buildMetricsScraping} scrapes. The adapters build it
 * from an EchoService, a HeadlessMeshService's workload, a cdk8s-plus or `@pulumi/kubernetes` workload;
 * any construct that serves metrics (such as an Envoy stats listener) can offer one with its `metrics` set.
 */
export interface ScrapeTarget {
  /** The workload kind, for messages. */
  readonly kind: 'Deployment' | 'StatefulSet' | 'DaemonSet' | 'Pod';
  /** `metadata.name`. */
  readonly name: string;
  /**
   * Namespace of the pods.
   * @default - none set (the chart's or provider's namespace); DNS names assume `default`
   */
  readonly namespace?: string;
  /** The pod labels the workload's selector matches. */
  readonly selectorLabels: Readonly<Record<string, string>>;
  /** Every container port the pods declare: a metrics port must be one of them. */
  readonly containerPorts: readonly ScrapeContainerPort[];
  /**
   * The Service in front of the pods (needed for a ServiceMonitor, and for the DestinationRule of `plaintext-port`).
   * @default - none
   */
  readonly service?: ScrapeService;
  /**
   * Where the workload serves metrics when the scraping props name none (e.g. an Envoy stats listener's
   * `{ port: 'http-stats', path: '/stats/prometheus' }`).
   * @default - none: the scraping props must give `metrics`
   */
  readonly metrics?: readonly MetricsEndpointProps[];
  /**
   * The pods' mTLS as their own policy sets it (a HeadlessMeshService's PeerAuthentication): the workload mode and
   * port-level modes by container port. `istio-certs` refuses a port it makes PERMISSIVE or DISABLE.
   * @default - unknown: `targetMtlsMode` says
   */
  readonly mtls?: { readonly mode: MtlsMode; readonly portLevel?: Readonly<Record<number, MtlsMode>> };
}

/** Files a Prometheus with an Istio certificate sidecar reads (see {@link buildIstioCertsPrometheus}). */
export interface IstioCertFiles {
  /** e.g. `/etc/prom-certs/root-cert.pem` */
  readonly caFile: string;
  /** e.g. `/etc/prom-certs/cert-chain.pem` */
  readonly certFile: string;
  /** e.g. `/etc/prom-certs/key.pem` */
  readonly keyFile: string;
}

/** Properties of {@link buildMetricsScraping}. */
export interface MetricsScrapingProps {
  /** How Prometheus gets through STRICT mTLS: `merge`, `istio-certs` or `plaintext-port`. */
  readonly mode: ScrapeMode;
  /** The workload to scrape. */
  readonly target: ScrapeTarget;
  /**
   * The metrics endpoints: one, or (in `merge` mode, from Istio 1.31) several.
   * @default - the target's own `metrics`
   */
  readonly metrics?: readonly MetricsEndpointProps[];
  /**
   * Name of the objects emitted (monitor, PeerAuthentication, DestinationRule) and of the scrape job.
   * @default - the target's name
   */
  readonly name?: string;
  /**
   * Namespace of the objects emitted. A PodMonitor or ServiceMonitor elsewhere selects the target's namespace by name.
   * @default - the target's namespace
   */
  readonly namespace?: string;
  /**
   * What tells Prometheus about the targets.
   * @default - 'annotations' for `merge`, 'PodMonitor' otherwise
   */
  readonly monitor?: ScrapeMonitor;
  /**
   * Extra labels on the monitor, e.g. the `release` label a kube-prometheus-stack Prometheus selects monitors by.
   * @default - none
   */
  readonly monitorLabels?: Readonly<Record<string, string>>;
  /**
   * The targets' mTLS mode at the metrics port (before this construct's own policy). `istio-certs` refuses
   * `PERMISSIVE`: a PERMISSIVE port passes plain TLS (without Istio's ALPN) through to the app as raw bytes
   * (`pilot/pkg/networking/core/filterchain_options.go`, https://github.com/istio/istio/issues/38720).
   * @default 'STRICT'
   */
  readonly targetMtlsMode?: 'STRICT' | 'PERMISSIVE';
  /**
   * The app serves its metrics over TLS only. Metrics merging cannot read them: the agent fetches
   * `http://localhost:<port><path>` (`pilot/cmd/pilot-agent/status/server.go`), so `merge` refuses it.
   * @default false
   */
  readonly metricsOverTls?: boolean;
  /**
   * Emit the PeerAuthentication (and DestinationRule) of `plaintext-port`. Turn off when another policy
   * selects the pods (e.g. a HeadlessMeshService's): give it {@link MetricsScrapingManifests.portLevelMtls} instead.
   * @default true
   */
  readonly peerAuthentication?: boolean;
  /**
   * Scrape interval of the monitor or job.
   * @default - Prometheus's global interval
   */
  readonly intervalSeconds?: number;
  /**
   * The scrape class a PodMonitor names in `istio-certs` mode (see {@link buildIstioCertsPrometheus}).
   * @default 'istio-mtls'
   */
  readonly scrapeClass?: string;
  /**
   * The certificate files Prometheus reads in `istio-certs` mode (ServiceMonitor `tlsConfig`, scrape-config `tls_config`).
   * @default - the files of {@link buildIstioCertsPrometheus}'s defaults, under `/etc/prom-certs/`
   */
  readonly certFiles?: IstioCertFiles;
  /**
   * The Istio release the output targets (`major.minor`): the multi-port `prometheus.istio.io/scrape-targets`
   * annotation needs 1.31.
   * @default '1.24'
   */
  readonly istioVersion?: string;
}

/** Every key of {@link MetricsScrapingProps}, for unknown-key checks. */
export const METRICS_SCRAPING_KEYS: readonly (keyof MetricsScrapingProps)[] = [
  'mode', 'target', 'metrics', 'name', 'namespace', 'monitor', 'monitorLabels', 'targetMtlsMode', 'metricsOverTls',
  'peerAuthentication', 'intervalSeconds', 'scrapeClass', 'certFiles', 'istioVersion',
];

/** A resolved metrics endpoint: a declared container port and a path. */
export interface ResolvedMetricsEndpoint {
  readonly port: number;
  /** The container port's name, when it has one. */
  readonly portName?: string;
  readonly path: string;
}

/** The checked, defaulted input the scraping objects are rendered from. */
export interface MetricsScrapingSpec {
  readonly mode: ScrapeMode;
  readonly name: string;
  /** Namespace of the objects emitted, when one is known. */
  readonly namespace?: string;
  readonly target: ScrapeTarget;
  readonly endpoints: readonly ResolvedMetricsEndpoint[];
  readonly monitor: ScrapeMonitor;
  readonly monitorLabels: Readonly<Record<string, string>>;
  readonly peerAuthentication: boolean;
  readonly intervalSeconds?: number;
  readonly scrapeClass: string;
  readonly certFiles: IstioCertFiles;
  readonly istioVersion: IstioVersion;
  readonly istioApiVersion: 'v1' | 'v1beta1';
}

/** What {@link buildMetricsScraping} returns. */
export interface MetricsScrapingManifests {
  readonly mode: ScrapeMode;
  /** Annotations to add to the target's pod template (`merge`); empty otherwise. */
  readonly podAnnotations: Readonly<Record<string, string>>;
  /** Port-level mTLS entries for the target's PeerAuthentication (`plaintext-port`: `{ <port>: 'DISABLE' }`); empty otherwise. */
  readonly portLevelMtls: Readonly<Record<number, 'DISABLE'>>;
  /** The PodMonitor, when `monitor` is `PodMonitor`. */
  readonly podMonitor?: KubeObject;
  /** The ServiceMonitor, when `monitor` is `ServiceMonitor`. */
  readonly serviceMonitor?: KubeObject;
  /** The PeerAuthentication of `plaintext-port` (unless turned off). */
  readonly peerAuthentication?: KubeObject;
  /** The DestinationRule of `plaintext-port`, when the target has a Service (in-mesh clients honour the DISABLE only with it). */
  readonly destinationRule?: KubeObject;
  /** Prometheus `scrape_configs` entries (one per endpoint: a job has one path), when `monitor` is `scrape-config`. */
  readonly scrapeConfigs?: ReadonlyArray<Readonly<Record<string, unknown>>>;
  /** Every object to apply, in order. */
  readonly objects: readonly KubeObject[];
  /** The checked, defaulted spec the output was rendered from. */
  readonly spec: MetricsScrapingSpec;
}

/** Ports the sidecar owns: Istio 1.31 rejects them as merge targets (`pkg/kube/inject/webhook.go`). */
export const ISTIO_RESERVED_PORTS: readonly number[] = [15000, 15001, 15004, 15006, 15008, 15020, 15021, 15053, 15090];

/** The merged-metrics port of the sidecar's agent (mesh `statusPort`). */
export const ISTIO_MERGED_METRICS_PORT = 15020;

/** The pod annotations Istio's metrics merging reads (https://istio.io/latest/docs/ops/integrations/prometheus/). */
export const PROMETHEUS_ANNOTATIONS = {
  scrape: 'prometheus.io/scrape',
  port: 'prometheus.io/port',
  path: 'prometheus.io/path',
  scheme: 'prometheus.io/scheme',
  scrapeTargets: 'prometheus.istio.io/scrape-targets',
  mergeMetrics: 'prometheus.istio.io/merge-metrics',
} as const;

/** The prometheus-operator API version of PodMonitor, ServiceMonitor and Prometheus. */
export const MONITORING_API_VERSION = 'monitoring.coreos.com/v1';
