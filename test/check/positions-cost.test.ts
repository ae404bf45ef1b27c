/**
 * Exact positions cost nothing on clean input and little on a big one: only the documents that have
 * findings are read again, a clean file is never read again; a document in the plain block style is
 * located by the fast walk along its path (no `yaml` parse at all), any other is parsed with the `yaml` package.
 */
import * as path from 'path';
import { checkInputs } from '../../lib/check/run';
import { SERVICE, tempDir } from './helpers';

// Pass-through spies: the calls are counted, nothing is changed.
jest.mock('yaml', () => {
  const actual = jest.requireActual<typeof import('yaml')>('yaml');
  return { ...actual, parseAllDocuments: jest.fn(actual.parseAllDocuments) };
});
jest.mock('fs', () => {
  const actual = jest.requireActual<typeof import('fs')>('fs');
  return { ...actual, openSync: jest.fn(actual.openSync) };
});
// eslint-disable-next-line @typescript-eslint/no-require-imports
const parseAllDocuments = (require('yaml') as { parseAllDocuments: jest.Mock }).parseAllDocuments;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const openSync = (require('fs') as { openSync: jest.Mock }).openSync;

const clean = (i: number) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c${i}, namespace: zk}\ndata: {a: b}\n`;

beforeEach(() => {
  parseAllDocuments.mockClear();
  openSync.mockClear();
});

it('a file of clean documents and one with a finding: only that one is read again, by the fast walk', () => {
  const text = [...Array.from({ length: 50 }, (_, i) => clean(i)), SERVICE, clean(50)].join('---\n');
  const file = path.join(tempDir({ 'many.yaml': text }), 'many.yaml');
  const results = checkInputs([file], { schema: false }).results;
  // 50 documents of 4 lines and their 50 `---` lines come first; the field is on the Service's 7th line.
  expect(results.map((r) => [r.code, r.position])).toEqual([['ID101', { line: 50 * 5 + 7, column: 42 }]]);
  expect(parseAllDocuments).not.toHaveBeenCalled();
  // Read once by the reader (its first pass and its second use one descriptor), once for the position.
  expect(openSync.mock.calls.map((c: unknown[]) => c[0])).toEqual([file, file]);
});

it('a document the fast walk declines (an anchor on its path): only that one is parsed with the yaml package', () => {
  const anchored = SERVICE.replace('ports: [', 'ports: &ports [');
  const text = [...Array.from({ length: 50 }, (_, i) => clean(i)), anchored, clean(50)].join('---\n');
  const file = path.join(tempDir({ 'many.yaml': text }), 'many.yaml');
  const results = checkInputs([file], { schema: false }).results;
  expect(results.map((r) => [r.code, r.position])).toEqual([['ID101', { line: 50 * 5 + 7, column: 49 }]]);
  // The reader's fast parser declines it too: read with the `yaml` package once, then once for its positions.
  const texts = parseAllDocuments.mock.calls.map((c: unknown[]) => String(c[0]).trimStart());
  expect(texts).toEqual([`---\n${anchored}`, `---\n${anchored}`]);
});

it('an anchor beside the path: the walk skips it, nothing is parsed again', () => {
  const anchored = SERVICE.replace('selector: {app: zk}', 'selector: &sel {app: zk}');
  const text = [...Array.from({ length: 50 }, (_, i) => clean(i)), anchored, clean(50)].join('---\n');
  const file = path.join(tempDir({ 'many.yaml': text }), 'many.yaml');
  const results = checkInputs([file], { schema: false }).results;
  expect(results.map((r) => [r.code, r.position])).toEqual([['ID101', { line: 50 * 5 + 7, column: 42 }]]);
  // Read with the `yaml` package by the reader (its fast parser declines the anchor), not again for the position.
  expect(parseAllDocuments.mock.calls.map((c: unknown[]) => String(c[0]).trimStart())).toEqual([`---\n${anchored}`]);
});

it('a clean file is read once and nothing is parsed again', () => {
  const file = path.join(tempDir({ 'ok.yaml': [clean(0), SERVICE.replace('targetPort: 12181', 'targetPort: 2181')].join('---\n') }), 'ok.yaml');
  expect(checkInputs([file], { schema: false }).results).toEqual([]);
  expect(parseAllDocuments).not.toHaveBeenCalled();
  expect(openSync.mock.calls.map((c: unknown[]) => c[0])).toEqual([file]);
});

it('a big kind: List (kubectl get -o yaml of a cluster): only the items with findings are read again, by the fast walk', () => {
  const item = (i: number) => `- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: c${i}\n    namespace: zk\n  data:\n    a: |\n      - not an item\n      b\n`;
  const bad = SERVICE.trimEnd().split('\n').map((l, i) => (i === 0 ? `- ${l}` : `  ${l}`)).join('\n') + '\n';
  const items = [...Array.from({ length: 12_000 }, (_, i) => item(i)), bad, item(12_001)];
  const text = `apiVersion: v1\nitems:\n${items.join('')}kind: List\nmetadata:\n  resourceVersion: ""\n`;
  expect(text.length).toBeGreaterThan(1 << 20);
  const file = path.join(tempDir({ 'cluster.yaml': text }), 'cluster.yaml');
  const results = checkInputs([file], { schema: false }).results;
  // 2 lines, 12,000 items of 9 lines, then the Service's 7th line: `  ports: [{name: tcp-client, port: 2181, targetPort: 12181}]` indented by 2.
  expect(results.map((r) => [r.code, r.object?.source?.item, r.position])).toEqual([['ID101', 12_000, { line: 2 + 12_000 * 9 + 7, column: 44 }]]);
  expect(parseAllDocuments).not.toHaveBeenCalled();
});
