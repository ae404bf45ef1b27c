/**
 * The example scenario as Pulumi components. Side-effect free: `index.ts` (the
 * program `pulumi up` runs) calls {@link deploySeed}; the tests import it
 * after installing mocks .
 */
import * as pulumi from '@pulumi/pulumi';
import { EchoService, EnvoyDirectPods, HeadlessMeshService } from '../../lib/pulumi';

/** The example scenario's pod IPs; the same as the cdk8s example's. */
export const SEED_POD_IPS: readonly string[] = ['10.244.0.26', '10.244.1.26', '10.244.2.12'];

/** What {@link deploySeed} creates. */
export interface Seed {
  /** `echo-service`: 3 echo pods behind a ClusterIP Service on 3000. */
  readonly echo: EchoService;
  /** `envoy-proxy-istio-style`: Envoy balancing round robin across the pod IPs, behind a LoadBalancer Service on 8080. */
  readonly proxy: EnvoyDirectPods;
  /** `echo-service-pods`: a headless Service (`tcp` on 8080) and a STRICT PeerAuthentication over the echo pods. */
  readonly pods: HeadlessMeshService;
}

/**
 * Creates the example scenario: `echo-service` and `envoy-proxy-istio-style` in static
 * mode over {@link SEED_POD_IPS} (the objects of the cdk8s `SeedChart`), plus
 * a HeadlessMeshService over the echo pods: its `tcp` port gives pod-IP traffic
 * per-pod listeners, so it gets mTLS when the namespace has sidecar injection
 * (https://istio.io/latest/docs/ops/common-problems/network-issues/#503-error-while-accessing-headless-services).
 * The same HeadlessMeshService as the cdk8s
 * `DnsDiscoveryChart`'s, without its namespace.
 *
 * Objects carry no namespace: they land in the provider's namespace, and the
 * names Envoy uses assume `default`.
 *
 * @param opts options for every component, e.g. `{ provider }`
 */
export function deploySeed(opts: pulumi.ComponentResourceOptions = {}): Seed {
  const echo = new EchoService('echo-service', {}, opts);
  const proxy = new EnvoyDirectPods(
    'envoy-proxy-istio-style',
    { target: echo, discovery: 'static', podIps: SEED_POD_IPS },
    opts,
  );
  const pods = new HeadlessMeshService(
    'echo-service-pods',
    {
      name: 'echo-service-pods',
      target: echo,
      ports: [{ port: 8080, name: 'tcp-echo' }],
    },
    opts,
  );
  return { echo, proxy, pods };
}
