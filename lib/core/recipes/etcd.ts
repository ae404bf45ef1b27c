/**
 * etcd: client 2379, peer 2380, members found by per-pod DNS names (static bootstrap,
 * https://etcd.io/docs/v3.5/op-guide/clustering/#static). Every flag is read from
 * `ETCD_<FLAG>` (https://etcd.io/docs/v3.5/op-guide/configuration/), so the settings
 * are environment variables, the same for the official image and Bitnami's.
 */
import { Problems, show } from '../errors';
import { checkOneOf, checkString } from '../validate';
import { envSetting, evenQuorumWarning, ownPodFqdn, RecipeBody, RecipeContext, RecipeDefinition, tcpPort } from './context';

/** etcd's client and peer ports (IANA-registered). */
export const ETCD_CLIENT_PORT = 2379;
export const ETCD_PEER_PORT = 2380;

function build(p: Problems, field: string, o: Readonly<Record<string, unknown>>, ctx: RecipeContext): RecipeBody | undefined {
  const token = o.clusterToken ?? ctx.statefulSet;
  const tokenOk = checkString(p, `${field}.clusterToken`, token, 253);
  const state = o.initialClusterState ?? 'new';
  const stateOk = checkOneOf(p, `${field}.initialClusterState`, state, ['new', 'existing'] as const);
  if (!tokenOk || !stateOk) {
    return undefined;
  }
  if (/[\s,]/.test(token as string)) {
    p.add(`${field}.clusterToken`, `${show(token)} contains a space or comma: give a plain word, e.g. ${show(ctx.statefulSet)}`);
    return undefined;
  }
  const self = ownPodFqdn(ctx);
  const members = ctx.podFqdns.map((fqdn, i) => `${ctx.statefulSet}-${i}=http://${fqdn}:${ETCD_PEER_PORT}`).join(',');
  const bind = 'sidecars forward inbound traffic to the pod IP (Istio 1.10+): bind every interface, not localhost';
  const dial = 'peers dial the per-pod name; on the headless Service\'s tcp port their sidecar gives it mTLS';
  const warning = evenQuorumWarning('etcd', ctx.replicas, 'https://etcd.io/docs/v3.5/faq/#why-an-odd-number-of-cluster-members');
  return {
    assumes: 'etcd v3.4 or later (gcr.io/etcd-development/etcd, quay.io/coreos/etcd or bitnami/etcd), which reads every flag from ETCD_<FLAG>; plain http, since Istio mTLS encrypts peer and client traffic',
    podManagementPolicy: 'Parallel',
    downward: ['POD_NAME'],
    settings: [
      envSetting('name', 'ETCD_NAME', '$(POD_NAME)', 'the member name must match its entry in initial-cluster'),
      envSetting('listen-peer-urls', 'ETCD_LISTEN_PEER_URLS', `http://0.0.0.0:${ETCD_PEER_PORT}`, bind),
      envSetting('listen-client-urls', 'ETCD_LISTEN_CLIENT_URLS', `http://0.0.0.0:${ETCD_CLIENT_PORT}`, bind),
      envSetting('initial-advertise-peer-urls', 'ETCD_INITIAL_ADVERTISE_PEER_URLS', `http://${self}:${ETCD_PEER_PORT}`, dial),
      envSetting('advertise-client-urls', 'ETCD_ADVERTISE_CLIENT_URLS', `http://${self}:${ETCD_CLIENT_PORT}`, 'clients that sync endpoints dial the per-pod name, not a pod IP'),
      envSetting('initial-cluster', 'ETCD_INITIAL_CLUSTER', members, 'every member by its per-pod name, so bootstrap needs no pod IP'),
      envSetting('initial-cluster-state', 'ETCD_INITIAL_CLUSTER_STATE', state as string, 'bootstrap a new cluster or join a running one'),
      envSetting('initial-cluster-token', 'ETCD_INITIAL_CLUSTER_TOKEN', token as string, 'keeps members of another cluster with the same names out'),
    ],
    warnings: warning === undefined ? [] : [warning],
  };
}

/** The etcd recipe. */
export const etcdRecipe: RecipeDefinition = {
  app: 'etcd',
  title: 'etcd',
  optionKeys: ['clusterToken', 'initialClusterState'],
  images: ['etcd-development/etcd', 'coreos/etcd', 'bitnami/etcd', 'bitnamilegacy/etcd', 'etcd'],
  ports: [
    tcpPort('client', ETCD_CLIENT_PORT, 'pod-name', 'client gRPC API (clients use advertised per-pod names)', true),
    tcpPort('peer', ETCD_PEER_PORT, 'pod-name', 'Raft peer traffic (HTTP)', true),
  ],
  wellKnownPorts: [ETCD_PEER_PORT],
  build,
};
