/**
 * Field lists of Kubernetes 1.28 (see fields-source.ts): from `build/kube-1.28-fields.json`, built
 * at build time from cdk8s-plus-28's generated Kubernetes 1.28 code, or (when that file is missing,
 * e.g. in a checkout before `npm ci`) read from cdk8s-plus-28 directly.
 */
import * as fs from 'fs';
import * as path from 'path';
import { KUBE_FIELDS_ARTIFACT, KUBE_FIELDS_FORMAT, kubeFieldsFromCdk8sPlus, type FieldRef, type KubeFieldsJson } from './fields-source';

export interface FieldType {
  /** `model` (a nested object of type `name`), `array`/`map` of `of`, or a leaf. */
  readonly shape: 'model' | 'array' | 'map' | 'leaf';
  readonly name?: string;
  readonly of?: FieldType;
}

let loaded: KubeFieldsJson | undefined;
const parsed = new Map<string, Map<string, FieldType> | null>();

function packageRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

/** The field lists: the artifact when present, else read from cdk8s-plus-28 (slow path). */
export function kubeFields(options: { artifact?: boolean } = {}): KubeFieldsJson {
  if (options.artifact === false) return kubeFieldsFromCdk8sPlus();
  if (loaded) return loaded;
  const file = path.join(packageRoot(), 'build', KUBE_FIELDS_ARTIFACT);
  if (fs.existsSync(file)) {
    const json = JSON.parse(fs.readFileSync(file, 'utf8')) as KubeFieldsJson;
    if (json.format !== KUBE_FIELDS_FORMAT) throw new Error(`${file} has format ${JSON.stringify(json.format)}, expected ${KUBE_FIELDS_FORMAT}: run npm run build`);
    loaded = json;
  } else {
    loaded = kubeFieldsFromCdk8sPlus();
  }
  return loaded;
}

function parseRef(ref: FieldRef): FieldType {
  if (ref === '') return { shape: 'leaf' };
  if (ref.startsWith('[]')) return { shape: 'array', of: parseRef(ref.slice(2)) };
  if (ref.startsWith('{}')) return { shape: 'map', of: parseRef(ref.slice(2)) };
  return { shape: 'model', name: ref };
}

/** The type name of a built-in `apiVersion/kind`, or undefined when 1.28 has no such kind. */
export function kindType(apiVersionKind: string): string | undefined {
  return kubeFields().kinds[apiVersionKind];
}

/** Fields (JSON name -> type) of a type, or null if the type does not exist in 1.28. */
export function modelFields(typeName: string): Map<string, FieldType> | null {
  const known = parsed.get(typeName);
  if (known !== undefined) return known;
  const t = kubeFields().types[typeName];
  const fields = t ? new Map(Object.entries(t).map(([k, ref]) => [k, parseRef(ref)])) : null;
  parsed.set(typeName, fields);
  return fields;
}
