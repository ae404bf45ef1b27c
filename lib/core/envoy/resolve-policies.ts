/**
 * Checks and defaults of the traffic policies of an {@link EnvoyDirectPods}
 * proxy: load balancing, health checks, retries, outlier detection, circuit
 * breakers and DNS. Each resolver records problems and returns a value only
 * meant to be used when no problem was recorded.
 */
import { Problems, show } from '../errors';
import { checkArray, checkBoolean, checkInt, checkOneOf, checkRecord, checkSeconds, checkString, notA, UINT32_MAX } from '../validate';
import { BootstrapInput, DnsInput, HealthCheckInput, RetryInput } from './bootstrap';
import { checkEnvoyKeys } from './known-keys';
import {
  DEFAULT_CIRCUIT_BREAKERS,
  DEFAULT_DNS,
  DEFAULT_HEALTH_CHECK,
  DEFAULT_LB_POLICY,
  DEFAULT_OUTLIER_DETECTION,
  DEFAULT_RETRIES,
  DNS_LOOKUP_FAMILIES_ALLOWED,
  DNS_LOOKUP_FAMILY_BY_IP_FAMILY,
} from './defaults';
import { IpFamily } from './props';
import { DnsLookupFamily, LbPolicy } from './types';

/** Load-balancing policies the proxy offers. */
export const LB_POLICIES: readonly LbPolicy[] = ['ROUND_ROBIN', 'LEAST_REQUEST', 'RANDOM', 'RING_HASH', 'MAGLEV'];

/** `retry_on` conditions Envoy knows (https://www.envoyproxy.io/docs/envoy/latest/configuration/http/http_filters/router_filter#x-envoy-retry-on). */
export const RETRY_ON = [
  '5xx',
  'gateway-error',
  'reset',
  'reset-before-request',
  'connect-failure',
  'envoy-ratelimited',
  'retriable-4xx',
  'refused-stream',
  'retriable-status-codes',
  'retriable-headers',
  'http3-post-connect-failure',
  'cancelled',
  'deadline-exceeded',
  'internal',
  'resource-exhausted',
  'unavailable',
] as const;

const DNS_FAMILIES: readonly DnsLookupFamily[] = ['AUTO', 'V4_ONLY', 'V6_ONLY', 'V4_PREFERRED', 'ALL'];
/** A lower-case HTTP header name (RFC 9110 token). */
const HEADER_NAME = /^[a-z0-9!#$%&'*+.^_`|~-]+$/;
/** Longest request path accepted for a health check. */
const MAX_PATH_LENGTH = 1024;

/** The value of an optional prop, or its default when unset (`null` is kept, so it is reported). */
export function orDefault<T>(value: unknown, fallback: T): unknown {
  return value === undefined ? fallback : value;
}

/**
 * An options prop that may be an object or `false` (or unset): reports any other
 * value (`true`, a string, `null`) and unknown keys. Returns the object, `false`, or undefined.
 */
export function optionsOrFalse(p: Problems, field: string, value: unknown, known: readonly string[], allowFalse: boolean): Readonly<Record<string, unknown>> | false | undefined {
  if (value === undefined || (allowFalse && value === false)) {
    return value as undefined | false;
  }
  const what = allowFalse ? 'an options object or false' : 'an options object (leave it unset to turn it off)';
  if (!checkRecord(p, field, value, what)) {
    return undefined;
  }
  checkEnvoyKeys(p, field, value, known);
  return value;
}

/** lb policy and the hash policy of RING_HASH and MAGLEV. */
export function resolveLoadBalancing(p: Problems, lbPolicyProp: unknown, hashHeader: unknown): Pick<BootstrapInput, 'lbPolicy' | 'hashPolicy'> {
  const lbPolicy = orDefault(lbPolicyProp, DEFAULT_LB_POLICY);
  checkOneOf(p, 'lbPolicy', lbPolicy, LB_POLICIES);
  const hashing = lbPolicy === 'RING_HASH' || lbPolicy === 'MAGLEV';
  if (hashHeader !== undefined) {
    if (!hashing) {
      p.add('hashHeader', `${show(hashHeader)} is set but lbPolicy is ${show(lbPolicy)}: hashing needs "RING_HASH" or "MAGLEV"`);
    } else if (checkString(p, 'hashHeader', hashHeader, 256) && !HEADER_NAME.test(hashHeader)) {
      p.add('hashHeader', `${show(hashHeader)} is not a lower-case HTTP header name`);
    }
  }
  const hashPolicy = hashing ? (typeof hashHeader === 'string' ? { header: hashHeader } : { sourceIp: true as const }) : undefined;
  return { lbPolicy: lbPolicy as LbPolicy, hashPolicy };
}

/** The active health check; `defaultHost` is the route's Host rewrite, when there is one. */
export function resolveHealthCheck(p: Problems, prop: unknown, defaultHost: string | undefined, hostPattern: RegExp): HealthCheckInput | undefined {
  const known = ['path', 'host', 'timeoutSeconds', 'intervalSeconds', 'noTrafficIntervalSeconds', 'unhealthyThreshold', 'healthyThreshold', 'expectedStatuses'];
  const o = optionsOrFalse(p, 'healthCheck', prop, known, true);
  if (o === false) {
    return undefined;
  }
  const options = o ?? {};
  const d = DEFAULT_HEALTH_CHECK;
  const path = orDefault(options.path, d.path);
  if (checkString(p, 'healthCheck.path', path, MAX_PATH_LENGTH) && (!path.startsWith('/') || /[\s\u0000-\u001f\u007f]/.test(path))) {
    p.add('healthCheck.path', `${show(path)} is not a request path (it must start with "/" and hold no spaces or control characters)`);
  }
  const host = orDefault(options.host, defaultHost);
  // Only a host given here is checked here: the default (hostRewrite, the target's FQDN) is checked where it is given.
  if (options.host !== undefined && checkString(p, 'healthCheck.host', host, 253) && !hostPattern.test(host)) {
    p.add('healthCheck.host', `${show(host)} is not a host name`);
  }
  const intervalSeconds = orDefault(options.intervalSeconds, d.intervalSeconds);
  const hc = {
    path,
    host,
    timeoutSeconds: orDefault(options.timeoutSeconds, d.timeoutSeconds),
    intervalSeconds,
    noTrafficIntervalSeconds: orDefault(options.noTrafficIntervalSeconds, intervalSeconds),
    unhealthyThreshold: orDefault(options.unhealthyThreshold, d.unhealthyThreshold),
    healthyThreshold: orDefault(options.healthyThreshold, d.healthyThreshold),
    expectedStatuses: resolveStatusRanges(p, orDefault(options.expectedStatuses, d.expectedStatuses)),
  };
  checkSeconds(p, 'healthCheck.timeoutSeconds', hc.timeoutSeconds);
  checkSeconds(p, 'healthCheck.intervalSeconds', hc.intervalSeconds);
  if (options.noTrafficIntervalSeconds !== undefined) {
    checkSeconds(p, 'healthCheck.noTrafficIntervalSeconds', hc.noTrafficIntervalSeconds);
  }
  checkInt(p, 'healthCheck.unhealthyThreshold', hc.unhealthyThreshold, 1, UINT32_MAX);
  checkInt(p, 'healthCheck.healthyThreshold', hc.healthyThreshold, 1, UINT32_MAX);
  return hc as HealthCheckInput;
}

function resolveStatusRanges(p: Problems, value: unknown): Array<{ start: number; end: number }> {
  const field = 'healthCheck.expectedStatuses';
  if (!checkArray(p, field, value, 1, 100)) {
    return [];
  }
  return value.map((range, i) => {
    const at = `${field}[${i}]`;
    if (!checkRecord(p, at, range, 'a range such as { start: 200, end: 299 }')) {
      return { start: 0, end: 0 };
    }
    checkEnvoyKeys(p, at, range, ['start', 'end']);
    const okStart = checkInt(p, `${at}.start`, range.start, 100, 599);
    const okEnd = checkInt(p, `${at}.end`, range.end, 100, 599);
    if (okStart && okEnd && (range.start as number) > (range.end as number)) {
      p.add(at, `start ${range.start} is after end ${range.end} (both inclusive)`);
    }
    return { start: range.start as number, end: range.end as number };
  });
}

/** The route retry policy (Istio's by default). */
export function resolveRetry(p: Problems, prop: unknown): RetryInput | undefined {
  const known = ['attempts', 'retryOn', 'retriableStatusCodes', 'perTryTimeoutSeconds', 'hostSelectionRetryMaxAttempts'];
  const o = optionsOrFalse(p, 'retries', prop, known, true);
  if (o === false) {
    return undefined;
  }
  const options = o ?? {};
  const d = DEFAULT_RETRIES;
  const attempts = orDefault(options.attempts, d.attempts);
  checkInt(p, 'retries.attempts', attempts, 1, 100);
  const retryOn = orDefault(options.retryOn, d.retryOn);
  if (checkArray(p, 'retries.retryOn', retryOn, 1, RETRY_ON.length)) {
    retryOn.forEach((condition, i) => checkOneOf(p, `retries.retryOn[${i}]`, condition, RETRY_ON));
  }
  const codes = orDefault(options.retriableStatusCodes, d.retriableStatusCodes);
  if (checkArray(p, 'retries.retriableStatusCodes', codes, 0, 100)) {
    codes.forEach((code, i) => checkInt(p, `retries.retriableStatusCodes[${i}]`, code, 100, 599));
    if (codes.length > 0 && Array.isArray(retryOn) && !retryOn.includes('retriable-status-codes')) {
      p.add('retries.retriableStatusCodes', `${show(codes)} is set but retryOn lacks "retriable-status-codes": Envoy would ignore the codes`);
    }
  }
  const perTry = options.perTryTimeoutSeconds;
  if (perTry !== undefined) {
    checkSeconds(p, 'retries.perTryTimeoutSeconds', perTry);
  }
  const hostAttempts = orDefault(options.hostSelectionRetryMaxAttempts, d.hostSelectionRetryMaxAttempts);
  checkInt(p, 'retries.hostSelectionRetryMaxAttempts', hostAttempts, 1, 100);
  return {
    attempts: attempts as number,
    // Values that are not strings are already reported; joining a symbol or a null-prototype object would throw.
    retryOn: Array.isArray(retryOn) && retryOn.every((c) => typeof c === 'string') ? retryOn.join(',') : '',
    retriableStatusCodes: Array.isArray(codes) ? [...(codes as number[])] : [],
    perTryTimeoutSeconds: perTry as number | undefined,
    hostSelectionRetryMaxAttempts: hostAttempts as number,
  };
}

/** Outlier detection, when asked for (Istio's translation of a DestinationRule's `outlierDetection`). */
export function resolveOutlierDetection(p: Problems, prop: unknown): BootstrapInput['outlierDetection'] {
  const d = DEFAULT_OUTLIER_DETECTION;
  const o = optionsOrFalse(p, 'outlierDetection', prop, [...Object.keys(d), 'consecutiveGatewayErrors'], false);
  if (o === undefined || o === false) {
    return undefined;
  }
  const od = {
    consecutive5xx: orDefault(o.consecutive5xx, d.consecutive5xx),
    intervalSeconds: orDefault(o.intervalSeconds, d.intervalSeconds),
    baseEjectionTimeSeconds: orDefault(o.baseEjectionTimeSeconds, d.baseEjectionTimeSeconds),
    maxEjectionPercent: orDefault(o.maxEjectionPercent, d.maxEjectionPercent),
    ...(o.consecutiveGatewayErrors !== undefined ? { consecutiveGatewayErrors: o.consecutiveGatewayErrors } : {}),
  };
  checkInt(p, 'outlierDetection.consecutive5xx', od.consecutive5xx, 1, UINT32_MAX);
  if (o.consecutiveGatewayErrors !== undefined) {
    checkInt(p, 'outlierDetection.consecutiveGatewayErrors', o.consecutiveGatewayErrors, 1, UINT32_MAX);
  }
  checkSeconds(p, 'outlierDetection.intervalSeconds', od.intervalSeconds);
  checkSeconds(p, 'outlierDetection.baseEjectionTimeSeconds', od.baseEjectionTimeSeconds);
  checkInt(p, 'outlierDetection.maxEjectionPercent', od.maxEjectionPercent, 0, 100);
  return od as NonNullable<BootstrapInput['outlierDetection']>;
}

/** Circuit-breaker thresholds, when asked for, and the per-pod connection limit. */
export function resolveCircuitBreakers(p: Problems, prop: unknown): BootstrapInput['circuitBreakers'] {
  const d = DEFAULT_CIRCUIT_BREAKERS;
  const o = optionsOrFalse(p, 'circuitBreakers', prop, [...Object.keys(d), 'maxConnectionsPerHost'], false);
  if (o === undefined || o === false) {
    return undefined;
  }
  const cb: Record<string, unknown> = {};
  for (const [key, fallback] of Object.entries(d)) {
    cb[key] = orDefault(o[key], fallback);
    checkInt(p, `circuitBreakers.${key}`, cb[key], 0, UINT32_MAX);
  }
  if (o.maxConnectionsPerHost !== undefined) {
    cb.maxConnectionsPerHost = o.maxConnectionsPerHost;
    checkInt(p, 'circuitBreakers.maxConnectionsPerHost', o.maxConnectionsPerHost, 1, UINT32_MAX);
  }
  return cb as unknown as NonNullable<BootstrapInput['circuitBreakers']>;
}

/** DNS settings of `dns` and `service` discovery; the lookup family follows the IP family. */
export function resolveDns(p: Problems, prop: unknown, ipFamily: IpFamily): DnsInput {
  const known = ['refreshRateSeconds', 'failureRefreshBaseSeconds', 'failureRefreshMaxSeconds', 'respectDnsTtl', 'lookupFamily'];
  const options = optionsOrFalse(p, 'dns', prop, known, false) || {};
  const d = DEFAULT_DNS;
  const dns = {
    refreshRateSeconds: orDefault(options.refreshRateSeconds, d.refreshRateSeconds),
    failureRefreshBaseSeconds: orDefault(options.failureRefreshBaseSeconds, d.failureRefreshBaseSeconds),
    failureRefreshMaxSeconds: orDefault(options.failureRefreshMaxSeconds, d.failureRefreshMaxSeconds),
    respectDnsTtl: orDefault(options.respectDnsTtl, d.respectDnsTtl),
    lookupFamily: orDefault(options.lookupFamily, DNS_LOOKUP_FAMILY_BY_IP_FAMILY[ipFamily]),
  };
  // Both durations must be more than 1ms (`envoy/extensions/clusters/dns/v3/dns_cluster.proto`).
  checkOverOneMs(p, 'dns.refreshRateSeconds', dns.refreshRateSeconds);
  const base = checkOverOneMs(p, 'dns.failureRefreshBaseSeconds', dns.failureRefreshBaseSeconds);
  const max = checkOverOneMs(p, 'dns.failureRefreshMaxSeconds', dns.failureRefreshMaxSeconds);
  if (base && max && (dns.failureRefreshMaxSeconds as number) < (dns.failureRefreshBaseSeconds as number)) {
    p.add('dns.failureRefreshMaxSeconds', `${show(dns.failureRefreshMaxSeconds)} is less than failureRefreshBaseSeconds ${show(dns.failureRefreshBaseSeconds)}`);
  }
  checkBoolean(p, 'dns.respectDnsTtl', dns.respectDnsTtl);
  if (checkOneOf(p, 'dns.lookupFamily', dns.lookupFamily, DNS_FAMILIES) && !DNS_LOOKUP_FAMILIES_ALLOWED[ipFamily].includes(dns.lookupFamily)) {
    p.add(
      'dns.lookupFamily',
      `${show(dns.lookupFamily)} does not fit ipFamily ${show(ipFamily)}: use one of ${DNS_LOOKUP_FAMILIES_ALLOWED[ipFamily].join(', ')}, or set ipFamily`,
    );
  }
  return dns as DnsInput;
}

function checkOverOneMs(p: Problems, field: string, value: unknown): boolean {
  if (!checkSeconds(p, field, value)) {
    return false;
  }
  if (value <= 0.001) {
    p.add(field, `${show(value)} must be more than 0.001 (1ms)`);
    return false;
  }
  return true;
}

/**
 * The panic threshold: 0 by default in `dns` mode (Contour's choice for small
 * pod counts) and with outlier detection (Istio's), else Envoy's.
 */
export function resolvePanicThreshold(p: Problems, prop: unknown, offByDefault: boolean): number | undefined {
  const panic = orDefault(prop, offByDefault ? 0 : undefined);
  if (panic === undefined) {
    return undefined;
  }
  if (typeof panic !== 'number') {
    p.add('healthyPanicThresholdPercent', notA(panic, 'a percentage in 0-100'));
  } else if (!Number.isFinite(panic) || panic < 0 || panic > 100) {
    p.add('healthyPanicThresholdPercent', `${show(panic)} is not a percentage in 0-100`);
  }
  return panic as number;
}
