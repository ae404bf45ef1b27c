import { rule } from '../../lib/rules/checks/ID105-headless-http-pod-ip';
import { docExamples, optionsFor, runRule, summary, where } from './helpers';

function headless(name: string, ports: string, namespace = 'data', extra = ''): string {
  return `
apiVersion: v1
kind: Service
metadata: { name: ${name}, namespace: ${namespace} }
spec:
  clusterIP: None
  selector: { app: ${name} }
${extra}  ports:
${ports}`;
}

interface ClusterSpec {
  readonly name?: string;
  readonly type?: string;
  readonly typeYaml?: string;
  readonly address: string;
  readonly port: number;
  readonly healthHost?: string | null;
}

function cluster(c: ClusterSpec): string {
  const name = c.name ?? 'pods';
  const health =
    c.healthHost === undefined
      ? ''
      : `
        health_checks:
          - { timeout: 1s, interval: 5s, unhealthy_threshold: 2, healthy_threshold: 2, http_health_check: { path: /${c.healthHost === null ? '' : `, host: ${c.healthHost}`} } }`;
  return `
      - name: ${name}
        ${c.typeYaml ?? `type: ${c.type ?? 'STRICT_DNS'}`}${health}
        load_assignment:
          cluster_name: ${name}
          endpoints:
            - lb_endpoints:
                - endpoint: { address: { socket_address: { address: ${c.address}, port_value: ${c.port} } } }`;
}

function httpListener(routes: string): string {
  return `
  listeners:
    - name: ingress
      address: { socket_address: { address: 0.0.0.0, port_value: 10000 } }
      filter_chains:
        - filters:
            - name: envoy.filters.network.http_connection_manager
              typed_config:
                "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager
                stat_prefix: ingress
                route_config:
                  virtual_hosts:
                    - name: all
                      domains: ["*"]
                      routes:
${routes}`;
}

function configMap(clusters: string, listeners = '', namespace = 'data', name = 'envoy-config'): string {
  const bootstrap = `static_resources:${listeners}\n  clusters:${clusters}`;
  const indented = bootstrap.split('\n').map((l) => `    ${l}`).join('\n');
  return `
apiVersion: v1
kind: ConfigMap
metadata: { name: ${name}, namespace: ${namespace} }
data:
  envoy.yaml: |
${indented}`;
}

function envoyDeployment(namespace = 'data', inject?: string, configMapName = 'envoy-config'): string {
  const labels = inject === undefined ? '{ app: envoy }' : `{ app: envoy, sidecar.istio.io/inject: "${inject}" }`;
  return `
apiVersion: apps/v1
kind: Deployment
metadata: { name: envoy, namespace: ${namespace} }
spec:
  selector: { matchLabels: { app: envoy } }
  template:
    metadata: { labels: ${labels} }
    spec:
      containers: [{ name: envoy, image: envoyproxy/envoy:distroless-v1.39.6 }]
      volumes: [{ name: config, configMap: { name: ${configMapName} } }]`;
}

const docs = (...parts: string[]) => parts.join('\n---\n');

describe('ID105 headless-http-pod-ip', () => {
  it('is an error with a stable code and name', () => {
    expect([rule.code, rule.name, rule.severity]).toEqual(['ID105', 'headless-http-pod-ip', 'error']);
  });

  it('reports an HTTP-class headless port behind a STRICT_DNS cluster, on the Service port, as an error', () => {
    const yaml = docs(headless('kafka', '    - { name: http-kafka, port: 9092 }'), configMap(cluster({ name: 'kafka_pods', address: 'kafka.data.svc.cluster.local', port: 9092 })), envoyDeployment());
    const found = runRule(rule, yaml);
    expect(found.map(summary)).toEqual([{ code: 'ID105', object: 'Service data/kafka', path: 'spec.ports[0]' }]);
    expect(found[0].severity).toBe('error');
    expect(found[0].message).toContain('port 9092 ("http-kafka") is HTTP-class (HTTP) but Envoy cluster "kafka_pods" (STRICT_DNS, ConfigMap data/envoy-config)');
  });

  it('resolves short names from the Envoy namespace, svc.ns names and LOGICAL_DNS / envoy.cluster.dns clusters', () => {
    const service = headless('web', '    - { name: grpc, port: 9090 }');
    for (const c of [
      { address: 'web', port: 9090 },
      { address: 'web.data', port: 9090, type: 'LOGICAL_DNS' },
      { address: 'web.data.svc', port: 9090, typeYaml: 'cluster_type: { name: envoy.cluster.dns }' },
    ]) {
      expect(runRule(rule, docs(service, configMap(cluster(c)), envoyDeployment())).map(summary)).toEqual([{ code: 'ID105', object: 'Service data/web', path: 'spec.ports[0]' }]);
    }
  });

  it('resolves FQDNs across namespaces', () => {
    const yaml = docs(headless('web', '    - { name: http, port: 80 }', 'backend'), configMap(cluster({ address: 'web.backend.svc.cluster.local', port: 80 }), '', 'edge'), envoyDeployment('edge'));
    expect(runRule(rule, yaml).map(summary)).toEqual([{ code: 'ID105', object: 'Service backend/web', path: 'spec.ports[0]' }]);
  });

  it('uses the HTTP-class protocols: http, http2, grpc, grpc-web, http_proxy, kubernetes.io/h2c', () => {
    const ports = ['http', 'http2', 'grpc', 'grpc-web', 'http_proxy', 'kubernetes.io/h2c'];
    const service = headless('multi', ports.map((p, i) => `    - { name: p${i}, port: ${8000 + i}, appProtocol: ${p} }`).join('\n'));
    const clusters = ports.map((_, i) => cluster({ name: `c${i}`, address: 'multi', port: 8000 + i })).join('');
    expect(runRule(rule, docs(service, configMap(clusters), envoyDeployment())).map(where)).toEqual(ports.map((_, i) => `Service data/multi spec.ports[${i}]`));
  });

  it('accepts TCP-class, sniffed and UDP ports', () => {
    const service = headless('ok', ['    - { name: tcp, port: 1 }', '    - { name: x, port: 2, appProtocol: tls }', '    - { name: plain, port: 3 }', '    - { name: http, port: 4, protocol: UDP }'].join('\n'));
    const clusters = [1, 2, 3, 4].map((p) => cluster({ name: `c${p}`, address: 'ok', port: p })).join('');
    expect(runRule(rule, docs(service, configMap(clusters), envoyDeployment()))).toEqual([]);
  });

  it('reports kubernetes.io/ws only from Istio 1.24, where it parses as HTTP', () => {
    const yaml = docs(headless('ws', '    - { name: ws, port: 8080, appProtocol: kubernetes.io/ws }'), configMap(cluster({ address: 'ws', port: 8080 })), envoyDeployment());
    expect(runRule(rule, yaml, optionsFor('1.24')).map(summary)).toEqual([{ code: 'ID105', object: 'Service data/ws', path: 'spec.ports[0]' }]);
    expect(runRule(rule, yaml, optionsFor('1.23'))).toEqual([]);
  });

  it('ignores ClusterIP Services, other ports and unknown hosts', () => {
    const clusterIp = `
apiVersion: v1
kind: Service
metadata: { name: api, namespace: data }
spec:
  selector: { app: api }
  ports: [{ name: http, port: 80 }]`;
    const clusters = [cluster({ name: 'a', address: 'api', port: 80 }), cluster({ name: 'b', address: 'web', port: 81 }), cluster({ name: 'c', address: 'example.com', port: 80 })].join('');
    expect(runRule(rule, docs(clusterIp, headless('web', '    - { name: http, port: 80 }'), configMap(clusters), envoyDeployment()))).toEqual([]);
  });

  it('reports a STATIC cluster of IPs on a headless HTTP port of the Envoy namespace as a warning', () => {
    const yaml = docs(headless('echo', '    - { name: http, port: 8080 }'), headless('other', '    - { name: http, port: 8080 }', 'elsewhere'), configMap(cluster({ type: 'STATIC', address: '10.244.0.26', port: 8080 })), envoyDeployment());
    const found = runRule(rule, yaml);
    expect(found.map(summary)).toEqual([{ code: 'ID105', object: 'Service data/echo', path: 'spec.ports[0]' }]);
    expect(found[0].severity).toBe('warning');
    expect(found[0].message).toContain('sends to hard-coded IPs on port 8080 in this namespace, most likely these pods');
  });

  it('treats a cluster without type as STATIC (Envoy\'s default) and accepts IPv6 endpoints', () => {
    const yaml = docs(headless('echo', '    - { name: http, port: 8080 }'), configMap(cluster({ typeYaml: 'connect_timeout: 1s', address: '"fd00::1"', port: 8080 })), envoyDeployment());
    expect(runRule(rule, yaml).map((f) => f.severity)).toEqual(['warning']);
  });

  it('reports each Service port once, naming every cluster, with the strongest severity', () => {
    const clusters = [cluster({ name: 'dns', address: 'echo', port: 8080 }), cluster({ name: 'static', type: 'STATIC', address: '10.0.0.1', port: 8080 })].join('');
    const found = runRule(rule, docs(headless('echo', '    - { name: http, port: 8080 }'), configMap(clusters), envoyDeployment()));
    expect(found).toHaveLength(1);
    expect(found[0].severity).toBe('error');
    expect(found[0].message).toContain('"dns" (STRICT_DNS');
  });

  it('skips Envoys known to run without a sidecar, but not those injected or unknown', () => {
    const base = [headless('echo', '    - { name: http, port: 8080 }'), configMap(cluster({ address: 'echo', port: 8080 }))];
    expect(runRule(rule, docs(...base, envoyDeployment('data', 'false')))).toEqual([]);
    expect(runRule(rule, docs(...base, envoyDeployment('data', 'true')))).toHaveLength(1);
    expect(runRule(rule, docs(...base))).toHaveLength(1);
  });

  it('skips Envoys in a namespace with injection disabled, and reports those in an injected one', () => {
    const namespace = (label: string) => `apiVersion: v1\nkind: Namespace\nmetadata: { name: data, labels: { istio-injection: ${label} } }`;
    const base = [headless('echo', '    - { name: http, port: 8080 }'), configMap(cluster({ address: 'echo', port: 8080 })), envoyDeployment()];
    expect(runRule(rule, docs(namespace('disabled'), ...base))).toEqual([]);
    expect(runRule(rule, docs(namespace('enabled'), ...base))).toHaveLength(1);
  });

  it('skips a cluster whose routes all rewrite Host to the Service and whose health checks send it', () => {
    const service = headless('echo', '    - { name: http, port: 8080 }');
    const rewrite = httpListener('                        - { match: { prefix: / }, route: { cluster: pods, host_rewrite_literal: echo.data.svc.cluster.local } }');
    const ok = configMap(cluster({ address: 'echo', port: 8080, healthHost: 'echo.data' }), rewrite);
    expect(runRule(rule, docs(service, ok, envoyDeployment()))).toEqual([]);
    const noHealthHost = configMap(cluster({ address: 'echo', port: 8080, healthHost: null }), rewrite);
    expect(runRule(rule, docs(service, noHealthHost, envoyDeployment()))).toHaveLength(1);
    const otherHost = httpListener('                        - { match: { prefix: / }, route: { cluster: pods, host_rewrite_literal: example.com } }');
    expect(runRule(rule, docs(service, configMap(cluster({ address: 'echo', port: 8080 }), otherHost), envoyDeployment()))).toHaveLength(1);
    const partly = httpListener(
      ['                        - { match: { prefix: /a }, route: { cluster: pods, host_rewrite_literal: echo } }', '                        - { match: { prefix: / }, route: { cluster: pods } }'].join('\n'),
    );
    expect(runRule(rule, docs(service, configMap(cluster({ address: 'echo', port: 8080 }), partly), envoyDeployment()))).toHaveLength(1);
  });

  it('takes auto_host_rewrite on a DNS cluster as a rewrite to the Service, and camelCase field names', () => {
    const service = headless('echo', '    - { name: http, port: 8080 }');
    const auto = httpListener('                        - { match: { prefix: / }, route: { cluster: pods, autoHostRewrite: true } }');
    expect(runRule(rule, docs(service, configMap(cluster({ address: 'echo.data.svc.cluster.local', port: 8080 }), auto), envoyDeployment()))).toEqual([]);
    expect(runRule(rule, docs(service, configMap(cluster({ type: 'STATIC', address: '10.0.0.1', port: 8080 }), auto), envoyDeployment()))).toHaveLength(1);
  });

  it('never crashes on malformed bootstraps and Services', () => {
    const yaml = docs(
      headless('echo', '    - { name: http, port: 8080 }'),
      `
apiVersion: v1
kind: ConfigMap
metadata: { name: envoy-config, namespace: data }
data:
  envoy.yaml: |
    static_resources:
      listeners: [{ filter_chains: 5 }, { filter_chains: [{ filters: [{ typed_config: { route_config: { virtual_hosts: [{ routes: [null, { route: 7 }] }] } } }] }] }]
      clusters:
        - { name: a, type: 5, load_assignment: { endpoints: 3 } }
        - { name: b, type: STRICT_DNS, health_checks: 9, load_assignment: { endpoints: [{ lb_endpoints: [{ endpoint: { address: { socket_address: { address: echo, port_value: 8080 } } } }] }] } }
        - 12
  other.yaml: "{ static_resources: [ ] }"
  broken.json: "{"`,
      envoyDeployment(),
    );
    expect(runRule(rule, yaml).map(summary)).toEqual([{ code: 'ID105', object: 'Service data/echo', path: 'spec.ports[0]' }]);
  });

  it('runs its doc page examples', () => {
    const doc = docExamples('ID105');
    expect(runRule(rule, doc.failing).map(where).sort()).toEqual([...doc.expected].sort());
    expect(runRule(rule, doc.passing)).toEqual([]);
  });
});
