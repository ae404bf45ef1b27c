/** Builders of the app-rule fixtures (ID701-ID704): a StatefulSet of an app's image and ports, and a Service. */
export function sts(o: { name: string; image: string; ports: string; policy?: string; replicas?: number; extra?: string; ns?: string }): string {
  return `apiVersion: apps/v1
kind: StatefulSet
metadata: { name: ${o.name}, namespace: ${o.ns ?? 'apps'} }
spec:
  serviceName: ${o.name}-headless
  replicas: ${o.replicas ?? 3}
${o.policy !== undefined ? `  podManagementPolicy: ${o.policy}\n` : ''}  selector: { matchLabels: { app: ${o.name} } }
  template:
    metadata: { labels: { app: ${o.name} } }
    spec:
      containers:
        - name: ${o.name}
          image: ${o.image}
          ports: ${o.ports}${o.extra ?? ''}`;
}

export function svc(name: string, ports: string, headless = true, ns = 'apps'): string {
  return `apiVersion: v1
kind: Service
metadata: { name: ${name}, namespace: ${ns} }
spec:
${headless ? '  clusterIP: None\n' : ''}  selector: { app: ${name.replace(/-headless$/, '')} }
  ports: ${ports}`;
}

export const docs = (...parts: string[]) => parts.join('\n---\n');
