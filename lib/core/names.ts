/** DNS names of Services and pods (https://kubernetes.io/docs/concepts/services-networking/dns-pod-service/). */
import { createHash } from 'crypto';

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

/** Longest DNS-1035 label (a Service name; every other kind the constructs emit takes it too). */
const MAX_LABEL = 63;

/** A DNS-1035 label: lowercase letters, digits and '-', starting with a letter, not ending with '-', at most 63 characters. */
export const DNS_1035_LABEL = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** Path components that name a construct's default child, not the construct (as cdk8s's own names drop them). */
const DEFAULT_CHILD_IDS: ReadonlySet<string> = new Set(['resource', 'default']);

/**
 * A default object name from a construct path (cdk8s) or a resource name (Pulumi): a DNS-1035 label
 * of at most 63 characters, so it is valid for every kind the constructs emit (Service, Deployment,
 * ConfigMap, the Istio kinds) and as the pods' `app` label value.
 *
 * Each component is lowercased, every run of other characters than `a-z0-9` becomes one `-`; empty
 * components, `Resource`/`Default` and a repeat of the previous component are dropped, the rest
 * joined by `-`, as cdk8s names its objects. `hash` (hex) is appended and kept whole when the name
 * is cut to length (the first components go first); it is what makes the name unique, as the path
 * is. Leading characters up to the first letter are dropped; nothing left gives `fallback`.
 *
 * @example
 * dnsLabelFromPath(['seed', 'Echo_Service'], 'c8a1b2c3', 'echo') // 'seed-echo-service-c8a1b2c3'
 */
export function dnsLabelFromPath(components: readonly string[], hash: string | undefined, fallback: string): string {
  const parts: string[] = [];
  for (const component of components) {
    const part = component.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
    if (part !== '' && !DEFAULT_CHILD_IDS.has(part) && part !== parts[parts.length - 1]) parts.push(part);
  }
  const suffix = hash !== undefined && hash !== '' ? `-${hash.toLowerCase().replace(/[^a-z0-9]/g, '')}` : '';
  let human = parts.join('-');
  const budget = MAX_LABEL - suffix.length;
  if (human.length > budget) human = human.slice(human.length - budget);
  human = human.replace(/^[^a-z]+/, '').replace(/-+$/, '');
  return `${human === '' ? fallback : human}${suffix}`;
}

/**
 * The default object name of a Pulumi component: its resource name when that is already a DNS-1035
 * label (Pulumi resource names are unique per type, and the user chose this one), else
 * {@link dnsLabelFromPath} of it with the first 8 hex digits of its SHA-256 appended, so two names
 * that normalize alike (`Echo_1`, `echo-1`) still differ.
 */
export function resourceDnsName(resourceName: string, fallback: string): string {
  if (DNS_1035_LABEL.test(resourceName)) return resourceName;
  return dnsLabelFromPath([resourceName], createHash('sha256').update(resourceName, 'utf8').digest('hex').slice(0, 8), fallback);
}
