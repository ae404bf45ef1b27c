/**
 * The fast walk (lib/reader/positions-fast.ts) reads each map's keys, each sequence's items and each
 * inline value of a document once, however many findings' paths go through them: answers from one
 * walk asked many paths, in any order, are the answers of a fresh walk per path. And the work a
 * document's findings cost grows with the document, not with the findings times the document: a
 * `kind: List` of many items, and an embedded bootstrap on one line with a finding per route.
 */
import { parseAllDocuments } from 'yaml';
import { formatPath, parsePath, type PathSegment } from '../../lib/base/paths';
import { FastDocument } from '../../lib/reader/positions-fast';
import { locateBothWays } from '../../lib/reader/positions';
import { KUBECTL_YAML } from '../../lib/reader/read';

/** Every path of a value (each key and item, recursively), with absent ones and item selectors beside them. */
function allPaths(value: unknown, prefix: PathSegment[] = [], out: string[] = []): string[] {
  out.push(formatPath(prefix));
  if (Array.isArray(value)) {
    value.forEach((v, i) => allPaths(v, [...prefix, i], out));
    out.push(formatPath([...prefix, value.length + 3]), `${formatPath(prefix)}[name=b]`, `${formatPath(prefix)}[port=2]`, `${formatPath(prefix)}[name=absent]`);
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) allPaths(v, [...prefix, k], out);
    out.push(formatPath([...prefix, 'absentKey']), formatPath([...prefix, 0]));
  }
  return out;
}

/** The answers of one walk asked `paths` in order, and of a fresh walk per path. */
function oneWalkAndFresh(text: string, paths: readonly string[]): { one: unknown[]; fresh: unknown[] } {
  const walk = FastDocument.walk(text);
  const one = paths.map((p) => (walk === undefined ? 'no walk' : walk.locate(parsePath(p), 0)));
  const fresh = paths.map((p) => {
    const w = FastDocument.walk(text);
    return w === undefined ? 'no walk' : w.locate(parsePath(p), 0);
  });
  return { one, fresh };
}

const LIST = `apiVersion: v1\nkind: List\nitems:\n${Array.from({ length: 40 }, (_, i) => `- apiVersion: v1\n  kind: Service\n  metadata: {name: s${i}}\n  spec:\n    ports:\n    - {name: a, port: 1}\n    - name: b\n      port: 2\n`).join('')}`;
const BOOTSTRAP = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: envoy}\ndata:\n  envoy.yaml: ${JSON.stringify(`static_resources:\n  clusters: [${Array.from({ length: 50 }, (_, i) => `{name: c${i}}`).join(', ')}]\n`)}\n  other: x\n`;
const DOCS: readonly string[] = [
  LIST,
  BOOTSTRAP,
  'a:\n  b: 1\n  c: [x, {y: 2}]\n  d:\n  - name: a\n    port: 1\n  - {name: b, port: 2}\n  - name: c\n    sub:\n      deep: "v"\ne: "long \\u00e9 value"\nf: |\n  block\n',
  // Values the walk declines, asked again: still declined, the other paths still answered.
  'a: "bad \\q escape"\nb:\n- 1\n- {c: d}\n',
  'a: &x 1\nb: *x\nc: [1,\n  2]\n',
];

describe('one walk for many paths', () => {
  test.each(DOCS.map((d, i) => [i, d]))('document %d: the same answers in order, reversed and interleaved as from a fresh walk each', (_i, text) => {
    const value = parseAllDocuments(text as string, KUBECTL_YAML)[0].toJS();
    const paths = allPaths(value);
    const orders = [paths, [...paths].reverse(), paths.filter((_, k) => k % 2 === 0).concat(paths.filter((_, k) => k % 2 === 1))];
    for (const order of orders) {
      const { one, fresh } = oneWalkAndFresh(text as string, order);
      expect(one).toEqual(fresh);
    }
  });

  test('the answers are the yaml package\'s where the walk answers', () => {
    for (const text of [LIST, BOOTSTRAP]) {
      const value = parseAllDocuments(text, KUBECTL_YAML)[0].toJS();
      for (const p of allPaths(value)) {
        const { fast, yaml } = locateBothWays(text, p);
        if (fast !== 'decline') expect(fast).toEqual(yaml);
      }
    }
  });

  test('a path into the last item of a List, asked after every other item\'s, is found from the items already read', () => {
    const walk = FastDocument.walk(LIST)!;
    const answers = Array.from({ length: 40 }, (_, i) => walk.locate(parsePath(`items[${i}].spec.ports[1].port`), 0));
    expect(answers.every((a) => typeof a === 'number')).toBe(true);
    expect(answers).toEqual([...answers].sort((a, b) => (a as number) - (b as number)));
    // An item past the last resolves as deep as the document goes: the `items` key.
    expect(walk.locate(parsePath('items[40]'), 0)).toBe(LIST.indexOf('items:'));
    // The last item is at its content, after its `- `.
    expect(walk.locate(parsePath('items[39]'), 0)).toBe(LIST.lastIndexOf('- apiVersion') + 2);
  });
});
