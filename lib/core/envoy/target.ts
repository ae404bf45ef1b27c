/** What an {@link EnvoyDirectPods} proxy sends traffic to. */
import { ServiceEndpoint } from '../types';
import { EnvoyTarget, ServiceEndpointSource, UpstreamAddress } from './props';

/** The Service endpoint or address a target stands for (a construct is replaced by its endpoint). */
export function resolveEnvoyTarget(target: EnvoyTarget): ServiceEndpoint | UpstreamAddress {
  const source = target as Partial<ServiceEndpointSource> | null | undefined;
  return source !== null && typeof source === 'object' && typeof source.endpoint === 'object' && source.endpoint !== null
    ? source.endpoint
    : (target as ServiceEndpoint | UpstreamAddress);
}

/**
 * Type guard: a construct's Service endpoint rather than an explicit address. An object with an
 * `fqdn` of any value is taken for an endpoint, so a malformed one is reported field by field.
 */
export function isServiceEndpoint(target: ServiceEndpoint | UpstreamAddress): target is ServiceEndpoint {
  return (target as Partial<ServiceEndpoint>).fqdn !== undefined;
}
