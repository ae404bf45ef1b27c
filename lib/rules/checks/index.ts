// The registry: every rule of the catalog, in code order (listed in registry.ts,
// since an index file only re-exports).
export { ALL_RULES } from './registry';
