/** The stateful-apps example chart: one StatefulSet per recipe, each with its settings applied. */
import { Testing } from 'cdk8s';
import { addStatefulAppCharts, STATEFUL_APPS, STATEFUL_NAMESPACE } from '../examples/cdk8s/stateful-apps';
import { RECIPES } from '../lib/core/recipes';
import { findObject } from './helpers/objects';

const app = Testing.app();
const { stateful } = addStatefulAppCharts(app);
const objects = Testing.synth(stateful);

describe.each(STATEFUL_APPS.map((a) => [a.name, a] as const))('%s', (name, example) => {
  const set = findObject(objects, 'StatefulSet', name);
  const service = findObject(objects, 'Service', `${name}-headless`);
  const recipe = stateful.meshes[name].recipe!;

  test('governed by its headless Service, Parallel (OrderedReady for Cassandra), held until the proxy starts', () => {
    expect(set.metadata.namespace).toBe(STATEFUL_NAMESPACE);
    expect(set.spec.serviceName).toBe(`${name}-headless`);
    expect(set.spec.podManagementPolicy).toBe(example.recipe.app === 'cassandra' ? 'OrderedReady' : 'Parallel');
    expect(set.spec.replicas).toBe(example.replicas);
    expect(set.spec.template.metadata.annotations['proxy.istio.io/config']).toBe('{"holdApplicationUntilProxyStarts":true}');
  });

  test("the app's ports, tcp, on the Service and the container", () => {
    const ports = RECIPES[example.recipe.app].ports;
    expect(service.spec.publishNotReadyAddresses).toBe(true);
    expect(service.spec.ports.map((p: any) => [p.name, p.port, p.targetPort, p.appProtocol])).toEqual(ports.map((p) => [p.name, p.port, p.port, 'tcp']));
    const elsewhere = recipe.containers.flatMap((c) => c.ports);
    const own = ports.map((p) => p.port).filter((p) => !elsewhere.includes(p));
    expect(set.spec.template.spec.containers[0].ports.map((p: any) => p.containerPort).sort()).toEqual(own.sort());
    recipe.containers.forEach((c, i) => {
      expect(set.spec.template.spec.containers[i + 1].ports.map((p: any) => p.containerPort)).toEqual(c.ports);
    });
  });

  test('the env, args and command of the recipe', () => {
    const c = set.spec.template.spec.containers[0];
    expect(c.env ?? []).toEqual(recipe.env);
    expect(c.args ?? []).toEqual(recipe.args);
    expect(c.command ?? []).toEqual(recipe.command);
    expect(recipe.warnings).toEqual([]);
    recipe.containers.forEach((other, i) => {
      const sc = set.spec.template.spec.containers[i + 1];
      expect([sc.name, sc.command, sc.env ?? []]).toEqual([other.name, other.command, other.env]);
    });
  });

  test("the recipe's ConfigMap files, mounted read-only", () => {
    const c = set.spec.template.spec.containers[0];
    for (const file of recipe.files) {
      if (file.source !== 'configMap') continue;
      expect(findObject(objects, 'ConfigMap', file.configMap).data[file.key]).toBe(file.content);
      expect(c.volumeMounts).toContainEqual({ mountPath: file.path, name: 'istio-direct-recipe', readOnly: true, subPath: file.key });
    }
  });
});

test('a STRICT PeerAuthentication per app', () => {
  const policies = objects.filter((o: any) => o.kind === 'PeerAuthentication');
  expect(policies.map((p: any) => [p.metadata.name, p.spec.mtls.mode])).toEqual(STATEFUL_APPS.map((a) => [`${a.name}-headless`, 'STRICT']));
});
