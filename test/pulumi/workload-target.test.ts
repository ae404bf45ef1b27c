/**
 * Pulumi: a HeadlessMeshService over a `@pulumi/kubernetes` workload, read from the args it was
 * created with (no field repeated), equal to cdk8s for the same values; default names from the
 * resource name; prop errors naming the resource (issue #21).
 */
// GIVEN the mocks, installed before any component module loads.
import { registrationsWithPrefix, settle, unwrap } from './mocks';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { Testing } from 'cdk8s';
import * as cdk8s from '../../lib/cdk8s';
import { IstioDirectError } from '../../lib/core/errors';
import { DNS_1035_LABEL, resourceDnsName } from '../../lib/core/names';
import { EchoService, EnvoyDirectPods, HeadlessMeshService } from '../../lib/pulumi';
import { normalize } from './normalize';

const labels = { app: 'etcd' };

/** The args of an etcd StatefulSet: serviceName, 3 replicas, client and peer ports. */
function etcdArgs(overrides: { spec?: Record<string, unknown>; metadata?: Record<string, unknown> } = {}): k8s.apps.v1.StatefulSetArgs {
  return {
    metadata: { name: 'etcd', namespace: 'storage', ...overrides.metadata },
    spec: {
      serviceName: 'etcd',
      replicas: 3,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          containers: [
            { name: 'etcd', image: 'quay.io/coreos/etcd:v3.5.21', ports: [{ containerPort: 2379, name: 'client' }, { containerPort: 2380, name: 'peer' }] },
            { name: 'dns', image: 'coredns/coredns:1.11.3', ports: [{ containerPort: 53, name: 'dns', protocol: 'UDP' }] },
          ],
        },
      },
      ...overrides.spec,
    },
  };
}

/** The error `create` throws. */
function errorOf(create: () => unknown): IstioDirectError {
  try {
    create();
  } catch (e) {
    return e as IstioDirectError;
  }
  throw new Error('did not throw');
}

describe('a @pulumi/kubernetes workload target, read from its args', () => {
  test('no field repeated: name (serviceName), namespace, selector, replicas and ports come from the args', async () => {
    const args = etcdArgs();
    const sts = new k8s.apps.v1.StatefulSet('wt-sts', args);
    const mesh = new HeadlessMeshService('wt-mesh', { target: { workload: sts, args } });
    expect(mesh.name).toBe('etcd');
    expect(mesh.namespace).toBe('storage');
    expect(mesh.selectorLabels).toEqual(labels);
    expect(mesh.ports.map((p) => `${p.name} ${p.port}/${p.protocol} ${p.appProtocol}`)).toEqual(['client 2379/TCP tcp', 'peer 2380/TCP tcp', 'dns 53/UDP udp']);
    expect(mesh.podDnsNames).toEqual([0, 1, 2].map((i) => `etcd-${i}.etcd.storage.svc.cluster.local`));
    expect(mesh.workload).toEqual({
      kind: 'StatefulSet',
      name: 'etcd',
      namespace: 'storage',
      selectorLabels: labels,
      replicas: 3,
      serviceName: 'etcd',
      ports: [{ port: 2379, name: 'client', protocol: 'TCP' }, { port: 2380, name: 'peer', protocol: 'TCP' }, { port: 53, name: 'dns', protocol: 'UDP' }],
    });
    // Checked against the resource at deployment: it agrees.
    expect(await unwrap(mesh.targetCheck)).toEqual(mesh.workload);
  });

  test('the objects equal what cdk8s synthesizes for the same values', async () => {
    const args = etcdArgs();
    const mesh = new HeadlessMeshService('wt-parity', { target: { workload: new k8s.apps.v1.StatefulSet('wt-parity-sts', args), args } });
    await settle([mesh, ...mesh.resources]);
    const registered = registrationsWithPrefix('wt-parity-').filter((r) => r.custom && r.type.startsWith('kubernetes:') && !r.name.startsWith('wt-parity-sts'));

    const chart = Testing.chart();
    new cdk8s.HeadlessMeshService(chart, 'mesh', { target: mesh.workload });
    expect(normalize(registered.map((r) => r.inputs))).toEqual(normalize(Testing.synth(chart)));
  });

  test('a Deployment: replicas default to 1 (Kubernetes\' default), the name to the resource name', () => {
    const args: k8s.apps.v1.DeploymentArgs = {
      metadata: { name: 'web' },
      spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 8080 }] }] } } },
    };
    const mesh = new HeadlessMeshService('web-pods', { target: { workload: new k8s.apps.v1.Deployment('wt-web', args), args } });
    expect(mesh.name).toBe('web-pods');
    expect(mesh.workload.replicas).toBe(1);
    expect(mesh.ports.map((p) => p.name)).toEqual(['tcp-8080']);
  });

  test('an Output or a Promise among the fields read is an error naming the field and the resource', () => {
    const args = etcdArgs({ spec: { replicas: pulumi.output(3) } });
    const e = errorOf(() => new HeadlessMeshService('wt-output', { target: { workload: new k8s.apps.v1.StatefulSet('wt-output-sts', args), args } }));
    expect(e).toBeInstanceOf(IstioDirectError);
    expect(e.problems).toEqual([
      'HeadlessMeshService (resource "wt-output"): target.args.spec.replicas: is an Output or a Promise, known only at deployment: give a plain value in the args, so the Service is built from known values',
    ]);
    expect(registrationsWithPrefix('wt-output-service')).toEqual([]);
  });

  test('no metadata.name: Pulumi would auto-name the workload, so it is an error', () => {
    const args = etcdArgs({ metadata: { name: undefined } });
    expect(() => new HeadlessMeshService('wt-noname', { target: { workload: new k8s.apps.v1.StatefulSet('wt-noname-sts', args), args } })).toThrow(
      'target.args.metadata.name: is not set: Pulumi would give the StatefulSet a random name suffix, known only at deployment; give metadata.name',
    );
  });

  test('the resource alone: an error that says to pass its args', () => {
    const sts = new k8s.apps.v1.StatefulSet('wt-alone-sts', etcdArgs());
    expect(() => new HeadlessMeshService('wt-alone', { target: sts as never })).toThrow(
      'HeadlessMeshService (resource "wt-alone"): target: a StatefulSet resource\'s fields are Outputs, known only at deployment: pass { workload, args } with the args you created it with',
    );
  });

  test('a name other than the StatefulSet\'s serviceName is an error, as before', () => {
    const args = etcdArgs();
    expect(() => new HeadlessMeshService('wt-other', { name: 'etcd-peers', target: { workload: new k8s.apps.v1.StatefulSet('wt-other-sts', args), args } })).toThrow(
      /HeadlessMeshService "etcd-peers" \(resource "wt-other"\): target\.serviceName: StatefulSet "etcd" is governed by Service "etcd", not "etcd-peers"/,
    );
  });
});

describe('Pulumi default names and ports', () => {
  test('the resource name, when it is a DNS-1035 label; an EnvoyDirectPods names its ConfigMap alike', () => {
    const echo = new EchoService('shop-echo', { port: 8080, appProtocol: 'tcp' });
    const pods = new HeadlessMeshService('shop-pods', { target: echo });
    const proxy = new EnvoyDirectPods('shop-proxy', { target: pods, istioSidecar: true });
    expect([echo.name, pods.name, proxy.name, proxy.manifests.configMap.metadata.name]).toEqual(['shop-echo', 'shop-pods', 'shop-proxy', 'shop-proxy']);
    expect(pods.ports.map((p) => `${p.name} ${p.port}`)).toEqual(['tcp-8080 8080']);
  });

  test('another resource name becomes a DNS-1035 label with a hash of it, so names that normalize alike differ', () => {
    const a = new EchoService('Shop_Echo', {});
    const b = new EchoService('shop.echo', {});
    expect(a.name).toMatch(/^shop-echo-[0-9a-f]{8}$/);
    expect(b.name).toMatch(/^shop-echo-[0-9a-f]{8}$/);
    expect(a.name).not.toBe(b.name);
    expect(resourceDnsName('9'.repeat(80), 'echo')).toMatch(DNS_1035_LABEL);
    expect(resourceDnsName('x'.repeat(80), 'echo')).toHaveLength(63);
  });

  test('given names win', () => {
    expect(new EchoService('named-echo', { name: 'echo-service' }).name).toBe('echo-service');
  });
});
