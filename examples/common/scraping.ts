/**
 * What the scraping examples (cdk8s `ScrapingChart`, Pulumi `deployScraping`) share: the names, and the
 * prometheus-operator `Prometheus` that scrapes with Istio's certificates. Plain objects: no framework.
 */
import { buildIstioCertsPrometheus, EnvoyDirectPodsProps, KubeObject } from '../../lib';

/** Namespace of the scraping example: sidecars injected, mTLS STRICT. */
export const SCRAPING_NAMESPACE = 'metrics-demo';
/** The label the example's Prometheus selects its monitors by. */
export const MONITOR_LABELS = { 'istio-direct.io/prometheus': 'metrics-demo' };

/**
 * The example's Envoy proxy without its target (`echo-certs`): a sidecar (so its stats port is STRICT like the
 * rest of the namespace) and a stats listener, without the `prometheus.io` annotations (with a sidecar they would
 * feed Istio's metrics merging, where this Envoy's metrics would collide with the sidecar's own).
 */
export const ENVOY_STATS_PROPS: Omit<EnvoyDirectPodsProps, 'target'> = {
  name: 'envoy-stats',
  replicas: 1,
  istioSidecar: true,
  statsListener: { scrapeAnnotations: false },
};

/** The Istio certificate settings of the example's Prometheus. */
export const PROMETHEUS_CERTS = buildIstioCertsPrometheus({ name: 'prometheus' });

/** The `Namespace`, with sidecar injection on. */
export const SCRAPING_NAMESPACE_OBJECT: KubeObject = {
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name: SCRAPING_NAMESPACE, labels: { 'istio-injection': 'enabled' } },
};

/** A namespace-wide STRICT PeerAuthentication: what the three modes get through. */
export const STRICT_POLICY: KubeObject = {
  apiVersion: 'security.istio.io/v1',
  kind: 'PeerAuthentication',
  metadata: { name: 'default', namespace: SCRAPING_NAMESPACE },
  spec: { mtls: { mode: 'STRICT' } },
};

/**
 * A prometheus-operator `Prometheus` (https://prometheus-operator.dev/docs/api-reference/api/#monitoring.coreos.com/v1.Prometheus)
 * whose pods get Istio certificates from a sidecar that captures no traffic (`podMetadata`, `volumes`, `volumeMounts`)
 * and hand them to PodMonitors through the `istio-mtls` scrape class. Its pods run under the restricted Pod
 * Security Standard. The ServiceAccount and RBAC come with the operator's install (e.g. kube-prometheus-stack).
 */
export const PROMETHEUS: KubeObject = {
  apiVersion: 'monitoring.coreos.com/v1',
  kind: 'Prometheus',
  metadata: { name: 'prometheus', namespace: SCRAPING_NAMESPACE, labels: { app: 'prometheus' } },
  spec: {
    replicas: 1,
    version: 'v3.5.0',
    serviceAccountName: 'prometheus',
    podMonitorSelector: { matchLabels: MONITOR_LABELS },
    serviceMonitorSelector: { matchLabels: MONITOR_LABELS },
    podMonitorNamespaceSelector: {},
    serviceMonitorNamespaceSelector: {},
    securityContext: { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 2000, fsGroup: 2000, seccompProfile: { type: 'RuntimeDefault' } },
    ...PROMETHEUS_CERTS.prometheusSpec,
  },
};
