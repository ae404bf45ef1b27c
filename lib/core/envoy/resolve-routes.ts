/**
 * Checks and defaults of the `routes` of an {@link EnvoyDirectPods} proxy with
 * versions: each route's header conditions and its version or weighted split,
 * and their order (a default route last, nothing after it).
 */
import { closest } from '../../base/suggest';
import { Problems, show } from '../errors';
import { checkArray, checkBoolean, checkInt, checkRecord, checkString, checkUnique, isPlainObject } from '../validate';
import { checkEnvoyKeys } from './known-keys';
import { HeaderMatchInput, RouteInput, RouteTargetInput } from './routes';

/** A lower-case HTTP header name (RFC 9110 token), or an HTTP/2 pseudo-header such as `:authority`. */
const HEADER_NAME = /^:?[a-z0-9!#$%&'*+.^_`|~-]+$/;
/** Route names: printable, no whitespace (they appear in access logs). */
const ROUTE_NAME = /^[A-Za-z0-9_.:|-]+$/;
/** RE2 has no look-around and no back-references (https://github.com/google/re2/wiki/Syntax). */
const NOT_RE2 = /\(\?<?[=!]|\\[1-9]|\\k</;
/** Most routes and header conditions accepted (bounds the work and the bootstrap's size). */
const MAX_ROUTES = 100;
const MAX_HEADERS = 16;
const MAX_VALUE_LENGTH = 1024;

/** Each version's cluster and the Host its requests carry. */
export interface VersionTarget {
  readonly cluster: string;
  readonly hostRewrite?: string;
}

/**
 * The checked routes; without `routes`, one default route to the first version.
 * `targets` maps each version name to its cluster, in the versions' order.
 */
export function resolveRoutes(p: Problems, prop: unknown, targets: ReadonlyMap<string, VersionTarget>): RouteInput[] {
  const first = [...targets.values()][0];
  if (prop === undefined) {
    return first === undefined ? [] : [{ name: 'default', headers: [], targets: [{ ...first, weight: 100 }] }];
  }
  if (!checkArray(p, 'routes', prop, 1, MAX_ROUTES)) {
    return [];
  }
  const routes = prop.map((route, i) => resolveRoute(p, `routes[${i}]`, route, i, targets));
  checkOrder(p, prop.map((route) => isPlainObject(route) && route.headers === undefined));
  checkUnique(p, 'routes', routes.map((r) => r?.name), 'route name');
  return routes.filter((r): r is RouteInput => r !== undefined);
}

function resolveRoute(p: Problems, at: string, route: unknown, index: number, targets: ReadonlyMap<string, VersionTarget>): RouteInput | undefined {
  if (!checkRecord(p, at, route, 'a route such as { headers: [{ name: "x-version", exact: "v2" }], version: "v2" }')) {
    return undefined;
  }
  checkEnvoyKeys(p, at, route, ['name', 'headers', 'version', 'weights']);
  const headers = route.headers === undefined ? [] : resolveHeaders(p, `${at}.headers`, route.headers);
  const name = route.name ?? (route.headers === undefined ? 'default' : `route-${index}`);
  if (checkString(p, `${at}.name`, name, 200) && !ROUTE_NAME.test(name)) {
    p.add(`${at}.name`, `${show(name)} is not a route name (letters, digits, "_", ".", ":", "|", "-")`);
  }
  let picked: RouteTargetInput[] = [];
  if ((route.version === undefined) === (route.weights === undefined)) {
    p.add(at, `give exactly one of "version" (one version) and "weights" (a split such as { v1: 90, v2: 10 })`);
  } else if (route.version !== undefined) {
    const target = versionTarget(p, `${at}.version`, route.version, targets);
    picked = target !== undefined ? [{ ...target, weight: 100 }] : [];
  } else {
    picked = resolveWeights(p, `${at}.weights`, route.weights, targets);
  }
  return { name: name as string, headers, targets: picked };
}

function versionTarget(p: Problems, at: string, version: unknown, targets: ReadonlyMap<string, VersionTarget>): VersionTarget | undefined {
  const target = typeof version === 'string' ? targets.get(version) : undefined;
  if (target === undefined) {
    const near = typeof version === 'string' ? closest(version, targets.keys()) : undefined;
    p.add(at, `${show(version)} is not one of the versions (${[...targets.keys()].join(', ')})${near !== undefined ? `: did you mean ${show(near)}?` : ''}`);
  }
  return target;
}

/** Whole percentages per version adding up to 100; versions at 0 are left out (as Istio does), in the versions' order. */
function resolveWeights(p: Problems, at: string, weights: unknown, targets: ReadonlyMap<string, VersionTarget>): RouteTargetInput[] {
  if (!checkRecord(p, at, weights, 'weights by version such as { v1: 90, v2: 10 }')) {
    return [];
  }
  let ok = true;
  for (const [version, weight] of Object.entries(weights)) {
    ok = versionTarget(p, `${at}.${version}`, version, targets) !== undefined && ok;
    ok = checkInt(p, `${at}.${version}`, weight, 0, 100) && ok;
  }
  const sum = Object.values(weights).reduce<number>((total, w) => total + (typeof w === 'number' ? w : 0), 0);
  if (ok && sum !== 100) {
    p.add(at, `${show(weights)} adds up to ${sum}, not 100: weights are percentages of the requests`);
  }
  const out: RouteTargetInput[] = [];
  for (const [version, target] of targets) {
    const weight = weights[version];
    if (typeof weight === 'number' && weight > 0) out.push({ ...target, weight });
  }
  return out;
}

function resolveHeaders(p: Problems, at: string, headers: unknown): HeaderMatchInput[] {
  if (!checkArray(p, at, headers, 1, MAX_HEADERS)) {
    if (Array.isArray(headers) && headers.length === 0) p.add(at, 'leave headers unset for a default route that matches every request');
    return [];
  }
  return headers.map((header, i) => resolveHeader(p, `${at}[${i}]`, header));
}

function resolveHeader(p: Problems, at: string, header: unknown): HeaderMatchInput {
  if (!checkRecord(p, at, header, 'a header condition such as { name: "x-version", exact: "v2" }')) {
    return { name: '' };
  }
  checkEnvoyKeys(p, at, header, ['name', 'exact', 'prefix', 'regex', 'present']);
  const { name } = header;
  if (checkString(p, `${at}.name`, name, 256)) {
    if (name === 'host') {
      p.add(`${at}.name`, '"host" is not what Envoy matches: the host is the pseudo-header ":authority" (HTTP/1.1 Host is turned into it)');
    } else if (!HEADER_NAME.test(name)) {
      p.add(`${at}.name`, `${show(name)} is not a lower-case HTTP header name (or a pseudo-header such as ":authority")`);
    }
  }
  const kinds = (['exact', 'prefix', 'regex', 'present'] as const).filter((k) => header[k] !== undefined);
  if (kinds.length !== 1) {
    p.add(at, `give exactly one of "exact", "prefix", "regex" and "present"${kinds.length > 1 ? ` (got ${kinds.join(', ')})` : ''}`);
    return { name: name as string };
  }
  const kind = kinds[0];
  const value = header[kind];
  if (kind === 'present') {
    checkBoolean(p, `${at}.present`, value);
  } else if (checkString(p, `${at}.${kind}`, value, MAX_VALUE_LENGTH, kind === 'exact') && kind === 'regex') {
    checkRegex(p, `${at}.regex`, value);
  }
  return { name: name as string, [kind]: value } as HeaderMatchInput;
}

function checkRegex(p: Problems, at: string, regex: string): void {
  if (NOT_RE2.test(regex)) {
    p.add(at, `${show(regex)} uses look-around or a back-reference, which Envoy's RE2 engine rejects`);
    return;
  }
  try {
    new RegExp(regex);
  } catch (e) {
    p.add(at, `${show(regex)} is not a regular expression: ${(e as Error).message}`);
  }
}

/** A default route (no headers) must be last: routes after it are never used, and without one unmatched requests get 404. */
function checkOrder(p: Problems, catchAlls: readonly boolean[]): void {
  const catchAll = catchAlls.indexOf(true);
  const last = catchAlls.length - 1;
  if (catchAll !== -1 && catchAll < last) {
    p.add(
      `routes[${catchAll + 1}]`,
      `comes after the default route routes[${catchAll}] (it has no headers, so it matches every request): routes after it are never used; move the default route to the end`,
    );
  } else if (catchAll === -1) {
    p.add(`routes[${last}]`, 'has headers, but the last route must be a default route (no headers): Envoy answers requests that match no route with 404');
  }
}
