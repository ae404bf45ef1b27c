/**
 * Kubernetes 1.28 field lists, from cdk8s-plus-28's generated Kubernetes 1.28 code, with the value
 * rules probed from kubernetes-models' validators (schema-source.ts).
 */
import * as fs from 'fs';
import * as path from 'path';
import { fieldRef, KUBE_FIELDS_FORMAT } from '../../lib/schema/kube/fields-source';
import { tsLeaf } from '../../lib/schema/kube/schema-source';
import { kindType, kubeFields, modelFields, modelType, parseRef } from '../../lib/schema/kube/fields';
import { KUBE_128_KINDS } from '../../lib/schema/kube/kinds';

const ROOT = path.resolve(__dirname, '..', '..');

describe('Kubernetes 1.28 field lists', () => {
  it('reads field types from toJson expressions', () => {
    expect(fieldRef('obj.clusterIp')).toBe('');
    expect(fieldRef('obj.ports?.map(y => toJson_ServicePort(y))')).toBe('[]ServicePort');
    expect(fieldRef('obj.ipFamilies?.map(y => y)')).toBe('');
    expect(fieldRef('toJson_ObjectMeta(obj.metadata)')).toBe('ObjectMeta');
    expect(fieldRef('((obj.properties) === undefined) ? undefined : (Object.entries(obj.properties).reduce((r, i) => (i[1] === undefined) ? r : ({ ...r, [i[0]]: toJson_JsonSchemaProps(i[1]) }), {}))')).toBe('{}JsonSchemaProps');
    expect(fieldRef('obj.port?.value')).toBe('');
    expect(tsLeaf('{}string[]')).toBe('{}[]string');
    expect(tsLeaf('IntOrString')).toBe('int-or-string');
    expect(tsLeaf('Date')).toBe('string:date-time');
  });

  it('has every validated kind but core v1/Event, with the JSON names (clusterIP, not clusterIp)', () => {
    expect([...KUBE_128_KINDS].filter((k) => !kindType(k))).toEqual(['v1/Event']);
    expect(kindType('v1/Service')).toBe('Service');
    expect([...modelFields('Service')!.keys()]).toEqual(['apiVersion', 'kind', 'metadata', 'spec', 'status']);
    expect(modelFields('ServiceSpec')!.get('clusterIP')).toEqual({ shape: 'leaf', type: 'string', nullable: true });
    expect(modelFields('ServiceSpec')!.has('clusterIp')).toBe(false);
    expect(modelFields('PodSpec')!.get('containers')).toEqual({ shape: 'array', of: { shape: 'model', name: 'Container' } });
    expect(kindType('autoscaling/v2/HorizontalPodAutoscaler')).toBe('HorizontalPodAutoscalerV2');
  });

  it('carries the value rules: types, int-or-string, quantities, enums, formats, required fields, null', () => {
    const port = modelType('ServicePort')!;
    expect(port.required).toEqual(['port']);
    expect(port.fields.get('port')).toEqual({ shape: 'leaf', type: 'integer', format: 'int32' });
    expect(port.fields.get('targetPort')).toEqual({ shape: 'leaf', type: 'int-or-string', nullable: true });
    expect(port.fields.get('protocol')).toEqual({ shape: 'leaf', type: 'string', enumValues: ['SCTP', 'TCP', 'UDP'], nullable: true });
    expect(modelFields('ResourceRequirements')!.get('limits')).toEqual({ shape: 'map', of: { shape: 'leaf', type: 'quantity' }, nullable: true });
    expect(modelFields('ObjectMeta')!.get('creationTimestamp')).toEqual({ shape: 'leaf', type: 'string', format: 'date-time', nullable: true });
    expect(modelFields('Secret')!.get('data')).toEqual({ shape: 'map', of: { shape: 'leaf', type: 'string', format: 'byte' }, nullable: true });
    expect(parseRef('?[]ServicePort')).toEqual({ shape: 'array', of: { shape: 'model', name: 'ServicePort' }, nullable: true });
  });

  it('a kind and a type of the same short name stay apart (authentication TokenRequest, storage CSIDriver TokenRequest)', () => {
    expect(kindType('authentication.k8s.io/v1/TokenRequest')).toBe('KubeTokenRequest');
    expect([...modelFields('TokenRequest')!.keys()]).toEqual(['audience', 'expirationSeconds']);
    expect(modelFields('CsiDriverSpec')!.get('tokenRequests')).toEqual({ shape: 'array', of: { shape: 'model', name: 'TokenRequest' }, nullable: true });
  });

  it('one TypeScript type for two API types gets a variant where they differ (discovery EndpointPort: port optional)', () => {
    expect(modelFields('EndpointSlice')!.get('ports')).toEqual({ shape: 'array', of: { shape: 'model', name: 'EndpointPort~EndpointSlice.ports' }, nullable: true });
    expect(modelType('EndpointPort')!.required).toEqual(['port']);
    expect(modelType('EndpointPort~EndpointSlice.ports')!.required).toEqual([]);
  });

  it('scripts/ensure-artifacts.js rebuilds data of an older format (its format string is this one)', () => {
    expect(fs.readFileSync(path.join(ROOT, 'scripts', 'ensure-artifacts.js'), 'utf8')).toContain(`const KUBE_FORMAT = '${KUBE_FIELDS_FORMAT}';`);
  });

  const artifact = path.join(ROOT, 'build', 'kube-1.28-fields.json');
  (fs.existsSync(artifact) ? it : it.skip)('the build-time artifact equals reading cdk8s-plus-28 directly', () => {
    expect(kubeFields()).toEqual(kubeFields({ artifact: false }));
  });
});
