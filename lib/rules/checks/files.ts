/**
 * The rule files of this folder: `ID<3 digits>-<rule name>.ts` (`.js` once compiled), each exporting
 * its rule as `rule`. Found by listing the folder, so that a new rule file is the only place the code
 * needs to be written; sorted by file name, hence by code.
 */
import { readdirSync } from 'fs';
import { extname, join } from 'path';

/** A rule file: its code and rule name, read from the file name, and its absolute path. */
export interface RuleFile {
  readonly code: string;
  readonly name: string;
  readonly path: string;
}

const RULE_FILE = /^(ID\d{3})-([a-z0-9]+(?:-[a-z0-9]+)*)\.[jt]s$/;

/** The rule files of `dir` with extension `ext` (`.ts` or `.js`; declaration files excluded), in code order. */
export function ruleFilesIn(dir: string, ext: string): RuleFile[] {
  return readdirSync(dir)
    .filter((file) => extname(file) === ext && !file.endsWith('.d.ts'))
    .sort()
    .flatMap((file) => {
      const m = RULE_FILE.exec(file);
      return m === null ? [] : [{ code: m[1], name: m[2], path: join(dir, file) }];
    });
}

/** The rule files of this build: the sources under ts-node, sucrase or jest, the compiled files in build/. */
export const RULE_FILES: readonly RuleFile[] = ruleFilesIn(__dirname, extname(__filename));
