/**
 * The example scenario's `echo-service`: a Deployment of `mendhak/http-https-echo` and a
 * ClusterIP Service in front of it. Props are resolved into a checked spec
 * ({@link resolveEchoServiceSpec}), then rendered ({@link renderEchoService}).
 */
import { constructLabel, IstioDirectError, Problems } from './errors';
import { IstioVersion } from './istio-version';
import { guardProps, resolveIstioVersion } from './istio-target';
import { checkAppProtocol } from './headless-mesh-service/ports';
import { objectMeta, selectorLabels, sortKeys, standardLabels } from './labels';
import { DEFAULT_CLUSTER_DOMAIN, DEFAULT_NAMESPACE, serviceFqdn } from './names';
import { restrictedDeployment } from './workload';
import { KubeObject, PodOptions, ResourceRequirements, ServiceEndpoint, WorkloadRef } from './types';
import {
  checkArray,
  checkBoolean,
  checkDomain,
  checkImage,
  checkInt,
  checkKnownKeys,
  checkLabelValue,
  checkName,
  checkPodOptions,
  checkPort,
  checkRecord,
  checkResources,
  checkUnique,
  copyResources,
  INT32_MAX,
  isPlainObject,
  notA,
} from './validate';
import { AppProtocol } from './protocols';

/** The echo image, pinned. It answers every request with JSON carrying `.os.hostname`, runs as uid 1000. */
export const ECHO_IMAGE = 'mendhak/http-https-echo:37';

/** One version of an {@link EchoService}: a Deployment of its own, `<name>-<version>`, whose pods carry `version: <name>`. */
export interface EchoVersionOptions {
  /** The pods' `version` label value, e.g. `v2`: a lower-case DNS label. */
  readonly name: string;
  /**
   * Pods of this version (an int32).
   * @default - the EchoService's `replicas`
   */
  readonly replicas?: number;
}

/** Properties of an {@link EchoService}. */
export interface EchoServiceProps extends PodOptions {
  /**
   * Name of the Deployment and the Service, and the pods' `app` label.
   * @default - from the construct path (cdk8s, e.g. `chart-echo-c8a1b2c3`) or the resource name (Pulumi), unique and valid for every kind; 'echo-service' from `buildEchoService`
   */
  readonly name?: string;
  /**
   * Namespace of every object.
   * @default - none set on the objects (the chart's or the provider's namespace applies); DNS names assume `default`
   */
  readonly namespace?: string;
  /**
   * Number of pods (an int32).
   * @default 3
   */
  readonly replicas?: number;
  /**
   * Container image. Must be pinned (a tag other than `latest`, or a digest).
   * @default 'mendhak/http-https-echo:37'
   */
  readonly image?: string;
  /**
   * Port the echo server listens on for HTTP inside the pod (the image's `HTTP_PORT`).
   * @default 8080
   */
  readonly containerPort?: number;
  /**
   * Port of the ClusterIP Service.
   * @default 3000
   */
  readonly port?: number;
  /**
   * `appProtocol` of the Service port; Istio reads it to pick the protocol
   * (https://istio.io/latest/docs/ops/configuration/traffic-management/protocol-selection/).
   * Not `udp` (the port is TCP); `kubernetes.io/ws`/`wss` need Istio 1.24, `kubernetes.io/h2c` 1.19.
   * @default 'http'
   */
  readonly appProtocol?: AppProtocol;
  /**
   * The Istio release the output targets (`major.minor`, 1.10 or newer): it decides which
   * `appProtocol` values Istio parses.
   * @default '1.24'
   */
  readonly istioVersion?: string;
  /**
   * The pods' `version` label, which Istio telemetry reads.
   * @default 'v1'
   */
  readonly version?: string;
  /**
   * Several versions side by side, as in a canary (one Deployment per version,
   * `<name>-<version>`, selecting `app` and `version`; the Service selects
   * every version by `app`). Not with `version`.
   * @default - one Deployment `<name>` with the pods' `version` label set to `version`
   */
  readonly versions?: readonly EchoVersionOptions[];
  /**
   * Container CPU and memory.
   * @default - requests 50m CPU / 64Mi, limits 500m CPU / 256Mi
   */
  readonly resources?: ResourceRequirements;
  /**
   * Mount the root filesystem read-only (a writable `emptyDir` is mounted at `/tmp`).
   * @default true
   */
  readonly readOnlyRootFilesystem?: boolean;
  /**
   * Kubernetes cluster DNS domain, for the Service FQDN.
   * @default 'cluster.local'
   */
  readonly clusterDomain?: string;
}

/** What {@link buildEchoService} returns. */
export interface EchoServiceManifests {
  /** The Deployment (with `versions`, the first version's). */
  readonly deployment: KubeObject;
  /** Every Deployment: one per version, or the one Deployment. */
  readonly deployments: readonly KubeObject[];
  /** The ClusterIP Service. */
  readonly service: KubeObject;
  /** Every object, in apply order. */
  readonly objects: readonly KubeObject[];
  /** How to reach the Service (used as an {@link EnvoyDirectPods} target). */
  readonly endpoint: ServiceEndpoint;
  /**
   * The Deployment as a workload other constructs can select (e.g. a {@link HeadlessMeshService} target).
   * With `versions`: named after the first version's Deployment, selecting every version by `app`, with their total replicas.
   */
  readonly workload: WorkloadRef;
}

/** Default resources of the echo container. */
export const ECHO_DEFAULT_RESOURCES: ResourceRequirements = {
  requests: { cpu: '50m', memory: '64Mi' },
  limits: { cpu: '500m', memory: '256Mi' },
};

/** uid/gid the echo image runs as. */
const ECHO_UID = 1000;

/** Every key of {@link EchoServiceProps}, for unknown-key checks. */
export const ECHO_SERVICE_KEYS: readonly (keyof EchoServiceProps)[] = [
  'name', 'namespace', 'replicas', 'image', 'containerPort', 'port', 'appProtocol', 'istioVersion', 'version',
  'versions', 'resources', 'readOnlyRootFilesystem', 'clusterDomain', 'labels', 'podAnnotations',
];

/** The checked, defaulted input the echo objects are rendered from. */
export interface EchoServiceSpec {
  readonly name: string;
  readonly namespace?: string;
  readonly replicas: number;
  readonly image: string;
  readonly containerPort: number;
  readonly port: number;
  readonly appProtocol: AppProtocol;
  readonly istioVersion: IstioVersion;
  readonly version: string;
  /** With `versions`: each version's name and replicas. */
  readonly versions?: ReadonlyArray<{ readonly name: string; readonly replicas: number }>;
  readonly resources: ResourceRequirements;
  readonly readOnlyRootFilesystem: boolean;
  readonly clusterDomain: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly podAnnotations?: Readonly<Record<string, string>>;
}

/** Checks every prop and fills in defaults. Throws an {@link IstioDirectError} listing every problem. */
export function resolveEchoServiceSpec(props: EchoServiceProps = {}): EchoServiceSpec {
  const raw: unknown = props;
  if (!isPlainObject(raw)) {
    throw new IstioDirectError([`${constructLabel('EchoService', undefined)}: props: ${notA(raw, 'an object of EchoService properties')}`]);
  }
  const spec = {
    name: raw.name ?? 'echo-service',
    namespace: raw.namespace,
    replicas: raw.replicas ?? 3,
    image: raw.image ?? ECHO_IMAGE,
    containerPort: raw.containerPort ?? 8080,
    port: raw.port ?? 3000,
    appProtocol: raw.appProtocol ?? 'http',
    version: raw.version ?? 'v1',
    resources: raw.resources ?? ECHO_DEFAULT_RESOURCES,
    readOnlyRootFilesystem: raw.readOnlyRootFilesystem ?? true,
    clusterDomain: raw.clusterDomain ?? DEFAULT_CLUSTER_DOMAIN,
    labels: raw.labels,
    podAnnotations: raw.podAnnotations,
  };
  const p = new Problems('EchoService', spec.name);
  checkKnownKeys(p, '', raw, ECHO_SERVICE_KEYS);
  const istioVersion = resolveIstioVersion(p, raw.istioVersion);
  const nameOk = checkName(p, 'name', spec.name, 'service');
  if (spec.namespace !== undefined) {
    checkName(p, 'namespace', spec.namespace, 'label');
  }
  checkInt(p, 'replicas', spec.replicas, 0, INT32_MAX);
  checkImage(p, 'image', spec.image);
  checkPort(p, 'containerPort', spec.containerPort);
  checkPort(p, 'port', spec.port);
  checkAppProtocol(p, 'appProtocol', spec.appProtocol, 'TCP', istioVersion);
  checkLabelValue(p, 'version', spec.version);
  const versions = raw.versions === undefined ? undefined : resolveEchoVersions(p, raw, spec.name, spec.replicas);
  checkPodOptions(p, { labels: spec.labels as Record<string, string>, podAnnotations: spec.podAnnotations as Record<string, string> }, nameOk ? (spec.name as string) : '');
  checkResources(p, 'resources', spec.resources);
  checkBoolean(p, 'readOnlyRootFilesystem', spec.readOnlyRootFilesystem);
  checkDomain(p, 'clusterDomain', spec.clusterDomain);
  p.throwIfAny();
  const checked = spec as unknown as Omit<EchoServiceSpec, 'istioVersion'>;
  return {
    ...checked,
    resources: copyResources(checked.resources),
    istioVersion: istioVersion as IstioVersion,
    ...(versions !== undefined ? { versions } : {}),
  };
}

/** The versions of a canary: names are DNS labels (they name the Deployments), each with its replicas. */
function resolveEchoVersions(p: Problems, raw: Readonly<Record<string, unknown>>, name: unknown, replicas: unknown): Array<{ name: string; replicas: number }> {
  if (raw.version !== undefined) {
    p.add('version', `${JSON.stringify(raw.version)} is set with versions: give each version's name in versions[i].name`);
  }
  if (!checkArray(p, 'versions', raw.versions, 1, 32)) {
    return [];
  }
  const out = raw.versions.map((version, i) => {
    const at = `versions[${i}]`;
    if (!checkRecord(p, at, version, 'a version such as { name: "v2", replicas: 1 }')) {
      return { name: '', replicas: 0 };
    }
    checkKnownKeys(p, at, version, ['name', 'replicas']);
    if (checkName(p, `${at}.name`, version.name, 'label') && typeof name === 'string' && `${name}-${version.name}`.length > 253) {
      p.add(`${at}.name`, `makes the Deployment name longer than 253 characters`);
    }
    const count = version.replicas ?? replicas;
    if (version.replicas !== undefined) checkInt(p, `${at}.replicas`, version.replicas, 0, INT32_MAX);
    return { name: version.name as string, replicas: count as number };
  });
  checkUnique(p, 'versions', out.map((v) => v.name), 'version name');
  return out;
}

/** Builds the Deployment and Service of an echo server. Throws an {@link IstioDirectError} on bad input. */
export function buildEchoService(props: EchoServiceProps = {}): EchoServiceManifests {
  return renderEchoService(guardProps('EchoService', props, resolveEchoServiceSpec));
}

/** Renders the Deployment and Service of a resolved spec (pure). */
export function renderEchoService(spec: EchoServiceSpec): EchoServiceManifests {
  const { name, namespace } = spec;
  const selector = selectorLabels(name);
  const labels = standardLabels({ app: name, instance: name, component: 'echo-server', extra: spec.labels });
  const deployments =
    spec.versions === undefined
      ? [renderEchoDeployment(spec, selector, labels)]
      : spec.versions.map((v) => renderEchoDeployment({ ...spec, name: `${name}-${v.name}`, replicas: v.replicas, version: v.name }, { ...selector, version: v.name }, labels));
  const [deployment] = deployments;
  const service: KubeObject = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: objectMeta(name, namespace, labels),
    spec: {
      type: 'ClusterIP',
      selector,
      ports: [{ name: 'http', port: spec.port, targetPort: spec.containerPort, protocol: 'TCP', appProtocol: spec.appProtocol }],
    },
  };
  const dnsNamespace = namespace ?? DEFAULT_NAMESPACE;
  return {
    deployment,
    deployments,
    service,
    objects: [...deployments, service],
    endpoint: {
      name,
      namespace: dnsNamespace,
      fqdn: serviceFqdn(name, dnsNamespace, spec.clusterDomain),
      port: spec.port,
      targetPort: spec.containerPort,
      headless: false,
      selectorLabels: selector,
    },
    workload: {
      kind: 'Deployment',
      name: deployment.metadata.name as string,
      ...(namespace !== undefined ? { namespace } : {}),
      selectorLabels: selector,
      replicas: spec.versions === undefined ? spec.replicas : spec.versions.reduce((total, v) => total + v.replicas, 0),
      // A HeadlessMeshService over the echo pods declares their HTTP port (as `tcp`, its default).
      ports: [{ port: spec.containerPort }],
    },
  };
}

function renderEchoDeployment(
  spec: EchoServiceSpec,
  selector: Readonly<Record<string, string>>,
  labels: Readonly<Record<string, string>>,
): KubeObject {
  const httpGet = { path: '/healthz', port: 'http' };
  return restrictedDeployment({
    metadata: objectMeta(spec.name, spec.namespace, labels),
    replicas: spec.replicas,
    selector,
    podLabels: sortKeys({ ...labels, version: spec.version }),
    podAnnotations: spec.podAnnotations,
    uid: ECHO_UID,
    container: {
      name: 'echo',
      image: spec.image,
      imagePullPolicy: 'IfNotPresent',
      env: [
        { name: 'HTTP_PORT', value: String(spec.containerPort) },
        // Keeps kubelet probes out of the request log.
        { name: 'LOG_IGNORE_PATH', value: '/healthz' },
      ],
      ports: [{ name: 'http', containerPort: spec.containerPort, protocol: 'TCP' }],
      readinessProbe: { httpGet, periodSeconds: 5, timeoutSeconds: 1, failureThreshold: 3 },
      livenessProbe: { httpGet: { ...httpGet }, initialDelaySeconds: 5, periodSeconds: 10, timeoutSeconds: 1, failureThreshold: 3 },
      resources: spec.resources,
      volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
    },
    readOnlyRootFilesystem: spec.readOnlyRootFilesystem,
    volumes: [{ name: 'tmp', emptyDir: {} }],
  });
}
