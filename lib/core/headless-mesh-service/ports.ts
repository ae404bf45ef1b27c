/** Checks and defaults of a HeadlessMeshService's `ports`. */
import { Problems, show } from '../errors';
import { formatIstioVersion, IstioVersion } from '../istio-version';
import { APP_PROTOCOLS, AppProtocol, appProtocolSupported } from '../protocols';
import { checkArray, checkKnownKeys, checkOneOf, checkPort, checkPortName, checkRecord, checkUniqueAt } from '../validate';
import { MeshPort, PortProtocol, ResolvedMeshPort } from './props';

/** Most ports a HeadlessMeshService declares. */
export const MAX_MESH_PORTS = 1000;

const PORT_KEYS: readonly (keyof MeshPort)[] = ['port', 'name', 'appProtocol', 'protocol', 'targetPort'];

/** The ports, checked and defaulted; problems recorded on `p`. */
export function resolvePorts(p: Problems, ports: unknown, version: IstioVersion | undefined): ResolvedMeshPort[] {
  if (ports === undefined || (Array.isArray(ports) && ports.length === 0)) {
    const why = ports === undefined ? ': the target does not say which ports its containers listen on (target.ports)' : '';
    p.add('ports', `${ports === undefined ? 'is required' : '[] is empty'}: declare every port peers use (e.g. etcd 2379 and 2380)${why}`);
    return [];
  }
  if (!checkArray(p, 'ports', ports, 1, MAX_MESH_PORTS)) {
    return [];
  }
  const resolved: ResolvedMeshPort[] = [];
  const fields: string[] = [];
  for (let i = 0; i < ports.length; i++) {
    const port = resolvePort(p, `ports[${i}]`, ports[i], version);
    if (port !== undefined) {
      resolved.push(port);
      fields.push(`ports[${i}]`);
    }
  }
  checkUniqueAt(p, resolved.map((port, i) => ({ field: `${fields[i]}.port`, value: port.port, key: `${port.port}/${port.protocol}` })), 'port number');
  checkUniqueAt(p, resolved.map((port, i) => ({ field: `${fields[i]}.name`, value: port.name })), 'port name');
  return resolved;
}

function resolvePort(p: Problems, field: string, port: unknown, version: IstioVersion | undefined): ResolvedMeshPort | undefined {
  if (!checkRecord(p, field, port, 'a port such as { port: 9092, name: "broker" }')) {
    return undefined;
  }
  checkKnownKeys(p, field, port, PORT_KEYS);
  const protocol = port.protocol ?? 'TCP';
  const protocolOk = checkOneOf(p, `${field}.protocol`, protocol, ['TCP', 'UDP'] as const);
  const appProtocol = port.appProtocol ?? (protocol === 'UDP' ? 'udp' : 'tcp');
  const appOk = checkAppProtocol(p, `${field}.appProtocol`, appProtocol, protocol, version);
  const portOk = checkPort(p, `${field}.port`, port.port);
  if (port.targetPort !== undefined && (!portOk || port.targetPort !== port.port)) {
    if (checkPort(p, `${field}.targetPort`, port.targetPort) && portOk) {
      p.add(
        `${field}.targetPort`,
        `${show(port.targetPort)} differs from port ${show(port.port)}: on a headless Service they must be equal, Istio builds listeners on the port (https://github.com/istio/istio/issues/51908)`,
      );
    }
  }
  const name = port.name ?? (portOk && appOk ? defaultPortName(appProtocol as string, port.port as number) : undefined);
  const nameOk = name === undefined || checkPortName(p, `${field}.name`, name);
  if (!portOk || !appOk || !protocolOk || !nameOk || name === undefined) {
    return undefined;
  }
  return { name: name as string, port: port.port as number, protocol: protocol as PortProtocol, appProtocol: appProtocol as AppProtocol };
}

/** An `appProtocol` Istio parses, in the targeted release, that fits the transport protocol. */
export function checkAppProtocol(p: Problems, field: string, appProtocol: unknown, protocol: unknown, version: IstioVersion | undefined): boolean {
  if (!checkOneOf(p, field, appProtocol, APP_PROTOCOLS)) {
    return false;
  }
  if (protocol === 'UDP' && appProtocol !== 'udp') {
    p.add(field, `${show(appProtocol)} does not fit a UDP port: use "udp"`);
    return false;
  }
  if (protocol !== 'UDP' && appProtocol === 'udp') {
    p.add(
      field,
      '"udp" on a TCP port: Istio would take it for UDP and build no outbound listener, so traffic would leave as plaintext passthrough (pilot/pkg/networking/core/listener.go); use "tcp", or protocol "UDP"',
    );
    return false;
  }
  if (version !== undefined && !appProtocolSupported(appProtocol, version)) {
    p.add(
      field,
      `${show(appProtocol)} is not parsed by Istio ${formatIstioVersion(version)} (kubernetes.io/h2c from 1.19, kubernetes.io/ws and wss from 1.24; pkg/config/kube/conversion.go): Istio would sniff the protocol; use "http", "http2" or "https", or a newer istioVersion`,
    );
    return false;
  }
  return true;
}

/** `tcp-2380`, `h2c-8080`, `http-proxy-3128`: a valid IANA port name for the protocol. */
function defaultPortName(appProtocol: string, port: number): string {
  return `${appProtocol.replace(/^kubernetes\.io\//, '').replace(/[^a-z0-9]+/g, '-')}-${port}`;
}
