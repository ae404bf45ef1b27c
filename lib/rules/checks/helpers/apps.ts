/**
 * Recognising the apps that have a recipe (`lib/core/recipes`) in workloads of
 * any origin: by the image of a container (official, Bitnami, operator images)
 * or a well-known peer port.
 */
import { containerLooksLike, RECIPE_APPS, RECIPES, RecipeApp, RecipeDefinition } from '../../../core/recipes';
import { WorkloadInfo } from '../../types';
import { arrayOf, recordOf, stringOf } from '../../values';

/** One container of a pod spec, as the app rules read it. */
export interface PodContainer {
  readonly index: number;
  readonly name: string;
  readonly image: string;
  readonly ports: readonly number[];
  readonly raw: Readonly<Record<string, unknown>>;
}

/** The pod spec's `containers`, with their images and port numbers. */
export function containersOf(set: WorkloadInfo): PodContainer[] {
  return arrayOf(set.podSpec.containers).map((c, index) => {
    const raw = recordOf(c) ?? {};
    const name = stringOf(raw.name) ?? '';
    return {
      index,
      name,
      image: stringOf(raw.image) ?? '',
      ports: set.containerPorts.filter((p) => p.container === name).map((p) => p.containerPort),
      raw,
    };
  });
}

/** The apps (and the container of each) a workload runs. */
export function appsOf(set: WorkloadInfo, only: readonly RecipeApp[] = RECIPE_APPS): Array<{ readonly def: RecipeDefinition; readonly container: PodContainer }> {
  const containers = containersOf(set);
  const found: Array<{ def: RecipeDefinition; container: PodContainer }> = [];
  for (const app of only) {
    const def = RECIPES[app];
    const container = containers.find((c) => containerLooksLike(def, c.image, c.ports));
    if (container !== undefined) {
      found.push({ def, container });
    }
  }
  return found;
}
