/**
 * Exact positions cost nothing on clean input and little on a big one: only the documents that have
 * findings are read again and parsed (with the `yaml` package), a clean file is never read again.
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

it('a file of clean documents and one with a finding: only that one is parsed again', () => {
  const text = [...Array.from({ length: 50 }, (_, i) => clean(i)), SERVICE, clean(50)].join('---\n');
  const file = path.join(tempDir({ 'many.yaml': text }), 'many.yaml');
  const results = checkInputs([file], { schema: false }).results;
  // 50 documents of 4 lines and their 50 `---` lines come first; the field is on the Service's 7th line.
  expect(results.map((r) => [r.code, r.position])).toEqual([['ID101', { line: 50 * 5 + 7, column: 42 }]]);
  expect(parseAllDocuments).toHaveBeenCalledTimes(1);
  expect(parseAllDocuments.mock.calls[0][0]).toBe(`---\n${SERVICE}`);
  // Read once by the reader (its first pass and its second use one descriptor), once for the position.
  expect(openSync.mock.calls.map((c: unknown[]) => c[0])).toEqual([file, file]);
});

it('a clean file is read once and nothing is parsed again', () => {
  const file = path.join(tempDir({ 'ok.yaml': [clean(0), SERVICE.replace('targetPort: 12181', 'targetPort: 2181')].join('---\n') }), 'ok.yaml');
  expect(checkInputs([file], { schema: false }).results).toEqual([]);
  expect(parseAllDocuments).not.toHaveBeenCalled();
  expect(openSync.mock.calls.map((c: unknown[]) => c[0])).toEqual([file]);
});
