/**
 * ID405: an Envoy route that comes after a route of the same virtual host
 * matching every request (prefix `/` or empty, no header matcher and no other
 * condition). Envoy tries routes in order and takes the first match
 * (https://www.envoyproxy.io/docs/envoy/latest/intro/arch_overview/http/http_routing#route-table),
 * so such a route never gets a request: typically a header route (a canary's
 * `x-version: v2`) written after the default route, or a weighted split hidden
 * behind a catch-all.
 */
import { EnvoyRouteInfo, Rule } from '../types';

export const rule: Rule = {
  code: 'ID405',
  name: 'envoy-route-shadowed',
  title: 'An Envoy route after a route that matches every request, so it never gets one',
  severity: 'warning',
  istioVersions: {},
  check(index, _options, report) {
    for (const bootstrap of index.envoyBootstraps) {
      const catchAllOf = new Map<string, EnvoyRouteInfo>();
      for (const route of bootstrap.routes) {
        const table = routeTableOf(route);
        if (table === undefined) continue;
        const catchAll = catchAllOf.get(table);
        if (catchAll !== undefined) {
          report(
            bootstrap.object,
            route.path,
            `this route of virtual host ${virtualHostName(route)} comes after ${routeName(catchAll)}, which matches every request ` +
              `(prefix "${catchAll.match?.prefix ?? ''}", no header matcher or other condition): Envoy takes the first route that matches, so this one ` +
              `(${describeMatch(route)}) is never used; move it before that route, and keep the route that matches everything last`,
          );
        } else if (matchesEverything(route)) {
          catchAllOf.set(table, route);
        }
      }
    }
  },
};

/** The virtual host's `routes` list a route belongs to (its path without `[i].route`); undefined for TCP proxies. */
function routeTableOf(route: EnvoyRouteInfo): string | undefined {
  if (route.protocol !== 'http') return undefined;
  const m = /^(.*)\[\d+\]\.[A-Za-z_]+$/.exec(route.path);
  return m === null ? undefined : m[1];
}

/** Prefix `/` or empty (every path), no header matcher and no other condition. */
function matchesEverything(route: EnvoyRouteInfo): boolean {
  const match = route.match;
  return match !== undefined && (match.prefix === '/' || match.prefix === '') && match.path === undefined && match.headers.length === 0 && match.conditions.length === 0;
}

function virtualHostName(route: EnvoyRouteInfo): string {
  return route.virtualHost?.name !== undefined ? `"${route.virtualHost.name}"` : '(unnamed)';
}

/** `routes[2]` (and its target) as the message names it. */
function routeName(route: EnvoyRouteInfo): string {
  const at = /\[(\d+)\]\.[A-Za-z_]+$/.exec(route.path);
  const clusters = route.targets.filter((t) => t.via !== 'mirror').map((t) => `"${t.cluster}"`);
  return `routes[${at?.[1] ?? '?'}]${clusters.length > 0 ? ` (to ${clusters.join(', ')})` : ''}`;
}

function describeMatch(route: EnvoyRouteInfo): string {
  const match = route.match;
  if (match === undefined) return 'no match';
  const path = match.path !== undefined ? `path "${match.path}"` : `prefix "${match.prefix ?? ''}"`;
  const headers = match.headers.map((h) => `header "${h.name}"`);
  return [path, ...headers, ...match.conditions].join(', ');
}
