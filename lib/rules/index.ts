export * from './types';
export { runRules, compareFindings, ruleAppliesTo } from './engine';
export { buildIndex } from './index-builder';
export { toManifestObject, toManifestObjects, BOOTSTRAP_KIND, apiGroupOf, isClusterScoped, type ToManifestOptions } from './manifest';
export { DEFAULT_RULE_OPTIONS, resolveRuleOptions, RuleOptionsError, type EngineOptions } from './options';
export { ALL_RULES } from './checks';
export { CATALOG_RULE_CODES, SCHEMA_CODES, RULE_CRASH_CODE, RULE_CRASH, SUPPRESSIBLE_CODES, type CodeInfo } from './codes';
export { CODE_CATALOGUE, type CatalogueEntry } from './catalogue';
export { SUPPRESSION_PREFIX, suppressionKey, isSuppressed } from './suppression';
