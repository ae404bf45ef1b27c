/**
 * Applies an app recipe's output to a cdk8s-plus StatefulSet (read structurally,
 * like {@link PlusWorkload}): the app's container gets the recipe's ports,
 * environment, arguments and command, the StatefulSet its pod management policy,
 * the pod template its annotations. Returns one line per setting applied.
 * A setting that would overwrite a different value the user gave is an error.
 */
import { ApiObject, JsonPatch } from 'cdk8s';
import { constructLabel, IstioDirectError, show } from '../core/errors';
import { AppRecipeOutput, containerLooksLike, envSource, RecipeEnvVar, RECIPES } from '../core/recipes';
import { PlusContainerPort, PlusStatefulSet } from './workload-target';

/** The members of a cdk8s-plus 2.x `Container` the recipe reads and sets. */
interface PlusContainer {
  readonly name: string;
  readonly image: string;
  readonly ports: readonly PlusContainerPort[];
  readonly args?: readonly string[];
  readonly command?: readonly string[];
  readonly env: {
    readonly variables: Readonly<Record<string, { readonly value?: unknown; readonly valueFrom?: unknown }>>;
    addVariable(name: string, value: { readonly value?: string; readonly valueFrom?: unknown }): void;
  };
  addPort(port: { number: number; name?: string }): void;
}

/** A cdk8s-plus StatefulSet with the members the recipe sets. */
interface RecipeStatefulSet extends PlusStatefulSet {
  readonly podMetadata?: { addAnnotation(key: string, value: string): void; toJson(): { annotations?: Record<string, string> } };
}

/** Applies `recipe` to `sts`; returns what it set, e.g. `env ETCD_NAME on container "etcd"`. */
export function applyRecipe(sts: PlusStatefulSet, recipe: AppRecipeOutput, containerName: string | undefined, serviceName: string): string[] {
  const fail = (message: string) => new IstioDirectError([`${constructLabel('HeadlessMeshService', serviceName)}: ${message}`]);
  const containers = sts.containers as unknown as readonly PlusContainer[];
  const index = pickContainer(containers, recipe, containerName, sts.name, fail);
  const container = containers[index];
  const set: string[] = [];
  const on = `on container ${show(container.name)}`;
  for (const port of recipe.ports) {
    if (!container.ports.some((p) => p.number === port.port)) {
      container.addPort({ number: port.port, name: port.name });
      set.push(`container port ${port.port} (${port.name}) ${on}`);
    }
  }
  for (const variable of recipe.env) {
    if (setEnv(container, variable, fail)) set.push(`env ${variable.name} ${on}`);
  }
  const object = ApiObject.of(sts);
  const path = `/spec/template/spec/containers/${index}`;
  if (recipe.command.length > 0) {
    if (container.command !== undefined && JSON.stringify(container.command) !== JSON.stringify(recipe.command)) {
      throw fail(`recipe: container ${show(container.name)} already has a command, ${show(container.command)}; the ${RECIPES[recipe.app].title} recipe sets ${show(recipe.command)}: remove yours`);
    }
    object.addJsonPatch(JsonPatch.add(`${path}/command`, [...recipe.command]));
    set.push(`command ${on}`);
  }
  if (recipe.args.length > 0) {
    const patches = container.args === undefined ? [JsonPatch.add(`${path}/args`, [...recipe.args])] : recipe.args.map((a) => JsonPatch.add(`${path}/args/-`, a));
    object.addJsonPatch(...patches);
    set.push(`args ${recipe.args.filter((a) => a.startsWith('--')).join(' ')} ${on}`);
  }
  object.addJsonPatch(JsonPatch.add('/spec/podManagementPolicy', recipe.statefulSet.podManagementPolicy));
  set.push(`spec.podManagementPolicy: ${recipe.statefulSet.podManagementPolicy}`);
  set.push(...annotate(sts as RecipeStatefulSet, recipe.statefulSet.podAnnotations, fail));
  return set;
}

function pickContainer(
  containers: readonly PlusContainer[],
  recipe: AppRecipeOutput,
  name: string | undefined,
  sts: string,
  fail: (message: string) => Error,
): number {
  const def = RECIPES[recipe.app];
  const list = containers.map((c) => `${show(c.name)} (${c.image})`).join(', ');
  if (name !== undefined) {
    const at = containers.findIndex((c) => c.name === name);
    if (at < 0) throw fail(`recipe.container: ${show(name)} is not a container of StatefulSet ${show(sts)}; its containers: ${list}`);
    return at;
  }
  const looks = containers
    .map((c, i) => ({ i, yes: containerLooksLike(def, c.image, c.ports.map((p) => p.number)) }))
    .filter((c) => c.yes)
    .map((c) => c.i);
  if (looks.length === 1) return looks[0];
  if (looks.length === 0) {
    throw fail(
      `recipe: no container of StatefulSet ${show(sts)} looks like ${def.title} (image ${def.images.join(', ')}, or container port ${recipe.ports.map((p) => p.port).join(', ')}): ${list}; name it in recipe.container`,
    );
  }
  throw fail(`recipe: several containers of StatefulSet ${show(sts)} look like ${def.title}: ${looks.map((i) => show(containers[i].name)).join(', ')}; name one in recipe.container`);
}

/** Adds `variable` unless the container has it already with the same value; true when added. */
function setEnv(container: PlusContainer, variable: RecipeEnvVar, fail: (message: string) => Error): boolean {
  const existing = container.env.variables[variable.name];
  const wanted = 'value' in variable ? { value: variable.value } : { valueFrom: variable.valueFrom };
  if (existing !== undefined) {
    const same = JSON.stringify({ value: existing.value, valueFrom: existing.valueFrom }) === JSON.stringify({ value: undefined, valueFrom: undefined, ...wanted });
    if (same) return false;
    const mine = envSource(variable);
    throw fail(`recipe: container ${show(container.name)} already sets ${variable.name} to another value; the recipe sets it to ${mine}: remove yours`);
  }
  container.env.addVariable(variable.name, wanted);
  return true;
}

function annotate(sts: RecipeStatefulSet, annotations: Readonly<Record<string, string>>, fail: (message: string) => Error): string[] {
  const set: string[] = [];
  const current = sts.podMetadata?.toJson().annotations ?? {};
  for (const [key, value] of Object.entries(annotations)) {
    if (current[key] === value) continue;
    if (current[key] !== undefined) {
      throw fail(`recipe: the pod template of StatefulSet ${show(sts.name)} already has annotation ${key}: ${show(current[key])}; the recipe sets ${show(value)}: merge them, or set recipe.holdApplicationUntilProxyStarts: false`);
    }
    sts.podMetadata?.addAnnotation(key, value);
    set.push(`pod annotation ${key}: ${value}`);
  }
  return set;
}
