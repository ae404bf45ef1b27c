/** Turns the core's plain objects into cdk8s `ApiObject`s. */
import { ApiObject, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { KubeObject } from '../core/types';


/** A `toJson()` result computed ahead (by the rules pass), with what it was computed from. */
interface Precomputed {
  readonly json: Record<string, unknown>;
  /** {@link metadataKey} of the object then. */
  readonly metadata: string;
}

/**
 * A text that changes whenever the object's rendered metadata would: the JSON
 * of what cdk8s's `ApiObjectMetadataDefinition.toJson()` renders from (name,
 * namespace, labels, annotations, finalizers, owner references, other
 * attributes) when all of it is plain data, which renders as it is; else
 * (a token, or a cdk8s release that names those fields differently) the JSON
 * of the rendered metadata itself, which costs a second rendering.
 */
function metadataKey(object: ApiObject): string {
  const m = object.metadata as unknown as Readonly<Record<string, unknown>>;
  const fields = [m.name, m.namespace, m.labels, m.annotations, m.finalizers, m.ownerReferences, m._additionalAttributes];
  const plain = isRecord(m.labels) && isRecord(m.annotations) && isRecord(m._additionalAttributes) ? plainJson(fields) : undefined;
  return plain !== undefined ? `raw:${plain}` : `rendered:${JSON.stringify(object.metadata.toJson())}`;
}

function isRecord(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `JSON.stringify(value)` when `value` is plain data only (no class instance, token or function); else undefined. */
function plainJson(value: unknown): string | undefined {
  return isPlainData(value) ? JSON.stringify(value) : undefined;
}

/** Strings, numbers, booleans, null, undefined, and arrays and ordinary objects of them. */
function isPlainData(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) {
    return typeof value !== 'function' && typeof value !== 'symbol' && typeof value !== 'bigint';
  }
  if (Array.isArray(value)) {
    return value.every(isPlainData);
  }
  if (Object.getPrototypeOf(value) !== Object.prototype) {
    return false;
  }
  for (const key in value) {
    if (!isPlainData((value as Record<string, unknown>)[key])) {
      return false;
    }
  }
  return true;
}

/**
 * The JSON kept for each object's next `toJson()`. Kept aside, not on the
 * objects: a property added to some ApiObjects and not others gives them
 * different shapes, which slows every walk cdk8s makes over the app (once per
 * chart written).
 */
const PRECOMPUTED = new WeakMap<ApiObject, Precomputed>();

/**
 * A raw `ApiObject` whose next `toJson()` may reuse the JSON the rules pass
 * computed moments before in the same synth (cdk8s renders every object once
 * for validation and again for output). Reused once, and only while nothing
 * that shapes the JSON changed: no JSON patch (there was none) and the same
 * metadata ({@link metadataKey}: labels, annotations, ... added since are
 * seen); otherwise, and for every later call, cdk8s renders it again.
 */
class CoreApiObject extends ApiObject {
  public override toJson(): any {
    const precomputed = PRECOMPUTED.get(this);
    PRECOMPUTED.delete(this);
    if (precomputed !== undefined && this.unpatched() && metadataKey(this) === precomputed.metadata) {
      return precomputed.json;
    }
    return super.toJson();
  }

  /** `toJson()`, kept for the next `toJson()` call (see the class). */
  public precomputeJson(): Record<string, unknown> {
    PRECOMPUTED.delete(this);
    const json = super.toJson() as Record<string, unknown>;
    if (this.unpatched()) {
      PRECOMPUTED.set(this, { json, metadata: metadataKey(this) });
    }
    return json;
  }

  /**
   * True when the object has no JSON patch. cdk8s keeps them in a private `patches` array; if a
   * cdk8s release ever names it differently, nothing is reused (correct, only slower).
   */
  private unpatched(): boolean {
    const patches = (this as unknown as { readonly patches?: unknown }).patches;
    return Array.isArray(patches) && patches.length === 0;
  }

  /** Drops a precomputed JSON not used. */
  public forgetJson(): void {
    PRECOMPUTED.delete(this);
  }
}

/**
 * The JSON of `object` for the rules pass: `toJson()`, which an istio-direct
 * object keeps for its next `toJson()` call, the output's, in the same synth.
 * Call {@link forgetPrecomputedJson} once that synth is over.
 */
export function jsonForRules(object: ApiObject): Record<string, unknown> {
  const core = asCore(object);
  return core !== undefined ? core.precomputeJson() : (object.toJson() as Record<string, unknown>);
}

/** `instanceof` would not do: `ApiObject` answers it for every ApiObject (its `Symbol.hasInstance`). */
function asCore(object: ApiObject): CoreApiObject | undefined {
  return Object.getPrototypeOf(object) === CoreApiObject.prototype ? (object as unknown as CoreApiObject) : undefined;
}

/** Drops what {@link jsonForRules} kept on `objects` and was not used. */
export function forgetPrecomputedJson(objects: readonly ApiObject[]): void {
  for (const object of objects) {
    asCore(object)?.forgetJson();
  }
}

/**
 * Adds `object` under `scope` as a raw `ApiObject`. Raw objects keep every
 * field as written: the `Kube*` L1 classes would silently drop fields such as
 * `clusterIP` when fed manifest JSON.
 */
export function addApiObject(scope: Construct, id: string, object: KubeObject): ApiObject {
  const { apiVersion, kind, metadata, ...rest } = object;
  return new CoreApiObject(scope, id, { apiVersion, kind, metadata: { ...metadata }, ...rest });
}

/** The namespace a construct's objects land in: its own, else its chart's. */
export function namespaceOf(scope: Construct, namespace: string | undefined): string | undefined {
  return namespace ?? Chart.of(scope).namespace;
}
