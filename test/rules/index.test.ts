import { buildIndex, resolveRuleOptions, toManifestObjects, type ResourceIndex } from '../../lib/rules';
import { objectsOf } from './helpers';

function index(yamlText: string, options = {}): ResourceIndex {
  return buildIndex(objectsOf(yamlText), resolveRuleOptions(options));
}

const names = (list: ReadonlyArray<{ name: string }>) => list.map((x) => x.name);

const PODS = `
apiVersion: v1
kind: Pod
metadata: {name: a, namespace: ns, labels: {app: kafka, tier: broker}}
spec: {containers: [{name: c}]}
---
apiVersion: v1
kind: Pod
metadata: {name: b, namespace: ns, labels: {app: kafka, tier: controller}}
spec: {containers: [{name: c}]}
---
apiVersion: v1
kind: Pod
metadata: {name: c, namespace: ns, labels: {app: zookeeper}}
spec: {containers: [{name: c}]}
---
apiVersion: v1
kind: Pod
metadata: {name: d, namespace: other, labels: {app: kafka, tier: broker}}
spec: {containers: [{name: c}]}
`;

describe('workloadsSelectedBy', () => {
  const idx = index(PODS);
  it.each([
    ['a label map', { app: 'kafka' }, ['a', 'b']],
    ['matchLabels', { matchLabels: { app: 'kafka', tier: 'broker' } }, ['a']],
    ['In', { matchExpressions: [{ key: 'tier', operator: 'In', values: ['broker', 'controller'] }] }, ['a', 'b']],
    ['NotIn (absent keys match)', { matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['broker'] }] }, ['b', 'c']],
    ['Exists', { matchExpressions: [{ key: 'tier', operator: 'Exists' }] }, ['a', 'b']],
    ['DoesNotExist', { matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }] }, ['c']],
    ['matchLabels AND matchExpressions', { matchLabels: { app: 'kafka' }, matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['broker'] }] }, ['b']],
    ['an empty selector: every workload of the namespace', {}, ['a', 'b', 'c']],
    ['an unknown operator: nothing', { matchExpressions: [{ key: 'tier', operator: 'Gt', values: ['1'] }] }, []],
    ['a mistyped matchLabels: nothing', { matchLabels: 'app=kafka' }, []],
  ])('%s', (_what, selector, expected) => {
    expect(names(idx.workloadsSelectedBy('ns', selector as never))).toEqual(expected);
  });

  it('selects nothing for undefined, and only within the namespace', () => {
    expect(idx.workloadsSelectedBy('ns', undefined)).toEqual([]);
    expect(names(idx.workloadsSelectedBy('other', { app: 'kafka' }))).toEqual(['d']);
    expect(idx.workloadsSelectedBy('missing', { app: 'kafka' })).toEqual([]);
  });

  it('selects across namespaces on request', () => {
    expect(idx.workloadsSelectedInAnyNamespace({ tier: 'broker' }).map((w) => `${w.namespace}/${w.name}`)).toEqual(['ns/a', 'other/d']);
  });
});

describe('workloads', () => {
  const idx = index(`
apiVersion: v1
kind: Namespace
metadata: {name: mesh, labels: {istio-injection: enabled}}
---
apiVersion: v1
kind: Namespace
metadata: {name: off, labels: {istio-injection: disabled, istio.io/rev: canary}}
---
apiVersion: v1
kind: Namespace
metadata: {name: rev, labels: {istio.io/rev: canary}}
---
apiVersion: v1
kind: Namespace
metadata: {name: amb, labels: {istio.io/dataplane-mode: ambient}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: injected, namespace: mesh}
spec: {template: {metadata: {labels: {app: x}}, spec: {containers: [{name: c}]}}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: opted-out, namespace: mesh}
spec: {template: {metadata: {labels: {app: x, sidecar.istio.io/inject: "false"}}, spec: {containers: [{name: c}]}}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: annotated-out, namespace: mesh}
spec: {template: {metadata: {annotations: {sidecar.istio.io/inject: "false"}}, spec: {containers: [{name: c}]}}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: host, namespace: mesh}
spec: {template: {spec: {hostNetwork: true, containers: [{name: c}]}}}
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: disabled, namespace: off}
spec: {template: {metadata: {labels: {sidecar.istio.io/inject: "true"}}, spec: {containers: [{name: c}]}}}
---
apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: revision, namespace: rev}
spec: {template: {spec: {containers: [{name: c}]}}}
---
apiVersion: v1
kind: Pod
metadata: {name: pod-opt-in, namespace: plain, labels: {sidecar.istio.io/inject: "true"}}
spec: {containers: [{name: c}]}
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: unknown, namespace: plain}
spec:
  jobTemplate:
    spec:
      template:
        metadata: {labels: {job: backup}}
        spec:
          initContainers: [{name: init, ports: [{containerPort: 9000, name: init}]}]
          containers: [{name: main, ports: [{containerPort: 8080, name: http, protocol: TCP}, {containerPort: "bad"}]}]
          volumes:
            - {name: a, configMap: {name: envoy}}
            - {name: b, projected: {sources: [{configMap: {name: extra}}, {secret: {name: s}}]}}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: ambient, namespace: amb}
spec: {serviceName: zk, podManagementPolicy: Parallel, replicas: 3, template: {spec: {containers: [{name: c}]}}}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: ambient-opt-out, namespace: amb}
spec: {template: {metadata: {labels: {istio.io/dataplane-mode: none}}, spec: {containers: [{name: c}]}}}
---
apiVersion: example.com/v1
kind: Deployment
metadata: {name: not-a-workload, namespace: plain}
`);
  const w = (name: string) => idx.workloads.find((x) => x.name === name)!;

  it('reads sidecar injection from the pod, then the namespace', () => {
    expect(Object.fromEntries(idx.workloads.map((x) => [x.name, x.sidecar]))).toEqual({
      injected: 'injected',
      'opted-out': 'not-injected',
      'annotated-out': 'not-injected',
      host: 'not-injected',
      disabled: 'not-injected',
      revision: 'injected',
      'pod-opt-in': 'injected',
      unknown: 'unknown',
      ambient: 'unknown',
      'ambient-opt-out': 'unknown',
    });
  });

  it('reads ambient mode from the namespace, with the pod opt-out', () => {
    expect(idx.workloads.filter((x) => x.ambient).map((x) => x.name)).toEqual(['ambient']);
    expect(idx.namespace('amb').ambient).toBe(true);
    expect(idx.namespace('nowhere')).toMatchObject({ name: 'nowhere', injection: 'unknown', ambient: false });
  });

  it('reads the pod template of every kind, ports of init containers included', () => {
    const cron = w('unknown');
    expect(cron.kind).toBe('CronJob');
    expect(cron.podSpecPath).toBe('spec.jobTemplate.spec.template.spec');
    expect(cron.podLabels).toEqual({ job: 'backup' });
    // The paths are built when asked: each port's fields read one by one.
    expect(cron.containerPorts.map(({ container, name, containerPort, protocol, path }) => ({ container, name, containerPort, protocol, path }))).toEqual([
      { container: 'main', name: 'http', containerPort: 8080, protocol: 'TCP', path: 'spec.jobTemplate.spec.template.spec.containers[0].ports[0]' },
      { container: 'init', name: 'init', containerPort: 9000, protocol: 'TCP', path: 'spec.jobTemplate.spec.template.spec.initContainers[0].ports[0]' },
    ]);
    expect(cron.configMapVolumes).toEqual(['envoy', 'extra']);
    expect(cron.replicas).toBeUndefined();
  });

  it('reads replicas (defaulted), serviceName and podManagementPolicy', () => {
    expect(w('ambient')).toMatchObject({ replicas: 3, serviceName: 'zk', podManagementPolicy: 'Parallel' });
    expect(w('injected').replicas).toBe(1);
    expect(idx.workloads.some((x) => x.name === 'not-a-workload')).toBe(false);
  });
});

describe('services and hosts', () => {
  const idx = index(`
apiVersion: v1
kind: Service
metadata: {name: kafka, namespace: kafka, annotations: {networking.istio.io/exportTo: ".,istio-system"}}
spec:
  clusterIP: None
  selector: {app: kafka}
  publishNotReadyAddresses: true
  ports:
    - {name: tcp-broker, port: 9092}
    - {name: http-metrics, port: 9404, targetPort: metrics}
    - {port: 9999, appProtocol: kubernetes.io/ws}
    - {name: dns, port: 53, protocol: UDP}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: app}
spec: {selector: {}, ports: [{port: 80}]}
---
apiVersion: v1
kind: Pod
metadata: {name: kafka-0, namespace: kafka, labels: {app: kafka}}
spec: {containers: [{name: c}]}
`, { istioVersion: '1.23' });
  const kafka = idx.service('kafka', 'kafka')!;

  it('reads ports with the protocol Istio assigns for the target release', () => {
    expect(kafka).toMatchObject({ headless: true, type: 'ClusterIP', publishNotReadyAddresses: true, exportTo: ['.', 'istio-system'], fqdn: 'kafka.kafka.svc.cluster.local' });
    expect(kafka.ports.map((p) => [p.path, p.istioProtocol, p.targetPort])).toEqual([
      ['spec.ports[0]', 'TCP', undefined],
      ['spec.ports[1]', 'HTTP', 'metrics'],
      // kubernetes.io/ws is parsed from Istio 1.24 only.
      ['spec.ports[2]', 'Unsupported', undefined],
      ['spec.ports[3]', 'UDP', undefined],
    ]);
  });

  it('treats an empty selector as no selector', () => {
    expect(idx.service('app', 'web')!.selector).toBeUndefined();
  });

  it('finds the Services selecting a workload', () => {
    expect(idx.servicesSelecting(idx.workloads[0]).map((s) => s.name)).toEqual(['kafka']);
  });

  it.each([
    ['kafka', 'kafka', 'kafka'],
    ['kafka.kafka', 'default', 'kafka'],
    ['kafka.kafka.svc', 'default', 'kafka'],
    ['kafka.kafka.svc.cluster.local', 'default', 'kafka'],
    ['KAFKA.kafka.svc.cluster.local.', 'default', 'kafka'],
    ['kafka-0.kafka.kafka.svc.cluster.local', 'default', 'kafka'],
    ['kafka-0.kafka.kafka.svc', 'default', 'kafka'],
    ['kafka-0.kafka.kafka', 'default', 'kafka'],
    ['kafka-0.kafka', 'kafka', 'kafka'],
    ['kafka', 'default', undefined],
    ['*.kafka.svc.cluster.local', 'kafka', undefined],
    ['kafka.kafka.svc.example.org', 'kafka', undefined],
    ['web-0.web.app.svc.cluster.local', 'app', undefined],
    ['', 'kafka', undefined],
  ])('resolves %j from namespace %s', (host, from, expected) => {
    expect(idx.serviceForHost(host, from)?.name).toBe(expected);
  });

  it('resolves names with another cluster domain', () => {
    const other = index('apiVersion: v1\nkind: Service\nmetadata: {name: etcd, namespace: db}\nspec: {clusterIP: None}\n', { clusterDomain: 'corp.example' });
    expect(other.serviceForHost('etcd-1.etcd.db.svc.corp.example', 'x')?.name).toBe('etcd');
    expect(other.serviceForHost('etcd.db.svc.cluster.local', 'x')).toBeUndefined();
  });
});

describe('Istio policies', () => {
  const idx = index(`
apiVersion: security.istio.io/v1beta1
kind: PeerAuthentication
metadata: {name: mesh, namespace: istio-system}
spec: {mtls: {mode: STRICT}}
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: ns, namespace: db}
spec: {mtls: {mode: PERMISSIVE}}
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: etcd, namespace: db}
spec:
  selector: {matchLabels: {app: etcd}}
  mtls: {mode: STRICT}
  portLevelMtls: {"2380": {mode: DISABLE}, "peer": {mode: STRICT}, "2379": {mode: BOGUS}}
---
apiVersion: networking.istio.io/v1alpha3
kind: DestinationRule
metadata: {name: etcd, namespace: db}
spec:
  host: etcd
  trafficPolicy:
    tls: {mode: ISTIO_MUTUAL}
    portLevelSettings: [{port: {number: 2380}, tls: {mode: DISABLE}}]
  subsets: [{name: v1, labels: {version: v1}}]
  exportTo: ["."]
---
apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: {name: etcd, namespace: db}
spec:
  workloadSelector: {labels: {app: etcd}}
  ingress: [{port: {number: 2379, protocol: TCP, name: client}, defaultEndpoint: "0.0.0.0:2379"}]
  egress: [{hosts: ["./*"]}]
---
apiVersion: v1
kind: Service
metadata: {name: etcd, namespace: db}
spec: {clusterIP: None, selector: {app: etcd}, ports: [{name: tcp-client, port: 2379}]}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: etcd, namespace: db}
spec: {template: {metadata: {labels: {app: etcd}}, spec: {containers: [{name: etcd}]}}}
`);

  it('reads PeerAuthentications, port-level modes keyed by number', () => {
    const pa = idx.peerAuthentications.find((p) => p.object.name === 'etcd')!;
    expect(pa.selector).toEqual({ app: 'etcd' });
    expect(pa.mode).toBe('STRICT');
    // Integer-like keys come first in ascending order (JavaScript object key order).
    expect([...pa.portLevel]).toEqual([[2379, 'UNSET'], [2380, 'DISABLE']]);
    expect(pa.portLevelKeys).toEqual(['2379', '2380', 'peer']);
    expect(idx.peerAuthentications.find((p) => p.object.name === 'ns')!.selector).toBeUndefined();
  });

  it('lists the policies of a workload: workload-level, namespace, mesh', () => {
    expect(idx.peerAuthenticationsFor(idx.workloads[0]).map((p) => p.object.name)).toEqual(['etcd', 'ns', 'mesh']);
  });

  it('reads DestinationRules with their resolved Service', () => {
    const dr = idx.destinationRules[0];
    expect(dr.service?.name).toBe('etcd');
    expect(dr.tlsMode).toBe('ISTIO_MUTUAL');
    expect([...dr.portTlsModes]).toEqual([[2380, 'DISABLE']]);
    expect(dr.subsets).toEqual([{ name: 'v1', labels: { version: 'v1' }, path: 'spec.subsets[0]' }]);
    expect(dr.exportTo).toEqual(['.']);
  });

  it('reads Sidecars of any networking.istio.io version', () => {
    expect(idx.sidecars[0]).toMatchObject({
      selector: { app: 'etcd' },
      hasEgress: true,
      ingress: [{ port: 2379, protocol: 'TCP', name: 'client', defaultEndpoint: '0.0.0.0:2379', path: 'spec.ingress[0]' }],
    });
  });

  it('finds objects by kind, namespace and name', () => {
    expect(idx.objectsNamed('Service', 'db', 'etcd')).toHaveLength(1);
    expect(idx.objectsNamed('Service', 'db', 'nope')).toEqual([]);
  });
});

describe('Envoy bootstraps', () => {
  const bootstrapJson = JSON.stringify({
    admin: { address: { socketAddress: { address: '127.0.0.1', portValue: 9901 } } },
    staticResources: {
      clusters: [{ name: 'pods', type: 'STATIC', loadAssignment: { clusterName: 'pods', endpoints: [{ lbEndpoints: [{ endpoint: { address: { socketAddress: { address: '10.0.0.7', portValue: '8080' } } } }] }] } }],
    },
  });
  const idx = index(`
apiVersion: v1
kind: ConfigMap
metadata: {name: envoy, namespace: edge}
data:
  envoy.yaml: |
    admin:
      address: {socket_address: {address: 0.0.0.0, port_value: 9901}}
    static_resources:
      listeners:
        - name: in
          address: {socket_address: {address: 0.0.0.0, port_value: 8080}}
      clusters:
        - name: kafka
          type: STRICT_DNS
          load_assignment:
            cluster_name: kafka
            endpoints: [{lb_endpoints: [{endpoint: {address: {socket_address: {address: kafka.kafka.svc.cluster.local, port_value: 9092}}}}]}]
        - name: custom
          cluster_type: {name: envoy.clusters.dynamic_forward_proxy}
  other.json: '${bootstrapJson}'
  readme.txt: "not a bootstrap"
  broken-envoy.yaml: "admin: ["
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: envoy, namespace: edge}
spec: {template: {spec: {containers: [{name: envoy}], volumes: [{name: config, configMap: {name: envoy}}]}}}
`);

  it('finds bootstraps in ConfigMap keys, YAML and JSON, snake_case and camelCase', () => {
    expect(idx.envoyBootstraps.map((b) => [b.key, b.path])).toEqual([
      ['envoy.yaml', 'data["envoy.yaml"]'],
      ['other.json', 'data["other.json"]'],
    ]);
    const [yamlBootstrap, jsonBootstrap] = idx.envoyBootstraps;
    expect(yamlBootstrap.admin).toEqual({ address: '0.0.0.0', port: 9901, path: 'data["envoy.yaml"].admin.address.socket_address' });
    expect(yamlBootstrap.listeners).toEqual([{ name: 'in', address: '0.0.0.0', port: 8080, path: 'data["envoy.yaml"].static_resources.listeners[0]' }]);
    expect(yamlBootstrap.clusters.map((c) => [c.name, c.type])).toEqual([['kafka', 'STRICT_DNS'], ['custom', 'envoy.clusters.dynamic_forward_proxy']]);
    expect(yamlBootstrap.clusters[0].endpoints).toEqual([
      { address: 'kafka.kafka.svc.cluster.local', port: 9092, path: 'data["envoy.yaml"].static_resources.clusters[0].load_assignment.endpoints[0].lb_endpoints[0].endpoint.address.socket_address' },
    ]);
    expect(jsonBootstrap.clusters[0]).toMatchObject({ name: 'pods', type: 'STATIC', endpoints: [{ address: '10.0.0.7', port: 8080 }] });
    expect(jsonBootstrap.admin?.address).toBe('127.0.0.1');
  });

  it('ties a ConfigMap bootstrap to the workloads that mount it', () => {
    expect(idx.envoyBootstraps[0].workloads.map((w) => w.name)).toEqual(['envoy']);
  });

  it('reads a standalone bootstrap document', () => {
    const standalone = buildIndex(toManifestObjects([{ static_resources: { clusters: [{ name: 'a' }] } }], { file: 'dir/envoy.yaml' }), resolveRuleOptions());
    expect(standalone.envoyBootstraps).toHaveLength(1);
    expect(standalone.envoyBootstraps[0]).toMatchObject({ path: '', workloads: [], clusters: [{ name: 'a', type: 'STATIC', path: 'static_resources.clusters[0]' }] });
    expect(standalone.objects[0]).toMatchObject({ kind: 'Bootstrap', name: 'envoy.yaml', namespace: '' });
  });
});

describe('Envoy routes', () => {
  const routes = (bootstrap: unknown) => buildIndex(toManifestObjects([bootstrap], { file: 'envoy.json' }), resolveRuleOptions()).envoyBootstraps[0].routes;
  const hcm = (routeConfig: unknown) => ({ filters: [{ name: 'hcm', typedConfig: { routeConfig } }] });

  it('reads HTTP routes with their virtual host, match, header matchers, Host rewrite and clusters (weighted, mirrored), keys as written', () => {
    const found = routes({
      staticResources: {
        listeners: [{
          name: 'in',
          filterChains: [hcm({
            virtualHosts: [{
              name: 'kafka', domains: ['*', 7],
              routes: [
                { match: { prefix: '/', headers: [{ name: 'x-canary', stringMatch: { exact: 'yes' } }, { present_match: true }] }, route: { cluster: 'canary', hostRewriteLiteral: 'kafka.data' } },
                { match: { path: '/w' }, route: { weighted_clusters: { clusters: [{ name: 'a', weight: 90 }, { name: 'b', weight: '10' }, { weight: 1 }] }, auto_host_rewrite: true, requestMirrorPolicies: [{ cluster: 'shadow' }] } },
                { match: { prefix: '/r' }, redirect: { host_redirect: 'x' } },
              ],
            }],
          })],
        }],
      },
    });
    expect(found).toEqual([
      {
        protocol: 'http', listener: { name: 'in', index: 0 }, defaultFilterChain: false,
        virtualHost: { name: 'kafka', domains: ['*'] },
        match: { prefix: '/', headers: [{ name: 'x-canary', raw: { name: 'x-canary', stringMatch: { exact: 'yes' } } }], conditions: [] },
        hostRewrite: { literal: 'kafka.data' },
        targets: [{ cluster: 'canary', via: 'cluster', path: 'staticResources.listeners[0].filterChains[0].filters[0].typedConfig.routeConfig.virtualHosts[0].routes[0].route.cluster' }],
        path: 'staticResources.listeners[0].filterChains[0].filters[0].typedConfig.routeConfig.virtualHosts[0].routes[0].route',
      },
      {
        protocol: 'http', listener: { name: 'in', index: 0 }, defaultFilterChain: false,
        virtualHost: { name: 'kafka', domains: ['*'] },
        match: { path: '/w', headers: [], conditions: [] },
        hostRewrite: 'auto',
        targets: [
          { cluster: 'a', via: 'weighted', weight: 90, path: 'staticResources.listeners[0].filterChains[0].filters[0].typedConfig.routeConfig.virtualHosts[0].routes[1].route.weighted_clusters.clusters[0].name' },
          { cluster: 'b', via: 'weighted', path: 'staticResources.listeners[0].filterChains[0].filters[0].typedConfig.routeConfig.virtualHosts[0].routes[1].route.weighted_clusters.clusters[1].name' },
          { cluster: 'shadow', via: 'mirror', path: 'staticResources.listeners[0].filterChains[0].filters[0].typedConfig.routeConfig.virtualHosts[0].routes[1].route.requestMirrorPolicies[0].cluster' },
        ],
        path: 'staticResources.listeners[0].filterChains[0].filters[0].typedConfig.routeConfig.virtualHosts[0].routes[1].route',
      },
    ]);
  });

  it('reads TCP proxies, the default filter chain, and listeners without a name', () => {
    const found = routes({
      static_resources: {
        listeners: [
          { filter_chains: [{ filters: [{ typed_config: { cluster: 'db', weighted_clusters: { clusters: [{ name: 'db2', weight: 1 }] } } }] }], default_filter_chain: hcm({ virtual_hosts: [{ routes: [{ route: { cluster: 'web' } }] }] }) },
        ],
      },
    });
    expect(found.map((r) => [r.protocol, r.listener, r.defaultFilterChain, r.hostRewrite, r.targets.map((t) => `${t.via} ${t.cluster} ${t.path}`)])).toEqual([
      ['tcp', { index: 0 }, false, undefined, ['cluster db static_resources.listeners[0].filter_chains[0].filters[0].typed_config.cluster', 'weighted db2 static_resources.listeners[0].filter_chains[0].filters[0].typed_config.weighted_clusters.clusters[0].name']],
      ['http', { index: 0 }, true, undefined, ['cluster web static_resources.listeners[0].default_filter_chain.filters[0].typedConfig.routeConfig.virtual_hosts[0].routes[0].route.cluster']],
    ]);
    expect(found[0].path).toBe('static_resources.listeners[0].filter_chains[0].filters[0].typed_config');
    expect(found[1]).toMatchObject({ virtualHost: { domains: [] }, match: { headers: [] } });
  });

  it('reads malformed routes as absent, never throwing', () => {
    expect(routes({ static_resources: { listeners: [null, 1, { filter_chains: 'x' }, { filter_chains: [null, { filters: [null, { typed_config: 5 }, { typed_config: { route_config: { virtual_hosts: [null, { routes: [null, { route: 'x', match: 3 }] }] } } }] }] }] } }))
      .toEqual([{ protocol: 'tcp', listener: { index: 3 }, defaultFilterChain: false, targets: [], path: 'static_resources.listeners[3].filter_chains[1].filters[1].typed_config' }, expect.objectContaining({ protocol: 'http', targets: [], match: { headers: [], conditions: [] } })]);
  });
});

describe('malformed objects', () => {
  const weird: unknown[] = [null, 0, 'x', [], true, { metadata: 'x' }, { apiVersion: 7, kind: [] }];
  const shapes = (kind: string, apiVersion: string) =>
    [...weird, { spec: 'x' }, { spec: { template: 1, ports: 'x', selector: [1], jobTemplate: { spec: null } } }, { spec: { ports: [null, 1, { port: 'x' }, { port: 80, targetPort: {} }], selector: { a: 1 } } },
      { spec: { containers: 'x', template: { metadata: { labels: [] }, spec: { containers: [null, { ports: 'x' }, { ports: [null, { containerPort: -1 }] }], volumes: [null, { configMap: 1 }] } } } },
      { spec: { selector: { matchLabels: 1, matchExpressions: [null, { key: 1 }] }, mtls: 'x', portLevelMtls: [], workloadSelector: 'x', ingress: [null, { port: 'x' }], subsets: [null, { labels: 'x' }], trafficPolicy: { portLevelSettings: [null, { port: 'x' }] }, host: 5 } },
      { data: { 'envoy.yaml': 'static_resources: {clusters: [null, 1, {load_assignment: {endpoints: [null, {lb_endpoints: [null, {endpoint: 1}]}]}}], listeners: "x"}\nadmin: {address: 1}' } },
      { data: { 'envoy.yaml': '['.repeat(1000) } }, { data: 5 }]
      .map((extra) => ({ apiVersion, kind, metadata: { name: 'x', namespace: 'n', labels: { a: 1 }, annotations: [] }, ...(typeof extra === 'object' && extra !== null && !Array.isArray(extra) ? extra : { spec: extra }) }));
  const kinds: Array<[string, string]> = [
    ['Pod', 'v1'], ['Deployment', 'apps/v1'], ['CronJob', 'batch/v1'], ['Service', 'v1'], ['ConfigMap', 'v1'], ['Namespace', 'v1'],
    ['PeerAuthentication', 'security.istio.io/v1'], ['DestinationRule', 'networking.istio.io/v1'], ['Sidecar', 'networking.istio.io/v1'],
  ];

  it.each(kinds)('never crash the index or the rules (%s)', async (kind, apiVersion) => {
    const { runRules } = await import('../../lib/rules');
    const objects = toManifestObjects([...weird, ...shapes(kind, apiVersion)]);
    const idx = buildIndex(objects, resolveRuleOptions());
    for (const w of idx.workloads) {
      idx.servicesSelecting(w);
      idx.peerAuthenticationsFor(w);
    }
    idx.workloadsSelectedBy('n', { matchExpressions: [{ key: 'a', operator: 'In' }] } as never);
    expect(runRules(objects).filter((f) => f.rule === 'ID000')).toEqual([]);
  });
});
