/** Normalisation for comparing manifests from cdk8s and Pulumi. */

/** A deep copy with `undefined` and `null` object fields dropped (cdk8s drops them too) and keys sorted; arrays keep their order. */
export function canonical(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(canonical);
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined && v !== null) {
        out[key] = canonical(v);
      }
    }
    return out;
  }
  return value;
}

interface Identified {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string };
}

function key(o: Identified): string {
  return [o.apiVersion, o.kind, o.metadata?.namespace ?? '', o.metadata?.name].join('|');
}

/** Canonical objects sorted by apiVersion/kind/namespace/name. */
export function normalize(objects: readonly unknown[]): unknown[] {
  return objects
    .map(canonical)
    .sort((a, b) => {
      const ka = key(a as Identified);
      const kb = key(b as Identified);
      return ka < kb ? -1 : ka > kb ? 1 : 0;
    });
}
