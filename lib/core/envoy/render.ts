/**
 * `renderEnvoyDirectPods`: the ConfigMap, Deployment and Service of an
 * {@link EnvoyDirectPods} proxy from its checked spec. Pure: no checks, no
 * defaults, same spec, same bytes.
 */
import { objectMeta, selectorLabels, sortKeys, standardLabels } from '../labels';
import { renderYaml, sha256 } from '../render';
import { KubeObject } from '../types';
import { restrictedDeployment } from '../workload';
import { buildBootstrap } from './bootstrap';
import { CONFIG_CHECKSUM_ANNOTATION, ENVOY_CONFIG_PATH, ENVOY_UID } from './defaults';
import { PROMETHEUS_STATS_PATH } from './observability';
import { VersionServiceSpec } from './resolve-versions';
import { EnvoyDirectPodsSpec } from './spec';

/**
 * Container port name of the stats listener. Not `http-envoy-prom`: Istio's injected `istio-proxy` container
 * names its own 15090 port so (`manifests/charts/istio-control/istio-discovery/files/injection-template.yaml`),
 * and a monitor that names the port would then match both containers of a pod with a sidecar. A valid
 * IANA service name (15 characters at most); the `http-` prefix says what it serves.
 */
export const STATS_PORT_NAME = 'http-stats';
import { Bootstrap } from './types';

/** Istio's annotation limiting which namespaces import a Service (https://istio.io/latest/docs/reference/config/annotations/#NetworkingExportTo). */
export const EXPORT_TO_ANNOTATION = 'networking.istio.io/exportTo';

/** The rendered objects of one proxy. */
export interface RenderedEnvoyDirectPods {
  readonly configMap: KubeObject;
  readonly deployment: KubeObject;
  readonly service: KubeObject;
  /** The Service of each version (`dns` and `service` discovery with versions); else none. */
  readonly versionServices: readonly KubeObject[];
  readonly bootstrap: Bootstrap;
  readonly configYaml: string;
  readonly configChecksum: string;
}

/** Renders the proxy's objects from its spec. */
export function renderEnvoyDirectPods(spec: EnvoyDirectPodsSpec): RenderedEnvoyDirectPods {
  const bootstrap = buildBootstrap(spec.bootstrap);
  // Frozen, it says what `envoy.yaml` says for good: the rules read it as it is instead of parsing the text back.
  const configYaml = renderYaml(bootstrap, { freeze: true });
  const configChecksum = sha256(configYaml);
  const labels = standardLabels({ app: spec.name, instance: spec.name, component: 'proxy', extra: spec.labels });
  const configMap: KubeObject = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: objectMeta(spec.configMapName, spec.namespace, labels),
    data: { 'envoy.yaml': configYaml },
  };
  return {
    configMap,
    deployment: renderDeployment(spec, labels, configChecksum),
    service: renderService(spec, labels),
    versionServices: (spec.versionServices ?? []).map((version) => renderVersionService(spec, version)),
    bootstrap,
    configYaml,
    configChecksum,
  };
}

/**
 * Startup and readiness probe Envoy's `/ready` (200 only while the server is
 * LIVE). Liveness must not: `/ready` answers 503 while Envoy drains or
 * initializes (`envoy/admin/v3/server_info.proto`, `State`;
 * https://www.envoyproxy.io/docs/envoy/latest/operations/admin#get--ready), so a
 * liveness probe there would kill a pod that drains on purpose
 * (`POST /healthcheck/fail`). Envoy Gateway probes liveness on `/ready` too
 * (`internal/infrastructure/kubernetes/proxy/resource.go` in envoyproxy/gateway);
 * here liveness is a TCP connect to the readiness listener, which fails only
 * when Envoy's process or its listeners are gone.
 */
function probes(): Record<string, unknown> {
  const ready = { httpGet: { path: '/ready', port: 'ready' } };
  return {
    startupProbe: { ...ready, periodSeconds: 1, timeoutSeconds: 1, failureThreshold: 60 },
    readinessProbe: { ...ready, periodSeconds: 5, timeoutSeconds: 1, failureThreshold: 1 },
    livenessProbe: { tcpSocket: { port: 'ready' }, periodSeconds: 10, timeoutSeconds: 1, failureThreshold: 3 },
  };
}

function renderDeployment(spec: EnvoyDirectPodsSpec, labels: Readonly<Record<string, string>>, configChecksum: string): KubeObject {
  const podLabels = sortKeys({
    ...labels,
    ...(spec.istioSidecar !== undefined ? { 'sidecar.istio.io/inject': String(spec.istioSidecar) } : {}),
  });
  return restrictedDeployment({
    metadata: objectMeta(spec.name, spec.namespace, labels),
    replicas: spec.replicas,
    selector: selectorLabels(spec.name),
    podLabels,
    podAnnotations: { ...spec.podAnnotations, ...scrapeAnnotations(spec), [CONFIG_CHECKSUM_ANNOTATION]: configChecksum },
    uid: ENVOY_UID,
    container: {
      name: 'envoy',
      image: spec.image,
      imagePullPolicy: 'IfNotPresent',
      // Bypass the image entrypoint, as Envoy Gateway and Contour do.
      command: ['envoy'],
      args: ['--config-path', ENVOY_CONFIG_PATH, '--concurrency', String(spec.concurrency), '--log-level', spec.logLevel, '--disable-hot-restart'],
      ports: [
        { name: 'http', containerPort: spec.listenerPort, protocol: 'TCP' },
        { name: 'ready', containerPort: spec.readinessPort, protocol: 'TCP' },
        ...(spec.statsListener !== undefined ? [{ name: STATS_PORT_NAME, containerPort: spec.statsListener.port, protocol: 'TCP' }] : []),
      ],
      ...probes(),
      resources: spec.resources,
      volumeMounts: [
        { name: 'config', mountPath: '/etc/envoy', readOnly: true },
        { name: 'tmp', mountPath: '/tmp' },
      ],
    },
    readOnlyRootFilesystem: true,
    volumes: [
      { name: 'config', configMap: { name: spec.configMapName } },
      { name: 'tmp', emptyDir: {} },
    ],
  });
}

/**
 * Prometheus scrape annotations for the stats listener: read by
 * annotation-based scrape configs, and by Istio's metrics merging when the pod
 * has a sidecar (https://istio.io/latest/docs/ops/integrations/prometheus/#option-1-metrics-merging).
 */
function scrapeAnnotations(spec: EnvoyDirectPodsSpec): Record<string, string> {
  const stats = spec.statsListener;
  if (stats === undefined || !stats.scrapeAnnotations) {
    return {};
  }
  return { 'prometheus.io/scrape': 'true', 'prometheus.io/port': String(stats.port), 'prometheus.io/path': PROMETHEUS_STATS_PATH };
}

/**
 * The Service of one version: the target's selector plus `version`. Headless
 * for `dns` discovery, with a `tcp` port so an Istio sidecar builds per-pod
 * listeners and Envoy's pod-IP traffic gets mTLS (an HTTP port gets one
 * listener routed by Host, `pilot/pkg/networking/core/listener.go`); ClusterIP
 * for `service` discovery, with an `http` port Istio routes by Host (Envoy
 * sends the version's Service FQDN as Host).
 */
function renderVersionService(spec: EnvoyDirectPodsSpec, version: VersionServiceSpec): KubeObject {
  const labels = standardLabels({ app: spec.name, instance: spec.name, component: 'version-service', extra: { ...spec.labels, version: version.version } });
  const protocol = version.headless ? 'tcp' : 'http';
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: objectMeta(version.name, spec.namespace, labels, { [EXPORT_TO_ANNOTATION]: '.' }),
    spec: {
      ...(version.headless ? { clusterIP: 'None' } : { type: 'ClusterIP' }),
      selector: sortKeys({ ...version.selector }),
      ...ipFamilyFields(spec),
      ports: [{ name: protocol, port: version.port, targetPort: version.targetPort, protocol: 'TCP', appProtocol: protocol }],
    },
  };
}

/** Service fields of the IP family: nothing for IPv4 (the cluster's default family). */
function ipFamilyFields(spec: EnvoyDirectPodsSpec): Record<string, unknown> {
  switch (spec.ipFamily) {
    case 'IPv6':
      return { ipFamilyPolicy: 'SingleStack', ipFamilies: ['IPv6'] };
    case 'DualStack':
      return { ipFamilyPolicy: 'PreferDualStack', ipFamilies: ['IPv4', 'IPv6'] };
    default:
      return {};
  }
}

function renderService(spec: EnvoyDirectPodsSpec, labels: Readonly<Record<string, string>>): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: objectMeta(spec.name, spec.namespace, labels, { [EXPORT_TO_ANNOTATION]: spec.serviceExportTo.join(',') }),
    spec: {
      type: spec.serviceType,
      selector: selectorLabels(spec.name),
      ...ipFamilyFields(spec),
      ports: [{ name: 'http', port: spec.servicePort, targetPort: spec.listenerPort, protocol: 'TCP', appProtocol: 'http' }],
    },
  };
}
