import { findPolicyConflicts } from '../../lib/core/conflicts';
import { buildHeadlessMeshService } from '../../lib/core/headless-mesh-service';

const target = { kind: 'Deployment' as const, name: 'web', selectorLabels: { app: 'web' } };

describe('findPolicyConflicts', () => {
  test('two PeerAuthentications with the same selector in one namespace conflict', () => {
    const a = buildHeadlessMeshService({ name: 'web-a', target, ports: [{ port: 8080 }] });
    const b = buildHeadlessMeshService({ name: 'web-b', target, ports: [{ port: 9090 }] });
    const conflicts = findPolicyConflicts([...a.objects, ...b.objects]);
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]).toMatchObject({ kind: 'PeerAuthentication', namespace: 'default', first: 'web-a', second: 'web-b', selector: '{"app":"web"}', secondIndex: 3 });
    expect(conflicts[0].message).toContain('Istio applies only the oldest of them');
  });

  test('different namespaces, selectors or kinds do not conflict', () => {
    const a = buildHeadlessMeshService({ name: 'web-a', target, ports: [{ port: 8080 }] });
    const b = buildHeadlessMeshService({ name: 'web-b', namespace: 'other', target, ports: [{ port: 8080 }] });
    const c = buildHeadlessMeshService({ name: 'api', target: { ...target, selectorLabels: { app: 'api' } }, ports: [{ port: 8080 }] });
    const d = buildHeadlessMeshService({ name: 'web-c', target, ports: [{ port: 8080 }], peerAuthentication: false });
    expect(findPolicyConflicts([...a.objects, ...b.objects, ...c.objects, ...d.objects])).toEqual([]);
  });

  test('two Sidecars for the same pods conflict', () => {
    const a = buildHeadlessMeshService({ name: 'a', target, ports: [{ port: 8080 }], localhostPorts: [8080], peerAuthentication: false });
    const b = buildHeadlessMeshService({ name: 'b', target, ports: [{ port: 8080 }], localhostPorts: [8080], peerAuthentication: false });
    expect(findPolicyConflicts([...a.objects, ...b.objects]).map((c) => c.kind)).toEqual(['Sidecar']);
  });
});
