/**
 * The routes of a proxy with versions: header matches in Envoy's current form
 * (`HeaderMatcher.string_match` / `present_match`; the `exact_match`-style
 * fields are deprecated, `envoy/config/route/v3/route_components.proto`) and
 * weighted splits as `weighted_clusters` without the deprecated `total_weight`.
 */
import { ClusterWeight, HeaderMatcher, Route } from './types';

/** A checked header condition. */
export interface HeaderMatchInput {
  readonly name: string;
  readonly exact?: string;
  readonly prefix?: string;
  readonly regex?: string;
  readonly present?: boolean;
}

/** Where a route sends traffic: a version's cluster, its weight, and the Host that version's requests carry. */
export interface RouteTargetInput {
  readonly cluster: string;
  readonly weight: number;
  readonly hostRewrite?: string;
}

/** A checked route: its name, header conditions (none for the default route) and targets (weights add up to 100). */
export interface RouteInput {
  readonly name: string;
  readonly headers: readonly HeaderMatchInput[];
  readonly targets: readonly RouteTargetInput[];
}

/** Route-action fields every route shares: timeout, retry policy, hash policy. */
export type SharedRouteAction = Omit<Route['route'], 'cluster' | 'weighted_clusters' | 'host_rewrite_literal'>;

/** One Envoy route: one target is `cluster` (Host rewrite on the action), several are `weighted_clusters` (Host rewrite per cluster). */
export function versionRoute(route: RouteInput, shared: SharedRouteAction): Route {
  const headers = route.headers.map(headerMatcher);
  const match = { prefix: '/', ...(headers.length > 0 ? { headers } : {}) };
  if (route.targets.length === 1) {
    const [target] = route.targets;
    const { timeout, ...rest } = shared;
    return {
      name: route.name,
      match,
      route: {
        cluster: target.cluster,
        ...(timeout !== undefined ? { timeout } : {}),
        ...(target.hostRewrite !== undefined ? { host_rewrite_literal: target.hostRewrite } : {}),
        ...rest,
      },
    };
  }
  const clusters: ClusterWeight[] = route.targets.map((target) => ({
    name: target.cluster,
    weight: target.weight,
    ...(target.hostRewrite !== undefined ? { host_rewrite_literal: target.hostRewrite } : {}),
  }));
  return { name: route.name, match, route: { weighted_clusters: { clusters }, ...shared } };
}

function headerMatcher(header: HeaderMatchInput): HeaderMatcher {
  if (header.present !== undefined) {
    return { name: header.name, present_match: header.present };
  }
  if (header.exact !== undefined) {
    return { name: header.name, string_match: { exact: header.exact } };
  }
  if (header.prefix !== undefined) {
    return { name: header.name, string_match: { prefix: header.prefix } };
  }
  // RegexMatcher without the deprecated `google_re2`: RE2 is Envoy's default engine.
  return { name: header.name, string_match: { safe_regex: { regex: header.regex as string } } };
}
