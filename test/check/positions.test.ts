/**
 * Exact positions: every finding of `check` at the line and column (1-based) of the field its path
 * names, or of the object itself; in YAML and JSON, files and standard input, multi-document files,
 * `kind: List` items, CRLF line ends, a byte order mark and multi-byte characters; and in every
 * output format. Positions are computed for the documents with findings only.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'yaml';
import { formatPath, parsePath } from '../../lib/base/paths';
import { checkInputs, type CheckResult } from '../../lib/check/run';
import { isAtLeast, parseIstioVersion } from '../../lib/core/istio-version';
import { locatePositions } from '../../lib/reader/positions';
import { ALL_RULES, DEFAULT_RULE_OPTIONS } from '../../lib/rules';
import { docExamples } from '../rules/helpers';
import { cli, SERVICE, tempDir } from './helpers';

/** The text at a 1-based line and column (columns in code points). */
function textAt(text: string, position: { line: number; column?: number } | undefined): string {
  if (position === undefined) return '(no position)';
  const line = text.replace(/^\ufeff/, '').split(/\r?\n/)[position.line - 1] ?? '';
  return [...line].slice((position.column ?? 1) - 1).join('');
}

/** `line:column` of a result. */
function at(r: CheckResult | undefined): string {
  return `${r?.position?.line}:${r?.position?.column}`;
}

/** Checks one file (rules only unless `schema`), returns its results. */
function checkText(name: string, text: string | Uint8Array, schema = false): { results: readonly CheckResult[]; file: string } {
  const dir = tempDir({ [name]: text });
  const file = path.join(dir, name);
  return { results: checkInputs([file], { schema }).results, file };
}

describe('parsePath: the inverse of formatPath', () => {
  it.each([
    [['spec', 'ports', 1, 'targetPort']],
    [['metadata', 'annotations', 'prometheus.io/port']],
    [['data', 'envoy.yaml', 'static_resources', 'clusters', 0]],
    [['spec', 'portLevelMtls', '8080']],
    [['a "quoted" key', 'x']],
    [[]],
  ])('%j', (segments) => {
    expect(parsePath(formatPath(segments))).toEqual(segments);
  });
  it('takes [key=value] selectors, and stops at a malformed part', () => {
    expect(parsePath('spec.template.spec.containers[name=app].ports[0]')).toEqual(['spec', 'template', 'spec', 'containers', { key: 'name', value: 'app' }, 'ports', 0]);
    expect(parsePath('spec.ports[0')).toEqual(['spec', 'ports']);
    expect(parsePath('data["unterminated')).toEqual(['data']);
  });
});

describe('a field of an object', () => {
  const TWO_SERVICES = `# two headless Services
apiVersion: v1
kind: Service
metadata: {name: ok, namespace: zk}
spec:
  clusterIP: None
  selector: {app: ok}
  ports:
  - {name: tcp-client, port: 2181, targetPort: 2181}
---
apiVersion: v1
kind: Service
metadata:
  name: zk
  namespace: zk
spec:
  clusterIP: None
  selector:
    app: zk
  ports:
  - name: tcp-client
    port: 2181
  - name: tcp-peer
    port: 2888
    targetPort: 12888
  - port: 3888
`;

  it('deep in a Service of a multi-document file: the key of its path', () => {
    const { results } = checkText('zk.yaml', TWO_SERVICES);
    const target = results.find((r) => r.code === 'ID101');
    expect(target?.path).toBe('spec.ports[1].targetPort');
    expect(at(target)).toBe('25:5');
    expect(textAt(TWO_SERVICES, target?.position)).toBe('targetPort: 12888');
    // A port without a name: the finding is about the item, at its first character.
    const unnamed = results.find((r) => r.code === 'ID102');
    expect(unnamed?.path).toBe('spec.ports[2]');
    expect(at(unnamed)).toBe('26:5');
  });

  it('a container port (a flow mapping in a list)', () => {
    const { failing } = docExamples('ID204');
    const { results } = checkText('etcd.yaml', failing);
    const port = results.find((r) => r.code === 'ID204');
    expect(port?.path).toBe('spec.template.spec.containers[0].ports[1]');
    expect(textAt(failing, port?.position)).toBe('{ name: peer, containerPort: 2380 }');
    expect(at(port)).toBe('33:15');
  });

  it('a PeerAuthentication portLevelMtls key (an integer key in YAML, a string in the path)', () => {
    const { failing } = docExamples('ID302');
    const { results } = checkText('pa.yaml', failing);
    const key = results.find((r) => r.code === 'ID302');
    expect(key?.path).toBe('spec.portLevelMtls["80"]');
    expect(textAt(failing, key?.position)).toBe('80: {mode: PERMISSIVE}');
    expect(at(key)).toBe('31:5');
  });

  it('a schema finding: the unknown field', () => {
    const text = 'apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  ports: [{port: 80, name: http}]\n  clusterIp: None\n';
    const { results } = checkText('web.yaml', text, true);
    expect(results.map((r) => [r.code, r.path, at(r)])).toContainEqual(['ID901', 'spec.clusterIp', '6:3']);
  });

  it('a path the document has only part of: the deepest field it has', () => {
    const text = 'apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  ports:\n  - port: 80\n';
    const dir = tempDir({ 'web.yaml': text });
    const file = path.join(dir, 'web.yaml');
    const [port, spec, root, selector] = locatePositions([
      { file, index: 0, path: 'spec.ports[0].targetPort' },
      { file, index: 0, path: 'spec.selector.app' },
      { file, index: 0, path: '' },
      { file, index: 0, path: 'spec.ports[name=http].port' },
    ]);
    expect([port, spec, root, selector]).toEqual([{ line: 6, column: 5 }, { line: 4, column: 1 }, { line: 1, column: 1 }, { line: 5, column: 3 }]);
  });
});

describe('an Envoy bootstrap in a ConfigMap', () => {
  it('in a literal block (`|`): the field inside the embedded YAML', () => {
    const { failing } = docExamples('ID401');
    const { results } = checkText('envoy.yaml', failing);
    const admin = results.find((r) => r.code === 'ID401');
    expect(admin?.path).toBe('data["envoy.yaml"].admin.address.socket_address.address');
    expect(at(admin)).toBe('8:26');
    expect(textAt(failing, admin?.position)).toMatch(/^address: 0\.0\.0\.0, port_value: 9901\}/);
  });

  it('in a quoted string: the data key (the embedded text does not map to the file\'s lines)', () => {
    const bootstrap = { admin: { address: { socket_address: { address: '0.0.0.0', port_value: 9901 } } } };
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: envoy, namespace: edge}\ndata:\n  envoy.json: ${JSON.stringify(JSON.stringify(bootstrap))}\n`;
    const { results } = checkText('envoy.yaml', text);
    const admin = results.find((r) => r.code === 'ID401');
    expect(admin?.path).toBe('data["envoy.json"].admin.address.socket_address.address');
    expect(at(admin)).toBe('5:3');
  });

  it('a literal block holding JSON: the field inside it', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: envoy, namespace: edge}\ndata:\n  envoy.json: |-\n    {\n      "admin": {"address": {"socket_address": {"address": "0.0.0.0", "port_value": 9901}}}\n    }\n';
    const { results } = checkText('envoy.yaml', text);
    const admin = results.find((r) => r.code === 'ID401');
    expect(textAt(text, admin?.position)).toMatch(/^"address": "0\.0\.0\.0"/);
    expect(at(admin)).toBe('7:48');
  });
});

describe('List items, JSON, standard input, line ends and characters', () => {
  const LIST = `apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Service
  metadata: {name: a, namespace: zk}
  spec: {clusterIP: None, selector: {app: a}, ports: [{name: tcp-a, port: 1, targetPort: 2}]}
- apiVersion: v1
  kind: Service
  metadata: {name: b, namespace: zk}
  spec:
    clusterIP: None
    selector: {app: b}
    ports: [{name: tcp-b, port: 3, targetPort: 4}]
- 5
`;

  it('each item of a kind: List has its own position; a bad item too', () => {
    const { results } = checkText('list.yaml', LIST);
    expect(results.filter((r) => r.code === 'ID101').map((r) => [r.object?.name, at(r)])).toEqual([['a', '7:78'], ['b', '14:36']]);
    const bad = results.find((r) => r.code === 'ID900');
    expect(bad?.message).toMatch(/^document 0 item 2 is a number/);
    expect(at(bad)).toBe('15:3');
  });

  it('a JSON file holding an array of objects, and one holding a List', () => {
    const service = (name: string) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'zk' }, spec: { clusterIP: 'None', selector: { app: name }, ports: [{ name: 'tcp', port: 1, targetPort: 2 }] } });
    const array = JSON.stringify([service('a'), service('b')], null, 2);
    const { results } = checkText('all.json', array);
    const lines = array.split('\n');
    const targetPorts = lines.flatMap((l, i) => (l.includes('"targetPort"') ? [`${i + 1}:${l.indexOf('"targetPort"') + 1}`] : []));
    expect(results.filter((r) => r.code === 'ID101').map(at)).toEqual(targetPorts);
    const list = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [service('a'), service('b')] });
    const inList = checkText('list.json', list).results.filter((r) => r.code === 'ID101');
    expect(inList.map((r) => textAt(list, r.position).slice(0, 15))).toEqual(['"targetPort":2}', '"targetPort":2}']);
    expect(inList[1].position?.column).toBe(list.lastIndexOf('"targetPort"') + 1);
  });

  it('standard input, YAML and JSON', () => {
    const yamlOut = cli(['check', '--no-schema', '-'], `---\n# first\n${SERVICE}`).out;
    expect(yamlOut).toMatch(/^<stdin>:9:42: error ID101 Service zk\/zk spec\.ports\[0\]\.targetPort: /);
    const json = JSON.stringify(yaml.parse(SERVICE), null, 1);
    const line = json.split('\n').findIndex((l) => l.includes('"targetPort"'));
    expect(cli(['check', '--no-schema', '-'], json).out).toMatch(new RegExp(`^<stdin>:${line + 1}:${json.split('\n')[line].indexOf('"targetPort"') + 1}: error ID101 `));
  });

  it('CRLF line ends, a byte order mark and multi-byte characters: columns in characters', () => {
    const text = `\ufeff# Zoé's 🦓 Service\r\n${SERVICE.replace('metadata: {name: zk, namespace: zk}', 'metadata: {name: zk, namespace: zk, annotations: {note: "é🦓"}}').replace(/\n/g, '\r\n').replace('ports: [{', 'ports: [{description: 🦓🦓, ')}`;
    const { results } = checkText('crlf.yaml', Buffer.from(text, 'utf8'));
    const target = results.find((r) => r.code === 'ID101');
    // 59 code points (61 UTF-16 code units: each 🦓 is two), after a byte order mark that is not counted.
    expect(at(target)).toBe('8:59');
    expect(textAt(text, target?.position)).toMatch(/^targetPort: 12181\}\]$/);
  });

  it('a parse error: where the parser stopped', () => {
    const { results } = checkText('bad.yaml', 'apiVersion: v1\nkind: Service\n---\nkind: [\n');
    // The first document has no metadata: at its first key; the second does not parse: where the parser stopped.
    expect(results.map((r) => [r.code, at(r)])).toEqual([['ID900', '1:1'], ['ID900', '5:1']]);
  });
});

describe('every output format carries the position', () => {
  const dir = tempDir({ 'zk.yaml': `---\n${SERVICE}` });
  const file = path.join(dir, 'zk.yaml');
  const run = (...args: string[]) => cli(['check', '--no-schema', ...args, file]).out;

  it('human: file:line:column:', () => {
    expect(run().split('\n')[0]).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:8:42: error ID101 `));
  });
  it('json: line and column', () => {
    expect(JSON.parse(run('--format', 'json'))[0]).toMatchObject({ file, line: 8, column: 42 });
  });
  it('sarif: region startLine and startColumn, columns in code points', () => {
    const log = JSON.parse(run('--format', 'sarif'));
    expect(log.runs[0].columnKind).toBe('unicodeCodePoints');
    expect(log.runs[0].results[0].locations[0].physicalLocation.region).toEqual({ startLine: 8, startColumn: 42 });
  });
  it('junit: file:line:column in the failure', () => {
    expect(run('--format', 'junit')).toContain(`error ID101 ${file}:8:42: targetPort 12181`);
  });
  it('github: line= and col=', () => {
    expect(run('--format', 'github')).toContain(',line=8,col=42,title=ID101 headless-target-port::');
  });
});

/** The last segment of `path` that the object has (the path as far as it resolves, into embedded YAML too); undefined for the object itself. */
function deepestPresent(object: unknown, pathText: string): string | number | undefined {
  let value = object;
  let last: string | number | undefined;
  for (const segment of parsePath(pathText)) {
    // An Envoy bootstrap embedded in a ConfigMap: its text, parsed.
    if (typeof value === 'string') value = yaml.parse(value) as unknown;
    if (typeof segment === 'object' || value === null || typeof value !== 'object' || !(String(segment) in value)) break;
    value = (value as Record<string, unknown>)[String(segment)];
    last = segment;
  }
  return last;
}

describe('every rule page: each finding of its failing example at the field its path names (or the deepest the object has)', () => {
  const pages = fs.readdirSync(path.join(__dirname, '..', '..', 'docs', 'rules')).filter((f) => /^ID\d{3}\.md$/.test(f)).map((f) => f.slice(0, 5)).sort();
  it.each(pages)('%s', (code) => {
    const rule = ALL_RULES.find((r) => r.code === code);
    const since = rule === undefined ? undefined : parseIstioVersion(rule.istioVersions.since);
    const istioVersion = since !== undefined && !isAtLeast(DEFAULT_RULE_OPTIONS.istioVersion, since) ? since : undefined;
    const { failing } = docExamples(code);
    const dir = tempDir({ 'example.yaml': failing });
    const results = checkInputs([path.join(dir, 'example.yaml')], { schema: false, ...(istioVersion !== undefined ? { istioVersion } : {}) }).results.filter((r) => r.code === code);
    expect(results.length).toBeGreaterThan(0);
    const documents = yaml.parseAllDocuments(failing).map((d) => d.toJS() as unknown);
    for (const r of results) {
      const last = deepestPresent(documents[r.object?.source?.documentIndex ?? -1], r.path ?? '');
      const text = textAt(failing, r.position);
      if (typeof last === 'string') expect([r.path, text]).toEqual([r.path, expect.stringMatching(new RegExp(`^["']?${last.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}["']?\\s*:`))]);
      // An item (or the object): its first character, never the `- ` before it (a value may start with `-`: `--bind`).
      else expect([r.path, text]).toEqual([r.path, expect.stringMatching(/^(?!-[ \t]|-$)[^\s#]/)]);
    }
  });
});

describe('streams the reader reads whole', () => {
  const stream = `%YAML 1.1\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n...\n---\n${SERVICE}...\n`;
  it('a file with a directive and document end markers', () => {
    const { results } = checkText('directive.yaml', stream);
    expect(results.map((r) => [r.code, at(r)])).toEqual([['ID101', '14:42']]);
    expect(textAt(stream, results[0].position)).toMatch(/^targetPort: 12181/);
  });
  it('the same on standard input', () => {
    expect(cli(['check', '--no-schema', '-'], stream).out).toMatch(/^<stdin>:14:42: error ID101 /);
  });
});

describe('prometheus-operator objects reach the rules', () => {
  it('a PodMonitor naming certificate files is an ID605 in check, not an object of an unknown kind', () => {
    const { failing } = docExamples('ID605');
    const dir = tempDir({ 'monitor.yaml': failing });
    const report = checkInputs([path.join(dir, 'monitor.yaml')], {});
    expect(report.results.map((r) => r.code)).toEqual(['ID605']);
    expect(report.results[0].path).toBe('spec.podMetricsEndpoints[0].tlsConfig.caFile');
  });
});
