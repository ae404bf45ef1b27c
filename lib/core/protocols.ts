/**
 * `appProtocol` values Istio recognises (istio.md §2, from
 * `pkg/config/protocol/instance.go` and `pkg/config/kube/conversion.go`).
 * Anything else makes Istio sniff the protocol, even on a port named `tcp-*`,
 * so the library emits only these.
 */
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
  // Kubernetes-standard values; Istio >= 1.19 understands them (PR #43988).
  'kubernetes.io/h2c',
  'kubernetes.io/ws',
  'kubernetes.io/wss',
] as const;

/** An `appProtocol` Istio recognises. */
export type AppProtocol = (typeof APP_PROTOCOLS)[number];

/**
 * Protocols that get per-pod listeners and mTLS when called by pod IP or
 * per-pod name through a headless Service (istio.md §1: TCP-class ports).
 */
export const POD_IP_SAFE_PROTOCOLS: readonly AppProtocol[] = ['tcp', 'tls', 'https', 'mongo', 'mysql', 'redis', 'kubernetes.io/wss'];

/** The Istio `Sidecar` ingress protocol name for an `appProtocol`. */
export function istioPortProtocol(appProtocol: AppProtocol): string {
  switch (appProtocol) {
    case 'kubernetes.io/h2c':
      return 'HTTP2';
    case 'kubernetes.io/ws':
      return 'HTTP';
    case 'kubernetes.io/wss':
      return 'HTTPS';
    case 'grpc-web':
      return 'GRPC_WEB';
    case 'http_proxy':
      return 'HTTP_PROXY';
    default:
      return appProtocol.toUpperCase();
  }
}
