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

/** Type guard: a construct's Service endpoint rather than an explicit address. */
export function isServiceEndpoint(target: ServiceEndpoint | UpstreamAddress): target is ServiceEndpoint {
  return typeof (target as ServiceEndpoint).fqdn === 'string';
}
