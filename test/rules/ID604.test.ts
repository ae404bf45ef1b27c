/** ID604: beyond the doc page's examples (each kind of evidence). */
import { rule as id604 } from '../../lib/rules/checks/ID604-merge-unmergeable-port';
import { run, MESH, app } from './scraping-support';

describe('ID604', () => {
  test('a Service port declaring the target port https; scrape-targets entries', () => {
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
