export * from './types';
export type { RecipeContext, RecipeDefinition, RecipeBody, DownwardVar } from './context';
export { RECIPES, PROXY_CONFIG_ANNOTATION, resolveRecipe } from './resolve';
export { resolveMeshRecipe, mergeRecipePorts, MAX_RECIPE_MEMBERS } from './mesh';
export type { MeshRecipeInput } from './mesh';
export * from './etcd';
export * from './kafka';
export * from './redis-cluster';
export * from './zookeeper';
