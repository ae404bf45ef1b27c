/**
 * NATS: client 4222 and cluster routes 6222 speak a server-first protocol (the
 * server sends INFO before the client writes anything). On a port Istio sniffs
 * (no protocol it reads) the sidecar waits for client bytes and the connection
 * hangs (https://istio.io/latest/docs/ops/deployment/application-requirements/#server-first-protocols,
 * https://github.com/nats-io/k8s/pull/360), so both are `tcp`. Routes name
 * every server by per-pod DNS name, and each server advertises its own
 * (`cluster.advertise`) instead of the IP it would otherwise gossip; clients are
 * not told peers' addresses (`no_advertise`), as the nats chart does
 * (`helm/charts/nats/files/config/cluster.yaml` in nats-io/k8s).
 * Settings are `nats-server` flags for the official `nats` image (2.10+), whose
 * entrypoint runs nats-server with the container's arguments.
 */
import { Problems } from '../errors';
import { checkString } from '../validate';
import { argSetting, inlineArgSetting, ownPodFqdn, RecipeBody, RecipeContext, RecipeDefinition, tcpPort } from './context';

export const NATS_CLIENT_PORT = 4222;
export const NATS_CLUSTER_PORT = 6222;

function build(p: Problems, field: string, o: Readonly<Record<string, unknown>>, ctx: RecipeContext): RecipeBody | undefined {
  const clusterName = o.clusterName ?? ctx.statefulSet;
  if (!checkString(p, `${field}.clusterName`, clusterName, 253)) return undefined;
  if (/\s/.test(clusterName as string)) {
    p.add(`${field}.clusterName`, `${JSON.stringify(clusterName)} contains white space: give a plain word`);
    return undefined;
  }
  const routes = ctx.podFqdns.map((fqdn) => `nats://${fqdn}:${NATS_CLUSTER_PORT}`).join(',');
  return {
    assumes: 'the official nats image, 2.10 or later (nats-server flags as container arguments); no JetStream settings',
    podManagementPolicy: 'Parallel',
    downward: ['POD_NAME'],
    settings: [
      argSetting('server_name', '$(POD_NAME)', 'a stable, unique server name per pod'),
      argSetting('cluster_name', clusterName as string, 'every server of the cluster must agree on it'),
      argSetting('cluster', `nats://0.0.0.0:${NATS_CLUSTER_PORT}`, 'listen for routes on every interface: sidecars forward inbound traffic to the pod IP'),
      argSetting('cluster_advertise', `${ownPodFqdn(ctx)}:${NATS_CLUSTER_PORT}`, 'peers learn the per-pod name, not the pod IP'),
      argSetting('routes', routes, 'every server by per-pod name, on the tcp cluster port of the headless Service'),
      inlineArgSetting('no_advertise', 'true', 'clients are not handed other servers\' addresses, which they would dial outside any Service'),
    ],
    warnings: [],
  };
}

/** The NATS recipe. */
export const natsRecipe: RecipeDefinition = {
  app: 'nats',
  title: 'NATS',
  optionKeys: ['clusterName'],
  images: ['nats', 'bitnami/nats', 'bitnamilegacy/nats', 'synadia/nats-server'],
  ports: [
    tcpPort('tcp-client', NATS_CLIENT_PORT, 'pod-name', 'clients (server-first protocol)'),
    tcpPort('tcp-cluster', NATS_CLUSTER_PORT, 'pod-name', 'routes between servers (server-first protocol)'),
  ],
  wellKnownPorts: [NATS_CLUSTER_PORT],
  build,
};
