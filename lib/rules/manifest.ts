/** Turns plain objects (parsed files, cdk8s `toJson()` output, core objects) into {@link ManifestObject}s. */
import { ManifestObject, ObjectSource } from './types';
import { field, isRecord, stringMap, stringOf } from './values';
import { DEFAULT_RULE_OPTIONS } from './options';

/** Kind given to a standalone Envoy bootstrap document (no apiVersion, no kind). */
export const BOOTSTRAP_KIND = 'Bootstrap';

/** Built-in kinds that live outside namespaces. */
const CLUSTER_SCOPED_KINDS = new Set([
  'Namespace', 'Node', 'PersistentVolume', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition',
  'StorageClass', 'PriorityClass', 'IngressClass', 'RuntimeClass', 'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding', 'APIService',
  'CSIDriver', 'CSINode', 'VolumeAttachment', 'CertificateSigningRequest', 'FlowSchema',
  'PriorityLevelConfiguration', 'ComponentStatus',
]);

/** True for kinds that have no namespace. */
export function isClusterScoped(kind: string): boolean {
  return CLUSTER_SCOPED_KINDS.has(kind);
}

/** The API group of an apiVersion: '' for `v1`, `apps` for `apps/v1`. */
export function apiGroupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/**
 * One {@link ManifestObject} from a parsed object: identity read defensively
 * (a missing or mistyped name, namespace or label map gives '' or `{}`).
 * A document without `apiVersion` and `kind` is taken as a standalone Envoy
 * bootstrap named after its file.
 */
export function toManifestObject(raw: Readonly<Record<string, unknown>>, ordinal: number, source: ObjectSource = {}, defaultNamespace = DEFAULT_RULE_OPTIONS.defaultNamespace): ManifestObject {
  const metadata = field(raw, 'metadata');
  const kind = stringOf(raw.kind) ?? (stringOf(raw.apiVersion) === undefined ? BOOTSTRAP_KIND : '');
  const standalone = kind === BOOTSTRAP_KIND && raw.kind === undefined;
  const namespace = standalone || isClusterScoped(kind) ? '' : stringOf(field(metadata, 'namespace')) || defaultNamespace;
  const name = stringOf(field(metadata, 'name')) ?? (standalone ? baseName(source.file) : '');
  return new Manifest(raw, stringOf(raw.apiVersion) ?? '', kind, name, namespace, stringMap(field(metadata, 'labels')), stringMap(field(metadata, 'annotations')), source, ordinal);
}

/**
 * A {@link ManifestObject}: a class rather than an object literal, so that V8 tracks no allocation
 * site for it (a literal's site, once it sees its objects live long, switches to allocating them old
 * and throws away the optimised code of every function that allocates there, which is then compiled again).
 */
class Manifest implements ManifestObject {
  constructor(
    readonly raw: Readonly<Record<string, unknown>>, readonly apiVersion: string, readonly kind: string, readonly name: string, readonly namespace: string,
    readonly labels: Readonly<Record<string, string>>, readonly annotations: Readonly<Record<string, string>>, readonly source: ObjectSource, readonly ordinal: number,
  ) {}
}

function baseName(file: string | undefined): string {
  if (file === undefined) return '';
  const parts = file.split(/[\\/]/);
  return parts[parts.length - 1];
}

/** Options of {@link toManifestObjects}. */
export interface ToManifestOptions {
  /** Namespace of objects that do not say. @default 'default' */
  readonly defaultNamespace?: string;
  /** The cdk8s construct path (or Pulumi resource name) of each object, by position. @default - none */
  readonly constructPaths?: ReadonlyArray<string | undefined>;
  /** The file every object came from. @default - none */
  readonly file?: string;
}

/**
 * Plain objects (e.g. `chart.toJson()`) as {@link ManifestObject}s, numbered in
 * input order; values that are not objects are left out.
 */
export function toManifestObjects(objects: readonly unknown[], options: ToManifestOptions = {}): ManifestObject[] {
  const out: ManifestObject[] = [];
  objects.forEach((raw, i) => {
    if (!isRecord(raw)) return;
    const constructPath = options.constructPaths?.[i];
    const source: ObjectSource = {
      ...(options.file !== undefined ? { file: options.file } : {}),
      ...(constructPath !== undefined ? { constructPath } : {}),
    };
    out.push(toManifestObject(raw, out.length, source, options.defaultNamespace));
  });
  return out;
}
