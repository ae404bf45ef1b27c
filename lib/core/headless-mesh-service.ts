/**
 * A headless Service for pods that talk to each other or are called by pod IP
 * (gossip, per-pod scraping), plus the Istio policy that makes that traffic
 * work under mTLS. Rules from istio.md §1-§6.
 */
import { Problems, show } from './errors';
import { objectMeta, sortKeys, standardLabels } from './labels';
import { DEFAULT_CLUSTER_DOMAIN, DEFAULT_NAMESPACE, serviceFqdn, statefulSetPodFqdns } from './names';
import { APP_PROTOCOLS, AppProtocol, sidecarPortProtocol } from './protocols';
import { parseIstioVersion } from './istio-version';
import { KubeObject, ServiceEndpoint, WorkloadRef } from './types';
import {
  checkAnnotations,
  checkDomain,
  checkInt,
  checkLabels,
  checkName,
  checkOneOf,
  checkPort,
  checkPortName,
  checkUnique,
} from './validate';

/** PeerAuthentication mTLS modes (istio.md §3). */
export type MtlsMode = 'STRICT' | 'PERMISSIVE' | 'DISABLE' | 'UNSET';
const MTLS_MODES: readonly MtlsMode[] = ['STRICT', 'PERMISSIVE', 'DISABLE', 'UNSET'];

/** Version of the Istio APIs to emit. `v1` needs Istio >= 1.22 (istio.md §3). */
export type IstioApiVersion = 'v1' | 'v1beta1';

/** How the workload's pods join the mesh. */
export type DataplaneMode = 'sidecar' | 'ambient';

/** Transport protocol of a Service port. */
export type PortProtocol = 'TCP' | 'UDP';

/** One port of a {@link HeadlessMeshService}. */
export interface MeshPort {
  /** Port number, the same on the Service and the container (istio.md §4). */
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
   * that use Service or per-pod hostnames (istio.md §1, §6).
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
   * and a different `targetPort` gives 503s (istio.md §4, #51908, #23675).
   * @default - `port`
   */
  readonly targetPort?: number;
}

/** Properties of a {@link HeadlessMeshService}. */
export interface HeadlessMeshServiceProps {
  /** Name of the Service (and of the PeerAuthentication, DestinationRule and Sidecar). A DNS-1035 label. */
  readonly name: string;
  /**
   * Namespace of every object; must be the workload's namespace.
   * @default - none set on the objects (the chart's or the provider's namespace applies); DNS names assume `default`
   */
  readonly namespace?: string;
  /** The workload whose pods the Service selects. */
  readonly target: WorkloadRef;
  /**
   * Every port peers or scrapers use, gossip, bus and election ports included
   * (istio.md §6 rule 1). At least one.
   */
  readonly ports: readonly MeshPort[];
  /**
   * Publish DNS records for pods that are not ready yet, so peers can find
   * each other while bootstrapping (istio.md §4).
   * @default true
   */
  readonly publishNotReadyAddresses?: boolean;
  /**
   * Workload-level mTLS mode of the PeerAuthentication.
   * @default 'STRICT'
   */
  readonly mtlsMode?: MtlsMode;
  /**
   * Port-level mTLS modes, keyed by container port (which is `port` here).
   * Each key must be a declared port. A `DISABLE` here (e.g. a metrics port a
   * sidecar-less Prometheus scrapes) also emits the DestinationRule that makes
   * headless clients honour it (istio.md §3, §5 item 10).
   * @default - none
   */
  readonly portLevelMtls?: Readonly<Record<number, MtlsMode>>;
  /**
   * Emit the PeerAuthentication. Turn off when another policy already selects
   * these pods: only the oldest of two policies with the same selector applies (istio.md §3).
   * @default true
   */
  readonly peerAuthentication?: boolean;
  /**
   * API version of the Istio objects: `v1` (Istio >= 1.22) or `v1beta1` for older Istio.
   * @default 'v1'
   */
  readonly istioApiVersion?: IstioApiVersion;
  /**
   * `sidecar` or `ambient`. Ambient does not support PeerAuthentication
   * `DISABLE` nor the Sidecar resource, so both are rejected there (istio.md §1, §3).
   * @default 'sidecar'
   */
  readonly dataplaneMode?: DataplaneMode;
  /**
   * Ports whose application listens only on localhost: emits a `Sidecar` with
   * `ingress[].defaultEndpoint: 127.0.0.1:<port>` for them (istio.md §6 "Inbound binding").
   * @default - none, no Sidecar
   */
  readonly localhostPorts?: readonly number[];
  /**
   * Per-pod DNS names (`<sts>-<i>.<svc>.<ns>.svc.<domain>`). Only StatefulSets
   * have them; asking for them on a Deployment is an error (istio.md §4).
   * @default - true for a StatefulSet target, false for a Deployment
   */
  readonly perPodDns?: boolean;
  /**
   * Namespaces the Service is visible to (`networking.istio.io/exportTo`). Clients
   * that cannot see it get no per-pod listeners and fail under STRICT (istio.md §6 "Visibility").
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

/** A resolved port of the headless Service. */
export interface ResolvedMeshPort {
  readonly name: string;
  readonly port: number;
  readonly protocol: PortProtocol;
  readonly appProtocol: AppProtocol;
}

/** What {@link buildHeadlessMeshService} returns. */
export interface HeadlessMeshServiceManifests {
  /** The headless Service. */
  readonly service: KubeObject;
  /** The PeerAuthentication, unless turned off. */
  readonly peerAuthentication?: KubeObject;
  /** The DestinationRule, emitted when some port's mTLS is DISABLE. */
  readonly destinationRule?: KubeObject;
  /** The Sidecar, emitted when `localhostPorts` is set. */
  readonly sidecar?: KubeObject;
  /** Every object, in apply order. */
  readonly objects: readonly KubeObject[];
  /** The Service FQDN, its first port and the selector labels. */
  readonly endpoint: ServiceEndpoint;
  /** The ports, resolved. */
  readonly ports: readonly ResolvedMeshPort[];
  /** Per-pod DNS names, in ordinal order (empty for a Deployment). */
  readonly podDnsNames: readonly string[];
}

/** Builds the headless Service and its Istio policy. Throws an {@link IstioDirectError} on bad input. */
export function buildHeadlessMeshService(props: HeadlessMeshServiceProps): HeadlessMeshServiceManifests {
  const name = props.name;
  const p = new Problems('HeadlessMeshService', String(name));
  const target = props.target;
  const clusterDomain = props.clusterDomain ?? DEFAULT_CLUSTER_DOMAIN;
  const mtlsMode = props.mtlsMode ?? 'STRICT';
  const apiVersion = props.istioApiVersion ?? 'v1';
  const dataplane = props.dataplaneMode ?? 'sidecar';
  const portLevel = props.portLevelMtls ?? {};
  const localhostPorts = props.localhostPorts ?? [];

  checkName(p, 'name', name, 'service');
  if (props.namespace !== undefined) {
    checkName(p, 'namespace', props.namespace, 'label');
  }
  checkDomain(p, 'clusterDomain', clusterDomain);
  checkOneOf(p, 'mtlsMode', mtlsMode, MTLS_MODES);
  checkOneOf(p, 'istioApiVersion', apiVersion, ['v1', 'v1beta1'] as const);
  checkOneOf(p, 'dataplaneMode', dataplane, ['sidecar', 'ambient'] as const);
  checkLabels(p, 'labels', props.labels);
  checkAnnotations(p, 'annotations', props.annotations);
  checkTarget(p, target, name);

  const ports = resolvePorts(p, props.ports);
  const declared = new Set(ports.map((port) => port.port));

  for (const [key, mode] of Object.entries(portLevel)) {
    const port = Number(key);
    if (checkPort(p, `portLevelMtls[${key}]`, port) && !declared.has(port)) {
      p.add(`portLevelMtls[${key}]`, `port ${port} is not one of the declared ports (${[...declared].join(', ')})`);
    }
    checkOneOf(p, `portLevelMtls[${key}]`, mode, MTLS_MODES);
  }
  localhostPorts.forEach((port, i) => {
    if (checkPort(p, `localhostPorts[${i}]`, port) && !declared.has(port)) {
      p.add(`localhostPorts[${i}]`, `port ${port} is not one of the declared ports (${[...declared].join(', ')})`);
    }
  });
  checkUnique(p, 'localhostPorts', localhostPorts, 'port');
  if (dataplane === 'ambient') {
    if (mtlsMode === 'DISABLE') {
      p.add('mtlsMode', '"DISABLE" is not supported in ambient mode (istio.md §1); use "PERMISSIVE"');
    }
    for (const [key, mode] of Object.entries(portLevel)) {
      if (mode === 'DISABLE') {
        p.add(`portLevelMtls[${key}]`, '"DISABLE" is not supported in ambient mode (istio.md §1); use "PERMISSIVE"');
      }
    }
    if (localhostPorts.length > 0) {
      p.add('localhostPorts', 'a Sidecar resource has no effect in ambient mode; listen on 0.0.0.0 or the pod IP instead');
    }
  }
  if (props.peerAuthentication === false && Object.keys(portLevel).length > 0) {
    p.add('portLevelMtls', 'is set but peerAuthentication is false: port-level modes live in the PeerAuthentication');
  }
  (props.exportTo ?? []).forEach((ns, i) => {
    if (ns !== '.' && ns !== '*' && ns !== '~') {
      checkName(p, `exportTo[${i}]`, ns, 'label');
    }
  });

  const perPodDns = props.perPodDns ?? target?.kind === 'StatefulSet';
  if (perPodDns && target?.kind === 'Deployment') {
    p.add(
      'perPodDns',
      `the target is Deployment ${show(target.name)}, whose pods have no per-pod DNS names (istio.md §4); use a StatefulSet, or address the pods by IP through this Service's tcp ports`,
    );
  }
  if (perPodDns && target?.kind === 'StatefulSet' && target.replicas === undefined) {
    p.add('target.replicas', `StatefulSet ${show(target.name)} has no replica count, so its per-pod DNS names are unknown`);
  }
  p.throwIfAny();

  const namespace = props.namespace ?? DEFAULT_NAMESPACE;
  const fqdn = serviceFqdn(name, namespace, clusterDomain);
  const labels = standardLabels({
    app: target.selectorLabels.app ?? name,
    instance: name,
    component: 'headless-service',
    extra: props.labels,
  });
  const meta = (annotations?: Record<string, string>) => objectMeta(name, props.namespace, labels, annotations);
  const selector = sortKeys(target.selectorLabels);

  const serviceAnnotations: Record<string, string> = { ...(props.annotations ?? {}) };
  if (props.exportTo !== undefined) {
    serviceAnnotations['networking.istio.io/exportTo'] = props.exportTo.join(',');
  }
  const service: KubeObject = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta(serviceAnnotations),
    spec: {
      clusterIP: 'None',
      publishNotReadyAddresses: props.publishNotReadyAddresses ?? true,
      selector,
      ports: ports.map((port) => ({
        name: port.name,
        port: port.port,
        targetPort: port.port,
        protocol: port.protocol,
        appProtocol: port.appProtocol,
      })),
    },
  };
  const objects: KubeObject[] = [service];

  const effectiveMode = (port: number): MtlsMode => {
    const mode = portLevel[port];
    return mode === undefined || mode === 'UNSET' ? mtlsMode : mode;
  };

  let peerAuthentication: KubeObject | undefined;
  if (props.peerAuthentication ?? true) {
    const portLevelKeys = Object.keys(portLevel).map(Number).sort((a, b) => a - b);
    const portLevelMtls: Record<string, { mode: MtlsMode }> = {};
    for (const port of portLevelKeys) {
      portLevelMtls[String(port)] = { mode: portLevel[port] };
    }
    peerAuthentication = {
      apiVersion: `security.istio.io/${apiVersion}`,
      kind: 'PeerAuthentication',
      metadata: meta(),
      spec: {
        // A portLevelMtls map requires a selector (CEL rule, istio.md §3): always present.
        selector: { matchLabels: selector },
        mtls: { mode: mtlsMode },
        ...(portLevelKeys.length > 0 ? { portLevelMtls } : {}),
      },
    };
    objects.push(peerAuthentication);
  }

  // Headless clients decide mTLS from namespace/mesh policy only, so a
  // workload- or port-level DISABLE needs a DestinationRule to be honoured
  // (istio.md §3 "Headless-client gotcha", §5 item 10, #39439).
  let destinationRule: KubeObject | undefined;
  const anyDisabled = ports.some((port) => effectiveMode(port.port) === 'DISABLE');
  if (peerAuthentication !== undefined && anyDisabled) {
    const workloadDisabled = mtlsMode === 'DISABLE';
    const portLevelSettings = ports
      .filter((port) => (effectiveMode(port.port) === 'DISABLE') !== workloadDisabled)
      .sort((a, b) => a.port - b.port)
      .map((port) => ({
        port: { number: port.port },
        tls: { mode: effectiveMode(port.port) === 'DISABLE' ? 'DISABLE' : 'ISTIO_MUTUAL' },
      }));
    destinationRule = {
      apiVersion: `networking.istio.io/${apiVersion}`,
      kind: 'DestinationRule',
      metadata: meta(),
      spec: {
        host: fqdn,
        trafficPolicy: {
          ...(workloadDisabled ? { tls: { mode: 'DISABLE' } } : {}),
          ...(portLevelSettings.length > 0 ? { portLevelSettings } : {}),
        },
      },
    };
    objects.push(destinationRule);
  }

  let sidecar: KubeObject | undefined;
  if (localhostPorts.length > 0) {
    const byPort = new Map(ports.map((port) => [port.port, port]));
    sidecar = {
      apiVersion: `networking.istio.io/${apiVersion}`,
      kind: 'Sidecar',
      metadata: meta(),
      spec: {
        workloadSelector: { labels: selector },
        ingress: [...localhostPorts]
          .sort((a, b) => a - b)
          .map((number) => {
            const port = byPort.get(number)!;
            return {
              port: { number, protocol: sidecarPortProtocol(port.appProtocol, parseIstioVersion(apiVersion === 'v1' ? '1.24' : '1.21')!), name: port.name },
              defaultEndpoint: `127.0.0.1:${number}`,
            };
          }),
      },
    };
    objects.push(sidecar);
  }

  const podDnsNames =
    perPodDns && target.kind === 'StatefulSet' ? statefulSetPodFqdns(target.name, target.replicas ?? 0, name, namespace, clusterDomain) : [];

  return {
    service,
    peerAuthentication,
    destinationRule,
    sidecar,
    objects,
    endpoint: {
      name,
      namespace,
      fqdn,
      port: ports[0].port,
      targetPort: ports[0].port,
      headless: true,
      selectorLabels: selector,
    },
    ports,
    podDnsNames,
  };
}

function checkTarget(p: Problems, target: WorkloadRef | undefined, serviceName: string): void {
  if (target === undefined || target === null || typeof target !== 'object') {
    p.add('target', `${show(target)} is not a workload: give a Deployment or StatefulSet (or its kind, name and selector labels)`);
    return;
  }
  checkOneOf(p, 'target.kind', target.kind, ['Deployment', 'StatefulSet'] as const);
  checkName(p, 'target.name', target.name, 'subdomain');
  if (!target.selectorLabels || Object.keys(target.selectorLabels).length === 0) {
    p.add('target.selectorLabels', 'is empty: a selector-less Service or policy would select every pod in the namespace');
  } else {
    checkLabels(p, 'target.selectorLabels', target.selectorLabels);
  }
  if (target.replicas !== undefined) {
    checkInt(p, 'target.replicas', target.replicas, 0);
  }
  if (target.kind === 'StatefulSet' && target.serviceName !== undefined && target.serviceName !== serviceName) {
    p.add(
      'target.serviceName',
      `StatefulSet ${show(target.name)} is governed by Service ${show(target.serviceName)}, not ${show(serviceName)}: its pods get per-pod DNS names only under their governing Service (istio.md §4)`,
    );
  }
}

function resolvePorts(p: Problems, ports: readonly MeshPort[] | undefined): ResolvedMeshPort[] {
  if (!Array.isArray(ports) || ports.length === 0) {
    p.add('ports', `is ${ports === undefined ? 'missing' : 'empty'}: declare every port peers use (e.g. etcd 2379 and 2380)`);
    return [];
  }
  const resolved: ResolvedMeshPort[] = [];
  ports.forEach((port, i) => {
    const field = `ports[${i}]`;
    const protocol = port.protocol ?? 'TCP';
    const appProtocol = port.appProtocol ?? (protocol === 'UDP' ? 'udp' : 'tcp');
    const portOk = checkPort(p, `${field}.port`, port.port);
    checkOneOf(p, `${field}.protocol`, protocol, ['TCP', 'UDP'] as const);
    checkOneOf(p, `${field}.appProtocol`, appProtocol, APP_PROTOCOLS);
    if (protocol === 'UDP' && appProtocol !== 'udp') {
      p.add(`${field}.appProtocol`, `${show(appProtocol)} does not fit a UDP port: use "udp"`);
    }
    if (port.targetPort !== undefined && port.targetPort !== port.port) {
      p.add(
        `${field}.targetPort`,
        `${show(port.targetPort)} differs from port ${show(port.port)}: on a headless Service they must be equal, Istio builds listeners on the port (istio.md §4)`,
      );
    }
    const name = port.name ?? (portOk ? defaultPortName(appProtocol, port.port) : '');
    if (port.name !== undefined || portOk) {
      checkPortName(p, `${field}.name`, name);
    }
    resolved.push({ name, port: port.port, protocol, appProtocol });
  });
  checkUnique(
    p,
    'ports',
    resolved.map((port) => `${port.port}/${port.protocol}`),
    'port',
  );
  checkUnique(
    p,
    'ports',
    resolved.map((port) => port.name),
    'port name',
  );
  return resolved;
}

/** `tcp-2380`, `h2c-8080`, `http-proxy-3128`: a valid IANA port name for the protocol. */
function defaultPortName(appProtocol: string, port: number): string {
  return `${appProtocol.replace(/^kubernetes\.io\//, '').replace(/[^a-z0-9]+/g, '-')}-${port}`;
}
