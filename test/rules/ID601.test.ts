/** ID601: beyond the doc page's examples (when it stays quiet, each kind of evidence). */
import { rule as id601 } from '../../lib/rules/checks/ID601-scrape-strict-port-plaintext';
import { run, MESH, app, PLAIN_PROMETHEUS, SERVICE_MONITOR } from './scraping-support';

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
