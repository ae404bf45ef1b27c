/** EchoService with several versions (issue #18): one Deployment per version, one Service over all of them. */
import { buildEchoService } from '../../lib/core/echo-service';
import { findObject } from '../helpers/objects';

describe('EchoService versions', () => {
  const m = buildEchoService({ versions: [{ name: 'v1', replicas: 3 }, { name: 'v2', replicas: 1 }] });

  test('a Deployment per version with the same app and its own version label', () => {
    expect(m.objects.map((o) => `${o.kind} ${o.metadata.name}`)).toEqual(['Deployment echo-service-v1', 'Deployment echo-service-v2', 'Service echo-service']);
    const v1 = findObject(m.objects, 'Deployment', 'echo-service-v1');
    const v2 = findObject(m.objects, 'Deployment', 'echo-service-v2');
    expect([v1.spec.replicas, v2.spec.replicas]).toEqual([3, 1]);
    expect(v2.spec.selector).toEqual({ matchLabels: { app: 'echo-service', version: 'v2' } });
    expect(v2.spec.template.metadata.labels).toMatchObject({ app: 'echo-service', version: 'v2' });
    expect(m.deployment).toBe(v1);
    expect(m.deployments).toEqual([v1, v2]);
  });

  test('the Service selects every version; the workload counts every pod', () => {
    expect(findObject(m.objects, 'Service', 'echo-service').spec.selector).toEqual({ app: 'echo-service' });
    expect(m.workload).toEqual({ kind: 'Deployment', name: 'echo-service-v1', selectorLabels: { app: 'echo-service' }, replicas: 4, ports: [{ port: 8080 }] });
  });

  test('replicas default to the EchoService replicas', () => {
    const d = buildEchoService({ replicas: 2, versions: [{ name: 'v1' }, { name: 'v2' }] }).deployments;
    expect(d.map((x) => (x.spec as any).replicas)).toEqual([2, 2]);
  });

  test('without versions nothing changes: one Deployment named after the service', () => {
    const plain = buildEchoService();
    expect(plain.deployments).toEqual([plain.deployment]);
    expect(plain.deployment.metadata.name).toBe('echo-service');
    expect((plain.deployment.spec as any).selector).toEqual({ matchLabels: { app: 'echo-service' } });
  });

  test.each<[string, unknown, string]>([
    ['version and versions', { version: 'v1', versions: [{ name: 'v2' }] }, 'version: "v1" is set with versions'],
    ['a version that is no DNS label', { versions: [{ name: 'V2' }] }, 'versions[0].name: "V2" is not a DNS-1123 label'],
    ['duplicate versions', { versions: [{ name: 'v1' }, { name: 'v1' }] }, 'versions[1]'],
    ['negative replicas', { versions: [{ name: 'v1', replicas: -1 }] }, 'versions[0].replicas: -1 is not a whole number in 0-2147483647'],
    ['an unknown key', { versions: [{ name: 'v1', replica: 1 }] }, 'versions[0].replica'],
    ['an empty list', { versions: [] }, 'versions:'],
  ])('%s', (_title, props, message) => {
    expect(() => buildEchoService(props as never)).toThrow(`EchoService "echo-service": ${message}`);
  });
});
