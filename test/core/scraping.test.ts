/**
 * MetricsScraping and IstioCertsPrometheus: every annotation, volume, TLS field and monitor field of the
 * three modes, and the errors for what a mode cannot do.
 */
import { buildIstioCertsPrometheus, buildMetricsScraping, IstioDirectError, MetricsScrapingProps, ScrapeTarget } from '../../lib';

const TARGET: ScrapeTarget = {
  kind: 'Deployment',
  name: 'api',
  namespace: 'shop',
  selectorLabels: { app: 'api' },
  containerPorts: [
    { port: 8080, name: 'http' },
    { port: 9090, name: 'metrics' },
    { port: 9100 },
  ],
  service: { name: 'api', labels: { app: 'api', tier: 'web' }, fqdn: 'api.shop.svc.cluster.local', ports: [{ name: 'http-metrics', port: 80, targetPort: 9090 }] },
};

function build(props: Partial<MetricsScrapingProps>) {
  return buildMetricsScraping({ mode: 'merge', target: TARGET, metrics: [{ port: 'metrics' }], ...props } as MetricsScrapingProps);
}

function problems(props: unknown): readonly string[] {
  try {
    buildMetricsScraping(props as MetricsScrapingProps);
  } catch (e) {
    if (e instanceof IstioDirectError) return e.problems;
    throw e;
  }
  throw new Error('no error');
}

const spec = (o: unknown) => (o as { spec: Record<string, any> }).spec;

describe('merge', () => {
  test('one port: prometheus.io scrape, port and path on the pod template, never a scheme', () => {
    const m = build({ metrics: [{ port: 9090, path: '/stats' }] });
    expect(m.podAnnotations).toEqual({ 'prometheus.io/path': '/stats', 'prometheus.io/port': '9090', 'prometheus.io/scrape': 'true' });
    expect(Object.keys(m.podAnnotations)).not.toContain('prometheus.io/scheme');
    expect(m.objects).toEqual([]);
    expect(m.portLevelMtls).toEqual({});
  });

  test('the path defaults to /metrics; a port may be named', () => {
    expect(build({}).podAnnotations['prometheus.io/path']).toBe('/metrics');
    expect(build({}).podAnnotations['prometheus.io/port']).toBe('9090');
  });

  test('several ports: prometheus.istio.io/scrape-targets from Istio 1.31, an error before', () => {
    const metrics = [{ port: 9090 }, { port: 9100, path: '/custom' }];
    expect(build({ metrics, istioVersion: '1.31' }).podAnnotations).toEqual({
      'prometheus.io/scrape': 'true',
      'prometheus.istio.io/scrape-targets': '9090:/metrics,9100:/custom',
    });
    expect(problems({ mode: 'merge', target: TARGET, metrics, istioVersion: '1.30' })).toEqual([
      'MetricsScraping "api": metrics: 2 ports, but Istio 1.30 merges one port only (prometheus.istio.io/scrape-targets needs Istio 1.31): give one port, set istioVersion "1.31", or use mode "istio-certs"',
    ]);
  });

  test('metrics served over TLS only and Istio-reserved ports are refused', () => {
    const target = { ...TARGET, containerPorts: [...TARGET.containerPorts, { port: 15020, name: 'status' }] };
    expect(problems({ mode: 'merge', target, metrics: [{ port: 15020 }], metricsOverTls: true })).toEqual([
      'MetricsScraping "api": metricsOverTls: true, but metrics merging fetches http://localhost:<port><path> in plaintext (pilot/cmd/pilot-agent/status/server.go): serve metrics over plain HTTP, or use mode "istio-certs"',
      'MetricsScraping "api": metrics[0].port: 15020 is an Istio-reserved port (15000, 15001, 15004, 15006, 15008, 15020, 15021, 15053, 15090), which merging refuses (pkg/kube/inject/webhook.go): give the app\'s own metrics port',
    ]);
  });

  test('a PodMonitor re-points the sidecar\'s declared Envoy port at the merged port 15020', () => {
    const pm = build({ monitor: 'PodMonitor', namespace: 'monitoring', monitorLabels: { release: 'kps' } }).podMonitor!;
    expect(pm.apiVersion).toBe('monitoring.coreos.com/v1');
    expect(pm.metadata).toMatchObject({ name: 'api', namespace: 'monitoring', labels: { release: 'kps' } });
    expect(spec(pm).selector).toEqual({ matchLabels: { app: 'api' } });
    expect(spec(pm).namespaceSelector).toEqual({ matchNames: ['shop'] });
    expect(spec(pm).scrapeClass).toBeUndefined();
    expect(spec(pm).podMetricsEndpoints).toEqual([
      {
        port: 'http-envoy-prom',
        path: '/stats/prometheus',
        scheme: 'http',
        relabelings: [
          { action: 'keep', sourceLabels: ['__meta_kubernetes_pod_container_name'], regex: 'istio-proxy' },
          { action: 'replace', sourceLabels: ['__address__'], targetLabel: '__address__', regex: '(.+):\\d+', replacement: '${1}:15020' },
        ],
      },
    ]);
  });

  test('a ServiceMonitor cannot scrape merged metrics', () => {
    expect(problems({ mode: 'merge', target: TARGET, metrics: [{ port: 9090 }], monitor: 'ServiceMonitor' })[0]).toContain('"ServiceMonitor" cannot scrape merged metrics');
  });
});

describe('istio-certs', () => {
  test('a PodMonitor names the scrape class and scrapes https, with no tlsConfig of its own', () => {
    const m = build({ mode: 'istio-certs', intervalSeconds: 30 });
    const pm = m.podMonitor!;
    expect(spec(pm).scrapeClass).toBe('istio-mtls');
    expect(spec(pm).podMetricsEndpoints).toEqual([{ port: 'metrics', path: '/metrics', scheme: 'https', interval: '30s' }]);
    expect(spec(pm).namespaceSelector).toBeUndefined();
    expect(m.podAnnotations).toEqual({});
    expect(m.objects).toEqual([pm]);
  });

  test('an unnamed container port is addressed by portNumber', () => {
    expect(spec(build({ mode: 'istio-certs', metrics: [{ port: 9100 }] }).podMonitor).podMetricsEndpoints[0]).toEqual({ portNumber: 9100, path: '/metrics', scheme: 'https' });
  });

  test('a ServiceMonitor names the Service port onto the metrics port and the certificate files', () => {
    const sm = build({ mode: 'istio-certs', monitor: 'ServiceMonitor', certFiles: { caFile: '/c/ca.pem', certFile: '/c/cert.pem', keyFile: '/c/key.pem' } }).serviceMonitor!;
    expect(spec(sm).selector).toEqual({ matchLabels: { app: 'api', tier: 'web' } });
    expect(spec(sm).endpoints).toEqual([
      { port: 'http-metrics', path: '/metrics', scheme: 'https', tlsConfig: { caFile: '/c/ca.pem', certFile: '/c/cert.pem', keyFile: '/c/key.pem', insecureSkipVerify: true } },
    ]);
  });

  test('a plain scrape job: pod discovery, https and tls_config with the default files', () => {
    const [job] = build({ mode: 'istio-certs', monitor: 'scrape-config' }).scrapeConfigs!;
    expect(job).toMatchObject({
      job_name: 'shop/api',
      scheme: 'https',
      metrics_path: '/metrics',
      tls_config: { ca_file: '/etc/prom-certs/root-cert.pem', cert_file: '/etc/prom-certs/cert-chain.pem', key_file: '/etc/prom-certs/key.pem', insecure_skip_verify: true },
      kubernetes_sd_configs: [{ role: 'pod', namespaces: { names: ['shop'] } }],
    });
    expect(job.relabel_configs).toContainEqual({ action: 'keep', source_labels: ['__meta_kubernetes_pod_label_app'], regex: 'api' });
    expect(job.relabel_configs).toContainEqual({ action: 'keep', source_labels: ['__meta_kubernetes_pod_container_port_number'], regex: '9090' });
  });

  test('a PERMISSIVE target is refused', () => {
    expect(problems({ mode: 'istio-certs', target: TARGET, metrics: [{ port: 9090 }], targetMtlsMode: 'PERMISSIVE' })[0]).toMatch(
      /^MetricsScraping "api": targetMtlsMode: "PERMISSIVE" cannot be scraped with TLS in mode "istio-certs": .*istio\/istio\/issues\/38720/,
    );
  });
});

describe('plaintext-port', () => {
  test('port-level DISABLE in the target namespace, with the DestinationRule keyed by Service port', () => {
    const m = build({ mode: 'plaintext-port', namespace: 'monitoring' });
    expect(m.portLevelMtls).toEqual({ 9090: 'DISABLE' });
    expect(m.peerAuthentication!.metadata).toMatchObject({ name: 'api-metrics', namespace: 'shop' });
    expect(spec(m.peerAuthentication)).toEqual({ selector: { matchLabels: { app: 'api' } }, mtls: { mode: 'STRICT' }, portLevelMtls: { '9090': { mode: 'DISABLE' } } });
    expect(m.destinationRule!.metadata.namespace).toBe('shop');
    expect(spec(m.destinationRule)).toEqual({ host: 'api.shop.svc.cluster.local', trafficPolicy: { portLevelSettings: [{ port: { number: 80 }, tls: { mode: 'DISABLE' } }] } });
    expect(spec(m.podMonitor).podMetricsEndpoints).toEqual([{ port: 'metrics', path: '/metrics', scheme: 'http' }]);
    expect(m.objects.map((o) => o.kind)).toEqual(['PeerAuthentication', 'DestinationRule', 'PodMonitor']);
  });

  test('peerAuthentication: false leaves the policy to the workload\'s own (portLevelMtls to merge into it)', () => {
    const m = build({ mode: 'plaintext-port', peerAuthentication: false });
    expect(m.objects.map((o) => o.kind)).toEqual(['PodMonitor']);
    expect(m.portLevelMtls).toEqual({ 9090: 'DISABLE' });
  });

  test('no Service, no DestinationRule; Istio 1.21 gets v1beta1', () => {
    const m = buildMetricsScraping({ mode: 'plaintext-port', target: { ...TARGET, service: undefined }, metrics: [{ port: 9090 }], istioVersion: '1.21' });
    expect(m.destinationRule).toBeUndefined();
    expect(m.peerAuthentication!.apiVersion).toBe('security.istio.io/v1beta1');
  });

  test('a scrape job over http', () => {
    const [job] = build({ mode: 'plaintext-port', monitor: 'scrape-config' }).scrapeConfigs!;
    expect(job.scheme).toBe('http');
    expect(job.tls_config).toBeUndefined();
  });
});

describe('the target\'s own metrics endpoint (e.g. an Envoy stats listener) is used when none is given', () => {
  test('target.metrics', () => {
    const target = { ...TARGET, metrics: [{ port: 'metrics', path: '/stats/prometheus' }] };
    expect(buildMetricsScraping({ mode: 'merge', target }).podAnnotations['prometheus.io/path']).toBe('/stats/prometheus');
  });
});

describe('bad input', () => {
  test('unknown mode, undeclared port, path without "/", unknown prop', () => {
    expect(problems({ mode: 'scrape', target: TARGET, metrics: [{ port: 7777, path: 'metrics' }], bogus: 1 })).toEqual([
      'MetricsScraping "api": bogus: is not a known property; known: mode, target, metrics, name, namespace, monitor, monitorLabels, targetMtlsMode, metricsOverTls, peerAuthentication, intervalSeconds, scrapeClass, certFiles, istioVersion',
      'MetricsScraping "api": mode: "scrape" is not one of merge, istio-certs, plaintext-port',
      'MetricsScraping "api": metrics[0].port: 7777 is not a container port of Deployment "api" (it declares 8080 "http", 9090 "metrics", 9100): declare it, or give one of these',
      'MetricsScraping "api": metrics[0].path: "metrics" is not an HTTP path: give one with a leading "/" and no spaces, "?", "#", "," or ":" (e.g. "/metrics")',
    ]);
  });

  test('a port name the pods do not declare', () => {
    expect(problems({ mode: 'merge', target: TARGET, metrics: [{ port: 'prom' }] })).toEqual([
      'MetricsScraping "api": metrics[0].port: "prom" is not the name of a container port of Deployment "api" (it declares 8080 "http", 9090 "metrics", 9100)',
    ]);
  });

  test('no metrics endpoint at all, and a ServiceMonitor without a Service', () => {
    expect(problems({ mode: 'istio-certs', monitor: 'ServiceMonitor', target: { ...TARGET, service: undefined } })).toEqual([
      'MetricsScraping "api": monitor: "ServiceMonitor" needs a Service in front of Deployment "api": give target.service, or use "PodMonitor"',
      'MetricsScraping "api": metrics: is required: Deployment "api" names no metrics endpoint; give [{ port, path }] with a port it declares (it declares 8080 "http", 9090 "metrics", 9100)',
    ]);
  });

  test('annotations outside merge; a target that is not a workload', () => {
    expect(problems({ mode: 'istio-certs', monitor: 'annotations', target: TARGET, metrics: [{ port: 9090 }] })[0]).toContain('"annotations" works only with mode "merge"');
    expect(problems({ mode: 'merge', target: 'api' })).toEqual([
      'MetricsScraping: target: "api" is a string, not a workload with container ports: an EchoService, a cdk8s-plus or @pulumi/kubernetes workload, or { kind, name, selectorLabels, containerPorts }',
    ]);
  });

  test('props that are not an object', () => {
    expect(() => buildMetricsScraping(7 as never)).toThrow('MetricsScraping: props: 7 is a number, not an object of MetricsScraping properties');
  });
});

describe('IstioCertsPrometheus', () => {
  const certs = buildIstioCertsPrometheus();

  test('the sidecar is injected and captures nothing; certificates go to the shared in-memory volume', () => {
    expect(certs.podLabels).toEqual({ 'sidecar.istio.io/inject': 'true' });
    expect(certs.podAnnotations['traffic.sidecar.istio.io/includeInboundPorts']).toBe('');
    expect(certs.podAnnotations['traffic.sidecar.istio.io/includeOutboundIPRanges']).toBe('');
    expect(certs.podAnnotations['proxy.istio.io/config']).toBe('holdApplicationUntilProxyStarts: true\nproxyMetadata:\n  OUTPUT_CERTS: /etc/istio-output-certs\n');
    expect(JSON.parse(certs.podAnnotations['sidecar.istio.io/userVolumeMount'])).toEqual([{ name: 'istio-certs-dir', mountPath: '/etc/istio-output-certs' }]);
    expect(certs.volume).toEqual({ name: 'istio-certs-dir', emptyDir: { medium: 'Memory' } });
    expect(certs.volumeMount).toEqual({ name: 'istio-certs-dir', mountPath: '/etc/prom-certs/', readOnly: true });
  });

  test('TLS settings: files, insecureSkipVerify (Prometheus does not support Istio secure naming), a scrape class', () => {
    expect(certs.tlsConfig).toEqual({ caFile: '/etc/prom-certs/root-cert.pem', certFile: '/etc/prom-certs/cert-chain.pem', keyFile: '/etc/prom-certs/key.pem', insecureSkipVerify: true });
    expect(certs.scrapeTlsConfig).toEqual({ ca_file: '/etc/prom-certs/root-cert.pem', cert_file: '/etc/prom-certs/cert-chain.pem', key_file: '/etc/prom-certs/key.pem', insecure_skip_verify: true });
    expect(certs.scrapeClass).toEqual({ name: 'istio-mtls', tlsConfig: certs.tlsConfig });
    expect(Object.keys(certs.prometheusSpec)).toEqual(['podMetadata', 'volumes', 'volumeMounts', 'scrapeClasses']);
  });

  test('agent only, a default class, another mount path', () => {
    const c = buildIstioCertsPrometheus({ agentOnly: true, defaultScrapeClass: true, certsMountPath: '/certs' });
    expect(c.podAnnotations['proxy.istio.io/config']).toContain('  DISABLE_ENVOY: "true"\n');
    expect(c.scrapeClass).toMatchObject({ default: true, tlsConfig: { caFile: '/certs/root-cert.pem' } });
  });

  test('bad input', () => {
    expect(() => buildIstioCertsPrometheus({ volumeName: 'istio-certs', certsMountPath: 'certs' })).toThrow(
      new IstioDirectError([
        'IstioCertsPrometheus "prometheus": certsMountPath: "certs" is not an absolute path (starting with "/", no spaces, no ".." segment), e.g. "/etc/prom-certs/"',
        'IstioCertsPrometheus "prometheus": volumeName: "istio-certs" is the name of the volume Istio\'s injection template adds when global.mountMtlsCerts is on: give another name, e.g. "istio-certs-dir"',
      ]),
    );
  });
});

describe('the pods\' own policy (a HeadlessMeshService\'s PeerAuthentication)', () => {
  const target = { ...TARGET, mtls: { mode: 'STRICT' as const, portLevel: { 9090: 'PERMISSIVE' as const, 9100: 'DISABLE' as const } } };

  test('istio-certs refuses a port its policy makes PERMISSIVE or DISABLE, and takes a STRICT one', () => {
    expect(problems({ mode: 'istio-certs', target, metrics: [{ port: 9090 }, { port: 9100 }, { port: 8080 }] })).toEqual([
      expect.stringMatching(/^MetricsScraping "api": metrics\[0\]\.port: 9090 is PERMISSIVE for Deployment "api" \(its own PeerAuthentication\), so mode "istio-certs" cannot scrape it with TLS/),
      expect.stringMatching(/^MetricsScraping "api": metrics\[1\]\.port: 9100 is DISABLE for Deployment "api" .*a DISABLE port takes plaintext only/),
    ]);
    expect(buildMetricsScraping({ mode: 'istio-certs', target, metrics: [{ port: 8080 }] }).podMonitor).toBeDefined();
  });

  test('a malformed policy is reported', () => {
    expect(problems({ mode: 'merge', target: { ...TARGET, mtls: { mode: 'strict' } }, metrics: [{ port: 9090 }] })).toEqual([
      'MetricsScraping "api": target.mtls.mode: "strict" is not one of STRICT, PERMISSIVE, DISABLE, UNSET',
    ]);
  });
});
