/**
 * The policy pack's behaviour, with stub rules injected through the factory:
 * which policy reports what, at which enforcement level, on which resource;
 * which resources are checked; configuration; preview unknowns; one engine
 * run for both policies.
 */
import { IstioDirectError } from '../../lib/core/errors';
import { createPolicies, ERRORS_POLICY, IstioDirectPolicyOptions, WARNINGS_POLICY } from '../../lib/policy';
import { runRules } from '../../lib/rules/engine';
import { EngineOptions } from '../../lib/rules/options';
import { ManifestObject, Rule, RuleFinding } from '../../lib/rules/types';
import { k8sResource, ResourceSpec, urnOf, validate } from './stack';

// The SDK's own unknown-checking proxy and sentinel (internal in its types, present at runtime).
const sdkProxy = require('@pulumi/policy/proxy') as { unknownCheckingProxy(v: unknown): Record<string, unknown>; unknownStringValue: string };

/** Reports an error on every Service (at `spec`) and a warning on every other object. */
const stubRule: Rule = {
  code: 'ID101',
  name: 'stub',
  title: 'stub',
  severity: 'error',
  istioVersions: {},
  check(index, _options, report) {
    for (const object of index.objects) {
      if (object.kind === 'Service') report(object, 'spec', `service ${object.name} seen`);
      else report(object, '', `${object.kind} ${object.name} seen`, 'warning');
    }
  },
};

const service = (name: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name, ...extra },
  spec: { clusterIP: 'None', selector: { app: name }, ports: [{ name: 'tcp', port: 80 }] },
});
const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop' }, spec: {} };

function policies(options: IstioDirectPolicyOptions = {}) {
  return createPolicies({ rules: [stubRule], ...options });
}

describe('createPolicies', () => {
  test('two stack policies: errors mandatory, warnings advisory, both configurable', () => {
    const [errors, warnings] = policies();
    expect([errors.name, errors.enforcementLevel, warnings.name, warnings.enforcementLevel]).toEqual([ERRORS_POLICY, 'mandatory', WARNINGS_POLICY, 'advisory']);
    expect(Object.keys(errors.configSchema?.properties ?? {}).sort()).toEqual(
      ['clusterDomain', 'defaultNamespace', 'disable', 'istioVersion', 'meshMtlsMode', 'rootNamespace', 'systemNamespaces'],
    );
    expect(errors.configSchema).toEqual(warnings.configSchema);
    const levels = createPolicies({ errorEnforcementLevel: 'advisory', warningEnforcementLevel: 'disabled' }).map((p) => p.enforcementLevel);
    expect(levels).toEqual(['advisory', 'disabled']);
  });

  test('bad options fail at once, each naming the pack, the field, the value and what is valid', () => {
    const bad = { istioVersion: 'latest', disable: ['ID999', 7], errorEnforcementLevel: 'block' } as unknown as IstioDirectPolicyOptions;
    let error: unknown;
    try {
      createPolicies(bad, 'mesh-rules');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(IstioDirectError);
    const problems = (error as IstioDirectError).problems;
    expect(problems).toEqual([
      expect.stringMatching(/^PolicyPack "mesh-rules": disable\[0\]: "ID999" is not a rule code; valid: ID101, .*ID905$/),
      expect.stringMatching(/^PolicyPack "mesh-rules": disable\[1\]: 7 is not a rule code/),
      'PolicyPack "mesh-rules": istioVersion: "latest" is not an Istio release; write major.minor, e.g. "1.24"',
      'PolicyPack "mesh-rules": errorEnforcementLevel: "block" is not one of advisory, mandatory, remediate, disabled',
    ]);
  });
});

describe('validateStack', () => {
  test('errors go to the mandatory policy, warnings to the advisory one, each on its resource URN', async () => {
    const resources = [k8sResource(service('kafka')), k8sResource(deployment)];
    expect(await validate(policies(), resources)).toEqual([
      { policy: ERRORS_POLICY, message: 'ID101 error Service default/kafka spec: service kafka seen', urn: urnOf('kubernetes:core/v1:Service', 'service-kafka') },
      { policy: WARNINGS_POLICY, message: 'ID101 warning Deployment shop/web: Deployment web seen', urn: urnOf('kubernetes:apps/v1:Deployment', 'deployment-web') },
    ]);
  });

  test('only Kubernetes objects are checked: other providers, provider resources, components and Helm releases are not; patches and lists are reported as not checked', async () => {
    const resources: ResourceSpec[] = [
      { type: 'aws:s3/bucket:Bucket', name: 'b', props: { kind: 'Service', apiVersion: 'v1' } },
      { type: 'pulumi:providers:kubernetes', name: 'k8s', props: { namespace: 'x' } },
      { type: 'istio-direct:index:EchoService', name: 'echo', props: { serviceName: 'echo' } },
      { type: 'kubernetes:helm.sh/v3:Chart', name: 'chart', props: {} },
      { type: 'kubernetes:yaml/v2:ConfigGroup', name: 'group', props: {} },
      { type: 'kubernetes:helm.sh/v3:Release', name: 'release', props: { chart: 'kafka' } },
      { type: 'kubernetes:yaml:ConfigFile', name: 'file', props: {} },
      { type: 'kubernetes:apps/v1:DeploymentPatch', name: 'patch', props: { metadata: { name: 'web' } } },
      { type: 'kubernetes:core/v1:ServiceList', name: 'list', props: { items: [service('zk')] } },
      k8sResource(service('kafka')),
    ];
    const violations = await validate(policies(), resources);
    expect(violations.map((v) => [v.policy, v.message])).toEqual([
      [ERRORS_POLICY, 'ID101 error Service default/kafka spec: service kafka seen'],
      [WARNINGS_POLICY, 'ID905 warning: not checked: kubernetes:apps/v1:DeploymentPatch patches part of an object that is not in the stack; its fields are not checked'],
      [WARNINGS_POLICY, 'ID905 warning: not checked: kubernetes:core/v1:ServiceList holds a list of objects; declare each object as its own resource to have it checked'],
    ]);
    expect(violations[1].urn).toBe(urnOf('kubernetes:apps/v1:DeploymentPatch', 'patch'));
    const quiet = await validate(policies({ disable: ['ID905'] }), resources);
    expect(quiet.map((v) => v.message.slice(0, 5))).toEqual(['ID101']);
  });

  test('apiVersion and kind come from the type token when the props lack them; the provider namespace applies to namespaced objects only', async () => {
    const seen: ManifestObject[] = [];
    const capture = (objects: readonly ManifestObject[]): RuleFinding[] => {
      seen.push(...objects);
      return [];
    };
    const resources: ResourceSpec[] = [
      { type: 'kubernetes:security.istio.io/v1:PeerAuthentication', name: 'pa', props: { metadata: { name: 'strict' }, spec: { mtls: { mode: 'STRICT' } } }, providerProps: { namespace: 'team-a' } },
      { type: 'kubernetes:core/v1:Namespace', name: 'ns', props: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } }, providerProps: { namespace: 'team-a' } },
      { type: 'kubernetes:core/v1:ConfigMap', name: 'cm', props: { apiVersion: 'v1', kind: 'ConfigMap' }, providerProps: { namespace: 'team-b' } },
      { type: 'kubernetes:core/v1:Service', name: 'svc', props: service('kafka', { namespace: 'own' }), providerProps: { namespace: 'team-a' } },
    ];
    await validate(createPolicies({ runRules: capture }), resources);
    expect(seen.slice(0, 4).map((o) => [o.apiVersion, o.kind, o.namespace, o.name, o.source.constructPath])).toEqual([
      ['security.istio.io/v1', 'PeerAuthentication', 'team-a', 'strict', urnOf('kubernetes:security.istio.io/v1:PeerAuthentication', 'pa')],
      ['v1', 'Namespace', '', 'team-a', urnOf('kubernetes:core/v1:Namespace', 'ns')],
      ['v1', 'ConfigMap', 'team-b', '', urnOf('kubernetes:core/v1:ConfigMap', 'cm')],
      ['v1', 'Service', 'own', 'kafka', urnOf('kubernetes:core/v1:Service', 'svc')],
    ]);
    expect((seen[1].raw.metadata as Record<string, unknown>).namespace).toBeUndefined();
  });

  test('the engine runs once for both policies, and again when the stack changes', async () => {
    const runs: EngineOptions[] = [];
    const counting = (objects: readonly ManifestObject[], options: EngineOptions): RuleFinding[] => {
      runs.push(options);
      return runRules(objects, options);
    };
    const pack = createPolicies({ rules: [stubRule], runRules: counting });
    await validate(pack, [k8sResource(service('kafka'))]);
    expect(runs).toHaveLength(1);
    await validate(pack, [k8sResource(service('kafka'))]);
    expect(runs).toHaveLength(1);
    await validate(pack, [k8sResource(service('redis'))]);
    expect(runs).toHaveLength(2);
  });

  test('settings: the factory options, overridden by each policy configuration; disable lists are joined', async () => {
    const runs: EngineOptions[] = [];
    const capture = (_o: readonly ManifestObject[], options: EngineOptions): RuleFinding[] => {
      runs.push(options);
      return [];
    };
    const pack = createPolicies({ runRules: capture, istioVersion: '1.22', disable: ['ID402'], clusterDomain: 'corp.local' });
    await validate(pack, [k8sResource(service('kafka'))], {
      [ERRORS_POLICY]: { istioVersion: '1.26', disable: ['id102'], meshMtlsMode: 'STRICT' },
      [WARNINGS_POLICY]: { enforcementLevel: 'disabled' },
    });
    expect(runs).toEqual([{ istioVersion: '1.26', disable: ['ID402', 'ID102'], clusterDomain: 'corp.local', meshMtlsMode: 'STRICT' }]);
  });

  test('a configured rule code is disabled in the engine run', async () => {
    const violations = await validate(policies(), [k8sResource(service('kafka'))], { [ERRORS_POLICY]: { disable: ['ID101'] } });
    expect(violations).toEqual([]);
  });

  test('bad configuration fails the policy with the policy, the setting and the value', async () => {
    const run = validate(policies(), [k8sResource(service('kafka'))], { [ERRORS_POLICY]: { istioVersion: 'one', disable: ['ID42'] } });
    await expect(run).rejects.toThrow(IstioDirectError);
    await expect(run).rejects.toThrow(/policy "istio-direct-errors": config.disable\[0\]: "ID42" is not a rule code/);
    await expect(run).rejects.toThrow('policy "istio-direct-errors": config.istioVersion: "one" is not an Istio release');
  });

  test('a rule that throws gives an ID000 error on the whole stack (no URN)', async () => {
    const broken: Rule = { ...stubRule, code: 'ID102', name: 'broken', check: () => { throw new Error('boom'); } };
    const violations = await validate(createPolicies({ rules: [broken] }), [k8sResource(service('kafka'))]);
    expect(violations).toEqual([
      { policy: ERRORS_POLICY, message: expect.stringMatching(/^ID000 error: rule ID102 \(broken\) failed: boom; this is a bug in istio-direct/) as unknown as string },
    ]);
  });
});

describe('values unknown during preview', () => {
  const unknown = sdkProxy.unknownStringValue;

  test('unknown fields are left out, everything else is checked, and errors on that object become advisory with a note', async () => {
    const seen: ManifestObject[] = [];
    const rule: Rule = {
      ...stubRule,
      check(index, options, report) {
        seen.push(...index.objects);
        stubRule.check(index, options, report);
      },
    };
    const props = sdkProxy.unknownCheckingProxy({ ...service('kafka'), metadata: { name: 'kafka', labels: { team: unknown } }, data: [1, unknown] });
    const known = k8sResource(service('redis'));
    const violations = await validate(createPolicies({ rules: [rule] }), [{ type: 'kubernetes:core/v1:Service', name: 'kafka', props }, known]);
    expect(seen[0].raw).toEqual({ ...service('kafka'), metadata: { name: 'kafka', labels: {} }, data: [1, null] });
    expect(violations.map((v) => [v.policy, v.message])).toEqual([
      [ERRORS_POLICY, 'ID101 error Service default/redis spec: service redis seen'],
      [WARNINGS_POLICY, 'ID101 error Service default/kafka spec: service kafka seen (preview: metadata.labels.team, data[1] not known yet; reported as advisory, checked again on the deployed object)'],
    ]);
  });

  test('an unknown provider namespace is treated as none', async () => {
    const seen: ManifestObject[] = [];
    const capture = (objects: readonly ManifestObject[]): RuleFinding[] => {
      seen.push(...objects);
      return [];
    };
    const spec: ResourceSpec = { ...k8sResource(service('kafka')), providerProps: sdkProxy.unknownCheckingProxy({ namespace: unknown }) };
    await validate(createPolicies({ runRules: capture }), [spec]);
    expect(seen[0].namespace).toBe('default');
  });
});
