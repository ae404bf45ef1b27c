/** What the recipe tests share: a HeadlessMeshService with a recipe in a non-default namespace and cluster domain, and its errors. */
import { IstioDirectError } from '../../lib/core/errors';
import { buildHeadlessMeshService, HeadlessMeshServiceProps } from '../../lib/core/headless-mesh-service';
import { AppRecipeOutput, AppRecipeProps } from '../../lib/core/recipes';

export const NS = 'data';
export const DOMAIN = 'corp.example';

/** `<app>-headless` in {@link NS} and {@link DOMAIN}, governing StatefulSet `<app>` of `replicas` pods. */
export function mesh(recipe: AppRecipeProps, replicas: number, extra: Partial<HeadlessMeshServiceProps> = {}) {
  return buildHeadlessMeshService({
    name: `${recipe.app}-headless`,
    namespace: NS,
    clusterDomain: DOMAIN,
    target: { kind: 'StatefulSet', name: recipe.app, selectorLabels: { app: recipe.app }, replicas },
    recipe,
    ...extra,
  });
}

/** The recipe part of {@link mesh}'s output. */
export const recipeOf = (recipe: AppRecipeProps, replicas: number): AppRecipeOutput => mesh(recipe, replicas).recipe!;

/** The problems of the IstioDirectError `f` throws (the test fails when it throws nothing or something else). */
export function problemsOf(f: () => unknown): string[] {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(IstioDirectError);
    return [...(e as IstioDirectError).problems];
  }
  throw new Error('no error');
}
