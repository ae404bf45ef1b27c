/** The scraping rules (ID601-ID606) beyond their doc-page examples: when each stays quiet, and each kind of evidence. */
import { rule as id601 } from '../../lib/rules/checks/ID601-scrape-strict-port-plaintext';
import { rule as id602 } from '../../lib/rules/checks/ID602-tls-scrape-permissive-port';
import { rule as id603 } from '../../lib/rules/checks/ID603-merged-pod-scheme-https';
import { rule as id604 } from '../../lib/rules/checks/ID604-merge-unmergeable-port';
import { rule as id606 } from '../../lib/rules/checks/ID606-scrape-port-not-declared';
import { Rule } from '../../lib/rules';
import { check, describeFinding } from './helpers';

const run = (rule: Rule, yaml: string) => check(yaml, { rules: [rule] }).filter((f) => f.rule === rule.code).map(describeFinding);

const MESH = `
apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {istio-injection: enabled}}
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: default, namespace: istio-system}
spec: {mtls: {mode: STRICT}}
`;

function app(annotations: string, ports = '[{name: metrics, containerPort: 9464}]', labels = ''): string {
  return `
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata:
      labels: {app: api${labels}}
      annotations: {${annotations}}
    spec:
      containers:
      - {name: api, image: "example/api:1.0", ports: ${ports}}
`;
}

const PLAIN_PROMETHEUS = `
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: prometheus, namespace: monitoring}
spec:
  selector: {matchLabels: {app: prometheus}}
  template:
    metadata: {labels: {app: prometheus, sidecar.istio.io/inject: "false"}}
    spec:
      containers: [{name: prometheus, image: "quay.io/prometheus/prometheus:v3.5.0"}]
`;

const SERVICE_MONITOR = `
---
apiVersion: v1
kind: Service
metadata: {name: api, namespace: shop, labels: {app: api}}
spec:
  selector: {app: api}
  ports: [{name: http-metrics, port: 80, targetPort: metrics}]
---
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata: {name: api, namespace: monitoring}
spec:
  namespaceSelector: {matchNames: [shop]}
  selector: {matchLabels: {app: api}}
  endpoints: [{port: http-metrics}]
`;

describe('ID601', () => {
  test('a ServiceMonitor in another namespace, through a named target port', () => {
    expect(run(id601, MESH + app('') + PLAIN_PROMETHEUS + SERVICE_MONITOR)).toEqual(['ID601 ServiceMonitor monitoring/api spec.endpoints[0]']);
  });

  test('quiet without a Prometheus in the input, or when the Prometheus has a sidecar', () => {
    expect(run(id601, MESH + app('') + SERVICE_MONITOR)).toEqual([]);
    expect(run(id601, MESH + app('') + PLAIN_PROMETHEUS.replace('"false"', '"true"') + SERVICE_MONITOR)).toEqual([]);
  });

  test('annotations: quiet for merged pods, reported for ambient ones', () => {
    const annotations = 'prometheus.io/scrape: "true", prometheus.io/port: "9464"';
    expect(run(id601, MESH + app(annotations) + PLAIN_PROMETHEUS)).toEqual([]);
    const ambient = MESH.replace('istio-injection: enabled', 'istio.io/dataplane-mode: ambient');
    expect(run(id601, ambient + app(annotations) + PLAIN_PROMETHEUS)).toEqual(['ID601 Deployment shop/api spec.template.metadata.annotations["prometheus.io/port"]']);
  });
});

describe('ID602', () => {
  test('a ServiceMonitor naming Istio files, the port PERMISSIVE by the mesh default', () => {
    const monitor = SERVICE_MONITOR.replace('endpoints: [{port: http-metrics}]', 'endpoints: [{port: http-metrics, scheme: https, tlsConfig: {caFile: /etc/prom-certs/root-cert.pem}}]');
    const permissive = MESH.replace('mode: STRICT', 'mode: PERMISSIVE');
    expect(run(id602, permissive + app('') + monitor)).toEqual(['ID602 ServiceMonitor monitoring/api spec.endpoints[0]']);
    expect(run(id602, MESH + app('') + monitor)).toEqual([]);
  });
});

describe('ID603 and ID604', () => {
  test('quiet when merging is off or the pods have no sidecar', () => {
    const scheme = 'prometheus.io/scrape: "true", prometheus.io/port: "9464", prometheus.io/scheme: https';
    expect(run(id603, MESH + app(`${scheme}, prometheus.istio.io/merge-metrics: "false"`))).toEqual([]);
    expect(run(id603, MESH + app(scheme, undefined, ', sidecar.istio.io/inject: "false"'))).toEqual([]);
    expect(run(id603, MESH + app(scheme))).toHaveLength(1);
  });

  test('ID604: a Service port declaring the target port https; scrape-targets entries', () => {
    const service = `
---
apiVersion: v1
kind: Service
metadata: {name: api, namespace: shop}
spec:
  selector: {app: api}
  ports: [{name: metrics, port: 443, targetPort: 9464, appProtocol: https}]
`;
    expect(run(id604, MESH + app('prometheus.io/scrape: "true", prometheus.io/port: "9464"') + service)).toEqual([
      'ID604 Deployment shop/api spec.template.metadata.annotations["prometheus.io/port"]',
    ]);
    expect(run(id604, MESH + app('prometheus.io/scrape: "true", prometheus.istio.io/scrape-targets: "9464:/metrics,15021:/healthz"'))).toEqual([
      'ID604 Deployment shop/api spec.template.metadata.annotations["prometheus.istio.io/scrape-targets"]',
    ]);
  });
});

describe('ID606', () => {
  test('a port name instead of a number; quiet for scrape: "false" and pods without declared ports', () => {
    expect(run(id606, app('prometheus.io/port: metrics'))).toEqual(['ID606 Deployment shop/api spec.template.metadata.annotations["prometheus.io/port"]']);
    expect(check(app('prometheus.io/port: metrics'), { rules: [id606] })[0].message).toContain('"metrics" is not a port number');
    expect(run(id606, app('prometheus.io/scrape: "false", prometheus.io/port: "1"'))).toEqual([]);
    expect(run(id606, app('prometheus.io/port: "1"', '[]'))).toEqual([]);
  });
});
