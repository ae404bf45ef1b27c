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
  const domain = ['svc', ...clusterDomain.toLowerCase().split('.')];
  let explicit = false;
  if (parts.length > domain.length && endsWith(parts, domain)) {
    parts = parts.slice(0, -domain.length);
    explicit = true;
  } else if (parts.length >= 3 && parts[parts.length - 1] === 'svc') {
    parts = parts.slice(0, -1);
    explicit = true;
  }
  if (parts.length === 1) return explicit ? undefined : service(fromNamespace, parts[0]);
  if (parts.length === 2) return service(parts[1], parts[0]) ?? (explicit ? undefined : headless(service(fromNamespace, parts[1])));
  if (parts.length === 3) return headless(service(parts[2], parts[1]));
  return undefined;
}

function endsWith(parts: readonly string[], tail: readonly string[]): boolean {
  return tail.every((t, i) => parts[parts.length - tail.length + i] === t);
}

function headless(s: ServiceInfo | undefined): ServiceInfo | undefined {
  return s?.headless ? s : undefined;
}
