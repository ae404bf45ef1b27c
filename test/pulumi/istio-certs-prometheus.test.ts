/**
 * withIstioCertsPrometheus: the args of a Prometheus Deployment or StatefulSet with Istio's certificates (the
 * Pulumi twin of the cdk8s IstioCertsPrometheus; the core's istioCertsPodTemplate underneath).
 */
import './mocks';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { istioCertsPodTemplate } from '../../lib';
import { withIstioCertsPrometheus } from '../../lib/pulumi';

const ANNOTATIONS = {
  'proxy.istio.io/config': 'holdApplicationUntilProxyStarts: true\nproxyMetadata:\n  OUTPUT_CERTS: /etc/istio-output-certs\n',
  'sidecar.istio.io/userVolumeMount': '[{"name":"istio-certs-dir","mountPath":"/etc/istio-output-certs"}]',
  'traffic.sidecar.istio.io/includeInboundPorts': '',
  'traffic.sidecar.istio.io/includeOutboundIPRanges': '',
};

function args(containers: unknown[], extra: Record<string, unknown> = {}): k8s.apps.v1.DeploymentArgs {
  return {
    metadata: { name: 'prometheus', namespace: 'monitoring' },
    spec: {
      selector: { matchLabels: { app: 'prometheus' } },
      template: { metadata: { labels: { app: 'prometheus' }, ...extra }, spec: { containers: containers as k8s.types.input.core.v1.Container[] } },
    },
  };
}

const template = (a: k8s.apps.v1.DeploymentArgs) => (a.spec as any).template;

test('the only container: label, annotations, the in-memory volume and the read-only mount; the rest untouched', () => {
  const image = pulumi.output('prom/prometheus:v3.5.0');
  const given = args([{ name: 'prometheus', image }]);
  const out = withIstioCertsPrometheus(given, {});
  const t = template(out);
  expect(t.metadata.labels).toEqual({ app: 'prometheus', 'sidecar.istio.io/inject': 'true' });
  expect(t.metadata.annotations).toEqual(ANNOTATIONS);
  expect(t.spec.volumes).toEqual([{ name: 'istio-certs-dir', emptyDir: { medium: 'Memory' } }]);
  expect(t.spec.containers[0].volumeMounts).toEqual([{ name: 'istio-certs-dir', mountPath: '/etc/prom-certs/', readOnly: true }]);
  // An Input elsewhere stays what it is; the given args are not changed.
  expect(t.spec.containers[0].image).toBe(image);
  expect(out.metadata).toBe(given.metadata);
  expect(template(given).metadata.annotations).toBeUndefined();
  expect(template(given).spec.containers[0].volumeMounts).toBeUndefined();
});

test('the container named gets the mount; existing volumes, mounts and annotations stay; applying twice changes nothing', () => {
  const given = args(
    [{ name: 'reloader', image: 'example/reloader:1.0' }, { name: 'prometheus', image: 'prom/prometheus:v3.5.0', volumeMounts: [{ name: 'data', mountPath: '/prometheus' }] }],
    { annotations: { 'example.com/team': 'obs' } },
  );
  (template(given).spec as any).volumes = [{ name: 'data', emptyDir: {} }];
  const once = withIstioCertsPrometheus(given, { container: 'prometheus', certsMountPath: '/etc/istio-certs/' });
  const t = template(once);
  expect(t.metadata.annotations).toEqual({ 'example.com/team': 'obs', ...ANNOTATIONS });
  expect(t.spec.volumes).toEqual([{ name: 'data', emptyDir: {} }, { name: 'istio-certs-dir', emptyDir: { medium: 'Memory' } }]);
  expect(t.spec.containers[0].volumeMounts).toBeUndefined();
  expect(t.spec.containers[1].volumeMounts).toEqual([{ name: 'data', mountPath: '/prometheus' }, { name: 'istio-certs-dir', mountPath: '/etc/istio-certs/', readOnly: true }]);
  expect(withIstioCertsPrometheus(once, { container: 'prometheus', certsMountPath: '/etc/istio-certs/' })).toEqual(once);
});

test.each([
  [args([{ name: 'a', image: 'a:1' }, { name: 'b', image: 'b:1' }]), {}, 'IstioCertsPrometheus "prometheus": container: is required: the pod has several containers ("a", "b"); name the Prometheus one'],
  [args([{ name: 'a', image: 'a:1' }]), { container: 'prometheus' }, 'IstioCertsPrometheus "prometheus": container: "prometheus" is not a container of the pod (its containers: "a")'],
  [
    args([{ name: 'a', image: 'a:1' }], { annotations: { 'traffic.sidecar.istio.io/includeInboundPorts': '*' } }),
    {},
    'IstioCertsPrometheus "prometheus": template.metadata.annotations["traffic.sidecar.istio.io/includeInboundPorts"]: the pod template has "*", but scraping with Istio certificates needs "": remove yours, or make it that',
  ],
  [
    args([{ name: 'a', image: 'a:1', volumeMounts: [{ name: 'other', mountPath: '/etc/prom-certs/' }] }]),
    {},
    'IstioCertsPrometheus "prometheus": certsMountPath: container "a" already mounts {"name":"other","mountPath":"/etc/prom-certs/"}: give another certsMountPath or volumeName',
  ],
  [{ metadata: { name: 'prom' }, spec: pulumi.output({}) } as k8s.apps.v1.DeploymentArgs, {}, 'IstioCertsPrometheus "prom": spec: '],
  [args([{ name: 'a', image: 'a:1' }]), { name: 'Prom' }, 'IstioCertsPrometheus "Prom": name: "Prom" is not'],
])('refused (%#)', (given, props, message) => {
  expect(() => withIstioCertsPrometheus(given, props)).toThrow(message);
});

test('the core function takes a plain pod template', () => {
  const t = istioCertsPodTemplate({ spec: { containers: [{ name: 'prometheus', image: 'prom/prometheus:v3.5.0' }] } }, { agentOnly: true, volumeName: 'certs' });
  expect(t.spec.containers[0]).toEqual({ name: 'prometheus', image: 'prom/prometheus:v3.5.0', volumeMounts: [{ name: 'certs', mountPath: '/etc/prom-certs/', readOnly: true }] });
  expect((t as any).metadata.annotations['proxy.istio.io/config']).toContain('DISABLE_ENVOY: "true"');
  expect((t as any).spec.volumes).toEqual([{ name: 'certs', emptyDir: { medium: 'Memory' } }]);
});
