/**
 * The `istio-direct validate` command line: an alias of `istio-direct check`
 * (schema validation and rules over the same documents, with `dist/` as the
 * default path). Kept as an entry point of `istio-direct/validate` users' code.
 */
export { main, type CheckIo as CliIo } from './main';
