/**
 * `check` over hostile manifests (not hostile files: the documents parse, but their values are
 * anything YAML or JSON can hold, under the keys the schema and the rules read): the schema
 * validation and every rule finish without a crash (no exception, no `ID000` "rule failed"
 * finding), and a crash would exit with status 3, never 1 ("problems found").
 */
import * as fc from 'fast-check';
import { stringify } from 'yaml';
import { manifest } from './support/manifests';
import { exitStatus } from '../../lib/cli/main';
import { parseText } from '../../lib/reader/read';
import { checkDocuments, CheckReport } from '../../lib/check/run';
import { fuzzParameters, JEST_TIMEOUT_MS } from './support/params';

/** Documents as `check` reads them: through the YAML text, as a user's file would be. */
function readBack(docs: readonly unknown[]): Parameters<typeof checkDocuments>[0] {
  const text = docs.map((d) => stringify(d, { aliasDuplicateObjects: false })).join('---\n');
  const documents: Parameters<typeof checkDocuments>[0]['documents'] = [];
  const problems: Parameters<typeof checkDocuments>[0]['problems'] = [];
  parseText('hostile.yaml', Buffer.from(text, 'utf8'), documents, problems);
  return { documents, problems, files: 1, fileNames: ['hostile.yaml'] };
}

function crashes(report: CheckReport): string[] {
  return report.results.filter((r) => r.code === 'ID000').map((r) => r.message);
}

describe('check over hostile manifests', () => {
  test('schema validation and every rule finish without a crash', () => {
    fc.assert(
      fc.property(fc.array(manifest, { minLength: 1, maxLength: 6 }), (docs) => {
        const report = checkDocuments(readBack(docs), {});
        expect(crashes(report)).toEqual([]);
        expect([0, 1]).toContain(exitStatus(report));
      }),
      // A tenth of FUZZ_RUNS: each run validates up to six objects against the schemas.
      fuzzParameters(500, 1 / 10),
    );
  }, JEST_TIMEOUT_MS);

  test('a rule crash exits with status 3, never 1', () => {
    const crash = { code: 'ID000', severity: 'error' as const, path: '', message: 'rule ID101 (headless-target-port) failed: boom' };
    const error = { ...crash, code: 'ID101' };
    expect(exitStatus({ results: [error, crash], files: 1, objects: 1, unknownKinds: new Map() })).toBe(3);
    expect(exitStatus({ results: [error], files: 1, objects: 1, unknownKinds: new Map() })).toBe(1);
  });
});
