/** ID606: beyond the doc page's examples (when it stays quiet, each kind of evidence). */
import { rule as id606 } from '../../lib/rules/checks/ID606-scrape-port-not-declared';
import { run, app } from './scraping-support';
import { check } from './helpers';

describe('ID606', () => {
  test('a port name instead of a number; quiet for scrape: "false" and pods without declared ports', () => {
    expect(run(id606, app('prometheus.io/port: metrics'))).toEqual(['ID606 Deployment shop/api spec.template.metadata.annotations["prometheus.io/port"]']);
    expect(check(app('prometheus.io/port: metrics'), { rules: [id606] })[0].message).toContain('"metrics" is not a port number');
    expect(run(id606, app('prometheus.io/scrape: "false", prometheus.io/port: "1"'))).toEqual([]);
    expect(run(id606, app('prometheus.io/port: "1"', '[]'))).toEqual([]);
  });
});
