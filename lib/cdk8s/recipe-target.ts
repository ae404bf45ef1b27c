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
  mount(path: string, storage: { asVolume(): unknown }, options: { subPath?: string; readOnly?: boolean }): void;
  readonly mounts: ReadonlyArray<{ readonly path: string; readonly readOnly?: boolean }>;
}

/** A cdk8s-plus StatefulSet with the members the recipe sets. */
interface RecipeStatefulSet extends PlusStatefulSet {
  readonly podMetadata?: { addAnnotation(key: string, value: string): void; toJson(): { annotations?: Record<string, string> } };
}

/** Applies `recipe` to `sts`; returns what it set, e.g. `env ETCD_NAME on container "etcd"`. */
export function applyRecipe(sts: PlusStatefulSet, recipe: AppRecipeOutput, containerName: string | undefined, serviceName: string): string[] {
  const fail = (message: string) => new IstioDirectError([`${constructLabel('HeadlessMeshService', serviceName)}: ${message}`]);
  const containers = sts.containers as unknown as readonly PlusContainer[];
  const others = recipe.containers.map((c) => ({ spec: c, index: otherContainer(containers, recipe, c.name, sts.name, fail) }));
  const index = pickContainer(containers, recipe, containerName, sts.name, others.map((o) => o.index), fail);
  const object = ApiObject.of(sts);
  const elsewhere = recipe.containers.flatMap((c) => c.ports);
  const ports = recipe.ports.map((p) => p.port).filter((p) => !elsewhere.includes(p));
  const set = setContainer(object, containers, index, { ports, env: recipe.env, command: recipe.command }, recipe, fail);
  const container = containers[index];
  if (recipe.args.length > 0) {
    const path = `/spec/template/spec/containers/${index}`;
    const patches = container.args === undefined ? [JsonPatch.add(`${path}/args`, [...recipe.args])] : recipe.args.map((a) => JsonPatch.add(`${path}/args/-`, a));
    object.addJsonPatch(...patches);
    set.push(`args ${recipe.args.filter((a) => a.startsWith('--')).join(' ')} on container ${show(container.name)}`);
  }
  for (const other of others) {
    set.push(...setContainer(object, containers, other.index, other.spec, recipe, fail));
  }
  set.push(...mountFiles(containers, index, recipe));
  checkWritable(containers, index, recipe, fail);
  object.addJsonPatch(JsonPatch.add('/spec/podManagementPolicy', recipe.statefulSet.podManagementPolicy));
  set.push(`spec.podManagementPolicy: ${recipe.statefulSet.podManagementPolicy}`);
  set.push(...annotate(sts as RecipeStatefulSet, recipe.statefulSet.podAnnotations, fail));
  return set;
}

/** What the recipe sets on one container: its ports (from the recipe's), env and command. */
interface ContainerParts {
  readonly ports: readonly number[];
  readonly env: readonly RecipeEnvVar[];
  readonly command: readonly string[];
}

/** Sets the ports, env and command of container `index`; returns what it set. */
function setContainer(
  object: ApiObject,
  containers: readonly PlusContainer[],
  index: number,
  parts: ContainerParts,
  recipe: AppRecipeOutput,
  fail: (message: string) => Error,
): string[] {
  const container = containers[index];
  const set: string[] = [];
  const on = `on container ${show(container.name)}`;
  for (const port of recipe.ports.filter((p) => parts.ports.includes(p.port))) {
    if (!container.ports.some((p) => p.number === port.port)) {
      container.addPort({ number: port.port, name: port.name });
      set.push(`container port ${port.port} (${port.name}) ${on}`);
    }
  }
  for (const variable of parts.env) {
    if (setEnv(container, variable, fail)) set.push(`env ${variable.name} ${on}`);
  }
  if (parts.command.length > 0) {
    if (container.command !== undefined && JSON.stringify(container.command) !== JSON.stringify(parts.command)) {
      throw fail(`recipe: container ${show(container.name)} already has a command, ${show(container.command)}; the ${RECIPES[recipe.app].title} recipe sets ${show(parts.command)}: remove yours`);
    }
    object.addJsonPatch(JsonPatch.add(`/spec/template/spec/containers/${index}/command`, [...parts.command]));
    set.push(`command ${on}`);
  }
  return set;
}

/** The index of the pod's other container `name` the recipe configures (Redis Sentinel's `sentinel`). */
function otherContainer(containers: readonly PlusContainer[], recipe: AppRecipeOutput, name: string, sts: string, fail: (message: string) => Error): number {
  const at = containers.findIndex((c) => c.name === name);
  if (at < 0) {
    const spec = recipe.containers.find((c) => c.name === name);
    const list = containers.map((c) => `${show(c.name)} (${c.image})`).join(', ');
    throw fail(
      `recipe: StatefulSet ${show(sts)} has no container ${show(name)}, which the ${RECIPES[recipe.app].title} recipe runs ${spec?.purpose} in: ` +
        `add one with the app's image (its containers: ${list}), or name yours in recipe.${spec?.option}`,
    );
  }
  return at;
}

/** A file the start command writes must land on a writable volume of its container (e.g. Sentinel's `/data`). */
function checkWritable(containers: readonly PlusContainer[], index: number, recipe: AppRecipeOutput, fail: (message: string) => Error): void {
  for (const file of recipe.files) {
    if (file.source !== 'command') continue;
    const container = file.container === undefined ? containers[index] : containers.find((c) => c.name === file.container)!;
    const dir = file.path.slice(0, file.path.lastIndexOf('/'));
    const writable = container.mounts.some((m) => m.readOnly !== true && (dir === m.path || dir.startsWith(`${m.path.replace(/\/$/, '')}/`)));
    if (!writable) {
      throw fail(
        `recipe: container ${show(container.name)} has no writable volume at ${dir}, where its start command writes ${file.path} at each start: ` +
          'mount one there (an emptyDir, or the data volume)',
      );
    }
  }
}

/** The volume of the recipe's ConfigMap, as cdk8s-plus's `Volume` renders (read structurally). */
const RECIPE_VOLUME = 'istio-direct-recipe';

/** Mounts each `configMap` file of the recipe read-only at its path (`subPath`, so the directory's other files stay). */
function mountFiles(containers: readonly PlusContainer[], index: number, recipe: AppRecipeOutput): string[] {
  const set: string[] = [];
  for (const file of recipe.files) {
    if (file.source !== 'configMap') continue;
    const container = file.container === undefined ? containers[index] : containers.find((c) => c.name === file.container)!;
    const volume = { name: RECIPE_VOLUME, _toKube: () => ({ name: RECIPE_VOLUME, configMap: { name: file.configMap } }) };
    container.mount(file.path, { asVolume: () => volume }, { subPath: file.key, readOnly: true });
    set.push(`mount ${file.path} from ConfigMap ${show(file.configMap)} on container ${show(container.name)}`);
  }
  return set;
}

function pickContainer(
  containers: readonly PlusContainer[],
  recipe: AppRecipeOutput,
  name: string | undefined,
  sts: string,
  others: readonly number[],
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
    .map((c, i) => ({ i, yes: !others.includes(i) && containerLooksLike(def, c.image, c.ports.map((p) => p.number)) }))
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
