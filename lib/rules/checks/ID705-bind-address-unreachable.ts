/**
 * ID705 bind-address-unreachable: a port a Service exposes is bound to an
 * address the sidecar does not deliver inbound traffic to on the targeted
 * Istio release.
 *
 * From Istio 1.10 the sidecar forwards inbound traffic to the pod IP, as
 * Kubernetes without Istio does; before, it forwarded to 127.0.0.1
 * (https://istio.io/latest/blog/2021/upcoming-networking-changes/). So from
 * 1.10 (and in ambient mode, where traffic reaches the pod IP) an app bound to
 * loopback only is unreachable from other pods (Istio's analyzer IST0143,
 * https://istio.io/latest/docs/reference/config/analysis/ist0143/); before
 * 1.10 an app bound to the pod IP only is (https://github.com/istio/istio/issues/19280),
 * which is ZooKeeper's default for its quorum ports unless `quorumListenOnAllIPs=true`
 * (https://zookeeper.apache.org/doc/current/zookeeperAdmin.html) and Cassandra's
 * for its intra-node port (https://github.com/istio/istio/issues/10053).
 *
 * A bind is read from the settings {@link bindSettings} knows; a port counts
 * when a Service selecting the pods targets it. A Sidecar ingress entry whose
 * `defaultEndpoint` is the loopback (or, before 1.10, `0.0.0.0`) address of the
 * port is the fix Istio documents and clears the finding; so does, before
 * 1.10, excluding the port from inbound capture (`traffic.sidecar.istio.io/excludeInboundPorts`).
 */
import { isAtLeast, ISTIO_FEATURES } from '../../core/istio-version';
import { RecipeDefinition } from '../../core/recipes';
import { ResourceIndex, Rule, RuleReport, SidecarInfo, WorkloadInfo } from '../types';
import { recordOf, stringOf } from '../values';
import { appsOf, containersOf, PodContainer } from './helpers/apps';
import { AddressKind, BindSetting, bindSettings, mayBind, podIpVars, withWildcard } from './helpers/binds';
import { mountedConfigText } from './helpers/config';
import { containerPortFor, isSubset, nonEmptySelector } from './helpers/policy';

const EXCLUDE_INBOUND = 'traffic.sidecar.istio.io/excludeInboundPorts';

/** Container ports a Service selecting the workload targets, with the first such Service's name. */
function exposedPorts(index: ResourceIndex, set: WorkloadInfo): Map<number, string> {
  const out = new Map<number, string>();
  for (const service of index.servicesSelecting(set)) {
    for (const port of service.ports) {
      const target = port.protocol.toUpperCase() === 'TCP' ? containerPortFor(port, set) : undefined;
      if (target !== undefined && !out.has(target)) out.set(target, service.name);
    }
  }
  return out;
}

/** Ports a Sidecar applying to the pods sends to an endpoint of `kind` (`127.0.0.1:<port>` loopback, `0.0.0.0:<port>` wildcard). */
function sidecarEndpoints(sidecars: readonly SidecarInfo[], set: WorkloadInfo, kind: AddressKind): Set<number> {
  const own = sidecars.filter((s) => nonEmptySelector(s.selector) !== undefined && isSubset(s.selector ?? {}, set.podLabels));
  const applying = own.length > 0 ? own : sidecars.filter((s) => nonEmptySelector(s.selector) === undefined);
  const hosts = kind === 'loopback' ? ['127.0.0.1', '[::1]'] : ['0.0.0.0', '[::]'];
  const out = new Set<number>();
  for (const entry of applying.flatMap((s) => s.ingress)) {
    if (entry.port !== undefined && hosts.some((h) => entry.defaultEndpoint === `${h}:${entry.port}`)) out.add(entry.port);
  }
  return out;
}

/** Ports excluded from inbound capture by the pod annotation. */
function excludedInbound(set: WorkloadInfo): Set<number> {
  return new Set((set.podAnnotations[EXCLUDE_INBOUND] ?? '').split(',').map((p) => Number(p.trim())).filter((p) => p > 0));
}

/** What the targeted data plane delivers inbound traffic to, and so which binds it cannot reach. */
interface Target {
  /** `loopback` from Istio 1.10 and in ambient mode; `pod-ip` before 1.10 with sidecars. */
  readonly unreachable: 'loopback' | 'pod-ip';
  readonly ambient: boolean;
}

function fixFor(t: Target, c: PodContainer, setting: string, value: string, app: RecipeDefinition | undefined, ports: readonly number[]): string {
  const exclude = `exclude the ${ports.length === 1 ? 'port' : 'ports'} from the sidecar: pod annotation ${EXCLUDE_INBOUND}: "${ports.join(',')}"`;
  // Cassandra refuses 0.0.0.0 as its listen address (conf/cassandra.yaml in apache/cassandra).
  const cassandraListen = app?.app === 'cassandra' && setting === 'CASSANDRA_LISTEN_ADDRESS';
  if (t.unreachable === 'pod-ip') {
    return cassandraListen
      ? `target Istio 1.10 or later, or ${exclude} (Cassandra refuses 0.0.0.0 as its listen address)`
      : `bind to all addresses: set ${setting} to ${JSON.stringify(withWildcard(value, 'pod-ip', podIpVars(c)))}; or target Istio 1.10 or later (or ${exclude})`;
  }
  const bind =
    cassandraListen
      ? `set ${setting} to "$(POD_IP)" (POD_IP from fieldRef status.podIP; Cassandra refuses 0.0.0.0)`
      : `bind to all addresses: set ${setting} to ${JSON.stringify(withWildcard(value, 'loopback'))}`;
  if (t.ambient) return `${bind} (in ambient mode no Sidecar resource can forward to loopback)`;
  return `${bind}; or keep the loopback bind and add a Sidecar selecting these pods whose ingress sends ${ports.map((p) => `port ${p} to defaultEndpoint 127.0.0.1:${p}`).join(', ')} (and lists every other Service port, to 0.0.0.0:<port>)`;
}

/** The containers with a setting that binds some port to an address of kind `kind`, and their app. */
function candidates(set: WorkloadInfo, kind: AddressKind): Array<{ c: PodContainer; app?: RecipeDefinition; settings: BindSetting[] }> {
  const all = containersOf(set);
  if (!all.some(mayBind)) return [];
  const containers = all.filter(mayBind);
  const apps = appsOf(set);
  return containers
    .map((c) => {
      const app = apps.find((a) => a.container.index === c.index)?.def;
      return { c, app, settings: bindSettings(c, app?.app, `${set.podSpecPath}.containers[${c.index}]`) };
    })
    .filter(({ settings }) => settings.some((s) => s.binds.some((b) => b.kind === kind)));
}

function checkSettings(index: ResourceIndex, sidecars: readonly SidecarInfo[], set: WorkloadInfo, t: Target, report: RuleReport): void {
  const found = candidates(set, t.unreachable);
  if (found.length === 0) return;
  const exposed = exposedPorts(index, set);
  if (exposed.size === 0) return;
  const cleared = new Set([...sidecarEndpoints(sidecars, set, t.unreachable === 'loopback' ? 'loopback' : 'wildcard'), ...(t.unreachable === 'pod-ip' ? excludedInbound(set) : [])]);
  for (const { c, app, settings } of found) {
    const kinds = new Map<number, Set<AddressKind>>();
    for (const s of settings) for (const b of s.binds) kinds.set(b.port, (kinds.get(b.port) ?? new Set()).add(b.kind));
    const only = (port: number) => exposed.has(port) && !cleared.has(port) && [...(kinds.get(port) ?? [])].every((k) => k === t.unreachable);
    const reported = new Set<number>();
    for (const s of settings) {
      const ports = [...new Set(s.binds.filter((b) => b.kind === t.unreachable && only(b.port) && !reported.has(b.port)).map((b) => b.port))].sort((a, b) => a - b);
      if (ports.length === 0) continue;
      ports.forEach((p) => reported.add(p));
      const peer = app !== undefined && (set.replicas ?? 1) > 1 && ports.some((p) => app.wellKnownPorts.includes(p));
      const services = [...new Set(ports.map((p) => exposed.get(p)))].map((n) => `"${n}"`).join(', ');
      report(set.object, s.path, message(t, c, app, s, ports, services, peer), peer ? 'error' : 'warning');
    }
  }
}

function message(t: Target, c: PodContainer, app: RecipeDefinition | undefined, s: BindSetting, ports: readonly number[], services: string, peer: boolean): string {
  const where = t.unreachable === 'loopback' ? 'loopback only' : 'the pod IP only';
  const why =
    t.unreachable === 'loopback'
      ? `${t.ambient ? 'in ambient mode' : 'from Istio 1.10'} inbound traffic reaches the app at the pod IP, not 127.0.0.1`
      : 'before Istio 1.10 the sidecar forwards inbound traffic to 127.0.0.1, not the pod IP';
  const effect = peer ? `its peers cannot connect through Service ${services} and the cluster cannot form` : `callers through Service ${services} get their connections reset`;
  return (
    `container "${c.name}"${app !== undefined ? ` (${app.title})` : ''} binds ${ports.length === 1 ? 'port' : 'ports'} ${ports.join(', ')} to ${where} (${s.setting} ${JSON.stringify(s.value)}): ` +
    `${why}, so ${effect} (https://istio.io/latest/blog/2021/upcoming-networking-changes/); ${fixFor(t, c, s.setting, s.value, app, ports)}`
  );
}

/** ZooKeeper's quorumListenOnAllIPs, in env values, arguments, Bitnami's variable or a mounted zoo.cfg. */
function listensOnAllIps(index: ResourceIndex, set: WorkloadInfo, c: PodContainer): boolean {
  const env = (Array.isArray(c.raw.env) ? c.raw.env : []).map((e) => recordOf(e));
  const texts = [
    ...env.map((e) => `${stringOf(e?.name) ?? ''}=${stringOf(e?.value) ?? ''}`),
    ...[c.raw.command, c.raw.args].flatMap((a) => (Array.isArray(a) ? a.map((x) => stringOf(x) ?? '') : [])),
    mountedConfigText(set, index),
  ].join('\n');
  return /quorumListenOnAllIPs\s*=\s*"?true/i.test(texts) || /(^|\n)ZOO_LISTEN_ALLIPS_ENABLED=(yes|true)/i.test(texts) || /QUORUM_LISTEN_ON_ALL_IPS=true/i.test(texts);
}

/** Before 1.10: ZooKeeper's quorum ports and Cassandra's intra-node port, bound to the pod IP by default. */
function checkDefaults(index: ResourceIndex, set: WorkloadInfo, report: RuleReport): void {
  if ((set.replicas ?? 1) <= 1) return;
  const excluded = excludedInbound(set);
  for (const { def, container: c } of appsOf(set, ['zookeeper', 'cassandra'])) {
    const path = `${set.podSpecPath}.containers[${c.index}]`;
    const why = 'before Istio 1.10 the sidecar forwards inbound traffic to 127.0.0.1, not the pod IP, so peers cannot connect and the cluster cannot form';
    if (def.app === 'zookeeper' && !(excluded.has(2888) && excluded.has(3888)) && !listensOnAllIps(index, set, c)) {
      const bitnami = /(^|\/)bitnami(legacy)?\/zookeeper/.test(c.image);
      const setting = bitnami ? 'env ZOO_LISTEN_ALLIPS_ENABLED=yes' : 'env ZOO_CFG_EXTRA=quorumListenOnAllIPs=true (the official image; else quorumListenOnAllIPs=true in zoo.cfg)';
      report(
        set.object,
        path,
        `container "${c.name}" (ZooKeeper) binds its quorum and election ports 2888, 3888 to the address of its own server.N entry, the pod IP: ${why} ` +
          `(https://github.com/istio/istio/issues/19280); set ${setting}, or target Istio 1.10 or later`,
        'error',
      );
    }
    const explicit = Array.isArray(c.raw.env) && c.raw.env.some((e) => stringOf(recordOf(e)?.name) === 'CASSANDRA_LISTEN_ADDRESS');
    if (def.app === 'cassandra' && !excluded.has(7000) && !explicit) {
      report(
        set.object,
        path,
        `container "${c.name}" (Cassandra) binds its intra-node port 7000 to listen_address, the pod IP (0.0.0.0 is not allowed there): ${why} ` +
          `(https://github.com/istio/istio/issues/10053); target Istio 1.10 or later, or exclude the port from the sidecar: pod annotation ${EXCLUDE_INBOUND}: "7000,7001"`,
        'error',
      );
    }
  }
}

export const rule: Rule = {
  code: 'ID705',
  name: 'bind-address-unreachable',
  title: 'A port a Service exposes is bound to loopback only (Istio 1.10 and later, ambient) or to the pod IP only (before 1.10)',
  severity: 'warning',
  istioVersions: {},
  check(index, options, report) {
    const podIp = isAtLeast(options.istioVersion, ISTIO_FEATURES.inboundToPodIp);
    const sidecars = new Map<string, SidecarInfo[]>();
    for (const s of index.sidecars) {
      const list = sidecars.get(s.namespace) ?? [];
      list.push(s);
      sidecars.set(s.namespace, list);
    }
    for (let i = 0; i < index.workloads.length; i++) {
      const set = index.workloads[i];
      if (set.sidecar === 'not-injected' || set.hostNetwork) continue;
      const t: Target = { unreachable: podIp || set.ambient ? 'loopback' : 'pod-ip', ambient: set.ambient };
      checkSettings(index, sidecars.get(set.namespace) ?? [], set, t, report);
      if (t.unreachable === 'pod-ip' && set.kind === 'StatefulSet') checkDefaults(index, set, report);
    }
  },
};
