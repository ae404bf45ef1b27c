/**
 * The schemas shipped with the package: Istio's CRD schemas (committed generated data, checked here
 * against Istio's CRD YAML when the reference data is present), the Kubernetes versions, and the
 * optional extras (@bufbuild/cel) being optional, and kubernetes-models not needed at all.
 */
import * as fs from 'fs';
import { istioCrdsJson } from '../../lib/schema/crd/shipped-build';
import { shippedCrdsFile, shippedIstioSchemas, shippedReleaseFor, SHIPPED_ISTIO_RELEASES } from '../../lib/schema/crd/shipped';
import { setIstioCrdSources } from '../../lib/schema/crd/istio-crds';
import { validateObject } from '../../lib/schema/validate';
import { KUBERNETES_VERSIONS } from '../../lib/schema/kube/fields-source';
import { referencePath } from './helpers';

/** Where the reference data holds each shipped release's crd-all.gen.yaml. */
const REFERENCE: Record<string, string[]> = { '1.22': ['istio', '1.22', 'crd-all.gen.yaml'], '1.30': ['istio', 'crd-all.gen.yaml'] };

const pa = (mode: string) => ({ apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'p', namespace: 'shop' }, spec: { mtls: { mode } } });
const codes = (findings: Array<{ code: string; severity: string; path: string }>) => findings.map((f) => `${f.code} ${f.severity} ${f.path}`);

describe('shipped Istio CRD schemas', () => {
  beforeAll(() => setIstioCrdSources([]));
  afterAll(() => setIstioCrdSources(undefined));

  test.each([...SHIPPED_ISTIO_RELEASES])('Istio %s: the committed file is what scripts/istio-crds.ts makes of the release CRDs', (release) => {
    const shipped = JSON.parse(fs.readFileSync(shippedCrdsFile(release), 'utf8')) as ReturnType<typeof istioCrdsJson>;
    expect(shipped.istio.startsWith(`${release}.`)).toBe(true);
    expect(Object.keys(shipped.schemas)).toEqual(expect.arrayContaining(['security.istio.io/v1/PeerAuthentication', 'networking.istio.io/v1beta1/Sidecar', 'networking.istio.io/v1beta1/DestinationRule']));
    const reference = referencePath(...REFERENCE[release]);
    if (reference === undefined) {
      console.warn(`skipped the comparison with Istio ${release}'s crd-all.gen.yaml: no reference data (set ISTIO_DIRECT_SHARED_REFERENCE)`);
      return;
    }
    expect(istioCrdsJson(fs.readFileSync(reference, 'utf8'), shipped.istio)).toEqual(shipped);
  });

  test('Istio objects are validated without --istio-crds: no "not loaded" warning, schema errors found', () => {
    expect(validateObject(pa('STRICT'))).toEqual([]);
    const bad = validateObject(pa('STRCT'));
    expect(codes(bad)).toEqual(['ID902 error spec.mtls.mode']);
    expect(bad[0].message).toContain('must be one of "UNSET", "DISABLE", "PERMISSIVE", "STRICT"');
  });

  test('the Istio version picks the newest shipped release not newer than it', () => {
    expect(shippedReleaseFor()).toBe('1.30');
    expect(shippedReleaseFor('1.24')).toBe('1.22');
    expect(shippedReleaseFor('1.30')).toBe('1.30');
    expect(shippedReleaseFor('1.31')).toBe('1.30');
    expect(shippedReleaseFor('1.20')).toBe('1.22');
    // security.istio.io/v1 PeerAuthentication is served from Istio 1.22 on; v1 networking APIs from 1.22 too.
    expect(shippedIstioSchemas('1.22').schemas.has('security.istio.io/v1/PeerAuthentication')).toBe(true);
    const unknown = validateObject({ ...pa('STRICT'), apiVersion: 'security.istio.io/v2' }, { istioVersion: '1.24' });
    expect(unknown[0].message).toContain('the CRDs of Istio 1.22 (shipped with istio-direct)');
  });
});

describe('Kubernetes versions', () => {
  const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'shop' }, spec: { ports: [{ port: 80 }], trafficDistribution: 'PreferClose' } };

  test('each shipped version has its own field lists', () => {
    expect(KUBERNETES_VERSIONS).toEqual(['1.28', '1.33']);
    // spec.trafficDistribution is new in Kubernetes 1.30.
    expect(codes(validateObject(service))).toEqual(['ID901 error spec.trafficDistribution']);
    expect(validateObject(service)[0].message).toContain('(Kubernetes 1.28 ServiceSpec)');
    expect(validateObject(service, { kubernetesVersion: '1.33' })).toEqual([]);
  });

  test('an API version a later Kubernetes no longer serves is an error there', () => {
    const fs3 = { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta3', kind: 'FlowSchema', metadata: { name: 'f' }, spec: { priorityLevelConfiguration: { name: 'x' } } };
    expect(codes(validateObject(fs3)).filter((c) => c.endsWith('apiVersion'))).toEqual([]);
    expect(codes(validateObject(fs3, { kubernetesVersion: '1.33' }))).toContain('ID901 error apiVersion');
  });

  test.each(['1.28', '1.33'])('Kubernetes %s: a StatefulSet\'s volumeClaimTemplates and a List\'s items are checked as the kind they embed', (kubernetesVersion) => {
    const claim = { metadata: { name: 'data', labels: { tier: 7 } }, spec: { accessModes: ['ReadWriteSometimes'], resources: { requests: { storage: '1Gi' } }, storageClas: 'fast' } };
    const sts = {
      apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db', namespace: 'data' },
      spec: { serviceName: 'db', selector: { matchLabels: { app: 'db' } }, template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'db', image: 'db:1' }] } }, volumeClaimTemplates: [claim] },
    };
    expect(codes(validateObject(sts, { kubernetesVersion }))).toEqual([
      'ID901 error spec.volumeClaimTemplates[0].spec.storageClas',
      'ID901 error spec.volumeClaimTemplates[0].metadata.labels.tier',
      'ID901 error spec.volumeClaimTemplates[0].spec.accessModes[0]',
    ]);
    const list = { apiVersion: 'v1', kind: 'PersistentVolumeClaimList', items: [{ apiVersion: 'v1', kind: 'PersistentVolumeClaim', ...claim }] };
    expect(codes(validateObject(list, { kubernetesVersion })).length).toBeGreaterThan(0);
  });

  test('a version that is not shipped is a usage error naming the shipped ones', () => {
    expect(() => validateObject(service, { kubernetesVersion: '1.19' })).toThrow('Kubernetes version "1.19" is not shipped: choose one of 1.28, 1.33');
  });
});

describe('the optional extras are optional', () => {
  test('without kubernetes-models and @bufbuild/cel, the shipped schemas still run (no MissingPackageError)', () => {
    jest.isolateModules(() => {
      jest.doMock('kubernetes-models/package.json', () => {
        throw Object.assign(new Error("Cannot find module 'kubernetes-models/package.json'"), { code: 'MODULE_NOT_FOUND' });
      }, { virtual: true });
      jest.doMock('@bufbuild/cel', () => {
        throw Object.assign(new Error("Cannot find module '@bufbuild/cel'"), { code: 'MODULE_NOT_FOUND' });
      }, { virtual: true });
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { validateObject: validate } = require('../../lib/schema/validate') as typeof import('../../lib/schema/validate');
      const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'shop' }, spec: { clusterIp: 'None', ports: [{ port: 80 }] } };
      expect(codes(validate(service))).toEqual(['ID901 error spec.clusterIp']);
      // Types, enums, required fields and formats come from the shipped data, not kubernetes-models.
      const typed = { ...service, spec: { type: 'Headless', ports: [{ port: '80', targetPort: 1.5 }, {}] } };
      expect(validate(typed).map((f) => `${f.path}: ${f.message}`)).toEqual([
        'spec.ports[0].port: must be integer, got string "80"',
        'spec.ports[0].targetPort: must be string or integer, got number 1.5',
        'spec.ports[0].targetPort: must be a valid int32, got number 1.5',
        'spec.ports[1].port: missing required field "port"',
        'spec.type: unsupported value "Headless": must be one of "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
      ]);
      expect(codes(validate(pa('STRCT')))).toEqual(['ID902 error spec.mtls.mode']);
    });
  });
});

describe('the Envoy protos added to the shipped API (protos/)', () => {
  const files = ['envoy/extensions/clusters/dns/v3/dns_cluster.proto', 'envoy/extensions/clusters/common/dns/v3/dns.proto'];

  test.each(files)('%s is the upstream file, unchanged', (file) => {
    const ours = fs.readFileSync(`${__dirname}/../../protos/${file}`, 'utf8');
    expect(ours).toContain('package envoy.extensions.clusters.');
    const reference = referencePath('envoy-api', file);
    if (reference === undefined) {
      console.warn(`skipped the comparison of protos/${file} with envoyproxy/data-plane-api: no reference data (set ISTIO_DIRECT_SHARED_REFERENCE)`);
      return;
    }
    expect(ours).toBe(fs.readFileSync(reference, 'utf8'));
  });
});
