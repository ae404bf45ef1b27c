/**
 * The Kubernetes data of each shipped version (see fields-source.ts): field lists, value rules and
 * required fields, from `build/kube-<version>-fields.json`, built at build time from cdk8s-plus-28/33's
 * generated code and kubernetes-models' validators, or (when the file is missing, e.g. in a checkout
 * before its first test) from those devDependencies directly. Each type is compiled once per version
 * ({@link modelTypes}) for the walk (walk.ts).
 */
import * as fs from 'fs';
import * as path from 'path';
import { DEFAULT_KUBERNETES_VERSION, KUBE_FIELDS_FORMAT, KUBERNETES_VERSIONS, kubeFieldsArtifact, kubeFieldsFromCdk8sPlus, type FieldRef, type KubeFieldsJson } from './fields-source';
import { UsageError } from '../../reader/collect';

/** A field's value rule, compiled from its {@link FieldRef}. */
export interface FieldType {
  /** `model` (a nested object of type `name`), `array`/`map` of `of`, or a leaf. */
  readonly shape: 'model' | 'array' | 'map' | 'leaf';
  readonly name?: string;
  readonly of?: FieldType;
  /** Whether null is allowed (optional fields). */
  readonly nullable?: boolean;
  /** A leaf's JSON type (`string`, `integer`, …), `int-or-string` or `quantity`; absent: anything. */
  readonly type?: string;
  /** A leaf's format (`int32`, `int64`, `date-time`, `byte`). */
  readonly format?: string;
  /** A leaf's allowed values. */
  readonly enumValues?: readonly unknown[];
}

/** A type's compiled fields and required fields. */
export interface ModelType {
  readonly fields: ReadonlyMap<string, FieldType>;
  readonly required: readonly string[];
}

const loaded = new Map<string, KubeFieldsJson>();
const parsed = new Map<string, Map<string, ModelType | null>>();

function packageRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

let shipped: readonly string[] | undefined;

/**
 * The Kubernetes versions whose data ships with the package (`build/kube-<version>-fields.json`),
 * oldest first; in a checkout not built yet, the versions the build makes (`KUBERNETES_VERSIONS`).
 */
export function shippedKubernetesVersions(): readonly string[] {
  if (shipped) return shipped;
  let files: string[] = [];
  try {
    files = fs.readdirSync(path.join(packageRoot(), 'build'));
  } catch {
    // Not built yet.
  }
  const found = files.map((f) => /^kube-(\d+\.\d+)-fields\.json$/.exec(f)?.[1]).filter((v): v is string => v !== undefined);
  const minor = (v: string) => Number(v.split('.')[1]);
  shipped = found.length > 0 ? found.sort((a, b) => minor(a) - minor(b)) : [...KUBERNETES_VERSIONS];
  return shipped;
}

/** Throws a UsageError naming the shipped versions when `version` is not one of them. */
export function checkKubernetesVersion(version: string): void {
  if (!shippedKubernetesVersions().includes(version)) {
    throw new UsageError(`Kubernetes version ${JSON.stringify(version)} is not shipped: choose one of ${shippedKubernetesVersions().join(', ')}`);
  }
}

/** A version's field lists: the artifact when present, else read from cdk8s-plus-<minor> (slow path). */
export function kubeFields(options: { artifact?: boolean; version?: string } = {}): KubeFieldsJson {
  const version = options.version ?? DEFAULT_KUBERNETES_VERSION;
  // A version loaded before was checked then (this runs once per object validated).
  const known = options.artifact === false ? undefined : loaded.get(version);
  if (known) return known;
  checkKubernetesVersion(version);
  if (options.artifact === false) return kubeFieldsFromCdk8sPlus(version);
  const file = path.join(packageRoot(), 'build', kubeFieldsArtifact(version));
  let json: KubeFieldsJson;
  if (fs.existsSync(file)) {
    json = JSON.parse(fs.readFileSync(file, 'utf8')) as KubeFieldsJson;
    if (json.format !== KUBE_FIELDS_FORMAT) throw new Error(`${file} has format ${JSON.stringify(json.format)}, expected ${KUBE_FIELDS_FORMAT}: run npm run build`);
  } else {
    json = kubeFieldsFromCdk8sPlus(version);
  }
  loaded.set(version, json);
  return json;
}

/** Compiles a {@link FieldRef} (`?[]ServicePort`, `?string=["SCTP","TCP","UDP"]`, `integer:int32`). */
export function parseRef(ref: FieldRef): FieldType {
  if (ref.startsWith('?')) {
    const t = parseRef(ref.slice(1));
    return fieldType(t.shape, t.name, t.of, true, t.type, t.format, t.enumValues);
  }
  if (ref.startsWith('[]')) return fieldType('array', undefined, parseRef(ref.slice(2)));
  if (ref.startsWith('{}')) return fieldType('map', undefined, parseRef(ref.slice(2)));
  if (/^[A-Z]/.test(ref)) return fieldType('model', ref);
  if (ref === '') return fieldType('leaf');
  const m = /^([a-z-]+)(?::([\w-]+))?(?:=(.*))?$/.exec(ref);
  if (!m) throw new Error(`bad Kubernetes field rule ${JSON.stringify(ref)}`);
  return fieldType('leaf', undefined, undefined, undefined, m[1], m[2], m[3] !== undefined ? (JSON.parse(m[3]) as unknown[]) : undefined);
}

/**
 * A {@link FieldType} with every field present (`undefined` when not set), in one order: the walk
 * reads every field type from one object shape.
 */
function fieldType(shape: FieldType['shape'], name?: string, of?: FieldType, nullable?: boolean, type?: string, format?: string, enumValues?: readonly unknown[]): FieldType {
  return { shape, name, of, nullable, type, format, enumValues };
}

/** The type name of a built-in `apiVersion/kind`, or undefined when that version has no such kind. */
export function kindType(apiVersionKind: string, version: string = DEFAULT_KUBERNETES_VERSION): string | undefined {
  return kubeFields({ version }).kinds[apiVersionKind];
}

/** A type's compiled fields and required fields (compiled once per version), or null if that version has no such type. */
export function modelType(typeName: string, version: string = DEFAULT_KUBERNETES_VERSION): ModelType | null {
  return modelTypes(version)(typeName);
}

/** A version's compiled-type lookup (compiling each type on first use): one per version, for walks. */
export function modelTypes(version: string): (typeName: string) => ModelType | null {
  let byName = parsed.get(version);
  if (!byName) {
    byName = new Map();
    parsed.set(version, byName);
  }
  const cache = byName;
  return (typeName) => {
    const known = cache.get(typeName);
    if (known !== undefined) return known;
    const json = kubeFields({ version });
    const t = json.types[typeName];
    const model = t ? { fields: new Map(Object.entries(t).map(([k, ref]) => [k, parseRef(ref)])), required: json.required[typeName] ?? [] } : null;
    cache.set(typeName, model);
    return model;
  };
}

/** Fields (JSON name -> type) of a type, or null if the type does not exist in that version. */
export function modelFields(typeName: string, version: string = DEFAULT_KUBERNETES_VERSION): ReadonlyMap<string, FieldType> | null {
  return modelType(typeName, version)?.fields ?? null;
}
