export { main, type CheckIo } from './cli';
export { readInputs, readManifests, parseText, MAX_FILE_BYTES, MAX_NESTING_DEPTH, MAX_YAML_ALIASES, STDIN_NAME, type InputDocument, type ReadProblem, type ReadResult, type StdinSource, type ManifestDocument } from './read';
export { collectFiles, UsageError, MANIFEST_EXTENSION, type CollectedFiles, type SkippedPath } from './collect';
export { decodeUtf8 } from './decode';
export { checkDocuments, isKnownApiVersion, type CheckOptions, type CheckReport, type CheckResult } from './run';
export { formatHuman, formatJson, formatSarif, formatSummary } from './format';
export { rulePage, rulesDocsDir, packageRoot } from './docs';
