/**
 * CockroachDB: 26257 carries SQL (pgwire) and inter-node gRPC on one port, 8080
 * the DB Console. The Helm chart names 26257 `grpc` by default, which makes
 * Istio treat it as gRPC: SQL breaks and per-pod listeners are dropped
 * (`cockroachdb/values.yaml` in cockroachdb/helm-charts; cockroachdb/cockroach#19667
 * fixed it by renaming `grpc` to `tcp`). So 26257 is `tcp`. Nodes join and
 * advertise by per-pod name ("use of qualified `hostname -f` is crucial",
 * `templates/statefulset.yaml` in cockroachdb/helm-charts).
 * Settings are `cockroach start` flags for the official image
 * (cockroachdb/cockroach v24+, whose entrypoint runs cockroach with the container's arguments).
 */
import { Problems, show } from '../errors';
import { checkBoolean, checkString } from '../validate';
import { AppSetting } from './types';
import { inlineArgSetting, ownPodFqdn, positionalSetting, RecipeBody, RecipeContext, RecipeDefinition, tcpPort } from './context';

export const COCKROACH_PORT = 26257;
export const COCKROACH_HTTP_PORT = 8080;

/** `--insecure`, or `--certs-dir=<dir>`: one of them must be chosen, never a silent default. */
function security(p: Problems, field: string, o: Readonly<Record<string, unknown>>): AppSetting | undefined {
  if (o.insecure !== undefined && !checkBoolean(p, `${field}.insecure`, o.insecure)) return undefined;
  if (o.certsDir !== undefined && !checkString(p, `${field}.certsDir`, o.certsDir, 4096)) return undefined;
  if ((o.insecure === true) === (o.certsDir !== undefined)) {
    p.add(
      field,
      `${o.certsDir === undefined ? 'neither certsDir nor insecure: true is given' : `certsDir ${show(o.certsDir)} and insecure: true are both given`}: ` +
        'choose one (CockroachDB refuses to start without certificates unless --insecure)',
    );
    return undefined;
  }
  return o.insecure === true
    ? inlineArgSetting('insecure', 'true', 'you chose no CockroachDB TLS: Istio mTLS still encrypts 26257 between sidecars')
    : inlineArgSetting('certs-dir', o.certsDir as string, 'the node and CA certificates you mount');
}

function build(p: Problems, field: string, o: Readonly<Record<string, unknown>>, ctx: RecipeContext): RecipeBody | undefined {
  const tls = security(p, field, o);
  if (tls === undefined) return undefined;
  const join = ctx.podFqdns.slice(0, 3).map((fqdn) => `${fqdn}:${COCKROACH_PORT}`).join(',');
  return {
    assumes: 'the official cockroachdb/cockroach image, v24 or later (`cockroach start` flags as container arguments)',
    podManagementPolicy: 'Parallel',
    downward: ['POD_NAME'],
    settings: [
      positionalSetting('command', 'start', 'runs a node that joins the cluster'),
      inlineArgSetting('join', join, 'the first nodes by per-pod name, on the tcp port of the headless Service'),
      inlineArgSetting('advertise-addr', `${ownPodFqdn(ctx)}:${COCKROACH_PORT}`, 'peers and SQL clients are told the per-pod name, not the pod IP'),
      inlineArgSetting('listen-addr', `:${COCKROACH_PORT}`, 'listen on every interface: sidecars forward inbound traffic to the pod IP'),
      inlineArgSetting('http-addr', `:${COCKROACH_HTTP_PORT}`, 'the DB Console on every interface'),
      tls,
    ],
    warnings: [],
  };
}

/** The CockroachDB recipe. */
export const cockroachDbRecipe: RecipeDefinition = {
  app: 'cockroachdb',
  title: 'CockroachDB',
  optionKeys: ['insecure', 'certsDir'],
  images: ['cockroachdb/cockroach', 'cockroachdb/cockroach-unstable'],
  ports: [
    tcpPort('tcp-cockroach', COCKROACH_PORT, 'pod-name', 'SQL (pgwire) and inter-node gRPC on one port'),
    tcpPort('tcp-console', COCKROACH_HTTP_PORT, 'pod-name', 'DB Console and health checks (HTTP)', true),
  ],
  wellKnownPorts: [COCKROACH_PORT],
  build,
};
