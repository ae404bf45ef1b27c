/**
 * Hostile manifests: documents that parse, but whose values are anything YAML or JSON can hold,
 * under the keys the schema and the rules read (used by test/fuzz/manifests.test.ts and by the
 * reader's fast-path equivalence test).
 */
import * as fc from 'fast-check';

const KINDS: ReadonlyArray<readonly [string, string]> = [
  ['v1', 'Service'], ['v1', 'Pod'], ['v1', 'ConfigMap'], ['v1', 'Namespace'], ['v1', 'List'], ['apps/v1', 'StatefulSet'],
  ['apps/v1', 'Deployment'], ['apps/v1', 'DaemonSet'], ['apps/v1', 'ReplicaSet'], ['batch/v1', 'Job'], ['batch/v1', 'CronJob'],
  ['security.istio.io/v1', 'PeerAuthentication'], ['networking.istio.io/v1', 'DestinationRule'], ['networking.istio.io/v1beta1', 'Sidecar'],
  ['networking.istio.io/v1', 'ServiceEntry'], ['example.com/v1', 'Widget'],
];

/** Keys the schema and the rules read, at any depth. */
const KEYS = [
  'metadata', 'name', 'namespace', 'labels', 'annotations', 'spec', 'selector', 'matchLabels', 'ports', 'port', 'targetPort', 'protocol',
  'appProtocol', 'clusterIP', 'type', 'publishNotReadyAddresses', 'serviceName', 'replicas', 'template', 'containers', 'containerPort',
  'image', 'jobTemplate', 'mtls', 'mode', 'portLevelMtls', 'workloadSelector', 'host', 'trafficPolicy', 'tls', 'portLevelSettings',
  'ingress', 'egress', 'defaultEndpoint', 'captureMode', 'hosts', 'outboundTrafficPolicy', 'data', 'envoy.yaml', 'items', 'exportTo',
  'istio-direct/ignore-ID101', 'sidecar.istio.io/inject', 'istio.io/dataplane-mode', 'istio-injection', 'number', 'kind', 'apiVersion',
  'static_resources', 'clusters', 'load_assignment', 'endpoints', 'lb_endpoints', 'endpoint', 'address', 'socket_address', 'port_value',
  'admin', 'listeners', 'filter_chains', 'filters', 'typed_config', '@type', 'route_config', 'virtual_hosts', 'routes', 'route', 'cluster',
];

const BOOTSTRAPS = [
  'static_resources: {clusters: [{name: c, type: STATIC, load_assignment: {cluster_name: c, endpoints: [{lb_endpoints: [{endpoint: {address: {socket_address: {address: 10.0.0.1, port_value: 8080}}}}]}]}}]}',
  'admin: {address: {socket_address: {address: 0.0.0.0, port_value: "9901"}}}',
  'static_resources: {listeners: [{filter_chains: [{filters: [{typed_config: {"@type": 5}}]}]}]}',
  '{', 'static_resources: [1, 2]', '&a [*a]', 'x'.repeat(1000),
];

const leaf = fc.oneof(
  fc.constantFrom<unknown>(null, true, false, 0, -1, 1.5, 8080, 65536, 2 ** 31, 1e308, '', 'TCP', 'UDP', 'http', 'tcp', 'None', 'STRICT', 'DISABLE', 'PERMISSIVE',
    'default', 'kafka', '8080', 'kube-system', 'istio-system', '*', './*', '~', 'ambient', 'false', 'enabled', '127.0.0.1:8080', 'app', '__proto__'),
  fc.constantFrom(...BOOTSTRAPS),
  fc.string({ maxLength: 10 }),
  fc.integer(),
);

const tree: fc.Arbitrary<unknown> = fc.letrec<{ t: unknown }>((tie) => ({
  t: fc.oneof(
    { depthSize: 'small', maxDepth: 6 },
    { arbitrary: leaf, weight: 3 },
    { arbitrary: fc.array(tie('t'), { maxLength: 4 }), weight: 1 },
    { arbitrary: fc.dictionary(fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 6 })), tie('t'), { maxKeys: 6 }), weight: 2 },
  ),
})).t;

/** A document: a known kind (usually) with a name, and hostile values under the keys that matter. */
export const manifest: fc.Arbitrary<Record<string, unknown>> = fc
  .tuple(fc.constantFrom(...KINDS), fc.constantFrom('a', 'kafka', 'echo'), fc.dictionary(fc.constantFrom(...KEYS), tree, { maxKeys: 8 }), tree)
  .map(([[apiVersion, kind], name, body, metadata]) => ({
    ...body,
    apiVersion,
    kind,
    metadata: typeof metadata === 'object' && metadata !== null && !Array.isArray(metadata) ? { name, ...(metadata as object) } : { name, namespace: 'ns' },
  }));

