// The registry: every rule of the catalog, in code order, found in the rule files of this folder
// (files.ts lists them, registry.ts loads them; an index file only re-exports).
export { ALL_RULES, loadRule } from './registry';
export { RULE_FILES, ruleFilesIn, type RuleFile } from './files';
