// The registry: every rule of this build, in code order. Rules of the catalog
// that are not in this build yet are listed in lib/rules/codes.ts only.
export { ALL_RULES } from './registry';
