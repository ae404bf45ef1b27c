// The program `pulumi up` runs (Pulumi.yaml `main`): the example scenario, and what to look at next.
import { deploySeed, SEED_POD_IPS } from './seed';

const seed = deploySeed();

/** `echo-service.default.svc.cluster.local` */
export const echoServiceFqdn = seed.echo.fqdn;
/** The echo pods' selector labels (`kubectl get pods -l app=echo-service`). */
export const echoSelectorLabels = seed.echo.selectorLabels;
/** The Envoy Service (LoadBalancer) and its port. */
export const proxyServiceName = seed.proxy.name;
export const proxyPort = seed.proxy.endpoint.port;
/** The Envoy cluster `/clusters` on the admin port lists. */
export const envoyClusterName = seed.proxy.clusterName;
/** SHA-256 of `envoy.yaml`, on the pod template: a config change rolls the Envoy pods. */
export const envoyConfigChecksum = seed.proxy.configChecksum;
/** The upstream pod IPs of the STATIC cluster. */
export const podIps = SEED_POD_IPS;
/** The external address of the Envoy Service, once the cluster's load balancer assigns one. */
export const proxyAddress = seed.proxy.service.status.apply((status) => {
  const ingress = status?.loadBalancer?.ingress?.[0];
  return ingress?.ip ?? ingress?.hostname ?? '<pending>';
});
