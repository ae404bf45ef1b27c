/**
 * A compact, serializable model of Envoy's v3 API: what the validator needs from the .proto files
 * (messages, fields, oneofs, enums, PGV rules, deprecation annotations) and nothing else.
 *
 * It is produced from the protos either at build time (`scripts/build-artifacts.ts` writes it to
 * `build/envoy-api.json`, which loads in a few milliseconds) or at run time from a directory of
 * protos (`from-protos.ts`, the slow path: protobufjs parses about 500 files). Both paths give the
 * same JSON, and the walker only ever sees the runtime classes below.
 */
import type { Rules } from './pgv';

/** Version tag of the serialized form; a loader refuses any other. */
export const API_FORMAT = 'istio-direct-envoy-api/1';

/** One field. Short keys keep the artifact small; optional keys are omitted when unset. */
export interface FieldJson {
  /** proto name */
  readonly n: string;
  /** field number */
  readonly i: number;
  /** scalar type name (`string`, `uint32`…) or the full name of a message or enum (no leading dot) */
  readonly t: string;
  /** map key type (the field is a map) */
  readonly k?: string;
  /** repeated */
  readonly r?: 1;
  /** explicit `json_name` (only when it differs from lowerCamelCase) */
  readonly j?: string;
  /** index into the message's oneofs */
  readonly o?: number;
  /** merged `(validate.rules)` */
  readonly v?: Rules;
  /** `deprecated = true`: the `(envoy.annotations.deprecated_at_minor_version)` value, or '' */
  readonly d?: string;
  /** `(envoy.annotations.disallowed_by_default) = true` */
  readonly x?: 1;
}

export interface OneofJson {
  readonly n: string;
  /** `(validate.required) = true` */
  readonly q?: 1;
  /** synthetic oneof of a proto3 `optional` field */
  readonly s?: 1;
}

export interface MessageJson {
  /** index into `files` */
  readonly f: number;
  readonly fields: readonly FieldJson[];
  readonly oneofs?: readonly OneofJson[];
  /** `(validate.disabled)` or `(validate.ignored)` */
  readonly off?: 1;
}

export interface EnumJson {
  readonly f: number;
  /** [name, number] in declaration order */
  readonly values: ReadonlyArray<readonly [string, number]>;
  /** deprecated value names: their `(envoy.annotations.deprecated_at_minor_version_enum)` or '' */
  readonly d?: Readonly<Record<string, string>>;
  /** value names with `(envoy.annotations.disallowed_by_default_enum) = true` */
  readonly x?: readonly string[];
}

export interface ApiJson {
  readonly format: typeof API_FORMAT;
  /** What the API was built from, e.g. `@grpc/grpc-js-xds@1.14.1 deps/`. */
  readonly origin: string;
  /** Proto files (relative names) and their packages. */
  readonly files: ReadonlyArray<{ readonly name: string; readonly package: string }>;
  /** Entry files left out because an import they need is missing. */
  readonly skipped: ReadonlyArray<{ readonly file: string; readonly missing: string }>;
  /** Messages by full name (no leading dot), sorted. */
  readonly messages: Readonly<Record<string, MessageJson>>;
  readonly enums: Readonly<Record<string, EnumJson>>;
}

function hasOwn(o: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, key);
}

/** Deprecation of a field or enum value: `since` is Envoy's `deprecated_at_minor_version`, when set. */
export interface Deprecation {
  readonly since?: string;
}

export class EnumType {
  readonly values: Readonly<Record<string, number>>;
  readonly valuesById: Readonly<Record<number, string>>;
  readonly name: string;
  constructor(readonly fullName: string, readonly file: string, readonly json: EnumJson) {
    this.name = fullName.slice(fullName.lastIndexOf('.') + 1);
    const values: Record<string, number> = Object.create(null) as Record<string, number>;
    const byId: Record<number, string> = Object.create(null) as Record<number, string>;
    for (const [n, v] of json.values) {
      values[n] = v;
      if (!(v in byId)) byId[v] = n;
    }
    this.values = values;
    this.valuesById = byId;
  }

  deprecation(value: string): Deprecation | undefined {
    const d = this.json.d && hasOwn(this.json.d, value) ? this.json.d[value] : undefined;
    return d === undefined ? undefined : d ? { since: d } : {};
  }

  disallowed(value: string): boolean {
    return this.json.x?.includes(value) ?? false;
  }
}

export class Oneof {
  readonly fieldsArray: Field[] = [];
  constructor(readonly name: string, readonly required: boolean, readonly synthetic: boolean) {}
  /** Member field names. */
  get oneof(): string[] {
    return this.fieldsArray.map((f) => f.name);
  }
}

export class Field {
  readonly name: string;
  readonly id: number;
  readonly type: string;
  readonly repeated: boolean;
  /** Map key type, or undefined when not a map. */
  readonly keyType: string | undefined;
  readonly jsonName: string;
  readonly rules: Rules | undefined;
  partOf: Oneof | undefined;
  constructor(private readonly api: ApiTypes, readonly parent: MessageType, private readonly json: FieldJson) {
    this.name = json.n;
    this.id = json.i;
    this.type = json.t;
    this.repeated = json.r === 1 || json.k !== undefined;
    this.keyType = json.k;
    this.jsonName = json.j ?? json.n.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
    this.rules = json.v;
  }

  get isMap(): boolean {
    return this.keyType !== undefined;
  }

  /** The message or enum type of the field (value type for a map), or null for a scalar. */
  get resolvedType(): MessageType | EnumType | null {
    return this.api.lookup(this.type) ?? null;
  }

  get deprecation(): Deprecation | undefined {
    const d = this.json.d;
    return d === undefined ? undefined : d ? { since: d } : {};
  }

  get disallowed(): boolean {
    return this.json.x === 1;
  }
}

export class MessageType {
  readonly fieldsArray: Field[];
  readonly oneofsArray: Oneof[];
  readonly name: string;
  readonly disabled: boolean;
  constructor(api: ApiTypes, readonly fullName: string, readonly file: string, json: MessageJson) {
    this.name = fullName.slice(fullName.lastIndexOf('.') + 1);
    this.disabled = json.off === 1;
    this.oneofsArray = (json.oneofs ?? []).map((o) => new Oneof(o.n, o.q === 1, o.s === 1));
    this.fieldsArray = json.fields.map((f) => {
      const field = new Field(api, this, f);
      if (f.o !== undefined) {
        field.partOf = this.oneofsArray[f.o];
        field.partOf.fieldsArray.push(field);
      }
      return field;
    });
  }
}

/** Runtime view of an ApiJson: types are built on first lookup, so loading costs only JSON.parse. */
export class ApiTypes {
  private readonly built = new Map<string, MessageType | EnumType | null>();
  constructor(readonly json: ApiJson) {
    if (json.format !== API_FORMAT) throw new Error(`Envoy API model has format ${JSON.stringify(json.format)}, expected ${API_FORMAT}`);
  }

  /** The message or enum with this full name (no leading dot), or undefined. */
  lookup(fullName: string): MessageType | EnumType | undefined {
    let t = this.built.get(fullName);
    if (t === undefined) {
      const m = hasOwn(this.json.messages, fullName) ? this.json.messages[fullName] : undefined;
      const e = m || !hasOwn(this.json.enums, fullName) ? undefined : this.json.enums[fullName];
      t = m ? new MessageType(this, fullName, this.json.files[m.f].name, m) : e ? new EnumType(fullName, this.json.files[e.f].name, e) : null;
      this.built.set(fullName, t);
    }
    return t ?? undefined;
  }

  lookupType(fullName: string): MessageType {
    const t = this.lookup(fullName);
    if (!(t instanceof MessageType)) throw new Error(`no message ${fullName} in the Envoy API`);
    return t;
  }
}
