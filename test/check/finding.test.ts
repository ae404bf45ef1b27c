/**
 * The one finding shape (lib/base/finding.ts) and the one function that names an object: every
 * source produces the shape, every printer names objects through `nameObject`.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { isNamed, nameObject, type Finding } from '../../lib/base/finding';
import { checkDocuments, type CheckResult } from '../../lib/check/run';
import { formatHuman, formatJson, formatJsonChunks, formatSarif } from '../../lib/check/format';
import { formatForSynth } from '../../lib/cdk8s/rules-pass';
import { formatFinding } from '../../lib/policy/report';
import { readInputs } from '../../lib/reader/read';
import { runRules } from '../../lib/rules/engine';
import { toManifestObject, toManifestObjects } from '../../lib/rules/manifest';
import { formatProblem, validateDocuments, validateObject, type Problem } from '../../lib/schema';
import { istioCrdSources } from '../../lib/schema/crd/istio-crds';
import { envoyApiDir } from '../../lib/schema/envoy/api';
import { tempDir } from './helpers';
import { describeWithIstioCrds, describeWithNewerEnvoyApi, FIXTURES, ISTIO_CRDS, NEWER_ENVOY_API } from '../validate/helpers';

const ZK = { apiVersion: 'v1', kind: 'Service', namespace: 'kafka', name: 'zk' };

const BAD_SERVICE = `apiVersion: v1
kind: Service
metadata: {name: zk, namespace: kafka}
spec:
  clusterIP: None
  selector: {app: zk}
  ports: [{name: tcp-client, port: 0}]
`;

const PEER_AUTHENTICATION = { apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'pa', namespace: 'kafka' }, spec: { mtls: { mode: 'STRICTLY' } } };

describe('nameObject', () => {
  it('names an object and a path: Kind namespace/name path', () => {
    expect(nameObject(ZK, 'spec.ports[0].port')).toBe('Service kafka/zk spec.ports[0].port');
  });

  it('leaves out an empty namespace and an empty path', () => {
    expect(nameObject({ kind: 'Namespace', namespace: '', name: 'a' })).toBe('Namespace a');
    expect(nameObject(ZK, '')).toBe('Service kafka/zk');
  });

  it('prints what each printer has always printed for missing parts', () => {
    expect(nameObject({ kind: '', namespace: '', name: '' }, '', { noKind: '(no kind)', noName: '(no name)', root: '(root)' })).toBe('(no kind) (no name) (root)');
    expect(nameObject({ kind: '', namespace: '', name: 'x' }, '', { noKind: '(unknown kind)', slashWithoutNamespace: true, pathSeparator: ': ', root: '(root)' })).toBe('(unknown kind) /x: (root)');
    expect(nameObject(undefined, '', { noKind: 'the document', kindOnlyWithoutName: true })).toBe('the document');
    expect(nameObject({ kind: 'Service', name: '' }, '', { noKind: 'the document', kindOnlyWithoutName: true })).toBe('Service');
  });

  it('knows whether there is anything to name', () => {
    expect(isNamed(undefined)).toBe(false);
    expect(isNamed({ source: { file: 'a.yaml' } })).toBe(false);
    expect(isNamed({ kind: 'Service' })).toBe(true);
    expect(isNamed({ name: 'zk' })).toBe(true);
  });
});

describe('every printer names the object the same way', () => {
  const object = toManifestObject(parse(BAD_SERVICE) as Record<string, unknown>, 0, { file: 'a.yaml', documentIndex: 0, constructPath: 'app/zk' });
  const finding = { code: 'ID901', rule: 'ID901', severity: 'error' as const, object, path: 'spec.ports[0].port', message: 'bad port' };
  const result: CheckResult = { code: 'ID901', severity: 'error', object: { kind: 'Service', namespace: 'kafka', name: 'zk', source: { file: 'a.yaml', documentIndex: 0 } }, path: 'spec.ports[0].port', position: { line: 3, column: 5 }, message: 'bad port' };
  const report = { results: [result], files: 1, objects: 1, unknownKinds: new Map<string, number>() };

  it.each([
    ['check (human)', formatHuman(result), 'a.yaml:3:5: error ID901 Service kafka/zk spec.ports[0].port: bad port'],
    ['check (SARIF)', (JSON.parse(formatSarif(report, '0.0.0')) as { runs: Array<{ results: Array<{ message: { text: string } }> }> }).runs[0].results[0].message.text, 'Service kafka/zk spec.ports[0].port: bad port'],
    ['cdk8s synth', formatForSynth(finding), 'ID901 Service kafka/zk spec.ports[0].port (construct app/zk): bad port (istio-direct check --explain ID901)'],
    ['policy pack', formatFinding(finding), 'ID901 error Service kafka/zk spec.ports[0].port: bad port'],
  ])('%s', (_printer, printed, expected) => {
    expect(printed).toBe(expected);
  });

  it('validatePaths problems (formatProblem)', () => {
    const problem: Problem = { ...result, severity: 'error', code: 'ID901', path: 'spec.ports[0].port', object: result.object!, file: 'a.yaml', kind: 'Service', namespace: 'kafka', name: 'zk' };
    expect(formatProblem(problem)).toBe('a.yaml: Service kafka/zk: spec.ports[0].port: bad port');
  });

  it('the JSON keeps its rule key and flat object fields', () => {
    expect(JSON.parse(formatJson(report))).toEqual([{ rule: 'ID901', severity: 'error', file: 'a.yaml', line: 3, column: 5, kind: 'Service', namespace: 'kafka', name: 'zk', path: 'spec.ports[0].port', message: 'bad port' }]);
  });

  it('the JSON comes in pieces of whole lines that, joined by line breaks, are JSON.stringify(rows, null, 2)', () => {
    const results: CheckResult[] = Array.from({ length: 3000 }, (_, i) => ({
      code: `ID10${i % 3}`, severity: 'warning', message: `m "${i}"\n\u2028 é`,
      ...(i % 5 === 0 ? {} : { object: { kind: 'Service', namespace: 'ns', name: `n${i}`, source: { file: `f${i % 4}.yaml` } } }),
      ...(i % 7 === 0 ? {} : { path: `spec.ports[${i}]` }),
      ...(i % 2 === 0 ? {} : { position: { line: i, ...(i % 4 === 1 ? { column: 3 } : {}) } }),
    }));
    const rows = results.map((r) => ({
      rule: r.code, severity: r.severity, file: r.object?.source?.file ?? '', ...(r.position !== undefined ? { line: r.position.line } : {}),
      ...(r.position?.column !== undefined ? { column: r.position.column } : {}), kind: r.object?.kind ?? '', namespace: r.object?.namespace ?? '',
      name: r.object?.name ?? '', path: r.path ?? '', message: r.message,
    }));
    const pieces = [...formatJsonChunks({ ...report, results })];
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.every((p) => !p.startsWith('\n') && !p.endsWith('\n'))).toBe(true);
    expect(pieces.join('\n')).toBe(JSON.stringify(rows, null, 2));
    expect(formatJson({ ...report, results })).toBe(JSON.stringify(rows, null, 2));
    expect([...formatJsonChunks({ ...report, results: [] })]).toEqual(['[]']);
  });

  it('a finding on no object prints its code, severity and message only', () => {
    const notChecked: Finding = { code: 'ID905', severity: 'warning', object: { source: { constructPath: 'urn:x' } }, message: 'not checked: why' };
    expect(formatFinding(notChecked)).toBe('ID905 warning: not checked: why');
    expect(formatHuman(notChecked)).toBe('(no file): warning ID905 not checked: why');
  });
});

describe('every source produces the one finding', () => {
  it('the reader: a file and document (and List item) it is about, its line; no kind or name invented', () => {
    const dir = tempDir({ 'list.yaml': 'apiVersion: v1\nkind: List\nitems:\n  - 5\n', 'empty.yaml': '' });
    const problems = readInputs([dir]).problems;
    expect(problems).toEqual([
      { code: 'ID905', severity: 'warning', object: { source: { file: path.join(dir, 'empty.yaml') } }, message: 'no objects: the file is empty or holds only empty documents' },
      { code: 'ID900', severity: 'error', object: { source: { file: path.join(dir, 'list.yaml'), documentIndex: 0, item: 0 } }, position: { line: 1 }, message: 'document 0 item 0 is a number, not a Kubernetes object' },
    ]);
  });

  it('the schema validators: the code of the check that produced it, the path, no object', () => {
    const [f] = validateObject(parse(BAD_SERVICE));
    expect(f).toEqual({ code: 'ID901', severity: 'error', path: 'spec.ports[0].port', message: expect.any(String) });
  });

  it('validateDocuments: the object with its file and document, and the older flat fields', () => {
    const [p] = validateDocuments([{ file: 'a.yaml', index: 2, value: parse(BAD_SERVICE) }]);
    expect(p).toEqual({
      code: 'ID901', severity: 'error', path: 'spec.ports[0].port', message: expect.any(String),
      object: { kind: 'Service', namespace: 'kafka', name: 'zk', source: { file: 'a.yaml', documentIndex: 2 } },
      file: 'a.yaml', kind: 'Service', namespace: 'kafka', name: 'zk',
    });
  });

  it('the rules: code (and rule, the same), severity, the object, the path', () => {
    const objects = toManifestObjects([{ apiVersion: 'v1', kind: 'Service', metadata: { name: 'k', namespace: 'kafka' }, spec: { ports: [{ port: 9092 }] } }]);
    const [f] = runRules(objects);
    expect(f).toEqual({ code: 'ID102', rule: 'ID102', severity: 'warning', object: objects[0], path: 'spec.ports[0]', message: expect.any(String) });
  });

  it('check: rule and schema findings on their object, with file, document, and the line and column of their field; each with its own code', () => {
    const dir = tempDir({ 'a.yaml': `${BAD_SERVICE}---\n${JSON.stringify(PEER_AUTHENTICATION)}\n` });
    const file = path.join(dir, 'a.yaml');
    const results = checkDocuments(readInputs([file]), { istioCrds: [] }).results;
    const port = results.find((r) => r.path === 'spec.ports[0].port');
    expect(port).toEqual({
      code: 'ID901', severity: 'error', path: 'spec.ports[0].port', position: { line: 7, column: 30 }, message: expect.any(String),
      object: { apiVersion: 'v1', kind: 'Service', namespace: 'kafka', name: 'zk', source: { file, documentIndex: 0 } },
    });
    // Istio objects are checked against the shipped CRDs when none are given.
    const istio = results.find((r) => r.object?.kind === 'PeerAuthentication');
    expect(istio).toMatchObject({ code: 'ID902', severity: 'error', path: 'spec.mtls.mode', object: { source: { documentIndex: 1 } }, position: { line: 9, column: JSON.stringify(PEER_AUTHENTICATION).indexOf('"mode"') + 1 } });
  });

  it('check: an empty input is one finding with no object (nothing was read)', () => {
    expect(checkDocuments(readInputs([], () => ''), {}).results).toEqual([
      { code: 'ID900', severity: 'error', message: 'no objects to check: the input is empty (no Kubernetes object or Envoy bootstrap in it)' },
    ]);
  });
});

describe('schema settings are arguments, not process globals', () => {
  it('an empty CRD list checks Istio objects against the shipped CRDs', () => {
    expect(validateObject(PEER_AUTHENTICATION, { istioCrds: [] })).toEqual([{ code: 'ID902', severity: 'error', path: 'spec.mtls.mode', message: expect.stringMatching(/^unsupported value "STRICTLY"/) }]);
  });

  describeWithIstioCrds('with Istio CRDs', () => {
    it('validateObject takes the CRDs as an option and leaves the default alone', () => {
      const before = istioCrdSources();
      expect(validateObject(PEER_AUTHENTICATION, { istioCrds: [ISTIO_CRDS!] })).toEqual([
        expect.objectContaining({ code: 'ID902', severity: 'error', path: 'spec.mtls.mode' }),
      ]);
      expect(istioCrdSources()).toEqual(before);
    });

    it('check passes its --istio-crds to the validator, not through a setting', () => {
      const before = istioCrdSources();
      const read = readInputs(['-'], () => JSON.stringify(PEER_AUTHENTICATION));
      expect(checkDocuments(read, { istioCrds: [ISTIO_CRDS!] }).results.map((r) => [r.code, r.path])).toEqual([['ID902', 'spec.mtls.mode']]);
      expect(istioCrdSources()).toEqual(before);
    });
  });

  describeWithNewerEnvoyApi('with a newer Envoy API', () => {
    it('validateObject takes the Envoy API directory as an option and leaves the default alone', () => {
      const before = envoyApiDir();
      const bootstrap = parse(fs.readFileSync(path.join(FIXTURES, 'envoy-api', 'dns-cluster-extension.yaml'), 'utf8'));
      expect(validateObject(bootstrap, { envoyApi: NEWER_ENVOY_API! })).toEqual([]);
      expect(envoyApiDir()).toBe(before);
    });
  });
});
