/** ID603: beyond the doc page's examples (when it stays quiet, each kind of evidence). */
import { rule as id603 } from '../../lib/rules/checks/ID603-merged-pod-scheme-https';
import { run, MESH, app } from './scraping-support';

describe('ID603', () => {
  test('quiet when merging is off or the pods have no sidecar', () => {
    const scheme = 'prometheus.io/scrape: "true", prometheus.io/port: "9464", prometheus.io/scheme: https';
    expect(run(id603, MESH + app(`${scheme}, prometheus.istio.io/merge-metrics: "false"`))).toEqual([]);
    expect(run(id603, MESH + app(scheme, undefined, ', sidecar.istio.io/inject: "false"'))).toEqual([]);
    expect(run(id603, MESH + app(scheme))).toHaveLength(1);
  });
});
