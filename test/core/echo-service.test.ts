import { buildEchoService, ECHO_IMAGE } from '../../lib/core/echo-service';

describe('buildEchoService', () => {
  test('defaults are the echo-service of the example scenario', () => {
    // GIVEN / WHEN
    const m = buildEchoService();
    const deployment = m.deployment as any;
    const service = m.service as any;

    // THEN: Deployment
    expect(deployment.metadata.name).toBe('echo-service');
    expect(deployment.spec.replicas).toBe(3);
    expect(deployment.spec.selector.matchLabels).toEqual({ app: 'echo-service' });
    const pod = deployment.spec.template;
    expect(pod.metadata.labels.app).toBe('echo-service');
    expect(pod.metadata.labels.version).toBe('v1');
    const container = pod.spec.containers[0];
    expect(container.image).toBe(ECHO_IMAGE);
    expect(container.image).toMatch(/^mendhak\/http-https-echo:\d+$/);
    expect(container.ports).toEqual([{ name: 'http', containerPort: 8080, protocol: 'TCP' }]);
    expect(container.env).toContainEqual({ name: 'HTTP_PORT', value: '8080' });
    expect(container.readinessProbe.httpGet.port).toBe('http');
    expect(container.livenessProbe.httpGet.port).toBe('http');
    expect(container.resources.requests).toBeDefined();
    expect(container.resources.limits).toBeDefined();

    // THEN: Service 3000 -> 8080, appProtocol http
    expect(service.metadata.name).toBe('echo-service');
    expect(service.spec.type).toBe('ClusterIP');
    expect(service.spec.selector).toEqual({ app: 'echo-service' });
    expect(service.spec.ports).toEqual([{ name: 'http', port: 3000, targetPort: 8080, protocol: 'TCP', appProtocol: 'http' }]);
  });

  test('labels carry app, the app.kubernetes.io set, and version on pods', () => {
    const m = buildEchoService({ labels: { team: 'edge' } });
    expect((m.service as any).metadata.labels).toEqual({
      app: 'echo-service',
      'app.kubernetes.io/component': 'echo-server',
      'app.kubernetes.io/instance': 'echo-service',
      'app.kubernetes.io/managed-by': 'istio-direct',
      'app.kubernetes.io/name': 'echo-service',
      team: 'edge',
    });
  });

  test('pods meet the restricted Pod Security Standard', () => {
    const pod = (buildEchoService().deployment as any).spec.template.spec;
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: 'RuntimeDefault' } });
    expect(pod.containers[0].securityContext).toMatchObject({
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      runAsNonRoot: true,
    });
    expect(pod.automountServiceAccountToken).toBe(false);
  });

  test('everything can be overridden', () => {
    const m = buildEchoService({
      name: 'echo',
      namespace: 'demo',
      replicas: 5,
      image: 'mendhak/http-https-echo:36',
      containerPort: 9090,
      port: 80,
      appProtocol: 'http2',
      version: 'v2',
      clusterDomain: 'corp.internal',
    });
    const d = m.deployment as any;
    const s = m.service as any;
    expect(d.metadata).toMatchObject({ name: 'echo', namespace: 'demo' });
    expect(d.spec.replicas).toBe(5);
    expect(d.spec.template.metadata.labels.version).toBe('v2');
    expect(d.spec.template.spec.containers[0].image).toBe('mendhak/http-https-echo:36');
    expect(s.spec.ports[0]).toMatchObject({ port: 80, targetPort: 9090, appProtocol: 'http2' });
    expect(m.endpoint).toEqual({
      name: 'echo',
      namespace: 'demo',
      fqdn: 'echo.demo.svc.corp.internal',
      port: 80,
      targetPort: 9090,
      headless: false,
      selectorLabels: { app: 'echo' },
    });
    expect(m.workload).toEqual({ kind: 'Deployment', name: 'echo', namespace: 'demo', selectorLabels: { app: 'echo' }, replicas: 5, ports: [{ port: 9090 }] });
  });

  test('no namespace set: objects carry none, DNS names assume default', () => {
    const m = buildEchoService();
    expect((m.service as any).metadata.namespace).toBeUndefined();
    expect(m.endpoint.fqdn).toBe('echo-service.default.svc.cluster.local');
  });

  test('output is deterministic', () => {
    expect(JSON.stringify(buildEchoService())).toBe(JSON.stringify(buildEchoService()));
  });

  test('snapshot', () => {
    expect(buildEchoService().objects).toMatchSnapshot();
  });
});
