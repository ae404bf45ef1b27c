import * as path from 'path';
import * as protobuf from 'protobufjs';
import { create, createFileRegistry, type FileRegistry } from '@bufbuild/protobuf';
import {
  FileDescriptorSetSchema,
  FileDescriptorProtoSchema,
  DescriptorProtoSchema,
  type FileDescriptorProto,
  type DescriptorProto,
  type EnumDescriptorProto,
  type FieldDescriptorProto,
  FieldDescriptorProto_Type,
  FieldDescriptorProto_Label,
  file_google_protobuf_any,
  file_google_protobuf_duration,
  file_google_protobuf_empty,
  file_google_protobuf_field_mask,
  file_google_protobuf_struct,
  file_google_protobuf_timestamp,
  file_google_protobuf_wrappers,
  file_google_protobuf_descriptor,
} from '@bufbuild/protobuf/wkt';

/** The well-known-type files, taken from @bufbuild/protobuf itself. */
const WKT_FILES = [
  file_google_protobuf_any,
  file_google_protobuf_duration,
  file_google_protobuf_empty,
  file_google_protobuf_field_mask,
  file_google_protobuf_struct,
  file_google_protobuf_timestamp,
  file_google_protobuf_wrappers,
  file_google_protobuf_descriptor,
];

const SCALAR: Record<string, FieldDescriptorProto_Type> = {
  double: FieldDescriptorProto_Type.DOUBLE,
  float: FieldDescriptorProto_Type.FLOAT,
  int64: FieldDescriptorProto_Type.INT64,
  uint64: FieldDescriptorProto_Type.UINT64,
  int32: FieldDescriptorProto_Type.INT32,
  fixed64: FieldDescriptorProto_Type.FIXED64,
  fixed32: FieldDescriptorProto_Type.FIXED32,
  bool: FieldDescriptorProto_Type.BOOL,
  string: FieldDescriptorProto_Type.STRING,
  bytes: FieldDescriptorProto_Type.BYTES,
  uint32: FieldDescriptorProto_Type.UINT32,
  sfixed32: FieldDescriptorProto_Type.SFIXED32,
  sfixed64: FieldDescriptorProto_Type.SFIXED64,
  sint32: FieldDescriptorProto_Type.SINT32,
  sint64: FieldDescriptorProto_Type.SINT64,
};

/** proto3 JSON name of a field: lowerCamelCase of the proto name, or its `json_name` option. */
export function jsonNameOf(field: protobuf.Field): string {
  const explicit = field.options?.json_name;
  if (typeof explicit === 'string') return explicit;
  return field.name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

function fqn(obj: protobuf.ReflectionObject): string {
  return obj.fullName.replace(/^\./, '');
}

/** Relative proto file name of a reflection object (e.g. `envoy/config/cluster/v3/cluster.proto`). */
function fileOf(obj: protobuf.ReflectionObject, roots: readonly string[]): string {
  let o: protobuf.ReflectionObject | null = obj;
  while (o && !o.filename) o = o.parent;
  const f = o?.filename ?? '';
  for (const r of roots) {
    const rel = path.relative(r, f);
    if (!rel.startsWith('..') && !path.isAbsolute(rel)) return rel.split(path.sep).join('/');
  }
  return f;
}

interface FileAcc {
  proto: FileDescriptorProto;
  deps: Set<string>;
}

/**
 * Converts a resolved protobufjs Root (parsed from the .proto sources) into a @bufbuild/protobuf
 * FileRegistry, so that @bufbuild/protobuf's conformant proto3-JSON reader can decode against it.
 * Options and extensions are left out: the decoder does not need them (PGV rules are read from the
 * protobufjs reflection instead, see pgv.ts).
 */
export function registryFromRoot(root: protobuf.Root, roots: readonly string[]): FileRegistry {
  const files = new Map<string, FileAcc>();
  const wktByType = new Map<string, string>();
  for (const f of WKT_FILES) {
    for (const m of f.messages) wktByType.set(m.typeName, f.proto.name);
    for (const e of f.enums) wktByType.set(e.typeName, f.proto.name);
  }
  const fileFor = (obj: protobuf.ReflectionObject): FileAcc => {
    const name = fileOf(obj, roots);
    let acc = files.get(name);
    if (!acc) {
      let top: protobuf.ReflectionObject = obj;
      while (top.parent instanceof protobuf.Type) top = top.parent;
      const pkg = top.parent ? fqn(top.parent) : '';
      acc = {
        proto: create(FileDescriptorProtoSchema, { name, package: pkg, syntax: 'proto3' }),
        deps: new Set(),
      };
      files.set(name, acc);
    }
    return acc;
  };
  const depOn = (acc: FileAcc, target: protobuf.ReflectionObject) => {
    const name = wktByType.get(fqn(target)) ?? fileOf(target, roots);
    if (name !== acc.proto.name) acc.deps.add(name);
  };

  const convEnum = (e: protobuf.Enum): EnumDescriptorProto => {
    const values = Object.entries(e.values).map(([name, number]) => ({ name, number }));
    const aliased = new Set(values.map((v) => v.number)).size !== values.length;
    return {
      $typeName: 'google.protobuf.EnumDescriptorProto',
      name: e.name,
      value: values.map((v) => ({ $typeName: 'google.protobuf.EnumValueDescriptorProto', name: v.name, number: v.number })),
      options: aliased ? ({ $typeName: 'google.protobuf.EnumOptions', allowAlias: true } as never) : undefined,
      reservedRange: [],
      reservedName: [],
    } as unknown as EnumDescriptorProto;
  };

  const convField = (acc: FileAcc, f: protobuf.Field, oneofIndex: Map<string, number>, nested: DescriptorProto[]): FieldDescriptorProto => {
    f.resolve();
    const base: Record<string, unknown> = { name: f.name, number: f.id, jsonName: jsonNameOf(f) };
    if (f instanceof protobuf.MapField) {
      const entryName = f.name.replace(/(?:^|_)([a-z0-9])/g, (_, c: string) => c.toUpperCase()) + 'Entry';
      const key = { $typeName: 'google.protobuf.FieldDescriptorProto', name: 'key', number: 1, jsonName: 'key', label: FieldDescriptorProto_Label.OPTIONAL, type: SCALAR[f.keyType] };
      const value = scalarOrRef(acc, f, 'value', 2);
      nested.push(
        create(DescriptorProtoSchema, {
          name: entryName,
          field: [key as never, value as never],
          options: { mapEntry: true },
        }) as DescriptorProto,
      );
      const parentName = fqn(f.parent as protobuf.Type);
      return { ...base, $typeName: 'google.protobuf.FieldDescriptorProto', label: FieldDescriptorProto_Label.REPEATED, type: FieldDescriptorProto_Type.MESSAGE, typeName: `.${parentName}.${entryName}` } as unknown as FieldDescriptorProto;
    }
    const fd = scalarOrRef(acc, f, f.name, f.id) as Record<string, unknown>;
    Object.assign(fd, base);
    fd.label = f.repeated ? FieldDescriptorProto_Label.REPEATED : FieldDescriptorProto_Label.OPTIONAL;
    if (f.partOf) {
      fd.oneofIndex = oneofIndex.get(f.partOf.name);
      if (f.partOf.name.startsWith('_') && f.partOf.oneof.length === 1 && f.options?.proto3_optional) fd.proto3Optional = true;
    }
    return fd as unknown as FieldDescriptorProto;
  };

  const scalarOrRef = (acc: FileAcc, f: protobuf.Field | protobuf.MapField, name: string, number: number): Record<string, unknown> => {
    const out: Record<string, unknown> = { $typeName: 'google.protobuf.FieldDescriptorProto', name, number, jsonName: name, label: FieldDescriptorProto_Label.OPTIONAL };
    const scalar = SCALAR[f.type];
    if (scalar !== undefined) {
      out.type = scalar;
    } else {
      const rt = f.resolvedType;
      if (!rt) throw new Error(`unresolved type ${f.type} of ${f.fullName}`);
      out.type = rt instanceof protobuf.Enum ? FieldDescriptorProto_Type.ENUM : FieldDescriptorProto_Type.MESSAGE;
      out.typeName = `.${fqn(rt)}`;
      depOn(acc, rt);
    }
    return out;
  };

  const convMessage = (acc: FileAcc, t: protobuf.Type): DescriptorProto => {
    // Real oneofs first, synthetic (proto3 optional) ones after, as protoc orders them.
    const oneofs = [...t.oneofsArray].sort((a, b) => Number(isSynthetic(a)) - Number(isSynthetic(b)));
    const oneofIndex = new Map(oneofs.map((o, i) => [o.name, i]));
    const nested: DescriptorProto[] = [];
    const fields = t.fieldsArray.map((f) => convField(acc, f, oneofIndex, nested));
    const nestedTypes: DescriptorProto[] = [];
    const nestedEnums: EnumDescriptorProto[] = [];
    for (const n of t.nestedArray) {
      if (n instanceof protobuf.Type) nestedTypes.push(convMessage(acc, n));
      else if (n instanceof protobuf.Enum) nestedEnums.push(convEnum(n));
    }
    return create(DescriptorProtoSchema, {
      name: t.name,
      field: fields as never,
      nestedType: [...nestedTypes, ...nested] as never,
      enumType: nestedEnums as never,
      oneofDecl: oneofs.map((o) => ({ name: o.name })),
    }) as DescriptorProto;
  };

  const visit = (ns: protobuf.NamespaceBase) => {
    for (const n of ns.nestedArray) {
      if (n instanceof protobuf.Type) {
        if (fqn(n).startsWith('google.protobuf.') || fqn(n).startsWith('validate.')) continue;
        const acc = fileFor(n);
        acc.proto.messageType.push(convMessage(acc, n));
      } else if (n instanceof protobuf.Enum) {
        if (fqn(n).startsWith('google.protobuf.') || fqn(n).startsWith('validate.')) continue;
        fileFor(n).proto.enumType.push(convEnum(n));
      } else if (n instanceof protobuf.Namespace && !(n instanceof protobuf.Service)) {
        visit(n);
      }
    }
  };
  visit(root);

  // Topological order: dependencies before dependants.
  const ordered: FileDescriptorProto[] = [...WKT_FILES.map((f) => f.proto)];
  const done = new Set(ordered.map((p) => p.name));
  const emit = (name: string) => {
    if (done.has(name)) return;
    done.add(name);
    const acc = files.get(name);
    if (!acc) throw new Error(`proto file ${name} is referenced but was not loaded`);
    for (const d of [...acc.deps].sort()) emit(d);
    acc.proto.dependency = [...acc.deps].sort();
    ordered.push(acc.proto);
  };
  for (const name of [...files.keys()].sort()) emit(name);
  return createFileRegistry(create(FileDescriptorSetSchema, { file: ordered }));
}

function isSynthetic(o: protobuf.OneOf): boolean {
  return o.name.startsWith('_') && o.fieldsArray.length === 1 && Boolean(o.fieldsArray[0].options?.proto3_optional);
}

