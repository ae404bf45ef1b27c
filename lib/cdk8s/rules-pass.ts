/**
 * One rules pass per synth.
 *
 * Every istio-direct construct registers the pass on its app; the app runs it
 * once, when cdk8s validates the app (`app.synth()`, `Testing.synth()`), over
 * the objects of every chart: cross-object mistakes (two policies for the same
 * pods, a Service that selects nothing, …) fail synth, each error naming its
 * rule code, the object and the construct path. The pass is linear in the
 * number of objects; no construct walks the app on its own.
 *
 * cdk8s validates every construct of the app again for every chart it writes,
 * so what runs per construct and per validation is kept to nothing: one
 * validation on the app's root, and one on each istio-direct construct that
 * has errors to report, added by the root's when it finds them (cdk8s walks
 * the root first, then the constructs under it, so they report in the same
 * walk, under their own path).
 */
import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { EngineOptions, RuleFinding, runRules, toManifestObjects } from '../rules';
import { nameObject } from '../base/finding';
import { forgetPrecomputedJson, jsonForRules } from './api-objects';

/** Per-app state, kept on the app's root construct. */
interface RulesPassState {
  options: EngineOptions;
  /** Findings of the latest pass, by the construct that owns the object (an istio-direct construct, or the root). */
  findings?: Map<IConstruct, RuleFinding[]>;
  /** Number of istio-direct constructs registered on the app so far. */
  registered: number;
  /** The app's shape ({@link shapeOf}) the latest pass saw, while its findings are still fresh (same synchronous synth); else undefined. */
  freshFor?: string;
  /** The istio-direct constructs given their validation (once they had errors to report). */
  reporting?: WeakSet<IConstruct>;
  /** How many constructs the latest walk of the whole app (`root.node.findAll()`) found, until a shape check reads it. */
  walked?: number;
}

const STATE = Symbol.for('istio-direct.cdk8s.rules-pass');
/**
 * The istio-direct constructs: findings on their objects are reported by them.
 * Kept aside (shared by every copy of the library loaded, as the state is), not
 * as a property on the constructs: constructs of one class with and without a
 * property have different shapes, which slows every walk cdk8s makes over the
 * app (once per chart written).
 */
const OWNERS: WeakSet<IConstruct> = sharedWeakSet(Symbol.for('istio-direct.cdk8s.rules-owners'));

type WithState = IConstruct & { [STATE]?: RulesPassState };

function sharedWeakSet(key: symbol): WeakSet<IConstruct> {
  const global = globalThis as { [key: symbol]: WeakSet<IConstruct> | undefined };
  return (global[key] ??= new WeakSet<IConstruct>());
}

/**
 * Registers the rules pass on `construct`'s app (once per app) and makes
 * `construct` report the error findings on the objects under it.
 */
export function registerRulesPass(construct: IConstruct): void {
  const state = stateOf(construct);
  state.registered++;
  OWNERS.add(construct);
}

/** Gives every owner of an error finding its validation (once), which reports its errors under its path. */
function addReporters(state: RulesPassState, root: IConstruct): void {
  const reporting = (state.reporting ??= new WeakSet<IConstruct>());
  for (const [owner, findings] of state.findings ?? []) {
    if (owner !== root && !reporting.has(owner) && findings.some((f) => f.severity === 'error')) {
      reporting.add(owner);
      owner.node.addValidation({ validate: () => errorsOf(state, owner) });
    }
  }
}

/**
 * Sets the options of the app's rules pass: the targeted Istio release, codes
 * to disable, the mesh-wide mTLS mode, … (see `istio-direct check --help`).
 *
 * @example
 * configureRules(app, { istioVersion: '1.22', disable: ['ID402'] });
 */
export function configureRules(scope: IConstruct, options: EngineOptions): void {
  const state = stateOf(scope);
  state.options = options;
  // Findings of the old options are not reused.
  state.freshFor = undefined;
}

/**
 * Every finding (errors, warnings and infos) of the rules over the app's
 * objects, as of now. Errors also fail synth; warnings and infos do not.
 */
export function rulesFindings(scope: IConstruct): RuleFinding[] {
  const state = stateOf(scope);
  return [...runPass(scope.node.root, state).values()].flat();
}

function stateOf(scope: IConstruct): RulesPassState {
  const root = scope.node.root as WithState;
  let state = root[STATE];
  if (state === undefined) {
    state = { options: {}, registered: 0 };
    root[STATE] = state;
    const registered = state;
    // The root comes first in cdk8s's (pre-order) validation walk: the pass runs
    // there, and reports the findings that no istio-direct construct owns.
    root.node.addValidation({
      validate: () => {
        freshFindings(root, registered);
        return errorsOf(registered, root);
      },
    });
    observeWalks(root, state);
  }
  return state;
}

/**
 * Counts the constructs of every walk of the whole app: cdk8s walks it
 * (`app.node.findAll()`, in `App.synth()` and `App._synthChart()`) right
 * before each validation, so the shape check that follows gets the size of
 * the tree for nothing. The walk itself is unchanged (the same constructs, in
 * the same order, are returned).
 */
function observeWalks(root: IConstruct, state: RulesPassState): void {
  const node = root.node as { findAll: IConstruct['node']['findAll'] };
  const findAll = node.findAll;
  if (typeof findAll !== 'function') {
    return;
  }
  node.findAll = function findAllCounted(this: unknown, ...args: Parameters<IConstruct['node']['findAll']>) {
    const all = findAll.apply(this, args);
    state.walked = all.length;
    return all;
  };
}

/**
 * cdk8s validates the whole app once in `app.synth()` and again for every
 * chart it writes (`Chart.toJson()`). Findings are reused while the same
 * synchronous synth runs and the app keeps its shape, so the rules run once
 * per synth; the next tick (or a new construct) starts a new pass.
 */
function freshFindings(root: IConstruct, state: RulesPassState): void {
  const shape = shapeOf(root, state);
  if (state.findings !== undefined && state.freshFor === shape) {
    return;
  }
  const apiObjects: ApiObject[] = [];
  state.findings = runPass(root, state, apiObjects);
  state.freshFor = shape;
  addReporters(state, root);
  queueMicrotask(() => {
    state.freshFor = undefined;
    forgetPrecomputedJson(apiObjects);
  });
}

/**
 * What tells a new construct apart, without walking the whole tree on every
 * chart's re-validation (that walk made one chart per construct quadratic):
 * the istio-direct constructs registered so far and, when cdk8s has just
 * walked the app ({@link observeWalks}), the number of constructs it found;
 * else the app's children (charts) and each chart's direct children (where
 * ApiObjects and constructs are usually added). The two kinds of shape never
 * compare equal.
 */
function shapeOf(root: IConstruct, state: RulesPassState): string {
  const walked = state.walked;
  state.walked = undefined;
  if (walked !== undefined) {
    return `${state.registered}/walked ${walked}`;
  }
  let count = 0;
  forEachChild(root, (chart) => {
    count++;
    forEachChild(chart, () => count++);
  });
  return `${state.registered}/children ${count}`;
}

/** Calls `visit` with each of `scope`'s direct children. */
function forEachChild(scope: IConstruct, visit: (child: IConstruct) => void): void {
  scope.node.children.forEach(visit);
}

/**
 * Runs the rules once over every ApiObject of the app; findings grouped by owner.
 * With `synthObjects` (a pass inside a synth), the objects go there, and
 * istio-direct objects keep their JSON for the output's `toJson()` of the same synth.
 */
function runPass(root: IConstruct, state: RulesPassState, synthObjects?: ApiObject[]): Map<IConstruct, RuleFinding[]> {
  const apiObjects = root.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject);
  // This walk is the pass's own, not one that precedes a validation.
  state.walked = undefined;
  synthObjects?.push(...apiObjects);
  const objects = toManifestObjects(
    apiObjects.map((o) => (synthObjects === undefined ? o.toJson() : jsonForRules(o))),
    { constructPaths: apiObjects.map((o) => o.node.path), defaultNamespace: state.options.defaultNamespace },
  );
  // Owners are looked up for the objects that have findings only.
  let byPath: Map<string, ApiObject> | undefined;
  const ownerAt = (path: string | undefined): IConstruct => {
    byPath ??= new Map(apiObjects.map((o) => [o.node.path, o]));
    const object = path === undefined ? undefined : byPath.get(path);
    return object === undefined ? root : ownerOf(object, root);
  };
  const byOwner = new Map<IConstruct, RuleFinding[]>();
  for (const finding of runRules(objects, state.options)) {
    const owner = ownerAt(finding.object.source.constructPath);
    const list = byOwner.get(owner);
    if (list === undefined) {
      byOwner.set(owner, [finding]);
    } else {
      list.push(finding);
    }
  }
  return byOwner;
}

/** The nearest istio-direct construct above `object`, else the root. */
function ownerOf(object: ApiObject, root: IConstruct): IConstruct {
  for (let scope: IConstruct | undefined = object; scope !== undefined; scope = scope.node.scope) {
    if (OWNERS.has(scope)) {
      return scope;
    }
  }
  return root;
}

/** What most constructs report: cdk8s validates every construct once per chart, so this stays allocation-free. */
const NO_ERRORS: string[] = [];

function errorsOf(state: RulesPassState, owner: IConstruct): string[] {
  const findings = (state.findings ?? runPass(owner.node.root, state)).get(owner);
  if (findings === undefined || !findings.some((f) => f.severity === 'error')) {
    return NO_ERRORS;
  }
  return findings.filter((f) => f.severity === 'error').map(formatForSynth);
}

/** `ID304 PeerAuthentication etcd/etcd spec.selector (construct etcd/etcd-mesh/PeerAuthentication): message` */
export function formatForSynth(finding: RuleFinding): string {
  const constructPath = finding.object.source.constructPath;
  const construct = constructPath ? ` (construct ${constructPath})` : '';
  return `${finding.code} ${nameObject(finding.object, finding.path)}${construct}: ${finding.message} (istio-direct check --explain ${finding.code})`;
}
