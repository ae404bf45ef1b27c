/** The Pulumi MetricsScraping over a `@pulumi/kubernetes` workload (plain values beside the resource). */
import { registrationsWithPrefix, settle } from './mocks';
import * as k8s from '@pulumi/kubernetes';
import { MetricsScraping } from '../../lib/pulumi';

test('a @pulumi/kubernetes Deployment with its plain values: the PodMonitor depends on it', async () => {
  const labels = { app: 'api' };
  const workload = new k8s.apps.v1.Deployment('pk-api', {
    metadata: { name: 'api', namespace: 'shop' },
    spec: {
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [{ name: 'api', image: 'example/api:1.0', ports: [{ name: 'metrics', containerPort: 9464 }] }] } },
    },
  });
  const scraping = new MetricsScraping('pk-scraping', {
    mode: 'istio-certs',
    target: { workload, ref: { kind: 'Deployment', name: 'api', namespace: 'shop', selectorLabels: labels, containerPorts: [{ port: 9464, name: 'metrics' }] } },
    metrics: [{ port: 'metrics' }],
  });
  await settle([scraping, ...scraping.resources]);
  const [monitor] = registrationsWithPrefix('pk-scraping-').filter((r) => r.custom);
  expect(monitor.type).toBe('kubernetes:monitoring.coreos.com/v1:PodMonitor');
  expect(monitor.name).toBe('pk-scraping-podmonitor');
  expect((monitor.inputs.spec as Record<string, unknown>).podMetricsEndpoints).toEqual([{ port: 'metrics', path: '/metrics', scheme: 'https' }]);
  expect(scraping.podMonitor).toBeDefined();
});
