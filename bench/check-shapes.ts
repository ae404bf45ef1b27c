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
  /** Objects per unit. */
  readonly perUnit: number;
  /** Unit `i` (YAML documents, each ending in `---`). */
  unit(i: number): string;
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
    perUnit: 2,
    unit: (i) =>
      `apiVersion: v1\nkind: Service\nmetadata: {name: s${i}, namespace: ${NS}}\nspec:\n  clusterIP: None\n  selector: {app: a${i}, part-of: shop}\n  ports: [{name: tcp-redis, port: 6379}]\n---\n` +
      statefulSet(`a${i}`, `app: a${i}, part-of: shop`, `s${i}`, '{containerPort: 6379}, {containerPort: 16379}'),
  },
  {
    name: 'PeerAuthentications and Deployments in one namespace, each policy selecting its own pods',
    perUnit: 2,
    unit: (i) =>
      `apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: pa-${i}, namespace: ${NS}}\nspec:\n  selector:\n    matchLabels: {app: a${i}, tier: t${i % 5}}\n  mtls: {mode: STRICT}\n  portLevelMtls:\n    "8080": {mode: PERMISSIVE}\n---\n` +
      `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: a${i}, namespace: ${NS}}\nspec:\n  selector: {matchLabels: {app: a${i}}}\n  template:\n    metadata: {labels: {app: a${i}, tier: t${i % 5}}}\n    spec:\n      containers:\n      - {name: c, image: nginx, ports: [{containerPort: 8080}]}\n---\n`,
  },
  {
    name: 'PeerAuthentications in one namespace, all with the same selector (each shadows the next)',
    perUnit: 1,
    unit: (i) => `apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: pa-${i}, namespace: ${NS}}\nspec:\n  selector:\n    matchLabels: {app: web}\n  mtls: {mode: STRICT}\n---\n`,
  },
  {
    name: 'Sidecars and Deployments in one namespace, each Sidecar selecting its own pods',
    perUnit: 2,
    unit: (i) =>
      `apiVersion: networking.istio.io/v1\nkind: Sidecar\nmetadata: {name: sc-${i}, namespace: ${NS}}\nspec:\n  workloadSelector:\n    labels: {app: a${i}}\n  ingress:\n  - port: {number: 8080, protocol: HTTP, name: http}\n    defaultEndpoint: 127.0.0.1:8080\n  egress:\n  - hosts: ["./*"]\n---\n` +
      `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: a${i}, namespace: ${NS}}\nspec:\n  selector: {matchLabels: {app: a${i}}}\n  template:\n    metadata: {labels: {app: a${i}}}\n    spec:\n      containers:\n      - {name: c, image: nginx, ports: [{containerPort: 8080}]}\n---\n`,
  },
  {
    name: 'DestinationRules, two for each Service host, and the Services in one namespace',
    perUnit: 3,
    unit: (i) =>
      [0, 1].map((k) => `apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: dr-${i}-${k}, namespace: ${NS}}\nspec:\n  host: s${i}.${NS}.svc.cluster.local\n  trafficPolicy: {tls: {mode: ISTIO_MUTUAL}}\n  subsets:\n  - name: v${k}\n    labels: {version: v${k}}\n---\n`).join('') +
      `apiVersion: v1\nkind: Service\nmetadata: {name: s${i}, namespace: ${NS}}\nspec:\n  selector: {app: a${i}}\n  ports: [{name: http, port: 80}]\n---\n`,
  },
  {
    name: 'ServiceMonitors and Services in one namespace, each monitor selecting its Service by labels the others share too',
    perUnit: 2,
    unit: (i) =>
      `apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata: {name: m${i}, namespace: ${NS}}\nspec:\n  selector: {matchLabels: {app: a${i}, part-of: shop}}\n  endpoints: [{port: http-metrics}]\n---\n` +
      `apiVersion: v1\nkind: Service\nmetadata: {name: a${i}, namespace: ${NS}, labels: {app: a${i}, part-of: shop}}\nspec:\n  selector: {app: a${i}}\n  ports: [{name: http-metrics, port: 9090}]\n---\n`,
  },
  {
    name: 'PodMonitors selecting in every namespace (any: true), one namespace per workload',
    perUnit: 2,
    unit: (i) =>
      `apiVersion: monitoring.coreos.com/v1\nkind: PodMonitor\nmetadata: {name: m${i}, namespace: monitoring}\nspec:\n  namespaceSelector: {any: true}\n  selector: {matchLabels: {app: a${i}}}\n  podMetricsEndpoints: [{port: metrics}]\n---\n` +
      `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: a${i}, namespace: n${i}}\nspec:\n  selector: {matchLabels: {app: a${i}}}\n  template:\n    metadata: {labels: {app: a${i}}}\n    spec:\n      containers:\n      - {name: c, image: nginx, ports: [{name: metrics, containerPort: 9090}]}\n---\n`,
  },
];
