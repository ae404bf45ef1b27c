/**
 * Cross-object checks that used to run inside each HeadlessMeshService (two
 * PeerAuthentications or Sidecars selecting the same pods: Istio applies only the
 * oldest, `pilot/pkg/security/authn/policy_applier.go`). They now belong to the
 * rules engine (rules ID304 / ID305), run once per synth.
 *
 * The rules pass runs once per synth (lib/cdk8s/rules-pass.ts).
 */
import { ApiObject, Chart, Testing } from 'cdk8s';
import { configureRules, EchoService, EnvoyDirectPods, HeadlessMeshService, rulesFindings } from '../../lib/cdk8s';
import { Rule } from '../../lib/rules';

const target = { kind: 'Deployment' as const, name: 'web', selectorLabels: { app: 'web' } };

describe('policy conflicts across constructs (rules ID304/ID305 at synth)', () => {
  test('two HeadlessMeshServices emitting PeerAuthentications for the same pods fail synth', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c');
    const echo = new EchoService(chart, 'echo');
    new HeadlessMeshService(chart, 'a', { name: 'echo-a', target: echo, ports: [{ port: 8080 }] });
    new HeadlessMeshService(chart, 'b', { name: 'echo-b', target: echo, ports: [{ port: 9090 }] });
    expect(() => app.synth()).toThrow(/ID304 PeerAuthentication default\/echo-b[^\n]*"echo-a"/);
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
    expect(() => app.synth()).toThrow(/ID305 Sidecar default\/b[^\n]*"a"/);
  });
});

describe('the rules pass: once per synth, over every chart, with construct paths', () => {
  // Default names are unique (from the construct path, test/cdk8s/default-names.test.ts): the same name given twice collides.
  test('two EchoServices given the same name in one chart fail synth with ID502 and both construct paths', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c');
    new EchoService(chart, 'one', { name: 'echo-service' });
    new EchoService(chart, 'two', { name: 'echo-service' });
    let message = '';
    try {
      app.synth();
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/\[c\/two\] ID502 Deployment default\/echo-service \(construct c\/two\/Deployment\)/);
    expect(message).toMatch(/\[c\/two\] ID502 Service default\/echo-service \(construct c\/two\/Resource\)/);
  });

  test('the same mistake across two charts fails too: the pass sees every chart', () => {
    const app = Testing.app();
    new EchoService(new Chart(app, 'a'), 'echo', { name: 'echo-service' });
    new EchoService(new Chart(app, 'b'), 'echo', { name: 'echo-service' });
    expect(() => app.synth()).toThrow(/ID502 Service default\/echo-service \(construct b\/echo\/Resource\)/);
  });

  test('an Envoy without a sidecar calling STRICT pods by pod IP fails synth (ID403)', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c', { namespace: 'shop' });
    const echo = new EchoService(chart, 'echo', { port: 8080, appProtocol: 'tcp' });
    const pods = new HeadlessMeshService(chart, 'pods', { name: 'echo-pods', target: echo, ports: [{ port: 8080 }] });
    new EnvoyDirectPods(chart, 'envoy', { configMapName: 'envoy-config-istio-style', target: pods, istioSidecar: false });
    expect(() => app.synth()).toThrow(/ID403 ConfigMap shop\/envoy-config-istio-style/);
  });

  test('with a sidecar on the Envoy pods it synthesizes', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c', { namespace: 'shop' });
    const echo = new EchoService(chart, 'echo', { port: 8080, appProtocol: 'tcp' });
    const pods = new HeadlessMeshService(chart, 'pods', { name: 'echo-pods', target: echo, ports: [{ port: 8080 }] });
    new EnvoyDirectPods(chart, 'envoy', { target: pods, istioSidecar: true });
    expect(() => app.synth()).not.toThrow();
  });

  test('warnings and infos do not fail synth but are available', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c');
    const echo = new EchoService(chart, 'echo');
    new EnvoyDirectPods(chart, 'envoy', { target: echo, podIps: ['10.0.0.1'] });
    expect(() => app.synth()).not.toThrow();
    const codes = rulesFindings(app).map((f) => `${f.rule} ${f.severity}`);
    expect(codes).toContain('ID402 info');
  });

  test('the rules run exactly once per synth, however many constructs and charts', () => {
    let runs = 0;
    const counting: Rule = { code: 'ID999', name: 'count', title: 'count', severity: 'info', istioVersions: {}, check: () => void runs++ };
    const app = Testing.app();
    configureRules(app, { rules: [counting] });
    for (let i = 0; i < 5; i++) {
      const chart = new Chart(app, `chart${i}`);
      new EchoService(chart, 'echo', { name: `echo-${i}` });
      new HeadlessMeshService(chart, 'pods', { name: `pods-${i}`, target: { kind: 'Deployment', name: `echo-${i}`, selectorLabels: { app: `echo-${i}` } }, ports: [{ port: 8080 }] });
    }
    app.synth();
    expect(runs).toBe(1);
  });

  test('disabling a code through configureRules lets synth pass', () => {
    const app = Testing.app();
    configureRules(app, { disable: ['ID502'] });
    const chart = new Chart(app, 'c');
    new EchoService(chart, 'one', { name: 'echo-service' });
    new EchoService(chart, 'two', { name: 'echo-service' });
    expect(() => app.synth()).not.toThrow();
  });

  test('errors found later are reported under the construct path, and a fix in the same tick is seen', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c');
    new EchoService(chart, 'one', { name: 'echo-service' });
    expect(() => app.synth()).not.toThrow();
    new EchoService(chart, 'two', { name: 'echo-service' });
    expect(() => app.synth()).toThrow(/\[c\/two\] ID502 Service default\/echo-service \(construct c\/two\/Resource\)/);
    configureRules(app, { disable: ['ID502'] });
    expect(() => app.synth()).not.toThrow();
  });

  test('a plain ApiObject added to a chart after a synth, in the same tick, is seen by the next synth', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c');
    const echo = new EchoService(chart, 'echo', { name: 'echo-service' });
    expect(() => app.synth()).not.toThrow();
    new ApiObject(chart, 'copy', echo.service.toJson());
    expect(() => app.synth()).toThrow(/ID502 Service default\/echo-service/);
  });

  test('the app validated on its own (no cdk8s walk before it) still sees what was added since the last synth', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c');
    const echo = new EchoService(chart, 'echo', { name: 'echo-service' });
    expect(() => app.synth()).not.toThrow();
    expect(app.node.validate()).toEqual([]);
    new ApiObject(chart, 'copy', echo.service.toJson());
    expect(app.node.validate().join('\n')).toMatch(/ID502 Service default\/echo-service/);
  });
});
