/**
 * Recognising the apps that have a recipe (`lib/core/recipes`) in workloads of
 * any origin: by the image of a container (official, Bitnami, operator images)
 * or a well-known peer port.
 */
import { imageRepository, isImageOrMirror, RECIPE_APPS, RECIPES, RecipeApp, RecipeDefinition } from '../../../core/recipes';
import { WorkloadInfo } from '../../types';
import { arrayOf, orElse, recordOf, stringOf } from '../../values';
import { keptList } from '../../../base/kept';

/** One container of a pod spec, as the app rules read it. */
export interface PodContainer {
  readonly index: number;
  readonly name: string;
  readonly image: string;
  readonly ports: readonly number[];
  readonly raw: Readonly<Record<string, unknown>>;
}

/** A container, its image repository ({@link imageRepository}) read on first use. */
class Container implements PodContainer {
  private repo: string | undefined = undefined;

  constructor(
    readonly index: number,
    readonly name: string,
    readonly image: string,
    readonly ports: readonly number[],
    readonly raw: Readonly<Record<string, unknown>>,
  ) {}

  get repository(): string {
    if (this.repo === undefined) this.repo = imageRepository(this.image);
    return this.repo;
  }
}

/** The containers of each workload, read once: several rules read them. */
const podContainers = new WeakMap<WorkloadInfo, readonly Container[]>();

const NO_RECORD: Readonly<Record<string, unknown>> = Object.freeze({});

/** The pod spec's `containers`, with their images and port numbers. */
export function containersOf(set: WorkloadInfo): readonly PodContainer[] {
  return podContainersOf(set);
}

function podContainersOf(set: WorkloadInfo): readonly Container[] {
  let containers = podContainers.get(set);
  if (containers === undefined) {
    const list = arrayOf(set.podSpec.containers);
    const read = keptList<Container>();
    for (let index = 0; index < list.length; index++) {
      const found = recordOf(list[index]);
      const raw = found !== undefined ? found : NO_RECORD;
      const name = orElse(stringOf(raw.name), '');
      const ports = keptList<number>();
      for (let i = 0; i < set.containerPorts.length; i++) if (set.containerPorts[i].container === name) ports.push(set.containerPorts[i].containerPort);
      read.push(new Container(index, name, orElse(stringOf(raw.image), ''), ports, raw));
    }
    podContainers.set(set, (containers = read));
  }
  return containers;
}

/** An app a workload runs, and the (first) container that runs it. */
export interface AppContainer {
  readonly def: RecipeDefinition;
  readonly container: PodContainer;
}

/** An app and its container (a class: kept until the end of the run, see lib/base/kept.ts). */
class App implements AppContainer {
  constructor(
    readonly def: RecipeDefinition,
    readonly container: PodContainer,
  ) {}
}

/** Every app (in {@link RECIPE_APPS} order) each workload runs: several rules ask about the same workloads. */
const foundApps = new WeakMap<WorkloadInfo, readonly AppContainer[]>();

const NO_APPS: readonly AppContainer[] = [];

/** The apps (and the container of each) a workload runs, in the order of `only`. */
export function appsOf(set: WorkloadInfo, only: readonly RecipeApp[] = RECIPE_APPS): readonly AppContainer[] {
  let all = foundApps.get(set);
  if (all === undefined) foundApps.set(set, (all = findApps(set)));
  if (only === RECIPE_APPS || all.length === 0) return all;
  const out: AppContainer[] = [];
  for (let i = 0; i < only.length; i++) {
    for (let j = 0; j < all.length; j++) if (all[j].def === RECIPES[only[i]]) out.push(all[j]);
  }
  return out;
}

function findApps(set: WorkloadInfo): readonly AppContainer[] {
  const containers = podContainersOf(set);
  if (containers.length === 0) return NO_APPS;
  let any = 0;
  const masks: number[] = [];
  for (let i = 0; i < containers.length; i++) any |= masks[i] = appsRunBy(containers[i]);
  if (any === 0) return NO_APPS; // Most workloads run no app with a recipe.
  const found = keptList<AppContainer>();
  for (let app = 0; app < RECIPE_APPS.length; app++) {
    if ((any & (1 << app)) === 0) continue;
    let i = 0;
    while ((masks[i] & (1 << app)) === 0) i++;
    found.push(new App(RECIPES[RECIPE_APPS[app]], containers[i]));
  }
  return found;
}

/** The apps' known images by their last path segment, and their well-known ports (apps by position in {@link RECIPE_APPS}: fewer than 32, bits of a number). */
interface AppLookup {
  readonly byName: ReadonlyMap<string, ReadonlyArray<{ readonly app: number; readonly image: string }>>;
  readonly byPort: ReadonlyMap<number, readonly number[]>;
}

let lookup: AppLookup | undefined;

function appLookup(): AppLookup {
  if (lookup === undefined) {
    const byName = new Map<string, Array<{ app: number; image: string }>>();
    const byPort = new Map<number, number[]>();
    RECIPE_APPS.forEach((name, app) => {
      for (const image of RECIPES[name].images) push(byName, image.slice(image.lastIndexOf('/') + 1), { app, image });
      for (const port of RECIPES[name].wellKnownPorts) push(byPort, port, app);
    });
    lookup = { byName, byPort };
  }
  return lookup;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

/**
 * The apps a container looks like, as bits by position in {@link RECIPE_APPS}: what
 * `repositoryLooksLike` tells app by app (a known image, or a mirror of one, or a well-known port),
 * with only the images that end like the container's repository compared.
 */
function appsRunBy(c: Container): number {
  const { byName, byPort } = appLookup();
  const repo = c.repository;
  let mask = 0;
  const images = byName.get(repo.slice(repo.lastIndexOf('/') + 1));
  if (images !== undefined) {
    for (const { app, image } of images) if (isImageOrMirror(repo, image)) mask |= 1 << app;
  }
  for (let i = 0; i < c.ports.length; i++) {
    const apps = byPort.get(c.ports[i]);
    if (apps !== undefined) for (const app of apps) mask |= 1 << app;
  }
  return mask;
}
