// GIVEN the mocks, installed before any component module loads.
import { registrationsWithPrefix, settle } from './mocks';
import * as k8s from '@pulumi/kubernetes';
import { KubeObject } from '../../lib/core/types';
import { childName, createResource } from '../../lib/pulumi/resources';

const meta = { name: 'x', labels: { app: 'x' } };

describe('createResource: core object -> typed @pulumi/kubernetes resource', () => {
  const cases: Array<[KubeObject, unknown, string]> = [
    [{ apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta, spec: { replicas: 1 } }, k8s.apps.v1.Deployment, 'kubernetes:apps/v1:Deployment'],
    [{ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: meta, spec: { serviceName: 'x' } }, k8s.apps.v1.StatefulSet, 'kubernetes:apps/v1:StatefulSet'],
    [{ apiVersion: 'v1', kind: 'Service', metadata: meta, spec: { clusterIP: 'None' } }, k8s.core.v1.Service, 'kubernetes:core/v1:Service'],
    [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: meta, data: { a: 'b' }, immutable: true }, k8s.core.v1.ConfigMap, 'kubernetes:core/v1:ConfigMap'],
    [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'x', labels: { 'istio-injection': 'enabled' } } }, k8s.core.v1.Namespace, 'kubernetes:core/v1:Namespace'],
    [{ apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: meta, spec: { mtls: { mode: 'STRICT' } } }, k8s.apiextensions.CustomResource, 'kubernetes:security.istio.io/v1:PeerAuthentication'],
    [{ apiVersion: 'example.com/v1alpha1', kind: 'Widget', metadata: meta, spec: { size: 1 } }, k8s.apiextensions.CustomResource, 'kubernetes:example.com/v1alpha1:Widget'],
  ];
  cases.forEach(([object, cls, type], i) => {
    test(`${object.apiVersion} ${object.kind}`, async () => {
      const resource = createResource(`res${i}`, object, {});
      expect(resource).toBeInstanceOf(cls as new (...args: never[]) => unknown);
      await settle([resource]);
      const [registered] = registrationsWithPrefix(`res${i}-`);
      expect(registered.type).toBe(type);
      expect(registered.name).toBe(`res${i}-${object.kind.toLowerCase()}`);
      expect(registered.inputs).toEqual(object);
    });
  });

  test('logical names are <component>-<kind>', () => {
    expect(childName('echo', { apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: meta })).toBe('echo-peerauthentication');
  });

  test('an unmapped built-in kind is an error: CustomResource would give it a wrong type token', () => {
    expect(() => createResource('secret', { apiVersion: 'v1', kind: 'Secret', metadata: meta, stringData: {} }, {})).toThrow(
      'v1 Secret "x": a built-in kind with no typed class mapped in lib/pulumi/resources.ts',
    );
  });

  test('a field the typed class would drop is an error, not a silent loss', () => {
    expect(() => createResource('drop', { apiVersion: 'v1', kind: 'Service', metadata: meta, spec: {}, status: {} }, {})).toThrow(
      'v1 Service "x": field(s) status are not accepted by the typed @pulumi/kubernetes class and would be dropped',
    );
  });
});
