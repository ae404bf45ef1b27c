/**
 * Reading stays linear when the fast reader steps aside: a document it declines is parsed by the
 * `yaml` package on its own, never behind the file's earlier lines, and its lines are still the
 * file's. Only a document with a parse error is parsed again behind empty lines, so that the
 * parser's message names the file's line.
 */
import * as path from 'path';
import { checkInputs } from '../../lib/check/run';
import { tempDir } from './helpers';

// A pass-through spy: the calls are counted, nothing is changed.
jest.mock('yaml', () => {
  const actual = jest.requireActual<typeof import('yaml')>('yaml');
  return { ...actual, parseAllDocuments: jest.fn(actual.parseAllDocuments) };
});
// eslint-disable-next-line @typescript-eslint/no-require-imports
const parseAllDocuments = (require('yaml') as { parseAllDocuments: jest.Mock }).parseAllDocuments;

/** A document the fast reader declines: an anchor and an alias (Helm charts use them). */
const served = (i: number) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${i}\n  namespace: zk\n  labels: {app: &app zk, part-of: *app}\n  annotations: {a: b}\ndata: {a: b}\n`;
const LINES = 8;

beforeEach(() => parseAllDocuments.mockClear());

it('declined documents are parsed one by one, each without the lines before it', () => {
  const text = Array.from({ length: 200 }, (_, i) => served(i)).join('---\n');
  const file = path.join(tempDir({ 'served.yaml': text }), 'served.yaml');
  const report = checkInputs([file], { schema: false });
  expect(report.results).toEqual([]);
  expect(parseAllDocuments).toHaveBeenCalledTimes(200);
  // Each call sees one document (and its `---` line): the text read never grows with the file.
  const longest = Math.max(...parseAllDocuments.mock.calls.map((c: unknown[]) => (c[0] as string).length));
  expect(longest).toBeLessThanOrEqual(served(199).length + 4);
});

it('a finding in a declined document is at the file line, and a parse error names the file line', () => {
  const bad = `apiVersion: v1\nkind: Service\nmetadata: {name: zk, namespace: zk, annotations: {a: &x b, c: *x}}\nspec:\n  clusterIP: None\n  selector: {app: zk}\n  ports:\n  - {name: tcp-client, port: 2181, targetPort: 12181}\n`;
  const broken = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: broken\n';
  const text = [served(0), served(1), bad, broken].join('---\n');
  const file = path.join(tempDir({ 'mixed.yaml': text }), 'mixed.yaml');
  const { results } = checkInputs([file], { schema: false });
  const firstBad = 2 * (LINES + 1) + 1;
  const id101 = results.find((r) => r.code === 'ID101');
  expect(id101?.position?.line).toBe(firstBad + 7);
  const parse = results.find((r) => r.code === 'ID900');
  const brokenLine = firstBad + 8 + 1 + 3;
  expect(parse?.message).toContain(`at line ${brokenLine}`);
});
