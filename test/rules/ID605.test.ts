/** ID605: beyond the doc page's examples (the first file field named; ServiceMonitors may name files). */
import { rule as id605 } from '../../lib/rules/checks/ID605-pod-monitor-file-tls';
import { run } from './scraping-support';

const monitor = (kind: string, endpoints: string, tls: string) => `
apiVersion: monitoring.coreos.com/v1
kind: ${kind}
metadata: {name: api, namespace: shop}
spec:
  selector: {matchLabels: {app: api}}
  ${endpoints}:
  - {port: metrics, scheme: https}
  - {port: metrics, scheme: https, tlsConfig: ${tls}}
`;

describe('ID605', () => {
  test('the endpoint and the first file field it names', () => {
    expect(run(id605, monitor('PodMonitor', 'podMetricsEndpoints', '{certFile: /c/cert.pem, keyFile: /c/key.pem}'))).toEqual([
      'ID605 PodMonitor shop/api spec.podMetricsEndpoints[1].tlsConfig.certFile',
    ]);
  });

  test('quiet for Secret references, and for a ServiceMonitor (its tlsConfig takes files)', () => {
    expect(run(id605, monitor('PodMonitor', 'podMetricsEndpoints', '{ca: {secret: {name: ca, key: ca.crt}}}'))).toEqual([]);
    expect(run(id605, monitor('ServiceMonitor', 'endpoints', '{caFile: /c/ca.pem}'))).toEqual([]);
  });
});
