/**
 * Recognising the apps that have a recipe (`lib/core/recipes`) in workloads of
 * any origin: by the image of a container (official, Bitnami, operator images)
 * or a well-known peer port.
 */
import { imageRepository, RECIPE_APPS, RECIPES, RecipeApp, RecipeDefinition, repositoryLooksLike } from '../../../core/recipes';
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

/** The containers of each workload, read once: several rules read them. */
const podContainers = new WeakMap<WorkloadInfo, readonly PodContainer[]>();

/** The image repository ({@link imageRepository}) of each container, computed once. */
const repositories = new WeakMap<PodContainer, string>();

/** The pod spec's `containers`, with their images and port numbers. */
export function containersOf(set: WorkloadInfo): readonly PodContainer[] {
  let containers = podContainers.get(set);
  if (containers === undefined) {
    containers = arrayOf(set.podSpec.containers).map((c, index) => {
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
    podContainers.set(set, containers);
  }
  return containers;
}

function repositoryOf(c: PodContainer): string {
  let repo = repositories.get(c);
  if (repo === undefined) repositories.set(c, (repo = imageRepository(c.image)));
  return repo;
}

/** A workload's app found in one of its containers (`null`: the workload does not run the app). */
type FoundApp = { readonly def: RecipeDefinition; readonly container: PodContainer } | null;

/** What {@link appsOf} found per workload and app: several rules ask about the same workloads. */
const foundApps = new WeakMap<WorkloadInfo, Map<RecipeApp, FoundApp>>();

/** The apps (and the container of each) a workload runs. */
export function appsOf(set: WorkloadInfo, only: readonly RecipeApp[] = RECIPE_APPS): Array<{ readonly def: RecipeDefinition; readonly container: PodContainer }> {
  let known = foundApps.get(set);
  if (known === undefined) foundApps.set(set, (known = new Map()));
  let containers: readonly PodContainer[] | undefined;
  const found: Array<{ def: RecipeDefinition; container: PodContainer }> = [];
  for (const app of only) {
    let hit = known.get(app);
    if (hit === undefined) {
      const def = RECIPES[app];
      containers ??= containersOf(set);
      const container = containers.find((c) => repositoryLooksLike(def, repositoryOf(c), c.ports));
      known.set(app, (hit = container !== undefined ? { def, container } : null));
    }
    if (hit !== null) found.push({ def: hit.def, container: hit.container });
  }
  return found;
}
