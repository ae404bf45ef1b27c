/**
 * Checks and defaults of an {@link EnvoyDirectPods} proxy's observability
 * props: access-log format, per-endpoint stats, the stats listener and tracing.
 */
import { isIP } from 'net';
import { Problems, show } from '../errors';
import { checkBoolean, checkOneOf, checkPort, checkString } from '../validate';
import { DnsInput } from './bootstrap';
import { DEFAULT_STATS_PORT, DEFAULT_TRACE_SAMPLING_PERCENT } from './defaults';
import { checkEnvoyKeys } from './known-keys';
import { TracingInput } from './observability';
import { AccessLogFormat } from './props';
import { optionsOrFalse, orDefault } from './resolve-policies';
import { checkIpFamily, HOST } from './resolve-target';
import { IpFamily } from './props';

const ACCESS_LOG_FORMATS: readonly AccessLogFormat[] = ['envoy', 'istio', 'json'];

/** The stats listener as the spec keeps it. */
export interface StatsListenerSpec {
  readonly port: number;
  readonly scrapeAnnotations: boolean;
}

/** What the observability props resolve to. */
export interface ResolvedObservability {
  readonly accessLogFormat?: 'istio' | 'json';
  readonly perEndpointStats?: boolean;
  readonly statsListener?: StatsListenerSpec;
  readonly tracing?: TracingInput & { readonly dns: DnsInput };
}

/** Checks the observability props; `dns` is the DNS setting the collector's cluster uses. */
export function resolveObservability(p: Problems, raw: Readonly<Record<string, unknown>>, name: string, family: IpFamily, dns: DnsInput): ResolvedObservability {
  const format = orDefault(raw.accessLogFormat, 'envoy');
  checkOneOf(p, 'accessLogFormat', format, ACCESS_LOG_FORMATS);
  if (raw.accessLogFormat !== undefined && raw.accessLog === false) {
    p.add('accessLogFormat', `${show(raw.accessLogFormat)} is set but accessLog is false: drop one of them`);
  }
  if (raw.perEndpointStats !== undefined) {
    checkBoolean(p, 'perEndpointStats', raw.perEndpointStats);
  }
  const statsListener = resolveStatsListener(p, raw.statsListener, raw.istioSidecar === false);
  const tracing = resolveTracing(p, raw.tracing, name, family);
  return {
    ...(format === 'istio' || format === 'json' ? { accessLogFormat: format } : {}),
    ...(raw.perEndpointStats === true ? { perEndpointStats: true } : {}),
    ...(statsListener !== undefined ? { statsListener } : {}),
    ...(tracing !== undefined ? { tracing: { ...tracing, dns } } : {}),
  };
}

/**
 * Scrape annotations default to on only for pods without a sidecar: with one, Istio merges the
 * annotated endpoint into the sidecar's 15020 output, and an app that runs Envoy collides with the
 * sidecar's own `envoy_*` metrics (https://istio.io/latest/docs/ops/integrations/prometheus/#option-1-metrics-merging).
 */
function resolveStatsListener(p: Problems, prop: unknown, noSidecar: boolean): StatsListenerSpec | undefined {
  const o = optionsOrFalse(p, 'statsListener', prop, ['port', 'scrapeAnnotations'], false);
  if (o === undefined || o === false) {
    return undefined;
  }
  const port = orDefault(o.port, DEFAULT_STATS_PORT);
  checkPort(p, 'statsListener.port', port);
  const scrapeAnnotations = orDefault(o.scrapeAnnotations, noSidecar);
  checkBoolean(p, 'statsListener.scrapeAnnotations', scrapeAnnotations);
  return { port: port as number, scrapeAnnotations: scrapeAnnotations as boolean };
}

function resolveTracing(p: Problems, prop: unknown, name: string, family: IpFamily): TracingInput | undefined {
  const o = optionsOrFalse(p, 'tracing', prop, ['collector', 'samplingPercent', 'serviceName'], false);
  if (o === undefined || o === false) {
    return undefined;
  }
  const collector = o.collector;
  let host: unknown;
  let port: unknown;
  if (collector === null || typeof collector !== 'object' || Array.isArray(collector)) {
    p.add('tracing.collector', collector === undefined ? 'is required: give the collector\'s OTLP/gRPC { host, port }' : `${show(collector)} is not an address: give { host, port }`);
  } else {
    const c = collector as Readonly<Record<string, unknown>>;
    checkEnvoyKeys(p, 'tracing.collector', c, ['host', 'port']);
    ({ host, port } = c);
    if (checkString(p, 'tracing.collector.host', host, 253) && isIP(host) === 0 && !HOST.test(host)) {
      p.add('tracing.collector.host', `${show(host)} is not a host name or IP address`);
    } else if (typeof host === 'string' && isIP(host) !== 0) {
      checkIpFamily(p, 'tracing.collector.host', host, family);
    }
    checkPort(p, 'tracing.collector.port', port);
  }
  const samplingPercent = orDefault(o.samplingPercent, DEFAULT_TRACE_SAMPLING_PERCENT);
  if (typeof samplingPercent !== 'number' || !Number.isFinite(samplingPercent) || samplingPercent < 0 || samplingPercent > 100) {
    p.add('tracing.samplingPercent', `${show(samplingPercent)} is not a percentage in 0-100`);
  }
  const serviceName = orDefault(o.serviceName, name);
  checkString(p, 'tracing.serviceName', serviceName, 253);
  return {
    collectorHost: host as string,
    collectorPort: port as number,
    collectorIsIp: typeof host === 'string' && isIP(host) !== 0,
    samplingPercent: samplingPercent as number,
    serviceName: serviceName as string,
  };
}
