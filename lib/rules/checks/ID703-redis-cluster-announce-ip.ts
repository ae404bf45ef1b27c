/**
 * ID703 redis-cluster-announce-ip: a Redis Cluster node behind a sidecar that
 * does not announce its own IP (`cluster-announce-ip`).
 *
 * Without it a node takes a peer's address from the connection the peer's
 * messages arrive on; behind a sidecar every inbound connection comes from
 * 127.0.0.6, Envoy's inbound source address (`pilot/pkg/networking/core/listener_address.go`
 * in istio/istio), so nodes can record unusable peer addresses and redirect
 * clients there (https://github.com/istio/istio/issues/44471). Announcing the
 * pod IP (from the downward API) fixes the bus and the redirects
 * (https://redis.io/docs/latest/operate/oss_and_stack/management/scaling/, `cluster-announce-ip`
 * in redis.conf).
 *
 * Cluster mode is recognised from the container's command and args
 * (`--cluster-enabled yes`) or a mounted ConfigMap (`cluster-enabled yes`);
 * the announcement likewise, or from `REDIS_CLUSTER_ANNOUNCE_IP`. Bitnami's
 * images write redis.conf from their own variables and are not checked.
 */
import { Rule } from '../types';
import { arrayOf, recordOf, stringOf } from '../values';
import { containersOf, PodContainer } from './helpers/apps';
import { mountedConfigText } from './helpers/config';

const CLUSTER_ENABLED = /(^|\s|--)cluster-enabled\s+"?yes/m;
const ANNOUNCE_IP = /(^|\s|--)cluster-announce-ip\s/m;

/** The container's command and args as one text. */
function commandLine(c: PodContainer): string {
  const command = arrayOf(c.raw.command);
  const args = arrayOf(c.raw.args);
  // Most containers of a cluster have neither: no arrays copied for them.
  if (command.length === 0 && args.length === 0) return ' ';
  return [...command, ...args].map((a) => stringOf(a) ?? '').join(' ') + ' ';
}

function hasAnnounceEnv(c: PodContainer): boolean {
  return arrayOf(c.raw.env).some((e) => stringOf(recordOf(e)?.name) === 'REDIS_CLUSTER_ANNOUNCE_IP');
}

export const rule: Rule = {
  code: 'ID703',
  name: 'redis-cluster-announce-ip',
  title: 'A Redis Cluster node behind a sidecar that does not announce its own IP',
  severity: 'warning',
  istioVersions: {},
  check(index, _options, report) {
    for (let i = 0; i < index.workloads.length; i++) {
      const set = index.workloads[i];
      if (set.sidecar === 'not-injected' || set.ambient || set.hostNetwork) continue;
      const config = set.configMapVolumes.length > 0 ? mountedConfigText(set, index) : '';
      for (const c of containersOf(set)) {
        const line = commandLine(c);
        if (!CLUSTER_ENABLED.test(line) && !CLUSTER_ENABLED.test(config)) continue;
        if (/(^|\/)bitnami(legacy)?\//.test(c.image)) continue;
        if (ANNOUNCE_IP.test(line) || ANNOUNCE_IP.test(config) || hasAnnounceEnv(c)) continue;
        report(
          set.object,
          `${set.podSpecPath}.containers[${c.index}]`,
          `container ${JSON.stringify(c.name)} runs Redis in cluster mode without cluster-announce-ip: behind a sidecar its peers' bus connections arrive from 127.0.0.6, ` +
            'so nodes can record that as a peer\'s address and send clients MOVED redirects nobody can follow; ' +
            'add env POD_IP from fieldRef status.podIP and the arguments --cluster-announce-ip $(POD_IP) --cluster-announce-port 6379 --cluster-announce-bus-port 16379',
        );
      }
    }
  },
};
