/** ID602: beyond the doc page's examples (when it stays quiet, each kind of evidence). */
import { rule as id602 } from '../../lib/rules/checks/ID602-tls-scrape-permissive-port';
import { run, MESH, app, SERVICE_MONITOR } from './scraping-support';

describe('ID602', () => {
  test('a ServiceMonitor naming Istio files, the port PERMISSIVE by the mesh default', () => {
    const monitor = SERVICE_MONITOR.replace('endpoints: [{port: http-metrics}]', 'endpoints: [{port: http-metrics, scheme: https, tlsConfig: {caFile: /etc/prom-certs/root-cert.pem}}]');
    const permissive = MESH.replace('mode: STRICT', 'mode: PERMISSIVE');
    expect(run(id602, permissive + app('') + monitor)).toEqual(['ID602 ServiceMonitor monitoring/api spec.endpoints[0]']);
    expect(run(id602, MESH + app('') + monitor)).toEqual([]);
  });
});
