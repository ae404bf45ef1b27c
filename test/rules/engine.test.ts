import { ALL_RULES, runRules, toManifestObjects, RuleOptionsError, type Rule, type RuleFinding } from '../../lib/rules';
import { check, describeFinding, objectsOf } from './helpers';

const HEADLESS = (annotations = '') => `
apiVersion: v1
kind: Service
metadata:
  name: zk
  namespace: zk
${annotations}
spec:
  clusterIP: None
  selector: {app: zk}
  ports: [{name: tcp-client, port: 2181, targetPort: 12181}]
`;

const found = (findings: readonly RuleFinding[]) => findings.map(describeFinding);

/** Findings of one rule only (the other rules of the catalog have their own tests). */
const checkOnly = (code: string, text: string) => check(text).filter((f) => f.rule === code);

describe('suppression', () => {
  it('suppresses a code on the annotated object when a reason is given', () => {
    expect(found(check(HEADLESS()))).toEqual(['ID101 Service zk/zk spec.ports[0].targetPort']);
    expect(found(check(HEADLESS('  annotations: {istio-direct/ignore-ID101: "clients use the ClusterIP Service zk-client"}')))).toEqual([]);
  });

  it('does not suppress with an empty reason, and reports the annotation', () => {
    expect(found(check(HEADLESS('  annotations: {istio-direct/ignore-ID101: "  "}')))).toEqual([
      'ID503 Service zk/zk metadata.annotations["istio-direct/ignore-ID101"]',
      'ID101 Service zk/zk spec.ports[0].targetPort',
    ]);
  });

  it('suppresses only the named code on the annotated object', () => {
    const text = `${HEADLESS('  annotations: {istio-direct/ignore-ID502: "on purpose"}')}\n---\n${HEADLESS()}`;
    expect(found(check(text))).toEqual(['ID101 Service zk/zk spec.ports[0].targetPort', 'ID502 Service zk/zk (root)', 'ID101 Service zk/zk spec.ports[0].targetPort']);
  });

  it('reports an unknown code, with a hint for lower case', () => {
    const findings = check(HEADLESS('  annotations: {istio-direct/ignore-id101: "x", istio-direct/ignore-ID777: "y"}'));
    expect(findings.filter((f) => f.rule === 'ID503').map((f) => f.message)).toEqual([
      '"ID777" is not an istio-direct code, so this annotation suppresses nothing; see docs/rules/README.md for the codes',
      '"id101" is not an istio-direct code, so this annotation suppresses nothing; codes are upper case: istio-direct/ignore-ID101',
    ]);
  });
});

describe('options', () => {
  it('skips disabled codes (any case)', () => {
    expect(found(check(HEADLESS(), { disable: ['id101'] }))).toEqual([]);
  });

  it('runs a rule only within its Istio releases', () => {
    const rule = (since?: string, until?: string): Rule => ({
      code: 'ID999', name: 'probe', title: 'probe', severity: 'info', istioVersions: { since, until },
      check: (index, _options, report) => report(index.objects[0], '', 'ran'),
    });
    const objects = objectsOf(HEADLESS());
    const ran = (r: Rule, istioVersion?: string) => runRules(objects, { rules: [r], istioVersion }).length === 1;
    expect(ran(rule('1.23'), '1.22')).toBe(false);
    expect(ran(rule('1.23'), '1.23')).toBe(true);
    expect(ran(rule(undefined, '1.21'))).toBe(false);
    expect(ran(rule(undefined, '1.24'))).toBe(true);
    expect(ran(rule('1.19', '1.25'), '2.0')).toBe(false);
  });

  it('passes the documented defaults to the rules', () => {
    let seen: unknown;
    runRules([], { rules: [{ code: 'ID999', name: 'p', title: 'p', severity: 'info', istioVersions: {}, check: (_i, options) => (seen = options) }] });
    expect(seen).toEqual({
      istioVersion: { major: 1, minor: 24 },
      clusterDomain: 'cluster.local',
      defaultNamespace: 'default',
      rootNamespace: 'istio-system',
      systemNamespaces: ['kube-system', 'kube-public', 'kube-node-lease', 'istio-system'],
      meshMtlsMode: 'PERMISSIVE',
    });
  });

  it('refuses a bad Istio version or mTLS mode', () => {
    expect(() => runRules([], { istioVersion: 'latest' })).toThrow(new RuleOptionsError('istioVersion: "latest" is not an Istio release; write major.minor, e.g. "1.24"'));
    expect(() => runRules([], { meshMtlsMode: 'OFF' as never })).toThrow(RuleOptionsError);
  });

  it('resolves objects without a namespace to the default namespace', () => {
    const objects = toManifestObjects([{ apiVersion: 'v1', kind: 'Service', metadata: { name: 'a' } }, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'n' } }], { defaultNamespace: 'apps' });
    expect(objects.map((o) => o.namespace)).toEqual(['apps', '']);
  });
});

describe('robustness and order', () => {
  it('reports a rule that throws as ID000 and keeps the other findings', () => {
    const broken: Rule = { code: 'ID998', name: 'broken', title: 'b', severity: 'error', istioVersions: {}, check: () => { throw new TypeError('x is undefined'); } };
    const findings = runRules(objectsOf(HEADLESS()), { rules: [broken, ...ALL_RULES] });
    expect(findings.map((f) => [f.rule, f.severity, f.message])).toEqual([
      ['ID101', 'error', expect.stringContaining('targetPort 12181 differs from port 2181')],
      ['ID000', 'error', 'rule ID998 (broken) failed: x is undefined; this is a bug in istio-direct, please report it'],
    ]);
  });

  it('sorts findings by input order, then path, then code, and drops exact repeats', () => {
    const rule: Rule = {
      code: 'ID997', name: 'order', title: 'o', severity: 'warning', istioVersions: {},
      check(index, _options, report) {
        const [a, b] = index.objects;
        report(b, 'spec.b', 'm');
        report(a, 'spec.z', 'm');
        report(a, 'spec.a', 'm', 'info');
        report(a, 'spec.a', 'm', 'info');
      },
    };
    const objects = toManifestObjects([{ apiVersion: 'v1', kind: 'Service', metadata: { name: 'a' } }, { apiVersion: 'v1', kind: 'Service', metadata: { name: 'b' } }]);
    const findings = runRules(objects, { rules: [rule] });
    expect(findings.map((f) => `${f.object.name} ${f.path} ${f.severity}`)).toEqual(['a spec.a info', 'a spec.z warning', 'b spec.b warning']);
  });

  it('gives the same findings, in the same order, on every run', () => {
    const text = `${HEADLESS()}\n---\n${HEADLESS()}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: zk, labels: {app: other}}\nspec: {containers: [{name: c}]}`;
    expect(JSON.stringify(check(text))).toBe(JSON.stringify(check(text)));
    expect(found(check(text))).toEqual([
      'ID101 Service zk/zk spec.ports[0].targetPort',
      'ID501 Service zk/zk spec.selector',
      'ID502 Service zk/zk (root)',
      'ID101 Service zk/zk spec.ports[0].targetPort',
      'ID501 Service zk/zk spec.selector',
    ]);
  });
});

describe('reference rules', () => {
  it('ID101 resolves named target ports and warns when it cannot', () => {
    const check = (text: string) => checkOnly('ID101', text);
    const svc = (target: string) => `apiVersion: v1\nkind: Service\nmetadata: {name: r, namespace: n}\nspec: {clusterIP: None, selector: {app: r}, ports: [{port: 6379, targetPort: ${target}}]}\n`;
    const pod = (port: number) => `---\napiVersion: v1\nkind: Pod\nmetadata: {name: r-0, namespace: n, labels: {app: r}}\nspec: {containers: [{name: r, ports: [{name: redis, containerPort: ${port}}]}]}\n`;
    expect(check(svc('redis') + pod(6379))).toEqual([]);
    expect(check(svc('"6379"'))).toEqual([]);
    expect(check(svc('redis') + pod(7000)).map((f) => [f.rule, f.severity])).toEqual([['ID101', 'error']]);
    expect(check(svc('redis')).map((f) => [f.rule, f.severity, f.message])).toEqual([['ID101', 'warning', expect.stringContaining('names a container port that no selected pod in the input declares')]]);
    expect(check(svc('7000').replace('clusterIP: None, ', ''))).toEqual([]);
  });

  it('ID501 stays quiet without workloads, checks subsets, and names other namespaces', () => {
    const check = (text: string) => checkOnly('ID501', text);
    const sidecar = 'apiVersion: networking.istio.io/v1\nkind: Sidecar\nmetadata: {name: s, namespace: a}\nspec: {workloadSelector: {labels: {app: x}}}\n';
    expect(check(sidecar)).toEqual([]);
    const pod = '---\napiVersion: v1\nkind: Pod\nmetadata: {name: x, namespace: b, labels: {app: x, version: v1}}\nspec: {containers: [{name: c}]}\n';
    expect(check(sidecar + pod).map((f) => [f.rule, f.severity, f.path])).toEqual([['ID501', 'error', 'spec.workloadSelector']]);
    expect(check(sidecar + pod)[0].message).toContain('matches workloads in namespace b');
    const dr = `---\napiVersion: v1\nkind: Service\nmetadata: {name: x, namespace: b}\nspec: {selector: {app: x}, ports: [{port: 80}]}\n---\napiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: x, namespace: b}\nspec: {host: x, subsets: [{name: v1, labels: {version: v1}}, {name: v2, labels: {version: v2}}]}\n`;
    expect(found(check(pod + dr))).toEqual(['ID501 DestinationRule b/x spec.subsets[1].labels']);
  });

  it('ID502 tells apart API groups and namespaces', () => {
    const objects = toManifestObjects([
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'x' } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'y' } },
      { apiVersion: 'example.com/v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'x' } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'x' } },
    ], { constructPaths: ['chart/a'] });
    const findings = runRules(objects);
    expect(findings.map((f) => [f.rule, f.object.ordinal, f.message])).toEqual([['ID502', 3, 'ConfigMap x/a is defined again (first at construct chart/a): only one of them is applied; remove or rename one']]);
  });
});
