/**
 * The canary example: two versions of the echo server behind one Envoy that
 * routes by weight and by header, with per-pod limits and per-pod stats.
 * Side-effect free, like `charts.ts`.
 */
import { ApiObject, Chart, ChartProps, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import { EchoService, EnvoyDirectPods } from '../../lib/cdk8s';
import type { EchoServiceProps, EnvoyDirectPodsProps } from '../../lib/cdk8s';

/** Namespace of the canary example. */
export const CANARY_NAMESPACE = 'echo-canary';

/** The echo server in two versions: v1 x3 (stable) and v2 x1 (canary), on 8080 as `tcp`. */
export const CANARY_ECHO_PROPS: EchoServiceProps = {
  // The example scenario's names (without them, names come from the construct path).
  name: 'echo-service',
  // `tcp`, as the per-version headless Services the proxy emits: Istio then builds per-pod
  // listeners, and every Service over the pods agrees on 8080 (rule ID106).
  port: 8080,
  appProtocol: 'tcp',
  versions: [
    { name: 'v1', replicas: 3 },
    { name: 'v2', replicas: 1 },
  ],
};

/** The proxy's props without the target: 90/10 by weight, `x-version: v2` straight to v2. */
export const CANARY_PROXY_PROPS: Omit<EnvoyDirectPodsProps, 'target'> = {
  name: 'envoy-proxy-istio-style',
  configMapName: 'envoy-config-istio-style',
  versions: [{ name: 'v1' }, { name: 'v2' }],
  routes: [
    { name: 'canary-by-header', headers: [{ name: 'x-version', exact: 'v2' }], version: 'v2' },
    { name: 'default', weights: { v1: 90, v2: 10 } },
  ],
  istioSidecar: true,
  outlierDetection: {},
  circuitBreakers: { maxConnectionsPerHost: 64 },
  perEndpointStats: true,
  statsListener: {},
  accessLogFormat: 'istio',
};

/**
 * `echo-service` v1 (3 pods) and v2 (1 pod), and `envoy-proxy-istio-style` in
 * front of them: one cluster per version on a headless Service per version
 * (`echo-service-v1`, `echo-service-v2`), 90% of requests to v1 and 10% to v2,
 * and every request with `x-version: v2` to v2. Its own namespace, sidecars injected.
 */
export class CanaryChart extends Chart {
  public readonly echo: EchoService;
  public readonly proxy: EnvoyDirectPods;

  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, { ...props, namespace: CANARY_NAMESPACE });
    const namespace = new ApiObject(this, 'namespace', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: CANARY_NAMESPACE, labels: { 'istio-injection': 'enabled' } },
    });
    // A Namespace is cluster-scoped: no metadata.namespace (the chart sets one on every object).
    namespace.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
    this.echo = new EchoService(this, 'echo-service', CANARY_ECHO_PROPS);
    this.proxy = new EnvoyDirectPods(this, 'envoy-proxy-istio-style', { ...CANARY_PROXY_PROPS, target: this.echo });
  }
}
