/** Fixtures of the scraping rules' tests (ID601-ID606): a STRICT mesh, an app Deployment, a Prometheus without sidecar, a ServiceMonitor. */
import { Rule } from '../../lib/rules';
import { check, describeFinding } from './helpers';

export const run = (rule: Rule, yaml: string) => check(yaml, { rules: [rule] }).filter((f) => f.rule === rule.code).map(describeFinding);

export const MESH = `
apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {istio-injection: enabled}}
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: default, namespace: istio-system}
spec: {mtls: {mode: STRICT}}
`;

export function app(annotations: string, ports = '[{name: metrics, containerPort: 9464}]', labels = ''): string {
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

export const PLAIN_PROMETHEUS = `
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

export const SERVICE_MONITOR = `
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

