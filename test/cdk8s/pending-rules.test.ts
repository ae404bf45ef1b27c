/**
 * Cross-object checks that used to run inside each HeadlessMeshService (two
 * PeerAuthentications or Sidecars selecting the same pods: Istio applies only the
 * oldest, `pilot/pkg/security/authn/policy_applier.go`). They now belong to the
 * rules engine (rules ID304 / ID305), run once per synth.
 *
 * enabled when the rules engine is wired into synth
 */
import { Chart, Testing } from 'cdk8s';
import { EchoService, HeadlessMeshService } from '../../lib/cdk8s';

const target = { kind: 'Deployment' as const, name: 'web', selectorLabels: { app: 'web' } };

describe.skip('policy conflicts across constructs (rules ID304/ID305 at synth)', () => {
  test('two HeadlessMeshServices emitting PeerAuthentications for the same pods fail synth', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c');
    const echo = new EchoService(chart, 'echo');
    new HeadlessMeshService(chart, 'a', { name: 'echo-a', target: echo, ports: [{ port: 8080 }] });
    new HeadlessMeshService(chart, 'b', { name: 'echo-b', target: echo, ports: [{ port: 9090 }] });
    expect(() => app.synth()).toThrow(/PeerAuthentication "echo-b"[^\n]*"echo-a"/);
  });

  test('peerAuthentication: false on the second one resolves it', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c');
    const echo = new EchoService(chart, 'echo');
    new HeadlessMeshService(chart, 'a', { name: 'echo-a', target: echo, ports: [{ port: 8080 }] });
    new HeadlessMeshService(chart, 'b', { name: 'echo-b', target: echo, ports: [{ port: 9090 }], peerAuthentication: false });
    expect(() => app.synth()).not.toThrow();
  });

  test('different namespaces, selectors or kinds do not conflict', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c');
    new HeadlessMeshService(chart, 'a', { name: 'web-a', target, ports: [{ port: 8080 }] });
    new HeadlessMeshService(chart, 'b', { name: 'web-b', target: { ...target, namespace: 'other' }, ports: [{ port: 8080 }] });
    new HeadlessMeshService(chart, 'c', { name: 'api', target: { ...target, selectorLabels: { app: 'api' } }, ports: [{ port: 8080 }] });
    new HeadlessMeshService(chart, 'd', { name: 'web-c', target, ports: [{ port: 8080 }], peerAuthentication: false });
    expect(() => app.synth()).not.toThrow();
  });

  test('two Sidecars for the same pods fail synth', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c');
    new HeadlessMeshService(chart, 'a', { name: 'a', target, ports: [{ port: 8080 }], localhostPorts: [8080], peerAuthentication: false });
    new HeadlessMeshService(chart, 'b', { name: 'b', target, ports: [{ port: 8080 }], localhostPorts: [8080], peerAuthentication: false });
    expect(() => app.synth()).toThrow(/Sidecar "b"[^\n]*"a"/);
  });
});
