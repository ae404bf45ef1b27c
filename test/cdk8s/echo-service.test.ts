/** The cdk8s EchoService: the core's objects, its exposed values, namespaces, escape hatches, bad input. */
import { ApiObject, Chart, JsonPatch, Testing } from 'cdk8s';
import { EchoService } from '../../lib/cdk8s';
import { buildEchoService } from '../../lib/core/echo-service';
import { IstioDirectError } from '../../lib/core/errors';
import { findObject } from '../helpers/objects';

describe('EchoService (cdk8s)', () => {
  test('synthesizes exactly the core objects', () => {
    const chart = Testing.chart();
    new EchoService(chart, 'echo');
    expect(Testing.synth(chart)).toEqual(JSON.parse(JSON.stringify(buildEchoService().objects)));
  });

  test('exposes names, FQDN, selector labels and the workload', () => {
    const chart = Testing.chart();
    const echo = new EchoService(chart, 'echo', { name: 'echo', replicas: 2 });
    expect(echo.name).toBe('echo');
    expect(echo.fqdn).toBe('echo.default.svc.cluster.local');
    expect(echo.selectorLabels).toEqual({ app: 'echo' });
    expect(echo.endpoint.port).toBe(3000);
    expect(echo.endpoint.targetPort).toBe(8080);
    expect(echo.workload).toEqual({ kind: 'Deployment', name: 'echo', selectorLabels: { app: 'echo' }, replicas: 2 });
    expect(echo.apiObjects.map((o) => o.kind)).toEqual(['Deployment', 'Service']);
  });

  test('the chart namespace lands on the objects and in DNS names', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c', { namespace: 'demo' });
    const echo = new EchoService(chart, 'echo');
    expect(echo.namespace).toBe('demo');
    expect(echo.fqdn).toBe('echo-service.demo.svc.cluster.local');
    expect(Testing.synth(chart).map((o) => o.metadata.namespace)).toEqual(['demo', 'demo']);
  });

  test('escape hatch: ApiObject.of is the Service and takes JSON patches', () => {
    const chart = Testing.chart();
    const echo = new EchoService(chart, 'echo');
    ApiObject.of(echo).addJsonPatch(JsonPatch.add('/spec/sessionAffinity', 'ClientIP'));
    echo.deployment.addJsonPatch(JsonPatch.replace('/spec/replicas', 5));
    const objects = Testing.synth(chart);
    expect(findObject(objects, 'Service').spec.sessionAffinity).toBe('ClientIP');
    expect(findObject(objects, 'Deployment').spec.replicas).toBe(5);
  });

  test('bad input fails when the construct is created', () => {
    const chart = Testing.chart();
    expect(() => new EchoService(chart, 'echo', { replicas: -1 })).toThrow(
      new IstioDirectError(['EchoService "echo-service": replicas: -1 is not a whole number in 0-2147483647']),
    );
  });

  test('snapshot', () => {
    const chart = Testing.chart();
    new EchoService(chart, 'echo');
    expect(Testing.synth(chart)).toMatchSnapshot();
  });
});
