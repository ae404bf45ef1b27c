/**
 * Worst-case shapes for the rules' linearity (issue #20: "rules stay linear at 100,000 objects"),
 * measured by `npm run bench:check` at 10,000 and 100,000 objects: every object in one namespace,
 * where the index's per-namespace lookups get no help from namespaces (or, for monitors that select
 * in every namespace, one namespace per workload), and labels and selectors built so that a rule or
 * lookup that compares pairs of objects would show at once. Each shape
 * writes its objects in units (`unit(i)`, `perUnit` objects each); the answer a rule gives may
 * itself grow with the input (one finding per object), never with its square.
 */

/** One worst-case shape. */
export interface Shape {
  /** What the shape is, for the bench's table. */
  readonly name: string;
  /** The file's text for about `objects` objects (Kubernetes objects, or Envoy routes and clusters). */
  text(objects: number): string;
}

/** `objects / perUnit` units of YAML documents, each unit's documents ending in `---`. */
function units(objects: number, perUnit: number, unit: (i: number) => string): string {
  const parts: string[] = [];
  for (let i = 0; i < objects / perUnit; i++) parts.push(unit(i));
  return parts.join('');
}

/**
 * A headless Service and its StatefulSet with `objects / 2` ports each (a media server's port range
 * taken to the extreme): every other Service port targets a container port by name, and some
 * targets are declared by no container (findings on each, and messages quoting the pod's ports).
 */
function manyPorts(objects: number): string {
  const n = Math.max(1, Math.floor(objects / 2));
  const service = Array.from({ length: n }, (_, i) => `  - {name: tcp-p${i}, port: ${1 + (i % 60000)}, targetPort: ${i % 2 === 0 ? `c${i}` : 1 + ((i * 7) % 60000)}}\n`).join('');
  const container = Array.from({ length: n }, (_, i) => `        - {name: c${i}, containerPort: ${1 + ((i * 3) % 60000)}}\n`).join('');
  return (
    `apiVersion: v1\nkind: Service\nmetadata: {name: media, namespace: ${NS}}\nspec:\n  clusterIP: None\n  selector: {app: media}\n  ports:\n${service}---\n` +
    `apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: media, namespace: ${NS}}\nspec:\n  serviceName: media\n  replicas: 3\n  selector: {matchLabels: {app: media}}\n` +
    `  template:\n    metadata: {labels: {app: media}}\n    spec:\n      containers:\n      - name: media\n        image: example/media:1\n        ports:\n${container}`
  );
}

/**
 * One Envoy bootstrap in a ConfigMap, on one line as JSON (as `kubectl create configmap
 * --from-file` and many charts write it): `objects / 2` clusters, and as many routes, each to a
 * cluster name that is not there (a finding each, with its position inside the one long line).
 */
function unknownClusters(objects: number): string {
  const n = Math.max(1, Math.floor(objects / 2));
  const routes = Array.from({ length: n }, (_, i) => `{match: {prefix: "/p${i}/"}, route: {cluster: backend-${i}-old}}`).join(', ');
  const clusters = Array.from({ length: n }, (_, i) => `{name: backend-${i}, type: STRICT_DNS, load_assignment: {cluster_name: backend-${i}, endpoints: [{lb_endpoints: [{endpoint: {address: {socket_address: {address: b${i}.shop.svc.cluster.local, port_value: 8080}}}}]}]}}`).join(', ');
  const bootstrap =
    'admin: {address: {socket_address: {address: 127.0.0.1, port_value: 9901}}}\nstatic_resources:\n  listeners:\n  - name: in\n' +
    '    address: {socket_address: {address: 0.0.0.0, port_value: 8080}}\n    filter_chains:\n    - filters:\n      - name: envoy.filters.network.http_connection_manager\n' +
    '        typed_config:\n          "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager\n' +
    '          stat_prefix: in\n          http_filters: [{name: envoy.filters.http.router, typed_config: {"@type": type.googleapis.com/envoy.extensions.filters.http.router.v3.Router}}]\n' +
    `          route_config:\n            virtual_hosts:\n            - {name: all, domains: ["*"], routes: [${routes}]}\n  clusters: [${clusters}]\n`;
  return `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: envoy, namespace: edge}\ndata:\n  envoy.yaml: ${JSON.stringify(bootstrap)}\n`;
}

const NS = 'one';

function statefulSet(name: string, labels: string, service: string, ports: string): string {
  return `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: ${name}, namespace: ${NS}}
spec:
  serviceName: ${service}
  replicas: 3
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {${labels}}}
    spec:
      containers:
      - name: c
        image: redis:7
        ports: [${ports}]
---
`;
}

export const SHAPES: readonly Shape[] = [
  {
    name: 'Services and StatefulSets in one namespace, a label every selector and pod shares',
    text: (objects) =>
      units(objects, 2, (i) =>
      `apiVersion: v1\nkind: Service\nmetadata: {name: s${i}, namespace: ${NS}}\nspec:\n  clusterIP: None\n  selector: {app: a${i}, part-of: shop}\n  ports: [{name: tcp-redis, port: 6379}]\n---\n` +
      statefulSet(`a${i}`, `app: a${i}, part-of: shop`, `s${i}`, '{containerPort: 6379}, {containerPort: 16379}')),
  },
  {
    name: 'PeerAuthentications and Deployments in one namespace, each policy selecting its own pods',
    text: (objects) =>
      units(objects, 2, (i) =>
      `apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: pa-${i}, namespace: ${NS}}\nspec:\n  selector:\n    matchLabels: {app: a${i}, tier: t${i % 5}}\n  mtls: {mode: STRICT}\n  portLevelMtls:\n    "8080": {mode: PERMISSIVE}\n---\n` +
      `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: a${i}, namespace: ${NS}}\nspec:\n  selector: {matchLabels: {app: a${i}}}\n  template:\n    metadata: {labels: {app: a${i}, tier: t${i % 5}}}\n    spec:\n      containers:\n      - {name: c, image: nginx, ports: [{containerPort: 8080}]}\n---\n`),
  },
  {
    name: 'PeerAuthentications in one namespace, all with the same selector (each shadows the next)',
    text: (objects) =>
      units(objects, 1, (i) => `apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: pa-${i}, namespace: ${NS}}\nspec:\n  selector:\n    matchLabels: {app: web}\n  mtls: {mode: STRICT}\n---\n`),
  },
  {
    name: 'Sidecars and Deployments in one namespace, each Sidecar selecting its own pods',
    text: (objects) =>
      units(objects, 2, (i) =>
      `apiVersion: networking.istio.io/v1\nkind: Sidecar\nmetadata: {name: sc-${i}, namespace: ${NS}}\nspec:\n  workloadSelector:\n    labels: {app: a${i}}\n  ingress:\n  - port: {number: 8080, protocol: HTTP, name: http}\n    defaultEndpoint: 127.0.0.1:8080\n  egress:\n  - hosts: ["./*"]\n---\n` +
      `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: a${i}, namespace: ${NS}}\nspec:\n  selector: {matchLabels: {app: a${i}}}\n  template:\n    metadata: {labels: {app: a${i}}}\n    spec:\n      containers:\n      - {name: c, image: nginx, ports: [{containerPort: 8080}]}\n---\n`),
  },
  {
    name: 'DestinationRules, two for each Service host, and the Services in one namespace',
    text: (objects) =>
      units(objects, 3, (i) =>
      [0, 1].map((k) => `apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: dr-${i}-${k}, namespace: ${NS}}\nspec:\n  host: s${i}.${NS}.svc.cluster.local\n  trafficPolicy: {tls: {mode: ISTIO_MUTUAL}}\n  subsets:\n  - name: v${k}\n    labels: {version: v${k}}\n---\n`).join('') +
      `apiVersion: v1\nkind: Service\nmetadata: {name: s${i}, namespace: ${NS}}\nspec:\n  selector: {app: a${i}}\n  ports: [{name: http, port: 80}]\n---\n`),
  },
  {
    name: 'ServiceMonitors and Services in one namespace, each monitor selecting its Service by labels the others share too',
    text: (objects) =>
      units(objects, 2, (i) =>
      `apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata: {name: m${i}, namespace: ${NS}}\nspec:\n  selector: {matchLabels: {app: a${i}, part-of: shop}}\n  endpoints: [{port: http-metrics}]\n---\n` +
      `apiVersion: v1\nkind: Service\nmetadata: {name: a${i}, namespace: ${NS}, labels: {app: a${i}, part-of: shop}}\nspec:\n  selector: {app: a${i}}\n  ports: [{name: http-metrics, port: 9090}]\n---\n`),
  },
  {
    name: 'PodMonitors selecting in every namespace (any: true), one namespace per workload',
    text: (objects) =>
      units(objects, 2, (i) =>
      `apiVersion: monitoring.coreos.com/v1\nkind: PodMonitor\nmetadata: {name: m${i}, namespace: monitoring}\nspec:\n  namespaceSelector: {any: true}\n  selector: {matchLabels: {app: a${i}}}\n  podMetricsEndpoints: [{port: metrics}]\n---\n` +
      `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: a${i}, namespace: n${i}}\nspec:\n  selector: {matchLabels: {app: a${i}}}\n  template:\n    metadata: {labels: {app: a${i}}}\n    spec:\n      containers:\n      - {name: c, image: nginx, ports: [{name: metrics, containerPort: 9090}]}\n---\n`),
  },
  {
    name: 'One headless Service and its StatefulSet with a port each per two objects (named and numbered targets, many findings)',
    text: manyPorts,
  },
  {
    name: 'One Envoy bootstrap on one line in a ConfigMap, a route to an unknown cluster per cluster (a finding each)',
    text: unknownClusters,
  },
];
