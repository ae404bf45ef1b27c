/**
 * The canary example as Pulumi components: the objects of the cdk8s
 * `CanaryChart` (`examples/cdk8s/canary.ts`), field for field. Side-effect
 * free: call {@link deployCanary} from a program.
 */
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { CANARY_ECHO_PROPS, CANARY_NAMESPACE, CANARY_PROXY_PROPS } from '../cdk8s/canary';
import { EchoService, EnvoyDirectPods } from '../../lib/pulumi';

/** What {@link deployCanary} creates. */
export interface Canary {
  /** Namespace `echo-canary`, sidecar injection on. */
  readonly namespace: k8s.core.v1.Namespace;
  /** `echo-service`: Deployments `echo-service-v1` (3 pods) and `echo-service-v2` (1 pod), one Service over both. */
  readonly echo: EchoService;
  /** `envoy-proxy-istio-style`: a cluster per version, 90/10 by weight, `x-version: v2` to v2. */
  readonly proxy: EnvoyDirectPods;
}

/**
 * Creates the canary example in namespace `echo-canary`.
 *
 * @param opts options for every component, e.g. `{ provider }`
 */
export function deployCanary(opts: pulumi.ComponentResourceOptions = {}): Canary {
  const namespace = new k8s.core.v1.Namespace(
    'echo-canary',
    { metadata: { name: CANARY_NAMESPACE, labels: { 'istio-injection': 'enabled' } } },
    opts,
  );
  const withNamespace = { ...opts, dependsOn: [namespace] };
  const echo = new EchoService('echo-service', { ...CANARY_ECHO_PROPS, namespace: CANARY_NAMESPACE }, withNamespace);
  const proxy = new EnvoyDirectPods('envoy-proxy-istio-style', { ...CANARY_PROXY_PROPS, target: echo }, withNamespace);
  return { namespace, echo, proxy };
}
