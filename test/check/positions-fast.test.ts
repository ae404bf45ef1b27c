/**
 * The fast way to exact positions (lib/reader/positions-fast.ts: a walk along the path, no `yaml`
 * parse) gives the same position as the `yaml` package's nodes for every path of every document
 * that parses (the walk is for documents the reader read), or declines: on the rules corpus, the rule pages' examples, the examples' synthesized
 * output, the fuzz manifests (written in block and in flow style), the hostile CLI inputs and the
 * texts below. Declined documents still get their positions from the `yaml` package.
 */
import * as fc from 'fast-check';
import * as fs from 'fs';
import * as path from 'path';
import { Testing } from 'cdk8s';
import { parseAllDocuments, stringify } from 'yaml';
import { formatPath, type PathSegment } from '../../lib/base/paths';
import { locateBothWays } from '../../lib/reader/positions';
import { KUBECTL_YAML } from '../../lib/reader/read';
import { DocumentSplitter, type StreamRegion } from '../../lib/reader/split';
import { addExampleCharts } from '../../examples/cdk8s/charts';
import { manifest } from '../fuzz/support/manifests';
import { caseDir, CLI_CASES } from '../fuzz/support/cli-cases';
import { docExamples } from '../rules/helpers';
import { SERVICE } from './helpers';

const CORPUS = path.join(__dirname, '..', 'rules', 'corpus');

/** The documents of a stream, as the reader splits them. */
function regions(text: string): StreamRegion[] {
  const out: StreamRegion[] = [];
  const splitter = new DocumentSplitter((r) => out.push(r));
  splitter.push(text);
  splitter.end();
  return out;
}

/** Every path of a value (each key and item, recursively), and absent ones beside them. */
function allPaths(value: unknown, prefix: PathSegment[] = [], out: string[] = []): string[] {
  out.push(formatPath(prefix));
  if (Array.isArray(value)) {
    value.forEach((v, i) => allPaths(v, [...prefix, i], out));
    out.push(formatPath([...prefix, value.length]), `${formatPath(prefix)}[name=${String((value[0] as { name?: unknown } | undefined)?.name ?? 'x')}]`, `${formatPath(prefix)}[port=80]`);
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) allPaths(v, [...prefix, k], out);
    out.push(formatPath([...prefix, 'absentKey']), formatPath([...prefix, 0]), formatPath([...prefix, 'absent', 'deeper']));
  } else {
    out.push(formatPath([...prefix, 'below']), formatPath([...prefix, 'admin', 'address']));
  }
  return out;
}

/** Tallies of one comparison: documents the fast way took and declined. */
interface Tally {
  accepted: number;
  declined: number;
}

/** Compares the two ways on every path of every document of a stream; mismatches are returned. */
function compare(text: string, tally: Tally): string[] {
  const mismatches: string[] = [];
  for (const region of regions(text)) {
    const docs = parseAllDocuments(region.text, KUBECTL_YAML);
    const doc = Array.isArray(docs) ? docs[0] : undefined;
    // The fast walk is for documents that parse (the reader read them): a document that does not is not compared.
    if (doc === undefined || doc.errors.length > 0) continue;
    let value: unknown = {};
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch {
      // Too many aliases: the paths of the object itself are still compared.
    }
    const paths = allPaths(value);
    let declined = false;
    for (const p of paths) {
      const { fast, yaml } = locateBothWays(region.text, p);
      if (fast === 'decline') declined = true;
      else if (JSON.stringify(fast) !== JSON.stringify(yaml)) mismatches.push(`${JSON.stringify(p)} fast ${JSON.stringify(fast)} yaml ${JSON.stringify(yaml)} in\n${region.text}`);
    }
    if (declined) tally.declined++;
    else tally.accepted++;
  }
  return mismatches;
}

const HOSTILE: readonly string[] = [
  SERVICE,
  `---\n# leading comment\n${SERVICE}`,
  'a: &x {b: 1}\nc: *x\n',
  'a: !!str 5\nb: 1\n',
  'a:\tb\n',
  'a: b\r\nc: d\r\n',
  '\ufeffa: b\n',
  'a: plain\n  continued\nb: 1\n',
  'a: "multi\n  line"\nb: 1\n',
  'a: [1,\n  2]\n',
  '? a\n: b\n',
  '"a\\tb": 1\nc: 2\n',
  "'it''s': 1\nc: 2\n",
  'a: 1\na: 2\n',
  'yes: 1\nno: 2\non: 3\n0x10: 4\n080: 5\n1e3: 6\n~: 7\n',
  'a: |\n  x: 1\n  y: [2]\nb: >-\n    folded\n\n    text\nc: |2\n   two\n',
  'data:\n  envoy.yaml: |\n    admin:\n      address: {socket_address: {address: 0.0.0.0, port_value: 9901}}\n',
  'a: |\n    deep\n  shallow\n',
  'a:\n- 1\n- - 2\n  - 3\n-\n  b: 1\n',
  'items:\n- name: a\n  port: 1\n- {name: b, port: 2}\n- name: "c"\n  port: 3\n- name: 4\n- name:\n- name: d # comment\n',
  'a: b # comment\nc: "d" # comment\ne: {f: g} # comment\n# trailing\n',
  'a: {b: c, d: [e, f], g: {h: i}}\nj: [{k: l}, [m, n], "o", \'p\']\n',
  'a: {b: , c: d}\ne: [f, ]\n',
  'a: {"b": c, \'d\': e}\nf: ["g,h", \'i]\']\n',
  'a: b: c\n',
  'a:b: c\n',
  'a : b\n',
  '- a\n- b: c\n  d: e\n',
  'apiVersion: v1\nkind: List\nitems:\n  - a: 1\n    b: [2]\n  - c\n',
  'a:\n  b:\n    c: 1\n  d: 2\n e: 3\n',
  'key: %percent\n',
  'key: @at\n',
  'key: `tick\n',
  'a: "x"y\n',
  'a: "bad \\q escape"\nb: 1\n',
  'a: "good \\t \\x41 \\u00e9 \\" \\\\ escapes"\nb: [{c: "\\U0001F993"}]\n',
  'a: "ends with \\\n  continued"\nb: 1\n',
  'a: [x]#c\n',
  'x: 1\n--- \ny: 2\n',
  '%YAML 1.1\n---\na: 1\n',
  `a: ${'['.repeat(40)}${']'.repeat(40)}\n`,
  'é: 1\nname: Zoé 🦓\nb: {c: "🦓"}\n',
  'a: 1\n\n\n   \nb:\n\n  c: 2\n',
  'a:\n  # comment\n  b: 1\n',
  'a: -1\nb: --bind\nc: - x\n',
  // Blocks the walk skips by their indentation.
  'a:\n  b: [1,\n    2\n  ]\n  c: 1\nd: 2\n',
  'a:\n  b: 1\n# c\n  d: 2\n   # e\ne: 3\n',
  'a:\n  b: |\n    x\n\n    y\n \n  c: 1\n',
  'a:\n- 1\n- 2\nb: 3\n',
  'a:\n  - 1\n  -\n    - 2\nb: 3\n',
  'items:\n- name: a\n  sub:\n    x: 1\n  port: 1\n- name: b\n  port: 2\n- {name: c, port: 3}\n',
  'a: "x\n\n  y"\nb: 1\n',
  'a: plain\n  more\n\n  lines\nb:\n  c: 1\n',
  'a:\n  b: 1\n  \t\n  c: 2\n',
  '1: a\n"1": b\n2: c\n',
  'a:\n  name: x\n  Name: y\n  na_me: z\n  naMe: w\n',
  // One-line flow maps of plain keys and plain values (read by two searches), and ones that are not.
  'ports:\n- {name: tcp-peer, port: 7000}\n- {name: tcp-client, port: 9042, targetPort: 19042}\n',
  'a: { b: 1 , c: x/y ,  d: _e.f }\ng: {h: 1.5, i: 0x1F, j: 010, k: 5Gi}\n',
  'a: {b: c, d: -1}\ne: {f: yes}\ng: {True: 1}\nh: {i: j k}\nl: {m: n}#c\no: {p: q} # c\n',
];

describe('the fast positions are the yaml package\'s, or the fast way declines', () => {
  it('the rules corpus', () => {
    const tally: Tally = { accepted: 0, declined: 0 };
    for (const f of fs.readdirSync(CORPUS).filter((n) => n.endsWith('.yaml'))) expect(compare(fs.readFileSync(path.join(CORPUS, f), 'utf8'), tally)).toEqual([]);
    // Most of the corpus (charts' output) is the plain block style the fast way reads.
    expect(tally.accepted).toBeGreaterThan(tally.declined);
  });

  it('the rule pages\' examples, failing and passing', () => {
    const tally: Tally = { accepted: 0, declined: 0 };
    const pages = fs.readdirSync(path.join(__dirname, '..', '..', 'docs', 'rules')).filter((f) => /^ID\d{3}\.md$/.test(f));
    for (const page of pages) {
      const { failing, passing } = docExamples(page.slice(0, 5));
      expect(compare(failing, tally)).toEqual([]);
      expect(compare(passing, tally)).toEqual([]);
    }
    expect(tally.accepted).toBeGreaterThan(0);
  });

  it('the examples\' synthesized output', () => {
    const app = Testing.app();
    addExampleCharts(app);
    const tally: Tally = { accepted: 0, declined: 0 };
    expect(compare(app.synthYaml(), tally)).toEqual([]);
    expect(tally.accepted).toBeGreaterThan(10);
  });

  it('the fuzz manifests, in block and in flow style', () => {
    const tally: Tally = { accepted: 0, declined: 0 };
    const docs = fc.sample(manifest, { seed: 20, numRuns: 50 });
    for (const d of docs) {
      expect(compare(stringify(d, { aliasDuplicateObjects: false }), tally)).toEqual([]);
      expect(compare(stringify(d, { aliasDuplicateObjects: false, collectionStyle: 'flow', lineWidth: 0 }), tally)).toEqual([]);
      expect(compare(stringify(d, { aliasDuplicateObjects: false, indentSeq: false, defaultStringType: 'QUOTE_SINGLE' }), tally)).toEqual([]);
    }
    expect(tally.accepted).toBeGreaterThan(0);
  });

  it('the hostile CLI inputs', () => {
    const dir = caseDir();
    for (const c of CLI_CASES) {
      try {
        c.build(fs.mkdtempSync(path.join(dir, 'case-')));
      } catch {
        // A case that cannot be built here has nothing to compare.
      }
    }
    // At most 50 entries a folder below a case's own: the folder of 5,000 files holds one document shape 5,000 times.
    const walk = (d: string, depth = 0): string[] => {
      const entries = fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
      return (depth > 1 ? entries.slice(0, 50) : entries).flatMap((e) => {
        const p = path.join(d, e.name);
        return e.isDirectory() ? walk(p, depth + 1) : e.isFile() && /\.ya?ml$/.test(e.name) && fs.statSync(p).size < 20_000 ? [p] : [];
      });
    };
    // Files up to 20 KB: every path of a bigger one is compared in the tests above, shape by shape.
    const tally: Tally = { accepted: 0, declined: 0 };
    try {
      for (const f of walk(dir)) {
        const bytes = fs.readFileSync(f);
        const text = bytes.toString('utf8');
        if (!Buffer.from(text, 'utf8').equals(bytes)) continue;
        expect(compare(text, tally)).toEqual([]);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each(HOSTILE.map((t) => [JSON.stringify(t).slice(0, 60), t]))('%s', (_name, text) => {
    expect(compare(text, { accepted: 0, declined: 0 })).toEqual([]);
  });
});

describe('what the fast way declines, and that declined documents still have positions', () => {
  it.each([
    ['an anchor and an alias', 'a: &x {b: 1}\nc: *x\n', 'a.b'],
    ['a tag', 'a: !!str 5\nb: 1\n', 'a.c'],
    ['a tab', 'a: 1\nb:\t2\n', 'b'],
    ['CRLF line ends', 'a: 1\r\nb:\r\n  c: 2\r\n', 'b.c'],
    ['a multi-line plain scalar', 'a: plain\n  continued\nb: 1\n', 'a.x'],
    ['a multi-line flow collection', 'a: [1,\n  2]\nb: 1\n', 'a[1]'],
    ['an explicit key', '? a\n: 1\nb: 1\n', 'b'],
    ['a quoted key with an escape', '"a\\tb": 1\nb: 1\n', 'b'],
    ['a YAML 1.1 boolean key', 'yes: 1\nb: 1\n', 'b'],
    ['a path into a literal block (an embedded bootstrap)', 'data:\n  envoy.yaml: |\n    admin:\n      address: {}\n', 'data["envoy.yaml"].admin.address'],
    ['a key written twice (a number and a string)', '1: a\n"1": b\n', '1'],
  ])('%s', (_name, text, p) => {
    const { fast, yaml } = locateBothWays(text, p);
    expect(fast).toBe('decline');
    expect(yaml).toBeDefined();
  });

  it.each([
    ['an anchor and an alias', 'a: &x {b: 1}\nc: *x\n', 'c', { line: 2, column: 1 }],
    ['a tag', 'a: !!str 5\nb: 1\n', 'b', { line: 2, column: 1 }],
    ['CRLF line ends', 'a: 1\r\nb: 2\r\n', 'b', { line: 2, column: 1 }],
    ['a multi-line plain scalar', 'a: plain\n  continued\nb: 1\n', 'b', { line: 3, column: 1 }],
    ['a multi-line flow collection', 'a: [1,\n  2]\nb: 1\n', 'b', { line: 3, column: 1 }],
    ['a block scalar holding a tab, CR and lines that look like keys', 'a:\n  b: |\n    c:\td\r\n  x: y\n    - z\n  e: 1\n', 'a.e', { line: 6, column: 3 }],
  ])('beside the path, the walk skips it: %s', (_name, text, p, position) => {
    expect(locateBothWays(text, p)).toEqual({ fast: position, yaml: position });
  });

  it('a duplicate key: declined (and the document, which does not parse, has no position)', () => {
    expect(locateBothWays('b: 0\nb: 1\n', 'b')).toEqual({ fast: 'decline', yaml: undefined });
  });

  it('plain block style, flow collections of scalars and skipped literal blocks are read the fast way', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, labels: {app: a}}\ndata:\n  a.properties: |\n    x=1\n  b: "2"\nlist:\n- name: x\n  ports: [{port: 80, name: http}]\n';
    expect(locateBothWays(text, 'data.b')).toEqual({ fast: { line: 7, column: 3 }, yaml: { line: 7, column: 3 } });
    expect(locateBothWays(text, 'list[0].ports[0].name')).toEqual({ fast: { line: 10, column: 22 }, yaml: { line: 10, column: 22 } });
    expect(locateBothWays(text, 'list[name=x].ports[0]')).toEqual({ fast: { line: 10, column: 11 }, yaml: { line: 10, column: 11 } });
    expect(locateBothWays(text, 'metadata.labels.app')).toEqual({ fast: { line: 3, column: 30 }, yaml: { line: 3, column: 30 } });
    expect(locateBothWays(text, 'data["a.properties"]')).toEqual({ fast: { line: 5, column: 3 }, yaml: { line: 5, column: 3 } });
    // Further, into the block's text: the `yaml` package's way (an embedded bootstrap is followed into).
    expect(locateBothWays(text, 'data["a.properties"].x').fast).toBe('decline');
  });
});
