/**
 * The seed's `echo-service`: a Deployment of `mendhak/http-https-echo` and a
 * ClusterIP Service in front of it (spec: istio-style-envoy-direct-pods.md).
 */
import { Problems } from './errors';
import { objectMeta, selectorLabels, sortKeys, standardLabels } from './labels';
import { DEFAULT_CLUSTER_DOMAIN, DEFAULT_NAMESPACE, serviceFqdn } from './names';
import { restrictedDeployment } from './workload';
import { KubeObject, PodOptions, ResourceRequirements, ServiceEndpoint, WorkloadRef } from './types';
import {
  checkDomain,
  checkImage,
  checkInt,
  checkLabelValue,
  checkName,
  checkOneOf,
  checkPodOptions,
  checkPort,
  checkResources,
} from './validate';
import { APP_PROTOCOLS, AppProtocol } from './protocols';

/** The echo image, pinned. It answers every request with JSON carrying `.os.hostname`, runs as uid 1000. */
export const ECHO_IMAGE = 'mendhak/http-https-echo:37';

/** Properties of an {@link EchoService}. */
export interface EchoServiceProps extends PodOptions {
  /**
   * Name of the Deployment and the Service, and the pods' `app` label.
   * @default 'echo-service'
   */
  readonly name?: string;
  /**
   * Namespace of every object.
   * @default - none set on the objects (the chart's or the provider's namespace applies); DNS names assume `default`
   */
  readonly namespace?: string;
  /**
   * Number of pods.
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
   * `appProtocol` of the Service port; Istio reads it to pick the protocol (istio.md §2).
   * @default 'http'
   */
  readonly appProtocol?: AppProtocol;
  /**
   * The pods' `version` label, which Istio telemetry reads.
   * @default 'v1'
   */
  readonly version?: string;
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
  /** The Deployment. */
  readonly deployment: KubeObject;
  /** The ClusterIP Service. */
  readonly service: KubeObject;
  /** Every object, in apply order. */
  readonly objects: readonly KubeObject[];
  /** How to reach the Service (used as an {@link EnvoyDirectPods} target). */
  readonly endpoint: ServiceEndpoint;
  /** The Deployment as a workload other constructs can select (e.g. a {@link HeadlessMeshService} target). */
  readonly workload: WorkloadRef;
}

/** Default resources of the echo container. */
export const ECHO_DEFAULT_RESOURCES: ResourceRequirements = {
  requests: { cpu: '50m', memory: '64Mi' },
  limits: { cpu: '500m', memory: '256Mi' },
};

/** uid/gid the echo image runs as. */
const ECHO_UID = 1000;

/** Builds the Deployment and Service of an echo server. Throws an {@link IstioDirectError} on bad input. */
export function buildEchoService(props: EchoServiceProps = {}): EchoServiceManifests {
  const name = props.name ?? 'echo-service';
  const p = new Problems('EchoService', name);
  const replicas = props.replicas ?? 3;
  const image = props.image ?? ECHO_IMAGE;
  const containerPort = props.containerPort ?? 8080;
  const port = props.port ?? 3000;
  const appProtocol = props.appProtocol ?? 'http';
  const version = props.version ?? 'v1';
  const clusterDomain = props.clusterDomain ?? DEFAULT_CLUSTER_DOMAIN;
  const resources = props.resources ?? ECHO_DEFAULT_RESOURCES;

  checkName(p, 'name', name, 'service');
  if (props.namespace !== undefined) {
    checkName(p, 'namespace', props.namespace, 'label');
  }
  checkInt(p, 'replicas', replicas, 0);
  checkImage(p, 'image', image);
  checkPort(p, 'containerPort', containerPort);
  checkPort(p, 'port', port);
  checkOneOf(p, 'appProtocol', appProtocol, APP_PROTOCOLS);
  checkLabelValue(p, 'version', version);
  checkPodOptions(p, props, name);
  checkResources(p, 'resources', resources);
  checkDomain(p, 'clusterDomain', clusterDomain);
  p.throwIfAny();

  const selector = selectorLabels(name);
  const labels = standardLabels({ app: name, instance: name, component: 'echo-server', extra: props.labels });
  const podLabels = sortKeys({ ...labels, version });
  const meta = (objectName: string) => objectMeta(objectName, props.namespace, labels);
  const deployment = restrictedDeployment({
    metadata: meta(name),
    replicas,
    selector,
    podLabels,
    podAnnotations: props.podAnnotations,
    uid: ECHO_UID,
    container: {
      name: 'echo',
      image,
      imagePullPolicy: 'IfNotPresent',
      env: [
        { name: 'HTTP_PORT', value: String(containerPort) },
        // Keeps kubelet probes out of the request log.
        { name: 'LOG_IGNORE_PATH', value: '/healthz' },
      ],
      ports: [{ name: 'http', containerPort, protocol: 'TCP' }],
      readinessProbe: {
        httpGet: { path: '/healthz', port: 'http' },
        periodSeconds: 5,
        timeoutSeconds: 1,
        failureThreshold: 3,
      },
      livenessProbe: {
        httpGet: { path: '/healthz', port: 'http' },
        initialDelaySeconds: 5,
        periodSeconds: 10,
        timeoutSeconds: 1,
        failureThreshold: 3,
      },
      resources,
      volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
    },
    readOnlyRootFilesystem: props.readOnlyRootFilesystem ?? true,
    volumes: [{ name: 'tmp', emptyDir: {} }],
  });

  const service: KubeObject = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta(name),
    spec: {
      type: 'ClusterIP',
      selector,
      ports: [{ name: 'http', port, targetPort: containerPort, protocol: 'TCP', appProtocol }],
    },
  };

  const namespace = props.namespace ?? DEFAULT_NAMESPACE;
  return {
    deployment,
    service,
    objects: [deployment, service],
    endpoint: {
      name,
      namespace,
      fqdn: serviceFqdn(name, namespace, clusterDomain),
      port,
      targetPort: containerPort,
      headless: false,
      selectorLabels: selector,
    },
    workload: { kind: 'Deployment', name, selectorLabels: selector, replicas },
  };
}
