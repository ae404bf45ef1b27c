/**
 * How Istio decides the protocol of a Service port, and which `appProtocol`
 * values the library emits.
 *
 * Istio's algorithm (`pkg/config/kube/conversion.go` `ConvertProtocol`,
 * `pkg/config/protocol/instance.go` `Parse`, https://istio.io/latest/docs/ops/configuration/traffic-management/protocol-selection/):
 * a UDP port is UDP; a set `appProtocol` replaces the port name entirely;
 * `kubernetes.io/h2c`, `kubernetes.io/ws` and `kubernetes.io/wss` are exact,
 * case-sensitive special values; otherwise a `grpc-web` prefix is checked, the
 * value is cut at the first `-` and matched case-insensitively. Anything else
 * is "unsupported": Istio sniffs the protocol, except on ports 25, 53, 3306 and
 * 27017, which are TCP.
 */
import { IstioVersion, istioHas } from './istio-version';

/** `appProtocol` values the constructs accept: exactly what Istio parses. */
export const APP_PROTOCOLS = [
  'tcp',
  'udp',
  'http',
  'http2',
  'https',
  'grpc',
  'grpc-web',
  'http_proxy',
  'tls',
  'mongo',
  'redis',
  'mysql',
  // Kubernetes-standard values: h2c from Istio 1.19, ws and wss from Istio 1.24.
  'kubernetes.io/h2c',
  'kubernetes.io/ws',
  'kubernetes.io/wss',
] as const;

/** An `appProtocol` Istio recognises. */
export type AppProtocol = (typeof APP_PROTOCOLS)[number];

/** The protocol Istio assigns to a port (`protocol.Instance`). */
export type IstioProtocol =
  | 'TCP'
  | 'UDP'
  | 'HTTP'
  | 'HTTP2'
  | 'HTTPS'
  | 'GRPC'
  | 'GRPC-Web'
  | 'HTTP_PROXY'
  | 'TLS'
  | 'Mongo'
  | 'Redis'
  | 'MySQL'
  /** Not recognised: Istio sniffs the protocol (auto-detection). */
  | 'Unsupported';

/** Case-insensitive names `protocol.Parse` knows, and what they become. */
export const ISTIO_PROTOCOL_NAMES: Readonly<Record<string, IstioProtocol>> = {
  tcp: 'TCP',
  udp: 'UDP',
  grpc: 'GRPC',
  'grpc-web': 'GRPC-Web',
  http: 'HTTP',
  http_proxy: 'HTTP_PROXY',
  http2: 'HTTP2',
  https: 'HTTPS',
  tls: 'TLS',
  mongo: 'Mongo',
  redis: 'Redis',
  mysql: 'MySQL',
};

/** Ports Istio treats as TCP when the protocol is not recognised. */
const WELL_KNOWN_TCP_PORTS = new Set([25, 53, 3306, 27017]);

/** A Service port as Istio sees it. */
export interface PortProtocolInput {
  /** `spec.ports[].port` */
  readonly port: number;
  /** `spec.ports[].name` */
  readonly name?: string;
  /** `spec.ports[].protocol` (`TCP` when unset). */
  readonly protocol?: string;
  /** `spec.ports[].appProtocol` */
  readonly appProtocol?: string;
}

/**
 * The protocol Istio assigns to a Service port, for the targeted Istio release
 * (`kubernetes.io/ws`/`wss` are unknown before 1.24, `kubernetes.io/h2c` before 1.19).
 */
export function istioProtocolOf(input: PortProtocolInput, version: IstioVersion): IstioProtocol {
  // Run per Service port of every input: no `??`, which the sources' transpiler turns into a closure per call.
  if (input.protocol !== undefined && input.protocol !== null && input.protocol.toUpperCase() === 'UDP') {
    return 'UDP';
  }
  const declared = input.appProtocol !== undefined && input.appProtocol !== '' ? input.appProtocol : input.name !== undefined && input.name !== null ? input.name : '';
  const parsed = input.appProtocol ? parseKubernetesAppProtocol(input.appProtocol, version) : undefined;
  const protocol = parsed !== undefined ? parsed : parseIstioProtocolName(declared);
  if (protocol === 'Unsupported' && WELL_KNOWN_TCP_PORTS.has(input.port)) {
    return 'TCP';
  }
  return protocol;
}

function parseKubernetesAppProtocol(appProtocol: string, version: IstioVersion): IstioProtocol | undefined {
  switch (appProtocol) {
    case 'kubernetes.io/h2c':
      return istioHas(version, 'appProtocolH2c') ? 'HTTP2' : 'Unsupported';
    case 'kubernetes.io/ws':
      return istioHas(version, 'appProtocolWebSocket') ? 'HTTP' : 'Unsupported';
    case 'kubernetes.io/wss':
      return istioHas(version, 'appProtocolWebSocket') ? 'HTTPS' : 'Unsupported';
    default:
      return undefined;
  }
}

/** A port name or `appProtocol` as `protocol.Parse` reads it: `grpc-web` prefix, then the part before the first `-`. */
export function parseIstioProtocolName(value: string): IstioProtocol {
  // Run per Service port: slices of the value, not its lowercase copy and a split array.
  const dash = value.indexOf('-');
  if (dash === 4 && value.length >= 8 && value.slice(0, 8).toLowerCase() === 'grpc-web') {
    return 'GRPC-Web';
  }
  const head = (dash < 0 ? value : value.slice(0, dash)).toLowerCase();
  const known = ISTIO_PROTOCOL_NAMES[head];
  return known !== undefined && known !== null ? known : 'Unsupported';
}

/**
 * Protocols whose headless-Service ports get per-pod outbound listeners (and so
 * mTLS) for pod-IP and per-pod-name traffic (`pilot/pkg/networking/core/listener.go`:
 * `IsTCP() || IsUnsupported()`; https://istio.io/latest/docs/ops/common-problems/network-issues/#503-error-while-accessing-headless-services).
 */
export function isPodIpSafe(protocol: IstioProtocol): boolean {
  return protocol === 'TCP' || protocol === 'HTTPS' || protocol === 'TLS' || protocol === 'Mongo' || protocol === 'Redis' || protocol === 'MySQL' || protocol === 'Unsupported';
}

/** HTTP-class protocols: one `0.0.0.0:<port>` HTTP listener, routed by Host, no per-pod listeners. */
export function isHttpClass(protocol: IstioProtocol): boolean {
  return protocol === 'HTTP' || protocol === 'HTTP2' || protocol === 'GRPC' || protocol === 'GRPC-Web' || protocol === 'HTTP_PROXY';
}

/**
 * The protocol name a `Sidecar` ingress port takes for an `appProtocol`: a
 * name `protocol.Parse` accepts (the webhook rejects others, e.g. `GRPC_WEB`).
 */
export function sidecarPortProtocol(appProtocol: AppProtocol, version: IstioVersion): string {
  const protocol = istioProtocolOf({ port: 0, appProtocol }, version);
  return protocol === 'Unsupported' ? 'TCP' : protocol;
}

/** True when the targeted Istio release parses `appProtocol` (the `kubernetes.io/*` values are newer). */
export function appProtocolSupported(appProtocol: string, version: IstioVersion): boolean {
  return istioProtocolOf({ port: 0, appProtocol }, version) !== 'Unsupported';
}
