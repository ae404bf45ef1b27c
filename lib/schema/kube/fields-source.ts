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
export const KUBE_FIELDS_FORMAT = 'istio-direct-kube-fields/1';

/**
 * A field's type: `''` for a value with no fields of its own (string, number, IntOrString, a list
 * or map of those), `Name` for an object of type Name, `[]Name` for a list and `{}Name` for a map of them.
 */
export type FieldRef = string;

export interface KubeFieldsJson {
  readonly format: typeof KUBE_FIELDS_FORMAT;
  readonly origin: string;
  /** `apiVersion/kind` -> name of the kind's type (e.g. `v1/Service` -> `Service`). */
  readonly kinds: Readonly<Record<string, string>>;
  /** Type name -> JSON field name -> field type. */
  readonly types: Readonly<Record<string, Readonly<Record<string, FieldRef>>>>;
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

/** Name of a kind's type: `KubeServiceProps` -> `Service`, `KubeHorizontalPodAutoscalerV2Props` -> `HorizontalPodAutoscalerV2`. */
function kindTypeName(propsFn: string): string {
  return propsFn.replace(/^Kube/, '').replace(/Props$/, '');
}

/** Parses k8s.js source text into the field lists. */
export function kubeFieldsFromSource(source: string, origin: string): KubeFieldsJson {
  const types: Record<string, Record<string, FieldRef>> = {};
  for (const [, name, body] of source.matchAll(FUNCTION)) {
    const fields: Record<string, FieldRef> = {};
    for (const [, json, expr] of body.matchAll(ENTRY)) fields[json] = fieldRef(expr);
    types[/^Kube\w+Props$/.test(name) ? kindTypeName(name) : name] = fields;
  }
  const kinds: Record<string, string> = {};
  for (const [, cls, apiVersion, kind] of [...source.matchAll(GVK), ...source.matchAll(STATIC_GVK)]) {
    const name = cls.replace(/^Kube/, '');
    const top = types[name];
    if (!top || kind.endsWith('List')) continue;
    types[name] = { apiVersion: '', kind: '', status: '', ...top };
    kinds[`${apiVersion}/${kind}`] = name;
  }
  return { format: KUBE_FIELDS_FORMAT, origin, kinds: sortKeys(kinds), types: sortKeys(Object.fromEntries(Object.entries(types).map(([k, v]) => [k, sortKeys(v)]))) };
}

function sortKeys<T>(o: Record<string, T>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const k of Object.keys(o).sort()) out[k] = o[k];
  return out;
}

/** Reads `cdk8s-plus-<minor>`'s `lib/imports/k8s.js` (devDependencies: cdk8s-plus-28 and cdk8s-plus-33). */
export function kubeFieldsFromCdk8sPlus(kubernetesVersion: string = DEFAULT_KUBERNETES_VERSION): KubeFieldsJson {
  const name = `cdk8s-plus-${kubernetesVersion.split('.')[1]}`;
  const pkgDir = path.dirname(require.resolve(`${name}/package.json`));
  const version = (JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')) as { version: string }).version;
  const source = fs.readFileSync(path.join(pkgDir, 'lib', 'imports', 'k8s.js'), 'utf8');
  return kubeFieldsFromSource(source, `${name}@${version} lib/imports/k8s.js (Kubernetes ${kubernetesVersion} OpenAPI)`);
}
