/**
 * How a recipe plugs into a HeadlessMeshService: the recipe's ports come first
 * on the Service (the user's `ports` add to them and must not collide), the
 * Service publishes not-ready addresses, and the recipe's output rides along
 * in the spec and the manifests.
 */
import { Problems, show } from '../errors';
import { IstioVersion } from '../istio-version';
import { serviceFqdn, statefulSetPodFqdns } from '../names';
import { MtlsMode, WorkloadRef } from '../types';
import type { ResolvedMeshPort } from '../headless-mesh-service/props';
import { RecipeContext } from './context';
import { resolveRecipe, RECIPES } from './resolve';
import { AppRecipeOutput, MtlsException, RecipeApp } from './types';

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

/** How much a mode protects a port: STRICT accepts mTLS only, PERMISSIVE also plaintext, DISABLE plaintext only. */
const STRENGTH: Readonly<Record<Exclude<MtlsMode, 'UNSET'>, number>> = { STRICT: 2, PERMISSIVE: 1, DISABLE: 0 };

/** What the recipe's port-level mTLS exceptions are merged with. */
export interface MtlsExceptionInput {
  /** The workload-level mode (`mtlsMode`). */
  readonly mtlsMode: MtlsMode;
  /** The user's `portLevelMtls`, checked and sorted by port. */
  readonly portLevel: ReadonlyArray<{ readonly port: number; readonly mode: MtlsMode }>;
  readonly peerAuthentication: boolean;
  readonly dataplane: 'sidecar' | 'ambient';
}

/**
 * The PeerAuthentication's port-level modes: the user's `portLevelMtls`, plus each mTLS exception of
 * the recipe that relaxes its port (a DISABLE then also gets the DestinationRule port setting headless
 * clients need). An exception the workload mode already grants adds nothing; a user entry as weak as
 * the exception or weaker stands; a stronger one (or `UNSET`) contradicts what the app needs and is an
 * error naming the entry, as are an exception with `peerAuthentication: false` (nothing would carry
 * it) and a DISABLE in ambient mode (not supported there). Sorted by port.
 */
export function mergeMtlsExceptions(p: Problems, recipe: AppRecipeOutput | undefined, input: MtlsExceptionInput): Array<{ port: number; mode: MtlsMode }> {
  const merged = input.portLevel.map((entry) => ({ port: entry.port, mode: entry.mode }));
  if (recipe === undefined) {
    return merged;
  }
  const title = RECIPES[recipe.app].title;
  for (const exception of recipe.mtlsExceptions) {
    const needs = `the ${title} recipe needs mTLS ${show(exception.mode)} on port ${exception.port} (${exception.why})`;
    const user = merged.find((entry) => entry.port === exception.port);
    if (user !== undefined) {
      if (user.mode === 'UNSET' || STRENGTH[user.mode] > STRENGTH[exception.mode]) {
        p.add(`portLevelMtls[${show(String(exception.port))}]`, `${show(user.mode)}, but ${needs}: remove the entry, or set it to ${show(exception.mode)}`);
      }
      continue;
    }
    if (input.mtlsMode !== 'UNSET' && STRENGTH[input.mtlsMode] <= STRENGTH[exception.mode]) {
      continue;
    }
    if (!addable(p, exception, needs, input)) {
      continue;
    }
    merged.push({ port: exception.port, mode: exception.mode });
  }
  return merged.sort((a, b) => a.port - b.port);
}

/** False (after recording the problem) when the exception cannot be written: no PeerAuthentication, or DISABLE in ambient mode. */
function addable(p: Problems, exception: MtlsException, needs: string, input: MtlsExceptionInput): boolean {
  if (!input.peerAuthentication) {
    p.add('peerAuthentication', `false, but ${needs}, which only this construct's PeerAuthentication would carry: leave peerAuthentication unset`);
    return false;
  }
  if (input.dataplane === 'ambient' && exception.mode === 'DISABLE') {
    p.add('recipe', `${needs}, but "DISABLE" is not supported in ambient mode (https://istio.io/latest/docs/reference/config/security/peer_authentication/): use dataplaneMode "sidecar"`);
    return false;
  }
  return true;
}
