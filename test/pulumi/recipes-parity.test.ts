/**
 * Recipes: the Pulumi HeadlessMeshService registers the objects cdk8s synthesizes
 * and returns the same recipe values (the core builds both).
 */
import { registrationsWithPrefix, settle } from './mocks';
import { Testing } from 'cdk8s';
import * as cdk8s from '../../lib/cdk8s';
import { HeadlessMeshServiceProps } from '../../lib/core/headless-mesh-service';
import { IstioDirectError } from '../../lib/core/errors';
import { WorkloadRef } from '../../lib/core/types';
import * as pl from '../../lib/pulumi';
import { normalize } from './normalize';
import { withMtlsExceptions } from '../core/recipe-stub';

const sts = (name: string, replicas: number): WorkloadRef => ({ kind: 'StatefulSet', name, namespace: 'data', selectorLabels: { app: name }, replicas });

const CASES: Record<string, HeadlessMeshServiceProps> = {
  etcd: { name: 'etcd', target: sts('etcd', 5), recipe: { app: 'etcd', clusterToken: 'prod' }, clusterDomain: 'corp.example' },
  kafka: { name: 'kafka-headless', target: sts('kafka', 3), recipe: { app: 'kafka', clusterId: 'MkU3OEVBNTcwNTJENDM2Qk' }, ports: [{ port: 9404, name: 'metrics' }] },
  'redis-cluster': { name: 'redis', target: sts('redis', 6), recipe: { app: 'redis-cluster' } },
  zookeeper: { name: 'zk', target: sts('zk', 3), recipe: { app: 'zookeeper', holdApplicationUntilProxyStarts: false }, istioVersion: '1.21' },
  cassandra: { name: 'cassandra', target: sts('cassandra', 5), recipe: { app: 'cassandra', seedCount: 2 } },
  elasticsearch: { name: 'es', target: sts('es', 3), recipe: { app: 'elasticsearch' } },
  opensearch: { name: 'os', target: sts('os', 3), recipe: { app: 'opensearch' }, dataplaneMode: 'ambient' },
  nats: { name: 'nats', target: sts('nats', 3), recipe: { app: 'nats' } },
  cockroachdb: { name: 'crdb', target: sts('crdb', 5), recipe: { app: 'cockroachdb', certsDir: '/certs' } },
  'redis-sentinel': { name: 'cache', target: sts('cache', 5), recipe: { app: 'redis-sentinel', quorum: 2 }, clusterDomain: 'corp.example' },
  // The recipe's ConfigMap is registered too (a typed core/v1 ConfigMap).
  rabbitmq: { name: 'mq', target: sts('mq', 3), recipe: { app: 'rabbitmq', erlangCookieSecret: { name: 'mq', key: 'cookie' } } },
};

describe('same objects and recipe values from cdk8s and Pulumi', () => {
  Object.entries(CASES).forEach(([title, props], i) => {
    test(title, async () => {
      const chart = Testing.chart();
      const construct = new cdk8s.HeadlessMeshService(chart, 'mesh', props);
      const synthesized = Testing.synth(chart);
      const component = new pl.HeadlessMeshService(`recipes${i}`, props);
      await settle([component, ...component.resources]);
      const registered = registrationsWithPrefix(`recipes${i}-`).filter((r) => r.custom && r.type.startsWith('kubernetes:'));
      expect(normalize(registered.map((r) => r.inputs))).toEqual(normalize(synthesized));
      expect(component.recipe).toBeDefined();
      expect(component.recipe).toEqual(construct.recipe);
      expect(component.configMap !== undefined).toBe(title === 'rabbitmq');
      expect(construct.configMap !== undefined).toBe(title === 'rabbitmq');
    });
  });

  test('a recipe\'s mTLS exceptions: the same PeerAuthentication and DestinationRule (a stub: no app needs one yet)', async () => {
    const restore = withMtlsExceptions([
      { port: 2888, mode: 'PERMISSIVE', why: 'stub' },
      { port: 3888, mode: 'DISABLE', why: 'stub' },
    ]);
    try {
      const props: HeadlessMeshServiceProps = { name: 'zk', target: sts('zk', 3), recipe: { app: 'zookeeper' }, portLevelMtls: { 2181: 'PERMISSIVE' } };
      const chart = Testing.chart();
      new cdk8s.HeadlessMeshService(chart, 'mesh', props);
      const synthesized = Testing.synth(chart);
      const component = new pl.HeadlessMeshService('recipes-mtls', props);
      await settle([component, ...component.resources]);
      const registered = registrationsWithPrefix('recipes-mtls-').filter((r) => r.custom && r.type.startsWith('kubernetes:'));
      expect(normalize(registered.map((r) => r.inputs))).toEqual(normalize(synthesized));
      const pa = synthesized.find((o) => o.kind === 'PeerAuthentication');
      expect(pa.spec.portLevelMtls).toEqual({ 2181: { mode: 'PERMISSIVE' }, 2888: { mode: 'PERMISSIVE' }, 3888: { mode: 'DISABLE' } });
      const dr = synthesized.find((o) => o.kind === 'DestinationRule');
      expect(dr.spec.trafficPolicy).toEqual({ portLevelSettings: [{ port: { number: 3888 }, tls: { mode: 'DISABLE' } }] });
    } finally {
      restore();
    }
  });

  test('bad recipe input fails the same way on both sides', () => {
    const bad: HeadlessMeshServiceProps = { name: 'redis', target: sts('redis', 4), recipe: { app: 'redis-cluster' } };
    let cdk8sError: unknown;
    try {
      new cdk8s.HeadlessMeshService(Testing.chart(), 'mesh', bad);
    } catch (e) {
      cdk8sError = e;
    }
    expect(cdk8sError).toBeInstanceOf(IstioDirectError);
    // The same message but for where: the construct path (cdk8s) or the resource name (Pulumi).
    const cdk8sMessage = (cdk8sError as Error).message;
    expect(cdk8sMessage).toContain('HeadlessMeshService "redis" (construct test/mesh): target.replicas: 4 pods');
    expect(() => new pl.HeadlessMeshService('recipes-bad', bad)).toThrow(cdk8sMessage.replace('(construct test/mesh)', '(resource "recipes-bad")'));
  });
});
