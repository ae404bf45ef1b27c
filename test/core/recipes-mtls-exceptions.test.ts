/**
 * A recipe's port-level mTLS exceptions reach the HeadlessMeshService's PeerAuthentication (and, for
 * DISABLE, the DestinationRule port setting headless clients need). No app with a recipe needs one
 * today, so a stub of the ZooKeeper recipe's build adds them; the merge rules are the same for any app.
 */
import { buildHeadlessMeshService, HeadlessMeshServiceProps } from '../../lib/core/headless-mesh-service';
import { AppRecipeProps, MtlsException, RECIPE_APPS, RecipeApp, RECIPES } from '../../lib/core/recipes';
import { KubeObject } from '../../lib/core/types';
import { withMtlsExceptions } from './recipe-stub';
import { problemsOf } from './recipe-helpers';

const base: HeadlessMeshServiceProps = {
  name: 'zk',
  namespace: 'data',
  target: { kind: 'StatefulSet', name: 'zk', selectorLabels: { app: 'zk' }, replicas: 3 },
  recipe: { app: 'zookeeper' },
};

/** Valid props of every recipe (6 replicas suit each). */
const RECIPE_PROPS: Record<RecipeApp, AppRecipeProps> = {
  etcd: { app: 'etcd' },
  kafka: { app: 'kafka', clusterId: 'MkU3OEVBNTcwNTJENDM2Qk' },
  'redis-cluster': { app: 'redis-cluster' },
  zookeeper: { app: 'zookeeper' },
  cassandra: { app: 'cassandra' },
  elasticsearch: { app: 'elasticsearch' },
  opensearch: { app: 'opensearch' },
  nats: { app: 'nats' },
  cockroachdb: { app: 'cockroachdb', insecure: true },
  'redis-sentinel': { app: 'redis-sentinel' },
  rabbitmq: { app: 'rabbitmq', erlangCookieSecret: { name: 'rabbitmq-cookie', key: 'cookie' } },
};

const PERMISSIVE_2888: MtlsException = { port: 2888, mode: 'PERMISSIVE', why: 'stub: sidecar-less followers' };
const DISABLE_3888: MtlsException = { port: 3888, mode: 'DISABLE', why: 'stub: the app speaks its own TLS' };


const spec = (o: KubeObject | undefined) => ((o as { spec?: unknown } | undefined)?.spec ?? {}) as Record<string, unknown>;

describe('recipe mTLS exceptions in the PeerAuthentication', () => {
  let restore = (): void => undefined;
  afterEach(() => {
    restore();
    restore = () => undefined;
  });

  test('no recipe of this build needs one (an exception is added only where an app cannot work under mTLS)', () => {
    for (const app of RECIPE_APPS) {
      const out = buildHeadlessMeshService({ ...base, name: 'svc', recipe: RECIPE_PROPS[app], target: { ...base.target, replicas: 6 } });
      expect([RECIPES[app].title, out.recipe?.mtlsExceptions]).toEqual([RECIPES[app].title, []]);
      expect(spec(out.peerAuthentication).portLevelMtls).toBeUndefined();
    }
  });

  test('each exception becomes a portLevelMtls entry, a DISABLE also a DestinationRule port setting, beside the user\'s entries', () => {
    restore = withMtlsExceptions([DISABLE_3888, PERMISSIVE_2888]);
    const out = buildHeadlessMeshService({ ...base, ports: [{ port: 9141, name: 'metrics' }], portLevelMtls: { 9141: 'DISABLE' } });
    expect(spec(out.peerAuthentication)).toEqual({
      selector: { matchLabels: { app: 'zk' } },
      mtls: { mode: 'STRICT' },
      portLevelMtls: { 2888: { mode: 'PERMISSIVE' }, 3888: { mode: 'DISABLE' }, 9141: { mode: 'DISABLE' } },
    });
    expect(Object.keys(spec(out.peerAuthentication).portLevelMtls as object)).toEqual(['2888', '3888', '9141']);
    expect(spec(out.destinationRule)).toEqual({
      host: 'zk.data.svc.cluster.local',
      trafficPolicy: { portLevelSettings: [{ port: { number: 3888 }, tls: { mode: 'DISABLE' } }, { port: { number: 9141 }, tls: { mode: 'DISABLE' } }] },
    });
    expect(out.recipe?.mtlsExceptions).toEqual([DISABLE_3888, PERMISSIVE_2888]);
  });

  test('an exception the workload mode already grants adds nothing', () => {
    restore = withMtlsExceptions([PERMISSIVE_2888]);
    expect(spec(buildHeadlessMeshService({ ...base, mtlsMode: 'PERMISSIVE' }).peerAuthentication).portLevelMtls).toBeUndefined();
    expect(spec(buildHeadlessMeshService({ ...base, mtlsMode: 'UNSET' }).peerAuthentication).portLevelMtls).toEqual({ 2888: { mode: 'PERMISSIVE' } });
  });

  test('a user entry as weak as the exception or weaker stands; a stronger one or UNSET is an error naming the entry', () => {
    restore = withMtlsExceptions([PERMISSIVE_2888]);
    expect(spec(buildHeadlessMeshService({ ...base, portLevelMtls: { 2888: 'DISABLE' } }).peerAuthentication).portLevelMtls).toEqual({ 2888: { mode: 'DISABLE' } });
    expect(spec(buildHeadlessMeshService({ ...base, portLevelMtls: { 2888: 'PERMISSIVE' } }).peerAuthentication).portLevelMtls).toEqual({ 2888: { mode: 'PERMISSIVE' } });
    expect(problemsOf(() => buildHeadlessMeshService({ ...base, portLevelMtls: { 2888: 'STRICT' } }))).toEqual([
      'HeadlessMeshService "zk": portLevelMtls["2888"]: "STRICT", but the ZooKeeper recipe needs mTLS "PERMISSIVE" on port 2888 (stub: sidecar-less followers): remove the entry, or set it to "PERMISSIVE"',
    ]);
    expect(problemsOf(() => buildHeadlessMeshService({ ...base, portLevelMtls: { 2888: 'UNSET' } }))[0]).toContain('portLevelMtls["2888"]: "UNSET", but the ZooKeeper recipe needs');
  });

  test('without the PeerAuthentication, or a DISABLE in ambient mode, the exception cannot be written: an error', () => {
    restore = withMtlsExceptions([DISABLE_3888]);
    expect(problemsOf(() => buildHeadlessMeshService({ ...base, peerAuthentication: false }))).toEqual([
      'HeadlessMeshService "zk": peerAuthentication: false, but the ZooKeeper recipe needs mTLS "DISABLE" on port 3888 (stub: the app speaks its own TLS), which only this construct\'s PeerAuthentication would carry: leave peerAuthentication unset',
    ]);
    expect(problemsOf(() => buildHeadlessMeshService({ ...base, dataplaneMode: 'ambient' }))).toEqual([
      'HeadlessMeshService "zk": recipe: the ZooKeeper recipe needs mTLS "DISABLE" on port 3888 (stub: the app speaks its own TLS), but "DISABLE" is not supported in ambient mode (https://istio.io/latest/docs/reference/config/security/peer_authentication/): use dataplaneMode "sidecar"',
    ]);
  });
});
