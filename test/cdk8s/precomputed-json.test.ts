/**
 * The rules pass renders every object once; istio-direct objects reuse that JSON for the
 * output of the same synth, once, and only while nothing that shapes it changed.
 */
import { ApiObject, App, Chart, JsonPatch, Lazy, Testing } from 'cdk8s';
import { HeadlessMeshService } from '../../lib/cdk8s';

function build(): { app: App; a: Chart; b: Chart; hmsB: HeadlessMeshService } {
  const app = Testing.app();
  const a = new Chart(app, 'a');
  const b = new Chart(app, 'b', { labels: { team: 'b' } });
  const target = (name: string) => ({ kind: 'StatefulSet' as const, name, selectorLabels: { app: name }, replicas: 3 });
  new HeadlessMeshService(a, 'one', { name: 'one', target: target('one'), ports: [{ port: 2379 }], portLevelMtls: { 2379: 'DISABLE' } });
  const hmsB = new HeadlessMeshService(b, 'two', { name: 'two', target: target('two'), ports: [{ port: 2380 }] });
  return { app, a, b, hmsB };
}

/** What cdk8s itself renders, bypassing any reuse. */
function rendered(chart: Chart): unknown[] {
  return chart.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject).map((o) => ApiObject.prototype.toJson.call(o));
}

describe('istio-direct objects reuse the rules pass JSON within one synth', () => {
  test('the output is what cdk8s renders', () => {
    const { a, b } = build();
    expect(Testing.synth(a)).toEqual(rendered(a));
    expect(Testing.synth(b)).toEqual(rendered(b));
  });

  test('a label added after a synth, in the same tick, reaches the next synth', () => {
    const { a, b, hmsB } = build();
    Testing.synth(a);
    ApiObject.of(hmsB).metadata.addLabel('added', 'yes');
    const service = Testing.synth(b).find((o) => o.kind === 'Service');
    expect(service.metadata.labels).toMatchObject({ added: 'yes', team: 'b' });
    expect(Testing.synth(b)).toEqual(rendered(b));
  });

  test('an annotation added after a synth, in the same tick, reaches the next synth', () => {
    const { a, b, hmsB } = build();
    Testing.synth(a);
    ApiObject.of(hmsB).metadata.addAnnotation('added', 'yes');
    const service = Testing.synth(b).find((o) => o.kind === 'Service');
    expect(service.metadata.annotations).toMatchObject({ added: 'yes' });
  });

  test('a token in the metadata whose value changes after a synth, in the same tick, reaches the next synth', () => {
    const { a, b, hmsB } = build();
    let value = 'first';
    ApiObject.of(hmsB).metadata.addLabel('lazy', Lazy.any({ produce: () => value }) as unknown as string);
    Testing.synth(a);
    value = 'second';
    const service = Testing.synth(b).find((o) => o.kind === 'Service');
    expect(service.metadata.labels).toMatchObject({ lazy: 'second' });
    expect(Testing.synth(b)).toEqual(rendered(b));
  });

  test('a JSON patch added after a synth, in the same tick, reaches the next synth', () => {
    const { a, b, hmsB } = build();
    Testing.synth(a);
    ApiObject.of(hmsB).addJsonPatch(JsonPatch.add('/spec/sessionAffinity', 'ClientIP'));
    const service = Testing.synth(b).find((o) => o.kind === 'Service');
    expect(service.spec.sessionAffinity).toBe('ClientIP');
  });

  test('each output is a fresh object: changing one does not change the next', () => {
    const { b } = build();
    const first = Testing.synth(b);
    first[0].metadata.name = 'changed';
    expect(Testing.synth(b)[0].metadata.name).not.toBe('changed');
  });
});
