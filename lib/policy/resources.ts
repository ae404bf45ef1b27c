/**
 * The Kubernetes objects of a Pulumi stack, as plain objects for the rules
 * engine.
 *
 * A stack policy sees every resource with its type token and its `props`
 * (https://www.pulumi.com/docs/discovery-governance/policy/policy-packs/).
 * A `@pulumi/kubernetes` resource's token is `kubernetes:<group>/<version>:<Kind>`
 * (`kubernetes:apps/v1:Deployment`, `kubernetes:core/v1:Service`), and a
 * `CustomResource` gets the token of its apiVersion and kind
 * (`kubernetes:security.istio.io/v1:PeerAuthentication`); its props are the
 * object's fields (apiVersion, kind, metadata, spec, data, …).
 *
 * During `pulumi preview` some values are not known yet; the policy SDK
 * throws its `UnknownValueError` when one is read. Such fields are left out
 * of the copy and their paths recorded, so everything known is still checked.
 */
import { isClusterScoped, toManifestObject } from '../rules/manifest';
import { ManifestObject } from '../rules/types';

/** What the policy needs of a resource of the stack (a subset of `@pulumi/policy`'s `PolicyResource`). */
export interface StackResource {
  /** The type token, e.g. `kubernetes:apps/v1:Deployment`. */
  readonly type: string;
  /** The resource's properties (outputs; during preview, inputs with unknowns). */
  readonly props: Record<string, unknown>;
  readonly urn: string;
  readonly name: string;
  /** The resource's provider: its `namespace` prop is where objects without one land. */
  readonly provider?: { readonly props: Record<string, unknown> };
}

/** One Kubernetes object of the stack, and the values of it that are not known yet. */
export interface StackObject {
  readonly object: ManifestObject;
  /** Paths (`spec.selector.app`) of values unknown during preview; empty once deployed. */
  readonly unknownPaths: readonly string[];
}

/** A Kubernetes resource of the stack that was not checked, and why. */
export interface SkippedResource {
  readonly urn: string;
  readonly reason: string;
}

/** The stack's Kubernetes objects in stack order, and the resources left out. */
export interface StackObjects {
  readonly objects: readonly StackObject[];
  readonly skipped: readonly SkippedResource[];
}

/**
 * Groups of `kubernetes:` tokens that are not one Kubernetes object: Helm
 * releases and charts, YAML and kustomize components (their objects are
 * child resources with their own tokens and are checked as such).
 */
const NON_OBJECT_GROUPS: ReadonlySet<string> = new Set(['helm.sh', 'yaml', 'kustomize']);

/** `kubernetes:<group>/<version>:<Kind>` split; `undefined` for other tokens. */
export function parseKubernetesType(type: string): { readonly apiVersion: string; readonly kind: string; readonly group: string } | undefined {
  const m = /^kubernetes:(?:([^/:]+)\/)?([^/:]+):([^:]+)$/.exec(type);
  if (!m || m[1] === undefined) return undefined;
  const group = m[1] === 'core' ? '' : m[1];
  return { group, apiVersion: group === '' ? m[2] : `${group}/${m[2]}`, kind: m[3] };
}

/** Why a resource is not one object the rules can check, or `undefined` when it is. */
function skipReason(type: string, parsed: ReturnType<typeof parseKubernetesType>): string | undefined {
  if (parsed === undefined || NON_OBJECT_GROUPS.has(parsed.group)) return undefined;
  if (parsed.kind.endsWith('Patch')) return `${type} patches part of an object that is not in the stack; its fields are not checked`;
  if (parsed.kind.endsWith('List')) return `${type} holds a list of objects; declare each object as its own resource to have it checked`;
  return undefined;
}

/**
 * The Kubernetes objects among `resources`, in their order, with
 * `source.constructPath` set to the resource's URN. Resources of other
 * providers, provider resources and components are ignored.
 */
export function stackObjects(resources: readonly StackResource[], defaultNamespace: string): StackObjects {
  const objects: StackObject[] = [];
  const skipped: SkippedResource[] = [];
  for (const resource of resources) {
    const parsed = parseKubernetesType(resource.type);
    const reason = skipReason(resource.type, parsed);
    if (reason !== undefined) {
      skipped.push({ urn: resource.urn, reason });
      continue;
    }
    if (parsed === undefined || NON_OBJECT_GROUPS.has(parsed.group)) continue;
    const unknownPaths: string[] = [];
    const raw = plainObject(resource.props, '', unknownPaths);
    completeIdentity(raw, parsed, providerNamespace(resource));
    const object = toManifestObject(raw, objects.length, { constructPath: resource.urn || resource.name }, defaultNamespace);
    objects.push({ object, unknownPaths });
  }
  return { objects, skipped };
}

/**
 * The fields the type token implies, when the props do not say (a
 * `CustomResource` always does; typed resources normally do), and the
 * provider's namespace for namespaced objects that name none, as the
 * Kubernetes provider deploys them there.
 */
function completeIdentity(raw: Record<string, unknown>, parsed: { readonly apiVersion: string; readonly kind: string }, namespace: string | undefined): void {
  if (raw.apiVersion === undefined) raw.apiVersion = parsed.apiVersion;
  if (raw.kind === undefined) raw.kind = parsed.kind;
  if (namespace === undefined || typeof raw.kind !== 'string' || isClusterScoped(raw.kind)) return;
  const metadata = raw.metadata;
  if (metadata === undefined) {
    raw.metadata = { namespace };
  } else if (isPlain(metadata) && metadata.namespace === undefined) {
    metadata.namespace = namespace;
  }
}

function providerNamespace(resource: StackResource): string | undefined {
  try {
    const namespace = resource.provider?.props?.namespace;
    return typeof namespace === 'string' && namespace !== '' ? namespace : undefined;
  } catch (e) {
    if (isUnknownValueError(e)) return undefined;
    throw e;
  }
}

function isPlain(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * True for the policy SDK's `UnknownValueError` ("value unknown during
 * preview"), recognised by its class name: `@pulumi/policy` 1.21.0 does not
 * declare the class in its published types, and the pack may load another
 * copy of the SDK than this module would.
 */
export function isUnknownValueError(e: unknown): boolean {
  return e instanceof Error && e.constructor?.name === 'UnknownValueError';
}

/**
 * A plain JSON copy of `value` (props arrive wrapped in the SDK's
 * unknown-checking proxy): every field read once, unknown ones left out and
 * their paths pushed to `unknownPaths`. Linear in the size of the value.
 */
function plainObject(value: Record<string, unknown>, path: string, unknownPaths: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    if (path === '' && key.startsWith('__')) continue;
    const child = read(value, key, join(path, key), unknownPaths);
    if (child !== undefined) out[key] = child;
  }
  return out;
}

function plainValue(value: unknown, path: string, unknownPaths: string[]): unknown {
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (let i = 0; i < value.length; i++) {
      const item = read(value as unknown as Record<string, unknown>, String(i), `${path}[${i}]`, unknownPaths);
      out.push(item === undefined ? null : item);
    }
    return out;
  }
  if (isPlain(value)) return plainObject(value, path, unknownPaths);
  return value;
}

function read(container: Record<string, unknown>, key: string, path: string, unknownPaths: string[]): unknown {
  let child: unknown;
  try {
    child = container[key];
  } catch (e) {
    if (!isUnknownValueError(e)) throw e;
    unknownPaths.push(path);
    return undefined;
  }
  return plainValue(child, path, unknownPaths);
}

function join(path: string, key: string): string {
  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) return path === '' ? key : `${path}.${key}`;
  return `${path}[${JSON.stringify(key)}]`;
}
