/**
 * Field lists of Kubernetes 1.28, taken at run time from the model classes of
 * @kubernetes/client-node 0.20.0 (generated from Kubernetes' release-1.28 OpenAPI document):
 * each class's `attributeTypeMap` lists its JSON field names (`baseName`) and their types.
 */
export interface FieldType {
  /** `model` (a nested object of class `name`), `array`/`map` of `of`, or a leaf. */
  readonly shape: 'model' | 'array' | 'map' | 'leaf';
  readonly name?: string;
  readonly of?: FieldType;
}

type ModelClass = { attributeTypeMap?: Array<{ baseName: string; type: string }> };

const classes = new Map<string, Map<string, FieldType> | null>();

function classFile(className: string): string {
  return className[0].toLowerCase() + className.slice(1);
}

/** Parses a client-node type string (`Array<V1Container>`, `{ [key: string]: string; }`, `V1PodSpec`). */
export function parseType(t: string): FieldType {
  const arr = /^Array<(.*)>$/.exec(t);
  if (arr) return { shape: 'array', of: parseType(arr[1]) };
  const map = /^\{ \[key: string\]: (.*); \}$/.exec(t);
  if (map) return { shape: 'map', of: parseType(map[1]) };
  if (/^(V\d|[A-Z][a-z]+V\d)/.test(t)) return { shape: 'model', name: t };
  return { shape: 'leaf', name: t };
}

/** Fields (JSON name -> type) of a model class, or null if the class does not exist in 1.28. */
export function modelFields(className: string): Map<string, FieldType> | null {
  const known = classes.get(className);
  if (known !== undefined) return known;
  let fields: Map<string, FieldType> | null = null;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(`@kubernetes/client-node/dist/gen/model/${classFile(className)}`) as Record<string, ModelClass>;
    const cls = mod[className];
    if (cls?.attributeTypeMap) fields = new Map(cls.attributeTypeMap.map((a) => [a.baseName, parseType(a.type)]));
  } catch {
    fields = null;
  }
  classes.set(className, fields);
  return fields;
}
