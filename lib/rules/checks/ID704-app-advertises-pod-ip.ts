/**
 * ID704 app-advertises-pod-ip: a recognised app advertises its pod IP to peers
 * or clients where it could advertise its per-pod name: Kafka
 * `advertised.listeners`, etcd `advertise-client-urls` and
 * `initial-advertise-peer-urls`, CockroachDB `--advertise-addr`/`--advertise-host`,
 * NATS `--cluster_advertise`, RabbitMQ's node name (`RABBITMQ_NODENAME`, Bitnami
 * `RABBITMQ_NODE_NAME`), Redis `--replica-announce-ip` (Sentinel setups).
 *
 * A pod IP works through sidecars only on a port the governing headless
 * Service declares TCP-class (`pilot/pkg/networking/core/listener.go` in
 * istio/istio), only while the pod keeps that IP, and gives callers no name to
 * hang Istio policy on (a DestinationRule or ServiceEntry host); etcd even
 * stores its members' peer URLs, so a member that comes back with another IP is
 * not the member the cluster knows; a RabbitMQ node's data directory and cluster
 * membership go by its node name (https://www.rabbitmq.com/docs/clustering#node-names),
 * so a node back with another IP is a new node; Sentinels keep a replica's old
 * address in their state. The per-pod name
 * (`<pod>.<headless Service>.<namespace>.svc.<domain>`,
 * https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#stable-network-id)
 * resolves to the current IP and reaches the same per-pod listener.
 *
 * The pod IP is recognised as a variable from the downward API `status.podIP`
 * used as `$(VAR)`, `${VAR}` or `$VAR` in the setting's value, or an IPv4 literal.
 */
import { RecipeApp } from '../../core/recipes';
import { WorkloadInfo, Rule } from '../types';
import { arrayOf, recordOf, stringOf } from '../values';
import { appsOf, PodContainer } from './helpers/apps';
import { podIpVars } from './helpers/binds';

/** Environment variables that carry an advertised address, by app. */
const ADVERTISE_ENV = new Set([
  'KAFKA_ADVERTISED_LISTENERS',
  'KAFKA_CFG_ADVERTISED_LISTENERS',
  'ETCD_ADVERTISE_CLIENT_URLS',
  'ETCD_INITIAL_ADVERTISE_PEER_URLS',
  'RABBITMQ_NODENAME',
  'RABBITMQ_NODE_NAME',
]);

/** Flags that carry an advertised address. */
const ADVERTISE_FLAG = /^--?(advertise-client-urls|initial-advertise-peer-urls|advertise-addr|advertise-host|cluster_advertise|cluster-advertise|replica-announce-ip)(=|$)/;

/** What each app's finding adds to the common reason. */
const EXTRA: Readonly<Partial<Record<RecipeApp, string>>> = {
  etcd: ', and etcd keeps the old peer URL in its member list when the pod comes back with a new IP',
  rabbitmq: ', and a RabbitMQ node with a new IP has a new node name, so it comes back as another, empty node',
  'redis-sentinel': ', and Sentinels keep the old address among the replicas when the pod comes back with a new IP',
};

/** The value to use instead, from the per-pod name. */
function instead(app: RecipeApp, name: string): string {
  return app === 'rabbitmq' ? `rabbit@${name} with RABBITMQ_USE_LONGNAME=true` : name;
}

const IPV4 = /(^|[^\d.])\d{1,3}(\.\d{1,3}){3}([^\d.]|$)/;

function usesPodIp(value: string, vars: readonly string[]): boolean {
  if (IPV4.test(value.replace(/0\.0\.0\.0/g, ''))) return true;
  return vars.some((v) => value.includes(`$(${v})`) || value.includes(`\${${v}}`) || new RegExp(`\\$${v}(?![A-Za-z0-9_])`).test(value));
}

/** Every advertised-address setting of the container that uses the pod IP: [path, setting, value]. */
function findings(set: WorkloadInfo, c: PodContainer): Array<[string, string, string]> {
  const vars = podIpVars(c);
  const base = `${set.podSpecPath}.containers[${c.index}]`;
  const found: Array<[string, string, string]> = [];
  arrayOf(c.raw.env).forEach((e, i) => {
    const name = stringOf(recordOf(e)?.name) ?? '';
    const value = stringOf(recordOf(e)?.value);
    if (ADVERTISE_ENV.has(name) && value !== undefined && usesPodIp(value, vars)) found.push([`${base}.env[${i}].value`, name, value]);
  });
  const args = arrayOf(c.raw.args).map((a) => stringOf(a) ?? '');
  args.forEach((arg, i) => {
    const m = ADVERTISE_FLAG.exec(arg);
    if (m === null) return;
    const value = m[2] === '=' ? arg.slice(m[0].length) : args[i + 1] ?? '';
    if (usesPodIp(value, vars)) found.push([`${base}.args[${i}]`, `--${m[1]}`, value]);
  });
  return found;
}

export const rule: Rule = {
  code: 'ID704',
  name: 'app-advertises-pod-ip',
  title: 'A recognised app (Kafka, etcd, CockroachDB, NATS, RabbitMQ, Redis with Sentinel) advertises its pod IP instead of its per-pod name',
  severity: 'warning',
  istioVersions: {},
  check(index, options, report) {
    for (let i = 0; i < index.workloads.length; i++) {
      const set = index.workloads[i];
      if (set.kind !== 'StatefulSet' || set.sidecar === 'not-injected') continue;
      const name = `$(POD_NAME).${set.serviceName ?? '<headless Service>'}.${set.namespace}.svc.${options.clusterDomain}`;
      for (const { def, container } of appsOf(set, ['kafka', 'etcd', 'cockroachdb', 'nats', 'rabbitmq', 'redis-sentinel'])) {
        for (const [path, setting, value] of findings(set, container)) {
          report(
            set.object,
            path,
            `${def.title} advertises its pod IP in ${setting} (${JSON.stringify(value.length > 120 ? `${value.slice(0, 117)}...` : value)}): peers and clients then reach it ` +
              'only while the pod keeps that IP and only on ports the headless Service declares tcp, with no host name for Istio policy to match' +
              `${EXTRA[def.app] ?? ''}; advertise the per-pod name instead, ${instead(def.app, name)} (POD_NAME from fieldRef metadata.name)`,
          );
        }
      }
    }
  },
};
