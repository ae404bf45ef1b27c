/**
 * ID502 duplicate-object: two objects with the same API group, kind,
 * namespace and name. `kubectl apply` keeps only the last one (and Helm
 * refuses the release), so one of them silently never exists.
 */
import { apiGroupOf, BOOTSTRAP_KIND } from '../manifest';
import { ManifestObject, Rule } from '../types';

/** Where an object came from, for "first defined at" hints. */
export function describeSource(object: ManifestObject): string {
  const { file, documentIndex, constructPath } = object.source;
  if (constructPath !== undefined) return `construct ${constructPath}`;
  if (file !== undefined) return documentIndex !== undefined ? `${file} document ${documentIndex}` : file;
  return `object #${object.ordinal + 1} of the input`;
}

/** The rule. */
export const rule: Rule = {
  code: 'ID502',
  name: 'duplicate-object',
  title: 'Two objects have the same API group, kind, namespace and name',
  severity: 'error',
  istioVersions: {},
  check(index, _options, report) {
    const first = new FirstObjects();
    for (let i = 0; i < index.objects.length; i++) {
      const object = index.objects[i];
      if (object.name === '' || object.kind === '' || (object.kind === BOOTSTRAP_KIND && object.apiVersion === '')) continue;
      const group = apiGroupOf(object.apiVersion);
      const earlier = first.add(group, object);
      if (earlier === undefined) continue;
      const id = `${object.kind}${group !== '' ? `.${group}` : ''} ${object.namespace !== '' ? `${object.namespace}/` : ''}${object.name}`;
      report(object, '', `${id} is defined again (first at ${describeSource(earlier)}): only one of them is applied; remove or rename one`);
    }
  },
};

/** The first object of each API group, kind, namespace and name, as maps of maps (no key string per object). */
class FirstObjects {
  private readonly byKind = new Map<string, Map<string, Map<string, Map<string, ManifestObject>>>>();

  /** Records `object` when it is the first of its identity; else returns the first. */
  add(group: string, object: ManifestObject): ManifestObject | undefined {
    const names = inner(inner(inner(this.byKind, object.kind), group), object.namespace);
    const earlier = names.get(object.name);
    if (earlier === undefined) names.set(object.name, object);
    return earlier;
  }
}

function inner<V>(map: Map<string, Map<string, V>>, key: string): Map<string, V> {
  let found = map.get(key);
  if (found === undefined) map.set(key, (found = new Map()));
  return found;
}
