/**
 * Kubernetes 1.28 field lists from the code that `cdk8s import` generated from the Kubernetes 1.28
 * OpenAPI document and that cdk8s-plus-28 ships (`lib/imports/k8s.js`): each `toJson_<Type>`
 * function lists the JSON names of its type's fields and converts nested types with further
 * `toJson_<Type>` calls, and each `Kube<Kind>.GVK` gives a kind's apiVersion and kind. Read at
 * build time (scripts/build-artifacts.ts), or at run time when the artifact is missing.
 */
import * as fs from 'fs';
import * as path from 'path';

/** The Kubernetes versions whose field lists ship (`build/kube-<version>-fields.json`), each from `cdk8s-plus-<minor>`. */
export const KUBERNETES_VERSIONS = ['1.28', '1.33'] as const;
/** The version checked when none is given. */
export const DEFAULT_KUBERNETES_VERSION = '1.28';

/** The artifact file name of a version's field lists. */
export function kubeFieldsArtifact(version: string = DEFAULT_KUBERNETES_VERSION): string {
  return `kube-${version}-fields.json`;
}
/** The 1.28 artifact (the default version's). */
export const KUBE_FIELDS_ARTIFACT = kubeFieldsArtifact();
export const KUBE_FIELDS_FORMAT = 'istio-direct-kube-fields/3';

/**
 * A field's rule: an optional `?` (null is allowed), then `[]` (a list of) or `{}` (a map of), then
 * `Name` (an object of type Name, capitalized) or a leaf: `''` (anything), `int-or-string`, `quantity`,
 * or `type[:format][=enum]` with a JSON type (`string`, `integer`, `number`, `boolean`, `object`,
 * `array`), a format (`int32`, `int64`, `date-time`, `byte`, …) and the allowed values as a JSON
 * array, e.g. `?string=["SCTP","TCP","UDP"]`, `integer:int32`, `?[]ServicePort`, `?{}quantity`.
 * The field lists read from the toJson functions alone (`kubeFieldsFromSource`) have `''` for every leaf.
 */
export type FieldRef = string;

export interface KubeFieldsJson {
  readonly format: typeof KUBE_FIELDS_FORMAT;
  readonly origin: string;
  /** `apiVersion/kind` -> name of the kind's type (e.g. `v1/Service` -> `Service`). */
  readonly kinds: Readonly<Record<string, string>>;
  /** Type name -> JSON field name -> field rule. */
  readonly types: Readonly<Record<string, Readonly<Record<string, FieldRef>>>>;
  /** Type name -> its required JSON fields (types with none are left out). */
  readonly required: Readonly<Record<string, readonly string[]>>;
}

const FUNCTION = /^function toJson_(\w+)\(obj\) \{\n([\s\S]*?)\n\}$/gm;
const ENTRY = /^ {8}'([^']+)': (.*),$/gm;
const GVK = /^(\w+)\.GVK = \{\n\s+apiVersion: '([^']+)',\n\s+kind: '([^']+)',\n\};$/gm;
/** Newer cdk8s imports (cdk8s-plus-33) declare it in the class body: `static GVK = {…}`. */
const STATIC_GVK = /^class (\w+) extends [\s\S]*?^ {4}static GVK = \{\n\s+apiVersion: '([^']+)',\n\s+kind: '([^']+)',\n\s+\};$/gm;

/** The field type of one `'name': <expression>` entry of a toJson function. */
export function fieldRef(expr: string): FieldRef {
  const call = /toJson_(\w+)\((\w+|i\[1\]|obj\.\w+)\)/.exec(expr);
  if (!call) return '';
  if (/\?\.map\(y => toJson_/.test(expr)) return `[]${call[1]}`;
  if (/\[i\[0\]\]: toJson_/.test(expr)) return `{}${call[1]}`;
  return call[1];
}

/**
 * Name of a kind's type: `KubeServiceProps` -> `Service`, `KubeHorizontalPodAutoscalerV2Props` ->
 * `HorizontalPodAutoscalerV2`; `KubeTokenRequest` when a type of another group has the short name
 * (authentication.k8s.io's TokenRequest kind, storage.k8s.io's CSIDriver TokenRequest).
 */
function kindTypeName(propsFn: string, plain: ReadonlySet<string>): string {
  const name = propsFn.replace(/^Kube/, '').replace(/Props$/, '');
  return plain.has(name) ? `Kube${name}` : name;
}

/** Field lists read from k8s.js, with each type's JSON field names mapped to its TypeScript names. */
export interface ParsedFields extends KubeFieldsJson {
  readonly jsonToTs: ReadonlyMap<string, ReadonlyMap<string, string>>;
  /** Type name -> its d.ts interface (`Service` -> `KubeServiceProps`). */
  readonly interfaceOf: ReadonlyMap<string, string>;
}

/** Parses k8s.js source text into the field lists (every leaf `''`, no required fields). */
export function kubeFieldsFromSource(source: string, origin: string): ParsedFields {
  const types: Record<string, Record<string, FieldRef>> = {};
  const jsonToTs = new Map<string, Map<string, string>>();
  const interfaceOf = new Map<string, string>();
  const functions = [...source.matchAll(FUNCTION)];
  const plain = new Set(functions.map(([, name]) => name).filter((name) => !/^Kube\w+Props$/.test(name)));
  for (const [, name, body] of functions) {
    const fields: Record<string, FieldRef> = {};
    const names = new Map<string, string>();
    for (const [, json, expr] of body.matchAll(ENTRY)) {
      fields[json] = fieldRef(expr);
      const ts = /obj\.(\w+)/.exec(expr);
      if (ts) names.set(json, ts[1]);
    }
    const typeName = /^Kube\w+Props$/.test(name) ? kindTypeName(name, plain) : name;
    types[typeName] = fields;
    jsonToTs.set(typeName, names);
    interfaceOf.set(typeName, name);
  }
  // A field of a kind's own type (a StatefulSet's volumeClaimTemplates, a List's items) names its
  // props function (`KubePersistentVolumeClaimProps`): point it at the type's name.
  for (const fields of Object.values(types)) {
    for (const [json, ref] of Object.entries(fields)) {
      if (typeof ref === 'string') fields[json] = ref.replace(/Kube\w+Props$/, (fn) => kindTypeName(fn, plain)) as FieldRef;
    }
  }
  const kinds: Record<string, string> = {};
  for (const [, cls, apiVersion, kind] of [...source.matchAll(GVK), ...source.matchAll(STATIC_GVK)]) {
    const name = kindTypeName(`${cls}Props`, plain);
    const top = types[name];
    if (!top || kind.endsWith('List')) continue;
    types[name] = { apiVersion: '', kind: '', status: '', ...top };
    kinds[`${apiVersion}/${kind}`] = name;
  }
  return { format: KUBE_FIELDS_FORMAT, origin, kinds: sortKeys(kinds), types: sortTypes(types), required: {}, jsonToTs, interfaceOf };
}

function sortTypes(types: Record<string, Record<string, FieldRef>>): Record<string, Record<string, FieldRef>> {
  return sortKeys(Object.fromEntries(Object.entries(types).map(([k, v]) => [k, sortKeys(v)])));
}

function sortKeys<T>(o: Record<string, T>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const k of Object.keys(o).sort()) out[k] = o[k];
  return out;
}

function packageVersion(dir: string): string {
  return (JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string }).version;
}

/**
 * A version's field lists and value rules (build time; devDependencies): the fields from
 * `cdk8s-plus-<minor>`'s `lib/imports/k8s.js`, the rules from its `k8s.d.ts` and kubernetes-models'
 * validators (schema-source.ts).
 */
export function kubeFieldsFromCdk8sPlus(kubernetesVersion: string = DEFAULT_KUBERNETES_VERSION): KubeFieldsJson {
  const name = `cdk8s-plus-${kubernetesVersion.split('.')[1]}`;
  const pkgDir = path.dirname(require.resolve(`${name}/package.json`));
  const imports = path.join(pkgDir, 'lib', 'imports');
  const kmDir = path.dirname(require.resolve('kubernetes-models/package.json'));
  const fields = kubeFieldsFromSource(fs.readFileSync(path.join(imports, 'k8s.js'), 'utf8'), '');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { kubeRules } = require('./schema-source') as typeof import('./schema-source');
  const rules = kubeRules(fs.readFileSync(path.join(imports, 'k8s.d.ts'), 'utf8'), fields.types, fields.jsonToTs, fields.interfaceOf);
  const origin = `${name}@${packageVersion(pkgDir)} lib/imports (Kubernetes ${kubernetesVersion} OpenAPI), kubernetes-models@${packageVersion(kmDir)} validators`;
  return { format: KUBE_FIELDS_FORMAT, origin, kinds: fields.kinds, types: sortTypes(rules.types), required: sortKeys(rules.required) };
}
