/**
 * The Kubernetes value rules shipped in the package (types, int-or-string and quantities, enums,
 * formats, required fields, null) give the very findings kubernetes-models 4.5.1's validators give
 * (the optional package `check` used before): on every built-in object of the validator fixtures and
 * the rules corpus, and on each of them with every leaf value swapped for a wrong one.
 */
import * as path from 'path';
import { readManifests } from '../../lib/reader/read-manifests';
import { ajvFindings } from '../../lib/schema/kube/validate-kube';
import { walkKind, type AjvError } from '../../lib/schema/kube/walk';
import { kindType, modelType, type FieldType } from '../../lib/schema/kube/fields';
import { KUBE_128_KINDS } from '../../lib/schema/kube/kinds';
import type { Finding } from '../../lib/schema/problem';

const ROOT = path.resolve(__dirname, '..', '..');
type KmClass = new (data: unknown) => { validate(): void };

function kmInstalled(): boolean {
  try {
    require.resolve('kubernetes-models/package.json');
    return true;
  } catch {
    return false;
  }
}

function kmFindings(obj: Record<string, unknown>): Finding[] | null {
  const { apiVersion, kind } = obj as { apiVersion: string; kind: string };
  let cls: KmClass | undefined;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    cls = (require(`kubernetes-models/${apiVersion}/${kind}`) as Record<string, KmClass>)[kind];
  } catch {
    return null;
  }
  if (!cls) return null;
  try {
    new cls(obj).validate();
    return [];
  } catch (e) {
    return ajvFindings(obj, (e as { errors: AjvError[] }).errors);
  }
}

function shippedFindings(obj: Record<string, unknown>, typeName: string): Finding[] {
  return ajvFindings(obj, walkKind('1.28', typeName, obj).errors);
}

/** The object with the leaf at each path replaced by each wrong value, one at a time. */
function* mutations(obj: unknown): Generator<unknown> {
  const wrong: unknown[] = [null, 'x', 1.5, 2 ** 40, true, {}, [], '', 'TCP ', -1, '1Gi', '2024-01-01T00:00:00Z'];
  function* walk(v: unknown, set: (x: unknown) => unknown): Generator<unknown> {
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) yield* walk(v[i], (x) => set(v.map((y, j) => (j === i ? x : y))));
      if (v.length === 0) for (const w of wrong) yield set([w]);
    } else if (v && typeof v === 'object') {
      const r = v as Record<string, unknown>;
      for (const k of Object.keys(r)) {
        if (k === 'apiVersion' || k === 'kind') continue;
        yield* walk(r[k], (x) => set({ ...r, [k]: x }));
        yield set(Object.fromEntries(Object.entries(r).filter(([key]) => key !== k)));
      }
    } else {
      for (const w of wrong) yield set(w);
    }
  }
  yield* walk(obj, (x) => x);
}

/** A valid-looking value of a rule, every field filled down to `depth` (for kinds the fixtures lack). */
function sample(t: FieldType, depth: number): unknown {
  if (t.shape === 'array') return [sample(t.of!, depth)];
  if (t.shape === 'map') return { k: sample(t.of!, depth) };
  if (t.shape === 'model') {
    const model = modelType(t.name!, '1.28');
    if (!model || depth === 0) return {};
    return Object.fromEntries([...model.fields].filter(([k]) => k !== 'apiVersion' && k !== 'kind' && k !== 'status').map(([k, f]) => [k, sample(f, depth - 1)]));
  }
  if (t.enumValues) return t.enumValues[0];
  const byType: Record<string, unknown> = { string: 'a', integer: 1, number: 1, boolean: true, 'int-or-string': 8080, quantity: '1Gi', object: {}, array: [] };
  if (t.format === 'date-time') return '2024-01-01T00:00:00Z';
  if (t.format === 'byte') return 'YQ==';
  return byType[t.type ?? 'string'];
}

(kmInstalled() ? describe : describe.skip)('shipped Kubernetes value rules = kubernetes-models validators', () => {
  const kinds = [...KUBE_128_KINDS].filter((k) => kindType(k) !== undefined).map((k) => {
    const [apiVersion, kind] = [k.slice(0, k.lastIndexOf('/')), k.slice(k.lastIndexOf('/') + 1)];
    return { apiVersion, kind, ...(sample({ shape: 'model', name: kindType(k)! }, 3) as object) } as Record<string, unknown>;
  });
  const dirs = ['test/rules/corpus', 'test/validate/fixtures/kube', 'test/policy/fixtures'].map((d) => path.join(ROOT, d));
  const objects = readManifests(dirs)
    .map((d) => d.value as Record<string, unknown>)
    .filter((v) => v && typeof v === 'object' && typeof v.apiVersion === 'string' && typeof v.kind === 'string' && kindType(`${v.apiVersion}/${v.kind}`) !== undefined);

  it('reads enough objects to mean something', () => {
    expect(objects.length).toBeGreaterThan(80);
    expect(new Set(objects.map((o) => `${o.apiVersion}/${o.kind}`)).size).toBeGreaterThanOrEqual(8);
    expect(kinds.length).toBe(KUBE_128_KINDS.size - 1);
  });

  it('gives the same findings on every object and every wrong leaf value', () => {
    let compared = 0;
    const differences = new Set<string>();
    for (const obj of [...objects, ...kinds]) {
      const typeName = kindType(`${obj.apiVersion}/${obj.kind}`)!;
      for (const m of [obj, ...mutations(obj)]) {
        const mutated = m as Record<string, unknown>;
        const km = kmFindings(mutated);
        if (km === null) continue;
        compared++;
        // Kubernetes 1.28's PVC spec.resources is a ResourceRequirements (claims need a name);
        // kubernetes-models 4.5.1 is built from a later release where it is VolumeResourceRequirements.
        const ours = shippedFindings(mutated, typeName).filter((f) => !(obj.kind === 'PersistentVolumeClaim' && f.path.startsWith('spec.resources.claims[')));
        if (JSON.stringify(ours) !== JSON.stringify(km)) {
          const key = (f: Finding) => JSON.stringify(f);
          const onlyOurs = ours.filter((f) => !km.some((g) => key(g) === key(f)));
          const onlyKm = km.filter((f) => !ours.some((g) => key(g) === key(f)));
          differences.add(`${String(obj.kind)}: only ours ${JSON.stringify(onlyOurs.map((f) => `${f.path}: ${f.message}`))}, only kubernetes-models ${JSON.stringify(onlyKm.map((f) => `${f.path}: ${f.message}`))}${onlyOurs.length + onlyKm.length ? '' : ' (order)'}`);
        }
      }
    }
    expect([...differences]).toEqual([]);
    expect(compared).toBeGreaterThan(10000);
  });
});
