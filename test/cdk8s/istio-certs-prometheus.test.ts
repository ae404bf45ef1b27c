/**
 * IstioCertsPrometheus over a Prometheus Deployment or StatefulSet of cdk8s-plus (28 and 33, read structurally):
 * the sidecar label, the annotations, the in-memory volume and the read-only mount, exactly as the core gives them.
 */
import { Testing } from 'cdk8s';
import * as plus28 from 'cdk8s-plus-28';
import * as plus33 from 'cdk8s-plus-33';
import { buildIstioCertsPrometheus } from '../../lib';
import { IstioCertsPrometheus } from '../../lib/cdk8s';

const CERTS = buildIstioCertsPrometheus();
const ANNOTATIONS = {
  'proxy.istio.io/config': 'holdApplicationUntilProxyStarts: true\nproxyMetadata:\n  OUTPUT_CERTS: /etc/istio-output-certs\n',
  'sidecar.istio.io/userVolumeMount': '[{"name":"istio-certs-dir","mountPath":"/etc/istio-output-certs"}]',
  'traffic.sidecar.istio.io/includeInboundPorts': '',
  'traffic.sidecar.istio.io/includeOutboundIPRanges': '',
};

type Plus = typeof plus28 | typeof plus33;
const template = (objects: any[], kind: string) => objects.find((o) => o.kind === kind).spec.template;

describe.each([
  ['cdk8s-plus-28', plus28 as Plus],
  ['cdk8s-plus-33', plus33 as Plus],
])('%s', (_name, kplus) => {
  const prometheusContainer = { name: 'prometheus', image: 'prom/prometheus:v3.5.0', portNumber: 9090, securityContext: { user: 65534, group: 65534 } };

  test('a Deployment: label, annotations, the in-memory volume and the read-only mount', () => {
    const chart = Testing.chart();
    const prometheus = new kplus.Deployment(chart, 'prometheus', { metadata: { name: 'prometheus' }, containers: [prometheusContainer] });
    const certs = new IstioCertsPrometheus(chart, 'certs', { workload: prometheus });
    expect(certs.containerName).toBe('prometheus');
    expect(certs.certs.scrapeTlsConfig).toEqual(CERTS.scrapeTlsConfig);
    const t = template(Testing.synth(chart), 'Deployment');
    expect(t.metadata.labels['sidecar.istio.io/inject']).toBe('true');
    expect(t.metadata.annotations).toEqual(ANNOTATIONS);
    expect(t.spec.volumes).toEqual([{ name: 'istio-certs-dir', emptyDir: { medium: 'Memory' } }]);
    expect(t.spec.containers[0].volumeMounts).toEqual([{ name: 'istio-certs-dir', mountPath: '/etc/prom-certs/', readOnly: true }]);
  });

  test('two containers: the one named gets the mount, existing volumes and annotations stay', () => {
    const chart = Testing.chart();
    const prometheus = new kplus.Deployment(chart, 'prometheus', {
      metadata: { name: 'prometheus' },
      podMetadata: { annotations: { 'example.com/team': 'obs' } },
      containers: [{ name: 'reloader', image: 'example/reloader:1.0' }, prometheusContainer],
    });
    const data = kplus.Volume.fromEmptyDir(chart, 'data', 'data');
    (prometheus.containers[1] as plus28.Container).mount('/prometheus', data as plus28.Volume);
    new IstioCertsPrometheus(chart, 'certs', { workload: prometheus, container: 'prometheus', certsMountPath: '/etc/istio-certs/' });
    const t = template(Testing.synth(chart), 'Deployment');
    expect(t.metadata.annotations).toEqual({ ...ANNOTATIONS, 'example.com/team': 'obs' });
    expect(t.spec.volumes).toEqual([{ name: 'data', emptyDir: {} }, { name: 'istio-certs-dir', emptyDir: { medium: 'Memory' } }]);
    expect(t.spec.containers[0].volumeMounts).toBeUndefined();
    expect(t.spec.containers[1].volumeMounts).toEqual([
      { name: 'data', mountPath: '/prometheus' },
      { name: 'istio-certs-dir', mountPath: '/etc/istio-certs/', readOnly: true },
    ]);
  });

  test.each([
    [{}, 'IstioCertsPrometheus "prometheus" (construct test/certs): container: is required: the pod has several containers ("reloader", "prometheus"); name the Prometheus one'],
    [{ container: 'prom' }, 'IstioCertsPrometheus "prometheus" (construct test/certs): container: "prom" is not a container of the pod (its containers: "reloader", "prometheus")'],
    [{ container: 'prometheus', volumeName: 'istio-certs' }, 'IstioCertsPrometheus "prometheus" (construct test/certs): volumeName: "istio-certs" is the name of the volume Istio\'s injection template adds'],
  ])('refused: %j', (props, message) => {
    const chart = Testing.chart();
    const prometheus = new kplus.Deployment(chart, 'prometheus', { metadata: { name: 'prometheus' }, containers: [{ name: 'reloader', image: 'example/reloader:1.0' }, prometheusContainer] });
    expect(() => new IstioCertsPrometheus(chart, 'certs', { workload: prometheus, ...props })).toThrow(message);
  });

  test('a pod template that opts out of injection is refused, naming the label', () => {
    const chart = Testing.chart();
    const prometheus = new kplus.Deployment(chart, 'prometheus', { metadata: { name: 'prometheus' }, podMetadata: { labels: { 'sidecar.istio.io/inject': 'false' } }, containers: [prometheusContainer] });
    expect(() => new IstioCertsPrometheus(chart, 'certs', { workload: prometheus })).toThrow(
      'IstioCertsPrometheus "prometheus" (construct test/certs): template.metadata.labels["sidecar.istio.io/inject"]: the pod template has "false", but scraping with Istio certificates needs "true": remove yours, or make it that',
    );
  });
});

test('a workload that is not a cdk8s-plus Deployment or StatefulSet is refused', () => {
  const chart = Testing.chart();
  expect(() => new IstioCertsPrometheus(chart, 'certs', { workload: {} as never })).toThrow(
    'IstioCertsPrometheus (construct test/certs): workload: is not a Deployment or StatefulSet of cdk8s-plus 2.x',
  );
});

test('a StatefulSet (cdk8s-plus-28): the same settings', () => {
  const chart = Testing.chart();
  const prometheus = new plus28.StatefulSet(chart, 'prometheus', { metadata: { name: 'prometheus' }, containers: [{ name: 'prometheus', image: 'prom/prometheus:v3.5.0', portNumber: 9090 }] });
  new IstioCertsPrometheus(chart, 'certs', { workload: prometheus });
  const t = template(Testing.synth(chart), 'StatefulSet');
  expect(t.metadata.labels['sidecar.istio.io/inject']).toBe('true');
  expect(t.metadata.annotations).toEqual(ANNOTATIONS);
  expect(t.spec.volumes).toEqual([{ name: 'istio-certs-dir', emptyDir: { medium: 'Memory' } }]);
  expect(t.spec.containers[0].volumeMounts).toEqual([{ name: 'istio-certs-dir', mountPath: '/etc/prom-certs/', readOnly: true }]);
});

test('a StatefulSet of cdk8s-plus-33 without volumeClaimTemplates drops pod volumes: a clear error, not a dangling mount', () => {
  const chart = Testing.chart();
  const prometheus = new plus33.StatefulSet(chart, 'prometheus', { metadata: { name: 'prometheus' }, containers: [{ name: 'prometheus', image: 'prom/prometheus:v3.5.0', portNumber: 9090 }] });
  expect(() => new IstioCertsPrometheus(chart, 'certs', { workload: prometheus })).toThrow(
    'IstioCertsPrometheus "prometheus" (construct test/certs): workload: cdk8s-plus rendered the pod without the volume "istio-certs-dir" the container mounts',
  );
});
