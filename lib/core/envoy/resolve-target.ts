/**
 * Checks of an {@link EnvoyDirectPods} proxy's target shared by the plain and
 * the versioned upstream: the Service endpoint, namespace, Host rewrite and pod IPs.
 */
import { isIP } from 'net';
import { Problems, show } from '../errors';
import { DEFAULT_NAMESPACE } from '../names';
import { ServiceEndpoint } from '../types';
import { checkArray, checkBoolean, checkIp, checkName, checkPort, checkString, checkUnique, notA } from '../validate';
import { BootstrapInput } from './bootstrap';
import { MAX_POD_IPS } from './defaults';
import { DiscoveryMode, IpFamily } from './props';

/** A host name (or IPv4 literal) for an upstream or a Host header. */
export const HOST = /^[A-Za-z0-9]([-A-Za-z0-9.]*[A-Za-z0-9])?$/;

/** A Service endpoint built outside the core (JavaScript, YAML) may be malformed. */
export function checkServiceEndpoint(p: Problems, endpoint: ServiceEndpoint): boolean {
  let fqdnOk = checkString(p, 'target.fqdn', endpoint.fqdn, 253);
  if (fqdnOk && !HOST.test(endpoint.fqdn)) {
    p.add('target.fqdn', `${show(endpoint.fqdn)} is not a host name`);
    fqdnOk = false;
  }
  return [
    fqdnOk,
    checkString(p, 'target.name', endpoint.name, 253),
    checkName(p, 'target.namespace', endpoint.namespace, 'label'),
    checkPort(p, 'target.port', endpoint.port),
    checkPort(p, 'target.targetPort', endpoint.targetPort),
    checkBoolean(p, 'target.headless', endpoint.headless),
  ].every(Boolean);
}

/** A static cluster dials pod IPs directly: the Service port is the wrong port when it differs from the target port. */
export function checkStaticUpstreamPort(p: Problems, upstreamPort: unknown, discovery: unknown, endpoint: ServiceEndpoint): void {
  if (discovery === 'static' && upstreamPort === endpoint.port && endpoint.port !== endpoint.targetPort) {
    p.add(
      'upstreamPort',
      `${endpoint.port} is the Service port of ${show(endpoint.name)}, but "static" discovery dials the pod IPs directly and the pods listen on the target port ${endpoint.targetPort}: set upstreamPort to ${endpoint.targetPort} or leave it unset`,
    );
  }
}

export function checkNamespace(p: Problems, namespace: unknown): void {
  if (namespace !== undefined) {
    checkName(p, 'namespace', namespace, 'label');
  }
}

/**
 * The Envoy runs in its target's namespace: an unset namespace takes it (an
 * unset namespace and `default` are the same to the DNS names the core builds),
 * and a different one is an error.
 */
export function resolveNamespace(p: Problems, namespace: unknown, endpoint: ServiceEndpoint): string | undefined {
  if (namespace === undefined) {
    return endpoint.namespace !== DEFAULT_NAMESPACE ? endpoint.namespace : undefined;
  }
  if (checkName(p, 'namespace', namespace, 'label') && namespace !== endpoint.namespace) {
    p.add(
      'namespace',
      `${show(namespace)} differs from the namespace ${show(endpoint.namespace)} of the target Service ${show(endpoint.name)}: Istio scopes a Service's export and a sidecar's view by namespace, so the proxy runs beside its target; leave namespace unset (or set it to ${show(endpoint.namespace)}), or target an explicit { host, port }`,
    );
  }
  return namespace as string;
}

export function resolveHostRewrite(p: Problems, prop: unknown, fallback: string | undefined): string | undefined {
  if (prop === false) {
    return undefined;
  }
  if (prop === undefined) {
    return fallback;
  }
  if (typeof prop !== 'string') {
    p.add('hostRewrite', notA(prop, 'a host name or false'));
  } else if (prop.length > 253 || !HOST.test(prop)) {
    p.add('hostRewrite', `${show(prop)} is not a host name`);
  }
  return prop as string;
}

/** The cluster's endpoints: the pod IPs of a static cluster, else the one host name. */
export function resolveEndpoints(p: Problems, podIps: unknown, discovery: DiscoveryMode, host: string, port: number, family: IpFamily): BootstrapInput['endpoints'] {
  if (discovery !== 'static') {
    if (podIps !== undefined) {
      p.add('podIps', `${show(podIps)} is set but discovery is ${show(discovery)}: pod IPs are only used by "static"`);
    }
    return [{ address: host, port }];
  }
  if (podIps === undefined || (Array.isArray(podIps) && podIps.length === 0)) {
    p.add('podIps', `${podIps === undefined ? 'is not set' : '[] is empty'}: "static" discovery needs at least one pod IP (or use "dns" with a HeadlessMeshService)`);
    return [];
  }
  if (!checkArray(p, 'podIps', podIps, 1, MAX_POD_IPS)) {
    return [];
  }
  podIps.forEach((ip, i) => checkIp(p, `podIps[${i}]`, ip) && checkIpFamily(p, `podIps[${i}]`, ip, family));
  checkUnique(p, 'podIps', podIps, 'pod IP');
  return podIps.map((address) => ({ address: address as string, port }));
}

export function checkIpFamily(p: Problems, field: string, ip: string, family: IpFamily): boolean {
  const version = isIP(ip);
  if ((family === 'IPv4' && version === 6) || (family === 'IPv6' && version === 4)) {
    const fits = version === 6 ? '"IPv6" or "DualStack"' : '"IPv4" or "DualStack"';
    p.add(field, `${show(ip)} is an IPv${version} address, but ipFamily is ${show(family)}: set ipFamily to ${fits}`);
    return false;
  }
  return true;
}

