import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { validateObject, validatePaths, validateDocuments, parseManifest } from '../../lib/validate';
import { istioSchemas, setIstioCrdSources } from '../../lib/schema/crd/istio-crds';
import { compileRule, evaluateRule, quickRule } from '../../lib/schema/crd/cel';
import { toCel, type Schema } from '../../lib/schema/crd/structural';
import { FIXTURES, ISTIO_CRDS, describeWithIstioCrds, docOf } from './helpers';

describe('Kubernetes and Istio fixtures', () => {
  afterEach(() => setIstioCrdSources(undefined));

  it('accepts every valid Kubernetes fixture with zero problems', () => {
    expect(validatePaths([path.join(FIXTURES, 'kube', 'echo.yaml'), path.join(FIXTURES, 'kube', 'envoy-configmap.yaml')])).toEqual([]);
  });

  it('without Istio CRDs given, validates Istio objects against the shipped CRDs: zero problems', () => {
    setIstioCrdSources([]);
    expect(validatePaths([path.join(FIXTURES, 'kube', 'istio.yaml')])).toEqual([]);
  });

  (ISTIO_CRDS ? it : it.skip)("accepts every valid fixture with zero problems, against Istio's CRDs", () => {
    setIstioCrdSources([ISTIO_CRDS!]);
    expect(validatePaths([path.join(FIXTURES, 'kube')])).toEqual([]);
  });
});

describe('CRD structural schema and CEL rule evaluation (own test CRD)', () => {
  const crd = path.join(FIXTURES, 'crd', 'probe-crd.yaml');
  const probe = (spec: unknown) => ({ apiVersion: 'example.istio.io/v1', kind: 'Probe', metadata: { name: 'p', namespace: 'ns' }, spec });
  beforeAll(() => setIstioCrdSources([crd]));
  afterAll(() => setIstioCrdSources(undefined));

  it('accepts a valid object', () => {
    expect(validateObject(probe({ selector: { matchLabels: { app: 'a' } }, portLevel: { '8080': { mode: 'OFF' } } }))).toEqual([]);
  });

  it('evaluates an object-level CEL rule', () => {
    expect(validateObject(probe({ portLevel: { '8080': { mode: 'OFF' } } }))).toEqual([
      { path: 'spec', severity: 'error', code: 'ID902', message: expect.stringMatching(/^portLevel requires selector/) },
    ]);
  });

  it('evaluates a CEL rule over map keys', () => {
    expect(validateObject(probe({ selector: { matchLabels: { app: 'a' } }, portLevel: { '0': { mode: 'OFF' } } }))).toEqual([
      { path: 'spec.portLevel', severity: 'error', code: 'ID902', message: expect.stringMatching(/port must be between 1-65535/) },
    ]);
  });

  it('rejects enums, unknown fields and unserved versions', () => {
    expect(validateObject(probe({ mode: 'MAYBE' }))).toEqual([expect.objectContaining({ path: 'spec.mode', message: expect.stringMatching(/unsupported value "MAYBE"/) })]);
    expect(validateObject(probe({ mod: 'ON' }))).toEqual([expect.objectContaining({ path: 'spec.mod', message: expect.stringMatching(/unknown field "mod" \(did you mean "mode"\?\)/) })]);
    expect(validateObject({ ...probe({}), apiVersion: 'example.istio.io/v1beta1' })).toEqual([
      expect.objectContaining({ path: 'apiVersion', message: expect.stringMatching(/served versions: example.istio.io\/v1$/) }),
    ]);
  });

  it("names a field called like an Object.prototype member as unknown (the schema's own properties only)", () => {
    // The CEL rule on spec may not evaluate such an object (@bufbuild/cel reads `constructor`): a warning, not asserted here.
    const errors = validateObject(probe({ constructor: 1, isPrototypeOf: 'x' })).filter((f) => f.severity === 'error');
    expect(errors).toEqual(['constructor', 'isPrototypeOf'].map((k) =>
      expect.objectContaining({ path: `spec.${k}`, message: expect.stringMatching(new RegExp(`^unknown field "${k}"`)) })));
  });

  it('checks a string enum and a non-string value against it as JSON', () => {
    expect(validateObject(probe({ mode: 'ON' }))).toEqual([]);
    expect(validateObject(probe({ mode: 1 }))).toEqual([expect.objectContaining({ path: 'spec.mode' })]);
  });

  it('reads kubectl-style List output too', () => {
    const list = fs.mkdtempSync(path.join(require('os').tmpdir(), 'crd-list-'));
    try {
      const doc = require('yaml').parse(fs.readFileSync(crd, 'utf8'));
      fs.writeFileSync(path.join(list, 'crds.yaml'), require('yaml').stringify({ apiVersion: 'v1', kind: 'List', items: [doc] }));
      setIstioCrdSources([list]);
      expect(validateObject(probe({ mode: 'ON' }))).toEqual([]);
    } finally {
      setIstioCrdSources([crd]);
      fs.rmSync(list, { recursive: true, force: true });
    }
  });
});

type Case = [string, () => unknown, string, RegExp];
const kube = 'kube/echo.yaml';
const istio = 'kube/istio.yaml';

const cases: Case[] = [
  ['an unknown field in a Deployment', () => {
    const d = docOf(kube, 'Deployment', 'envoy');
    d.spec.template.spec.containers[0].imagePullPolicie = 'Always';
    return d;
  }, 'spec.template.spec.containers[0].imagePullPolicie', /unknown field "imagePullPolicie" \(did you mean "imagePullPolicy"\?\)/],
  ['an unknown top-level spec field in a Deployment', () => {
    const d = docOf(kube, 'Deployment', 'envoy');
    d.spec.replica = 2;
    return d;
  }, 'spec.replica', /unknown field "replica" \(did you mean "replicas"\?\)/],
  ['clusterIP misspelled in a Service', () => {
    const s = docOf(kube, 'Service', 'echo');
    s.spec.clusterIp = s.spec.clusterIP;
    delete s.spec.clusterIP;
    return s;
  }, 'spec.clusterIp', /unknown field "clusterIp" \(did you mean "clusterIP"\?\)/],
  ['a Service port as a string', () => {
    const s = docOf(kube, 'Service', 'echo');
    s.spec.ports[0].port = '8080';
    return s;
  }, 'spec.ports[0].port', /must be integer, got string "8080"/],
  ['a Service type typo', () => {
    const s = docOf(kube, 'Service', 'echo');
    s.spec.type = 'ClusterIPP';
    return s;
  }, 'spec.type', /unsupported value "ClusterIPP": must be one of "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"/],
  ['a StatefulSet without selector', () => {
    const s = docOf(kube, 'StatefulSet', 'echo');
    delete s.spec.selector;
    return s;
  }, 'spec.selector', /missing required field "selector"/],
  ['a non-DNS Service name', () => {
    const s = docOf(kube, 'Service', 'echo');
    s.metadata.name = 'Echo_Bad';
    return s;
  }, 'metadata.name', /DNS-1035 label/],
  ['a Service port 70000', () => {
    const s = docOf(kube, 'Service', 'echo');
    s.spec.ports[0].port = 70000;
    return s;
  }, 'spec.ports[0].port', /must be a valid port number between 1 and 65535, got 70000/],
  ['a containerPort 0', () => {
    const d = docOf(kube, 'StatefulSet', 'echo');
    d.spec.template.spec.containers[0].ports[0].containerPort = 0;
    return d;
  }, 'spec.template.spec.containers[0].ports[0].containerPort', /between 1 and 65535, got 0/],
  ['a PodDisruptionBudget typo', () => {
    const p = docOf(kube, 'PodDisruptionBudget', 'echo');
    p.spec.maxUnavailabe = 1;
    return p;
  }, 'spec.maxUnavailabe', /did you mean "maxUnavailable"/],
  ['a NetworkPolicy policyType typo', () => {
    const p = docOf(kube, 'NetworkPolicy', 'echo');
    p.spec.policyTypes = ['Ingres'];
    return p;
  }, 'spec.policyTypes[0]', /unsupported value "Ingres"/],
];

const istioCases: Case[] = [
  ['PeerAuthentication mode STRCT (v1)', () => {
    const p = docOf(istio, 'PeerAuthentication', 'default');
    p.spec.mtls.mode = 'STRCT';
    return p;
  }, 'spec.mtls.mode', /unsupported value "STRCT": must be one of "UNSET", "DISABLE", "PERMISSIVE", "STRICT"/],
  ['portLevelMtls without a selector (CEL rule)', () => {
    const p = docOf(istio, 'PeerAuthentication', 'echo-metrics');
    delete p.spec.selector;
    return p;
  }, 'spec', /^portLevelMtls requires selector/],
  ['portLevelMtls with port 0 (CEL rule)', () => {
    const p = docOf(istio, 'PeerAuthentication', 'echo-metrics');
    p.spec.portLevelMtls = { 0: { mode: 'DISABLE' } };
    return p;
  }, 'spec.portLevelMtls', /port must be between 1-65535/],
  ['an unknown PeerAuthentication field', () => {
    const p = docOf(istio, 'PeerAuthentication', 'default');
    p.spec.mtlss = p.spec.mtls;
    return p;
  }, 'spec.mtlss', /unknown field "mtlss" \(did you mean "mtls"\?\)/],
  ['a DestinationRule duration below 1ms (CEL rule)', () => {
    const d = docOf(istio, 'DestinationRule', 'echo');
    d.spec.trafficPolicy.outlierDetection.interval = '0.5ms';
    return d;
  }, 'spec.trafficPolicy.outlierDetection.interval', /greater than 1ms/],
  ['a DestinationRule with two load balancer choices (oneOf)', () => {
    const d = docOf(istio, 'DestinationRule', 'echo');
    d.spec.trafficPolicy.loadBalancer.consistentHash = { httpHeaderName: 'x-user' };
    return d;
  }, 'spec.trafficPolicy.loadBalancer', /must match exactly one of its alternatives \(simple, consistentHash\), matches 2/],
  ['a DestinationRule tls mode typo (v1beta1)', () => {
    const d = docOf(istio, 'DestinationRule', 'echo-pods');
    d.spec.trafficPolicy.tls.mode = 'MUTUAL_ISTIO';
    return d;
  }, 'spec.trafficPolicy.tls.mode', /unsupported value "MUTUAL_ISTIO"/],
  ['a Sidecar outbound policy typo', () => {
    const s = docOf(istio, 'Sidecar', 'default');
    s.spec.outboundTrafficPolicy.mode = 'REGISTRY';
    return s;
  }, 'spec.outboundTrafficPolicy.mode', /unsupported value "REGISTRY"/],
  ['a Sidecar ingress without port (v1beta1)', () => {
    const s = docOf(istio, 'Sidecar', 'echo');
    delete s.spec.ingress[0].port;
    return s;
  }, 'spec.ingress[0].port', /missing required field "port"/],
  ['an Istio kind under an apiVersion Istio does not serve', () => {
    const p = docOf(istio, 'PeerAuthentication', 'default');
    p.apiVersion = 'security.istio.io/v2';
    return p;
  }, 'apiVersion', /not served as security.istio.io\/v2.*served versions: security.istio.io\/v1, security.istio.io\/v1beta1/],
];

const rejects = (make: () => unknown, path: string, message: RegExp, code: string) => {
  const problems = validateObject(make());
  expect(problems).toEqual(expect.arrayContaining([expect.objectContaining({ path, severity: 'error', code, message: expect.stringMatching(message) })]));
};

describeWithIstioCrds("broken Istio objects, against Istio's CRDs", () => {
  beforeAll(() => setIstioCrdSources([ISTIO_CRDS!]));
  afterAll(() => setIstioCrdSources(undefined));
  it.each(istioCases)('rejects %s', (_name, make, path, message) => rejects(make, path, message, 'ID902'));
});

describe('broken Kubernetes objects', () => {
  it.each(cases)('rejects %s', (_name, make, path, message) => rejects(make, path, message, 'ID901'));

  it('reports an unknown kind as a warning, not an error', () => {
    expect(validateObject({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } })).toEqual([
      { path: '', severity: 'warning', code: 'ID905', message: 'unknown kind example.com/v1/Widget: not validated' },
    ]);
  });

  it('finds Envoy bootstraps inside ConfigMaps and prefixes their paths', () => {
    const cm = docOf('kube/envoy-configmap.yaml', 'ConfigMap', 'envoy');
    cm.data['envoy.yaml'] = cm.data['envoy.yaml'].replace('lb_policy: ROUND_ROBIN', 'lb_polcy: ROUND_ROBIN');
    const problems = validateDocuments(parseManifest('cm.yaml', require('yaml').stringify(cm)));
    expect(problems).toEqual([
      {
        file: 'cm.yaml', kind: 'ConfigMap', namespace: 'echo', name: 'envoy', severity: 'error', code: 'ID903',
        object: { kind: 'ConfigMap', namespace: 'echo', name: 'envoy', source: { file: 'cm.yaml', documentIndex: 0 } },
        path: 'data["envoy.yaml"].static_resources.clusters[0].lb_polcy',
        message: 'in Cluster "echo": unknown field "lb_polcy" (did you mean "lb_policy"?) in envoy.config.cluster.v3.Cluster',
      },
    ]);
  });
});

describeWithIstioCrds("Istio's CRDs", () => {
  beforeAll(() => setIstioCrdSources([ISTIO_CRDS!]));
  afterAll(() => setIstioCrdSources(undefined));

  it('serves the kinds the library emits, in v1 and v1beta1', () => {
    const keys = istioSchemas();
    for (const k of ['security.istio.io/v1/PeerAuthentication', 'security.istio.io/v1beta1/PeerAuthentication', 'networking.istio.io/v1/DestinationRule', 'networking.istio.io/v1beta1/DestinationRule', 'networking.istio.io/v1/Sidecar', 'networking.istio.io/v1beta1/Sidecar']) {
      expect(keys.has(k)).toBe(true);
    }
  });

  it('compiles every CEL rule the CRDs carry (none is skipped)', () => {
    const rules = new Set<string>();
    const visit = (s: unknown) => {
      if (Array.isArray(s)) s.forEach(visit);
      else if (s && typeof s === 'object') {
        const v = (s as Schema)['x-kubernetes-validations'];
        for (const r of v ?? []) rules.add(r.rule);
        Object.values(s).forEach(visit);
      }
    };
    for (const doc of parseAllDocuments(fs.readFileSync(ISTIO_CRDS!, 'utf8'))) visit(doc.toJS());
    expect(rules.size).toBeGreaterThan(20);
    const failed = [...rules].filter((r) => compileRule(r) instanceof Error);
    expect(failed).toEqual([]);
  });
});

describe('CEL rules answered without the interpreter', () => {
  const labels: Schema = { type: 'object', additionalProperties: { type: 'string' } };
  const spec: Schema = { type: 'object', properties: { selector: { type: 'object', properties: { matchLabels: labels } }, portLevelMtls: { type: 'object', additionalProperties: { type: 'object' } } } };
  const cases: Array<[string, Schema, unknown[]]> = [
    ['!self.contains("*")', { type: 'string' }, ['', 'a', '*', 'a*b', '\u{1F600}', 7, null, { a: '*' }]],
    ['self.all(key, !key.contains("*"))', labels, [{}, { a: 'b' }, { 'a*': 'b' }, { '': 'x', b: '*' }, 'text', ['a'], null]],
    ['self.all(key, key.size() != 0)', labels, [{}, { a: 'b' }, { '': 'b' }, { '\u{1F600}': '' }, 3, ['']]],
    [
      'has(self.portLevelMtls) ? (((has(self.selector) && has(self.selector.matchLabels)) ? self.selector.matchLabels : {}).size() > 0) : true',
      spec,
      [{}, { selector: { matchLabels: { app: 'a' } } }, { portLevelMtls: { 80: { mode: 'DISABLE' } } }, { portLevelMtls: {}, selector: { matchLabels: { app: 'a' } } }, { portLevelMtls: null }, 'x'],
    ],
  ];
  it.each(cases)('%s: the result CEL gives, or none (CEL decides)', (rule, schema, values) => {
    let answered = 0;
    for (const value of values) {
      const quick = quickRule(rule, value);
      if (quick === undefined) continue;
      answered++;
      expect([value, quick]).toEqual([value, evaluateRule(rule, toCel(schema, value))]);
    }
    expect(answered).toBeGreaterThan(1);
  });

  it('leaves other rules to CEL', () => {
    expect(quickRule("duration(self) >= duration('1ms')", '1s')).toBeUndefined();
    expect(quickRule('self.all(key, 0 < int(key) && int(key) <= 65535)', { 80: {} })).toBeUndefined();
  });
});
