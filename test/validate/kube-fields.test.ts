/** Kubernetes 1.28 field lists, from cdk8s-plus-28's generated Kubernetes 1.28 code. */
import * as fs from 'fs';
import * as path from 'path';
import { fieldRef } from '../../lib/schema/kube/fields-source';
import { kindType, kubeFields, modelFields } from '../../lib/schema/kube/fields';
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
  });

  it('has every validated kind but core v1/Event, with the JSON names (clusterIP, not clusterIp)', () => {
    expect([...KUBE_128_KINDS].filter((k) => !kindType(k))).toEqual(['v1/Event']);
    expect(kindType('v1/Service')).toBe('Service');
    expect([...modelFields('Service')!.keys()]).toEqual(['apiVersion', 'kind', 'metadata', 'spec', 'status']);
    expect(modelFields('ServiceSpec')!.get('clusterIP')).toEqual({ shape: 'leaf' });
    expect(modelFields('ServiceSpec')!.has('clusterIp')).toBe(false);
    expect(modelFields('PodSpec')!.get('containers')).toEqual({ shape: 'array', of: { shape: 'model', name: 'Container' } });
    expect(kindType('autoscaling/v2/HorizontalPodAutoscaler')).toBe('HorizontalPodAutoscalerV2');
  });

  const artifact = path.join(ROOT, 'build', 'kube-1.28-fields.json');
  (fs.existsSync(artifact) ? it : it.skip)('the build-time artifact equals reading cdk8s-plus-28 directly', () => {
    expect(kubeFields()).toEqual(kubeFields({ artifact: false }));
  });
});
