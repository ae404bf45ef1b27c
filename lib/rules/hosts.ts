/** Host names resolved to Services the way cluster DNS and Istio resolve them. */
import { ServiceInfo } from './types';

type ServiceLookup = (namespace: string, name: string) => ServiceInfo | undefined;

/**
 * The Service `host` names from `fromNamespace`: `svc`, `svc.ns`,
 * `svc.ns.svc`, `svc.ns.svc.<clusterDomain>`; a per-pod name
 * (`pod.svc.ns.svc.<clusterDomain>`, `pod.svc.ns.svc`, `pod.svc.ns`) gives its
 * headless Service. Wildcards and other names give `undefined`.
 */
export function resolveHost(host: string, fromNamespace: string, clusterDomain: string, service: ServiceLookup): ServiceInfo | undefined {
  const written = host.trim().toLowerCase().replace(/\.$/, '');
  if (written === '' || written.includes('*')) return undefined;
  let parts = written.split('.');
  const domain = domainParts(clusterDomain);
  let explicit = false;
  if (parts.length > domain.length && endsWith(parts, domain)) {
    parts = parts.slice(0, -domain.length);
    explicit = true;
  } else if (parts.length >= 3 && parts[parts.length - 1] === 'svc') {
    parts = parts.slice(0, -1);
    explicit = true;
  }
  if (parts.length === 1) return explicit ? undefined : service(fromNamespace, parts[0]);
  if (parts.length === 2) {
    const direct = service(parts[1], parts[0]);
    return direct !== undefined || explicit ? direct : headless(service(fromNamespace, parts[1]));
  }
  if (parts.length === 3) return headless(service(parts[2], parts[1]));
  return undefined;
}

/** `svc` and the labels of the cluster domain, lowercased (kept for the last domain asked: a run has one). */
let lastDomain: { readonly clusterDomain: string; readonly parts: readonly string[] } | undefined;

function domainParts(clusterDomain: string): readonly string[] {
  if (lastDomain === undefined || lastDomain.clusterDomain !== clusterDomain) {
    lastDomain = { clusterDomain, parts: ['svc', ...clusterDomain.toLowerCase().split('.')] };
  }
  return lastDomain.parts;
}

function endsWith(parts: readonly string[], tail: readonly string[]): boolean {
  return tail.every((t, i) => parts[parts.length - tail.length + i] === t);
}

function headless(s: ServiceInfo | undefined): ServiceInfo | undefined {
  return s !== undefined && s.headless ? s : undefined;
}
