/**
 * The example scenario as Pulumi components. Side-effect free: `index.ts` (the
 * program `pulumi up` runs) calls {@link deploySeed}; the tests import it
 * after installing mocks .
 */
import * as pulumi from '@pulumi/pulumi';
import { EchoService, EnvoyDirectPods } from '../../lib/pulumi';

/** The example scenario's pod IPs; the same as the cdk8s example's. */
export const SEED_POD_IPS: readonly string[] = ['10.244.0.26', '10.244.1.26', '10.244.2.12'];

/** What {@link deploySeed} creates. */
export interface Seed {
  /** `echo-service`: 3 echo pods behind a ClusterIP Service on 3000. */
  readonly echo: EchoService;
  /** `envoy-proxy-istio-style`: Envoy balancing round robin across the pod IPs, behind a LoadBalancer Service on 8080. */
  readonly proxy: EnvoyDirectPods;
}

/**
 * Creates the example scenario: `echo-service` and `envoy-proxy-istio-style` in static
 * mode over {@link SEED_POD_IPS}: the objects of the cdk8s `SeedChart`, field for field.
 *
 * No headless Service over the echo pods here: `echo-service` maps port 3000 to the pods'
 * 8080 as `http`, and a second Service declaring 8080 as `tcp` over the same pods would make
 * Istio's inbound protocol on 8080 depend on which Service is older (rule ID106, istioctl
 * IST0137). The cdk8s `DnsDiscoveryChart` shows the mesh-correct variant, where both Services
 * agree.
 *
 * Objects carry no namespace: they land in the provider's namespace, and the
 * names Envoy uses assume `default`.
 *
 * @param opts options for every component, e.g. `{ provider }`
 */
export function deploySeed(opts: pulumi.ComponentResourceOptions = {}): Seed {
  // The example scenario's names, given: by default a component's objects take its resource name.
  const echo = new EchoService('echo-service', { name: 'echo-service' }, opts);
  const proxy = new EnvoyDirectPods(
    'envoy-proxy-istio-style',
    { name: 'envoy-proxy-istio-style', configMapName: 'envoy-config-istio-style', target: echo, discovery: 'static', podIps: SEED_POD_IPS },
    opts,
  );
  return { echo, proxy };
}
