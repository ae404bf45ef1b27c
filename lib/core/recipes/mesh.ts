/**
 * How a recipe plugs into a HeadlessMeshService: the recipe's ports come first
 * on the Service (the user's `ports` add to them and must not collide), the
 * Service publishes not-ready addresses, and the recipe's output rides along
 * in the spec and the manifests.
 */
import { Problems, show } from '../errors';
import { IstioVersion } from '../istio-version';
import { serviceFqdn, statefulSetPodFqdns } from '../names';
import { WorkloadRef } from '../types';
import type { ResolvedMeshPort } from '../headless-mesh-service/props';
import { RecipeContext } from './context';
import { resolveRecipe, RECIPES } from './resolve';
import { AppRecipeOutput, RecipeApp } from './types';

/** The HeadlessMeshService values a recipe is resolved against. */
export interface MeshRecipeInput {
  readonly recipe: unknown;
  readonly serviceName: string;
  readonly target: WorkloadRef;
  readonly dnsNamespace: string;
  readonly clusterDomain: string;
  readonly istioVersion: IstioVersion;
  readonly dataplane: 'sidecar' | 'ambient';
  readonly publishNotReadyAddresses: unknown;
}

/** Resolves `recipe` for a HeadlessMeshService; `undefined` after recording a problem. */
export function resolveMeshRecipe(p: Problems, input: MeshRecipeInput): AppRecipeOutput | undefined {
  const { target } = input;
  if (target.kind !== 'StatefulSet') {
    p.add('recipe', `${show(recipeApp(input.recipe))} needs a StatefulSet target (stable per-pod names), but the target is ${target.kind} ${show(target.name)}`);
    return undefined;
  }
  if (target.replicas === undefined) {
    p.add('target.replicas', `StatefulSet ${show(target.name)} has no replica count: the recipe lists every member by its per-pod name`);
    return undefined;
  }
  if (input.publishNotReadyAddresses === false) {
    p.add(
      'publishNotReadyAddresses',
      `false, but ${show(recipeApp(input.recipe))} peers must resolve each other's per-pod names before they are ready (https://kubernetes.io/docs/reference/kubernetes-api/service-resources/service-v1/#ServiceSpec): leave it unset`,
    );
  }
  if (target.replicas > MAX_RECIPE_MEMBERS) {
    p.add('target.replicas', `${show(target.replicas)}: a recipe lists every member, give at most ${MAX_RECIPE_MEMBERS}`);
    return undefined;
  }
  const ctx: RecipeContext = {
    statefulSet: target.name,
    replicas: target.replicas,
    service: input.serviceName,
    serviceFqdn: serviceFqdn(input.serviceName, input.dnsNamespace, input.clusterDomain),
    podFqdns: statefulSetPodFqdns(target.name, target.replicas, input.serviceName, input.dnsNamespace, input.clusterDomain),
    istioVersion: input.istioVersion,
    dataplane: input.dataplane,
  };
  return resolveRecipe(p, 'recipe', input.recipe, ctx);
}

/** Most members a recipe lists (every member's name is in settings such as etcd's initial-cluster). */
export const MAX_RECIPE_MEMBERS = 1000;

/**
 * The Service's ports: the recipe's, then the user's. A user port with a recipe
 * port's number or name is an error naming both.
 */
export function mergeRecipePorts(p: Problems, recipe: AppRecipeOutput, rawPorts: unknown, userPorts: readonly ResolvedMeshPort[]): ResolvedMeshPort[] {
  const title = RECIPES[recipe.app].title;
  const own: ResolvedMeshPort[] = recipe.ports.map((port) => ({ name: port.name, port: port.port, protocol: 'TCP', appProtocol: port.appProtocol }));
  const raw: readonly unknown[] = Array.isArray(rawPorts) ? rawPorts : [];
  raw.forEach((entry, i) => {
    const { port, name } = (typeof entry === 'object' && entry !== null ? entry : {}) as { port?: unknown; name?: unknown };
    const clash = own.find((o) => o.port === port || o.name === name);
    if (clash !== undefined) {
      const byPort = clash.port === port;
      p.add(
        `ports[${i}].${byPort ? 'port' : 'name'}`,
        `${show(byPort ? port : name)} collides with ${title}'s port ${show(clash.name)} (${clash.port}), which the recipe already declares: remove it from ports, or give another ${byPort ? 'port' : 'name'}`,
      );
    }
  });
  return [...own, ...userPorts];
}

function recipeApp(recipe: unknown): string {
  const app = typeof recipe === 'object' && recipe !== null ? (recipe as { app?: unknown }).app : undefined;
  return typeof app === 'string' && app in RECIPES ? RECIPES[app as RecipeApp].title : 'the recipe';
}
