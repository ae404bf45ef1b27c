/**
 * Every rule of this build, in code order: the `rule` export of each rule file of this folder
 * (`ID101-headless-target-port.ts` …, see files.ts); `docs/rules/<code>.md` documents each.
 */
import { Rule } from '../types';
import { RULE_FILES, type RuleFile } from './files';

/** The rule a rule file exports; a file whose rule has another code or name is a bug of this build. */
export function loadRule(file: RuleFile): Rule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const rule = (require(file.path) as { rule?: Rule }).rule;
  if (rule === undefined || rule.code !== file.code || rule.name !== file.name) {
    throw new Error(`${file.path}: a rule file exports its rule as \`rule\`, with the code and name of its file name (${file.code} ${file.name})`);
  }
  return rule;
}

/** The rules `check` and synth run, in code order. */
export const ALL_RULES: readonly Rule[] = RULE_FILES.map(loadRule);
