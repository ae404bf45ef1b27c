/** A stub of the ZooKeeper recipe whose body carries the given mTLS exceptions (no real app needs one yet). */
import { MtlsException, RECIPES, RecipeDefinition } from '../../lib/core/recipes';

/** Makes the ZooKeeper recipe return `exceptions`; returns the function that restores it. */
export function withMtlsExceptions(exceptions: readonly MtlsException[]): () => void {
  const def = RECIPES.zookeeper as { build: RecipeDefinition['build'] };
  const original = def.build;
  def.build = (p, field, options, ctx) => {
    const body = original(p, field, options, ctx);
    return body === undefined ? undefined : { ...body, mtlsExceptions: exceptions };
  };
  return () => {
    def.build = original;
  };
}
