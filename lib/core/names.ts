/** DNS names of Services and pods (https://kubernetes.io/docs/concepts/services-networking/dns-pod-service/). */

/** The default Kubernetes cluster domain. */
export const DEFAULT_CLUSTER_DOMAIN = 'cluster.local';

/** The namespace objects land in when none is given. */
export const DEFAULT_NAMESPACE = 'default';

/** `<service>.<namespace>.svc.<clusterDomain>` */
export function serviceFqdn(service: string, namespace: string, clusterDomain: string = DEFAULT_CLUSTER_DOMAIN): string {
  return `${service}.${namespace}.svc.${clusterDomain}`;
}

/**
 * Per-pod names of a StatefulSet governed by a headless Service:
 * `<sts>-<i>.<service>.<namespace>.svc.<clusterDomain>`, in ordinal order.
 */
export function statefulSetPodFqdns(
  statefulSet: string,
  replicas: number,
  service: string,
  namespace: string,
  clusterDomain: string = DEFAULT_CLUSTER_DOMAIN,
): string[] {
  const names: string[] = [];
  for (let i = 0; i < replicas; i++) {
    names.push(`${statefulSet}-${i}.${serviceFqdn(service, namespace, clusterDomain)}`);
  }
  return names;
}
