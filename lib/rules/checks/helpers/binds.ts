/**
 * The listen addresses a container's settings give its ports (ID705): bind
 * flags and environment variables, generic (`--bind`, `--listen-address`,
 * `*_BIND_ADDRESS`, `*_LISTENERS`) and those of the apps with a recipe (etcd
 * `--listen-peer-urls`, CockroachDB `--listen-addr`, NATS `--addr`, Redis
 * `--bind`, Cassandra `CASSANDRA_LISTEN_ADDRESS`, Elasticsearch `network.host`).
 *
 * Each address is classified: loopback (`127.0.0.0/8`, `localhost`, `::1`,
 * Elasticsearch's `_local_`), wildcard (`0.0.0.0`, `::`, empty host), the pod
 * IP (a variable set from the downward API `status.podIP`, an IPv4 literal,
 * Elasticsearch's `_site_`) or other (host names, unknown variables).
 */
import { RecipeApp } from '../../../core/recipes';
import { arrayOf, recordOf, stringOf } from '../../values';
import { PodContainer } from './apps';

/** How an address is reached from the pod's network. */
export type AddressKind = 'loopback' | 'wildcard' | 'pod-ip' | 'other';

/** One setting that binds ports: where it is, its name and value, and what it binds. */
export interface BindSetting {
  /** JSON path of the env value or argument, e.g. `spec.template.spec.containers[0].args[1]`. */
  readonly path: string;
  /** `--bind`, `KAFKA_LISTENERS`. */
  readonly setting: string;
  readonly value: string;
  readonly binds: ReadonlyArray<{ readonly kind: AddressKind; readonly port: number }>;
}

/** Flags whose address has no port, with the ports they bind by default, by app. */
const APP_FLAGS: Partial<Record<RecipeApp, Readonly<Record<string, readonly number[]>>>> = {
  etcd: { 'listen-peer-urls': [2380], 'listen-client-urls': [2379], 'listen-metrics-urls': [2381] },
  cockroachdb: { 'listen-addr': [26257], 'sql-addr': [26257], 'http-addr': [8080] },
  nats: { addr: [4222], a: [4222], cluster: [6222], cluster_listen: [6222] },
};

/** Environment variables of the apps with the ports they bind when the value has none. */
const APP_ENV: Partial<Record<RecipeApp, Readonly<Record<string, readonly number[]>>>> = {
  etcd: { ETCD_LISTEN_PEER_URLS: [2380], ETCD_LISTEN_CLIENT_URLS: [2379] },
  cassandra: { CASSANDRA_LISTEN_ADDRESS: [7000, 7001], CASSANDRA_RPC_ADDRESS: [9042] },
  elasticsearch: { 'network.host': [9200, 9300], 'network.bind_host': [9200, 9300], 'http.host': [9200], 'http.bind_host': [9200], 'transport.host': [9300], 'transport.bind_host': [9300] },
};
APP_ENV.opensearch = APP_ENV.elasticsearch;

/** A generic bind flag: `--bind`, `--bind-address`, `--listen-addr`, `--web.listen-address`, `--metrics-bind-address`. */
const GENERIC_FLAG = /^([a-z0-9]+[.-])*(bind|listen)([-_.]?(address|addr|host|ip))?$/i;

/** Words of a generic bind variable (`REDIS_BIND`, `HTTP_LISTEN_ADDR`, `KAFKA_CFG_LISTENERS`); never an advertised address. */
const BIND_WORDS = new Set(['BIND', 'LISTEN', 'LISTENER', 'LISTENERS']);
const NOT_BIND_WORDS = new Set(['ADVERTISE', 'ADVERTISED', 'PORT', 'PROTOCOL', 'MAP', 'NAME', 'NAMES']);

/** Names of the container's variables set from the downward API's `status.podIP`. */
export function podIpVars(c: PodContainer): string[] {
  return arrayOf(c.raw.env)
    .map((e) => recordOf(e))
    .filter((e) => stringOf(recordOf(recordOf(e?.valueFrom)?.fieldRef)?.fieldPath) === 'status.podIP')
    .map((e) => stringOf(e?.name) ?? '')
    .filter((n) => n !== '');
}

/** The kind of a host as written. */
export function addressKind(host: string, podIpVars: readonly string[]): AddressKind {
  const h = host.toLowerCase();
  if (h === '' || h === '0.0.0.0' || h === '::' || h === '*' || h === '_global_' || h === '0') return 'wildcard';
  if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h) || h === 'localhost' || h === 'ip6-localhost' || h === '::1' || /^_local(:ipv[46])?_$/.test(h)) return 'loopback';
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(h) || /^_site(:ipv[46])?_$/.test(h)) return 'pod-ip';
  const v = /^\$(?:\(([A-Za-z_]\w*)\)|\{([A-Za-z_]\w*)\}|([A-Za-z_]\w*))$/.exec(host);
  if (v !== null && podIpVars.includes(v[1] ?? v[2] ?? v[3])) return 'pod-ip';
  return 'other';
}

/** `host` and `port` of one address: `127.0.0.1:6379`, `[::1]:2379`, `http://0.0.0.0:2380`, `CLIENT://:9092`, `-::1`. */
export function splitAddress(item: string): { host: string; port?: number } {
  let s = item.replace(/^['"]+|['"]+$/g, '').replace(/^[A-Za-z][\w+.-]*:\/\//, '').replace(/^-/, '');
  s = s.split('/')[0];
  const bracket = /^\[([^\]]*)\](?::(\d{1,5}))?$/.exec(s);
  if (bracket !== null) return { host: bracket[1], ...(bracket[2] !== undefined ? { port: Number(bracket[2]) } : {}) };
  const colons = s.split(':').length - 1;
  if (colons === 1) {
    const [host, port] = s.split(':');
    return /^\d{1,5}$/.test(port) ? { host, port: Number(port) } : { host: s };
  }
  return { host: s };
}

/** What a value binds: each address (comma or space separated) with its port, else each default port. */
function bindsOf(value: string, defaults: readonly number[], vars: readonly string[]): BindSetting['binds'] {
  const out: Array<{ kind: AddressKind; port: number }> = [];
  for (const item of value.split(/[,\s]+/).filter((i) => i !== '')) {
    const { host, port } = splitAddress(item);
    const kind = addressKind(host, vars);
    for (const p of port !== undefined ? [port] : defaults) out.push({ kind, port: p });
  }
  return out;
}

/** The arguments of `command` and `args`, split on white space (shell scripts too), with their paths. */
function tokensOf(c: PodContainer, base: string): Array<{ token: string; path: string }> {
  const out: Array<{ token: string; path: string }> = [];
  for (const key of ['command', 'args'] as const) {
    arrayOf(c.raw[key]).forEach((a, i) => {
      for (const token of (stringOf(a) ?? '').split(/\s+/)) {
        if (token !== '') out.push({ token: token.replace(/^['"]+|['"]+$/g, ''), path: `${base}.${key}[${i}]` });
      }
    });
  }
  return out;
}

/** Names of the apps' bind variables ({@link APP_ENV}). */
const APP_ENV_NAMES = new Set(Object.values(APP_ENV).flatMap((vars) => Object.keys(vars ?? {})));

/**
 * False when {@link bindSettings} finds nothing in container `c` whatever its app: no command or
 * arguments, and no env value whose name can be a bind setting. A cheap test that spares most
 * containers the app recognition and the parsing.
 */
export function mayBind(c: PodContainer): boolean {
  if (arrayOf(c.raw.command).length > 0 || arrayOf(c.raw.args).length > 0) return true;
  return arrayOf(c.raw.env).some((e) => {
    const r = recordOf(e);
    const name = r === undefined ? undefined : stringOf(r.name);
    if (r === undefined || stringOf(r.value) === undefined || name === undefined) return false;
    const upper = name.toUpperCase();
    // A name inherited from Object.prototype reads as a known variable in bindSettings' lookup: kept, for identical results.
    return upper.includes('BIND') || upper.includes('LISTEN') || APP_ENV_NAMES.has(name) || name in Object.prototype;
  });
}

/** Every bind setting of container `c` (of app `app`, when recognised), in env then argument order. */
export function bindSettings(c: PodContainer, app: RecipeApp | undefined, base: string): BindSetting[] {
  const vars = podIpVars(c);
  const single = c.ports.length === 1 ? c.ports : [];
  const everyPort = app === 'redis-cluster' ? c.ports : single;
  const found: BindSetting[] = [];
  arrayOf(c.raw.env).forEach((e, i) => {
    const name = stringOf(recordOf(e)?.name) ?? '';
    const value = stringOf(recordOf(e)?.value);
    if (value === undefined) return;
    const known = app !== undefined ? APP_ENV[app]?.[name] : undefined;
    const words = name.toUpperCase().split('_');
    const generic = words.some((w) => BIND_WORDS.has(w)) && !words.some((w) => NOT_BIND_WORDS.has(w));
    if (known !== undefined || generic) found.push({ path: `${base}.env[${i}].value`, setting: name, value, binds: bindsOf(value, known ?? single, vars) });
  });
  const tokens = tokensOf(c, base);
  tokens.forEach(({ token, path }, i) => {
    const m = /^--?([A-Za-z][\w.-]*)(?:=(.*))?$/.exec(token);
    if (m === null) return;
    const known = app !== undefined ? APP_FLAGS[app]?.[m[1]] : undefined;
    const defaults = known ?? (app === 'redis-cluster' && m[1] === 'bind' ? everyPort : GENERIC_FLAG.test(m[1]) ? single : undefined);
    if (defaults === undefined) return;
    const value = m[2] ?? tokens[i + 1]?.token ?? '';
    if (value.startsWith('-')) return;
    found.push({ path, setting: `--${m[1].replace(/^-/, '')}`, value, binds: bindsOf(value, defaults, vars) });
  });
  return found;
}

/** `value` with each address of kind `kind` replaced by the wildcard address of its family. */
export function withWildcard(value: string, kind: AddressKind, vars: readonly string[] = []): string {
  return value.replace(/[^,\s]+/g, (item) => {
    const { host } = splitAddress(item);
    if (host === '' || addressKind(host, vars) !== kind) return item;
    const wildcard = host.includes(':') ? '::' : '0.0.0.0';
    return item.replace(host, wildcard);
  });
}
