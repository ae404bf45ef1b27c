/** HeadlessMeshService spec -> plain objects (pure: no checks, no defaults). */
import { objectMeta } from '../labels';
import { sidecarPortProtocol } from '../protocols';
import { KubeObject } from '../types';
import { MtlsMode } from '../types';
import { HeadlessMeshServiceManifests, HeadlessMeshServiceSpec } from './props';

/** Renders the Service, PeerAuthentication, DestinationRule and Sidecar of a resolved spec. */
export function renderHeadlessMeshService(spec: HeadlessMeshServiceSpec): HeadlessMeshServiceManifests {
  const service = renderService(spec);
  const peerAuthentication = spec.peerAuthentication ? renderPeerAuthentication(spec) : undefined;
  const destinationRule = peerAuthentication !== undefined ? renderDestinationRule(spec) : undefined;
  const sidecar = spec.localhostPorts.length > 0 ? renderSidecar(spec) : undefined;
  const configMap = renderRecipeConfigMap(spec);
  const objects = [configMap, service, peerAuthentication, destinationRule, sidecar].filter((o): o is KubeObject => o !== undefined);
  return {
    service,
    peerAuthentication,
    destinationRule,
    sidecar,
    ...(configMap !== undefined ? { configMap } : {}),
    objects,
    endpoint: {
      name: spec.name,
      namespace: spec.dnsNamespace,
      fqdn: spec.fqdn,
      port: spec.ports[0].port,
      targetPort: spec.ports[0].port,
      headless: true,
      selectorLabels: spec.selector,
    },
    ports: spec.ports,
    podDnsNames: spec.podDnsNames,
    ...(spec.recipe !== undefined ? { recipe: spec.recipe } : {}),
  };
}

function meta(spec: HeadlessMeshServiceSpec, annotations?: Readonly<Record<string, string>>) {
  return objectMeta(spec.name, spec.namespace, spec.labels, annotations);
}

/** The ConfigMap of the recipe's `configMap` files (RabbitMQ's conf.d file), when it has any. */
function renderRecipeConfigMap(spec: HeadlessMeshServiceSpec): KubeObject | undefined {
  const files = (spec.recipe?.files ?? []).flatMap((f) => (f.source === 'configMap' ? [f] : []));
  if (files.length === 0) {
    return undefined;
  }
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: objectMeta(files[0].configMap, spec.namespace, spec.labels),
    data: Object.fromEntries(files.map((f) => [f.key, f.content])),
  };
}

function renderService(spec: HeadlessMeshServiceSpec): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta(spec, spec.serviceAnnotations),
    spec: {
      clusterIP: 'None',
      publishNotReadyAddresses: spec.publishNotReadyAddresses,
      selector: spec.selector,
      ports: spec.ports.map((port) => ({
        name: port.name,
        port: port.port,
        targetPort: port.port,
        protocol: port.protocol,
        appProtocol: port.appProtocol,
      })),
    },
  };
}

function renderPeerAuthentication(spec: HeadlessMeshServiceSpec): KubeObject {
  const portLevelMtls: Record<string, { mode: MtlsMode }> = {};
  for (const entry of spec.portLevelMtls) {
    portLevelMtls[String(entry.port)] = { mode: entry.mode };
  }
  return {
    apiVersion: `security.istio.io/${spec.istioApiVersion}`,
    kind: 'PeerAuthentication',
    metadata: meta(spec),
    spec: {
      // A portLevelMtls map requires a selector (the CRD's CEL rule "portLevelMtls requires selector"): always present.
      selector: { matchLabels: spec.selector },
      mtls: { mode: spec.mtlsMode },
      ...(spec.portLevelMtls.length > 0 ? { portLevelMtls } : {}),
    },
  };
}

/** The mTLS mode a port ends up with. */
function effectiveMode(spec: HeadlessMeshServiceSpec, port: number): MtlsMode {
  const mode = spec.portLevelMtls.find((entry) => entry.port === port)?.mode;
  return mode === undefined || mode === 'UNSET' ? spec.mtlsMode : mode;
}

/**
 * Headless clients decide mTLS from namespace and mesh policy only
 * (`pilot/pkg/model/push_context.go`, https://github.com/istio/istio/issues/39439), so a
 * workload- or port-level DISABLE needs a DestinationRule to be honoured.
 */
function renderDestinationRule(spec: HeadlessMeshServiceSpec): KubeObject | undefined {
  const disabled = new Set(spec.ports.filter((port) => effectiveMode(spec, port.port) === 'DISABLE').map((port) => port.port));
  if (disabled.size === 0) {
    return undefined;
  }
  const workloadDisabled = spec.mtlsMode === 'DISABLE';
  const portLevelSettings = spec.ports
    .filter((port) => disabled.has(port.port) !== workloadDisabled)
    .map((port) => port.port)
    .sort((a, b) => a - b)
    .map((number) => ({ port: { number }, tls: { mode: disabled.has(number) ? 'DISABLE' : 'ISTIO_MUTUAL' } }));
  return {
    apiVersion: `networking.istio.io/${spec.istioApiVersion}`,
    kind: 'DestinationRule',
    metadata: meta(spec),
    spec: {
      host: spec.fqdn,
      trafficPolicy: {
        ...(workloadDisabled ? { tls: { mode: 'DISABLE' } } : {}),
        ...(portLevelSettings.length > 0 ? { portLevelSettings } : {}),
      },
    },
  };
}

/**
 * A Sidecar whose ingress lists every declared TCP port: any ingress entry turns off
 * Istio's Service-based inbound handling of the ports it does not list
 * (`pilot/pkg/networking/core/listener_inbound.go`). Localhost ports go to the loopback
 * address, the others to the pod IP (`0.0.0.0` / `[::]`, `pilot/pkg/networking/core/cluster.go`).
 */
function renderSidecar(spec: HeadlessMeshServiceSpec): KubeObject {
  const localhost = new Set(spec.localhostPorts);
  const [loopback, podIp] = spec.ipFamily === 'IPv6' ? ['[::1]', '[::]'] : ['127.0.0.1', '0.0.0.0'];
  const ingress = spec.ports
    .filter((port) => port.protocol === 'TCP')
    .sort((a, b) => a.port - b.port)
    .map((port) => ({
      port: { number: port.port, protocol: sidecarPortProtocol(port.appProtocol, spec.istioVersion), name: port.name },
      defaultEndpoint: `${localhost.has(port.port) ? loopback : podIp}:${port.port}`,
    }));
  return {
    apiVersion: `networking.istio.io/${spec.istioApiVersion}`,
    kind: 'Sidecar',
    metadata: meta(spec),
    spec: {
      workloadSelector: { labels: spec.selector },
      ingress,
      ...(spec.sidecarEgressHosts !== undefined ? { egress: [{ hosts: [...spec.sidecarEgressHosts] }] } : {}),
      ...(spec.outboundTrafficPolicy !== undefined ? { outboundTrafficPolicy: { mode: spec.outboundTrafficPolicy } } : {}),
    },
  };
}
