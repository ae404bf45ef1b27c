/**
 * Builds a @bufbuild/protobuf FileRegistry from the compact API model, so that @bufbuild/protobuf's
 * conformant proto3-JSON reader (`fromJson`) can cross-check what our own walk accepted. Options and
 * extensions are left out: the decoder does not need them. @bufbuild/protobuf is an optional peer
 * dependency, required here on first use.
 */
import type { FileRegistry } from '@bufbuild/protobuf';
import type * as Wkt from '@bufbuild/protobuf/wkt';
import type { ApiJson, FieldJson, MessageJson } from './model';
import { requireOptional } from '../optional';

type Bp = typeof import('@bufbuild/protobuf');
type Init = Record<string, unknown>;

const PURPOSE = 'Envoy proto3-JSON decoding';

/** Protobuf scalar names to FieldDescriptorProto.Type numbers (google/protobuf/descriptor.proto). */
const SCALAR: Record<string, number> = {
  double: 1, float: 2, int64: 3, uint64: 4, int32: 5, fixed64: 6, fixed32: 7, bool: 8, string: 9,
  bytes: 12, uint32: 13, sfixed32: 15, sfixed64: 16, sint32: 17, sint64: 18,
};
const TYPE_MESSAGE = 11;
const TYPE_ENUM = 14;
const LABEL_OPTIONAL = 1;
const LABEL_REPEATED = 3;

function wktFiles(wkt: typeof Wkt) {
  return [
    wkt.file_google_protobuf_any, wkt.file_google_protobuf_duration, wkt.file_google_protobuf_empty,
    wkt.file_google_protobuf_field_mask, wkt.file_google_protobuf_struct, wkt.file_google_protobuf_timestamp,
    wkt.file_google_protobuf_wrappers, wkt.file_google_protobuf_descriptor,
  ];
}

interface FileAcc {
  readonly init: { name: string; package: string; syntax: string; messageType: Init[]; enumType: Init[] };
  readonly deps: Set<string>;
}

/**
 * The proto files that define `types` and everything their fields reach (transitively), or every
 * file when `types` is undefined. A Bootstrap reaches about 50 of the ~360 files; the types of the
 * Any values a config holds are passed in too, since `fromJson` resolves them in the registry.
 */
function fileClosure(json: ApiJson, types: readonly string[] | undefined): Set<string> {
  if (types === undefined) return new Set(json.files.map((f) => f.name));
  const fileOf = (t: string): number | undefined => json.messages[t]?.f ?? json.enums[t]?.f;
  const deps = new Map<number, Set<number>>();
  for (const m of Object.values(json.messages)) {
    let d = deps.get(m.f);
    if (!d) deps.set(m.f, (d = new Set()));
    for (const f of m.fields) {
      const target = fileOf(f.t);
      if (target !== undefined && target !== m.f) d.add(target);
    }
  }
  const seen = new Set<number>();
  const stack = types.map(fileOf).filter((f): f is number => f !== undefined);
  while (stack.length) {
    const f = stack.pop()!;
    if (seen.has(f)) continue;
    seen.add(f);
    for (const d of deps.get(f) ?? []) stack.push(d);
  }
  return new Set([...seen].map((i) => json.files[i].name));
}

/**
 * Converts the model into a FileRegistry: the files that `types` need (see fileClosure), or every
 * file when `types` is undefined.
 */
export function registryFromModel(json: ApiJson, types?: readonly string[]): FileRegistry {
  const bp = requireOptional<Bp>('@bufbuild/protobuf', PURPOSE);
  const wkt = requireOptional<typeof Wkt>('@bufbuild/protobuf/wkt', PURPOSE, '@bufbuild/protobuf');
  const builtIn = wktFiles(wkt);
  const builtInNames = new Set(builtIn.map((f) => f.proto.name));
  const fileOfType = new Map<string, string>();
  for (const [name, m] of Object.entries(json.messages)) fileOfType.set(name, json.files[m.f].name);
  for (const [name, e] of Object.entries(json.enums)) fileOfType.set(name, json.files[e.f].name);
  // Well-known types come from @bufbuild/protobuf's own files.
  for (const f of builtIn) for (const t of [...f.messages, ...f.enums]) fileOfType.set(t.typeName, f.proto.name);
  const accs = new Map<string, FileAcc>();
  const wanted = fileClosure(json, types);
  for (const f of json.files) {
    if (wanted.has(f.name) && !builtInNames.has(f.name) && !f.name.startsWith('validate/')) {
      accs.set(f.name, { init: { name: f.name, package: f.package, syntax: 'proto3', messageType: [], enumType: [] }, deps: new Set() });
    }
  }
  const nested = new Map<string, { messages: Init[]; enums: Init[] }>();
  const children = (name: string) => {
    let c = nested.get(name);
    if (!c) nested.set(name, (c = { messages: [], enums: [] }));
    return c;
  };
  // Enums first, then messages from the deepest up, so a message's nested types exist when it is built.
  for (const [name, e] of Object.entries(json.enums)) {
    const acc = accs.get(json.files[e.f].name);
    if (!acc) continue;
    const aliased = new Set(e.values.map((v) => v[1])).size !== e.values.length;
    const init = { name: short(name), value: e.values.map(([n, number]) => ({ name: n, number })), ...(aliased ? { options: { allowAlias: true } } : {}) };
    placeOf(name, json, acc, children).enums.push(init);
  }
  const byDepth = Object.keys(json.messages).sort((a, b) => depth(b) - depth(a) || (a < b ? -1 : a > b ? 1 : 0));
  for (const name of byDepth) {
    const m = json.messages[name];
    const acc = accs.get(json.files[m.f].name);
    if (!acc) continue;
    const init = messageInit(name, m, json.enums, acc, fileOfType, children(name));
    placeOf(name, json, acc, children).messages.push(init);
  }
  return bp.createFileRegistry(bp.create(wkt.FileDescriptorSetSchema, { file: ordered(bp, wkt, accs, builtIn) as never }));
}

function short(name: string): string {
  return name.slice(name.lastIndexOf('.') + 1);
}

function depth(name: string): number {
  return name.split('.').length;
}

/** Where a type goes: nested in its parent message, or at the top of its file. */
function placeOf(name: string, json: ApiJson, acc: FileAcc, children: (n: string) => { messages: Init[]; enums: Init[] }) {
  const parent = name.slice(0, name.lastIndexOf('.'));
  if (json.messages[parent]) return children(parent);
  return { messages: acc.init.messageType, enums: acc.init.enumType };
}

function messageInit(name: string, m: MessageJson, enums: ApiJson['enums'], acc: FileAcc, fileOfType: ReadonlyMap<string, string>, kids: { messages: Init[]; enums: Init[] }): Init {
  // Real oneofs first, synthetic (proto3 optional) ones after, as protoc orders them.
  const oneofs = (m.oneofs ?? []).map((o, i) => ({ o, i })).sort((a, b) => Number(a.o.s === 1) - Number(b.o.s === 1));
  const oneofIndex = new Map(oneofs.map((x, i) => [x.i, i]));
  const depOn = (type: string) => {
    const file = fileOfType.get(type);
    if (file && file !== acc.init.name) acc.deps.add(file);
  };
  const entries: Init[] = [];
  const fields = m.fields.map((f) => fieldInit(f, name, oneofIndex, m, { enums, depOn }, entries));
  return {
    name: short(name),
    field: fields,
    nestedType: [...kids.messages, ...entries],
    enumType: kids.enums,
    oneofDecl: oneofs.map((x) => ({ name: x.o.n })),
  };
}

interface Ctx {
  readonly enums: ApiJson['enums'];
  readonly depOn: (type: string) => void;
}

function typeRef(t: string, ctx: Ctx): Init {
  if (SCALAR[t] !== undefined) return { type: SCALAR[t] };
  ctx.depOn(t);
  return { type: t in ctx.enums ? TYPE_ENUM : TYPE_MESSAGE, typeName: `.${t}` };
}

function fieldInit(f: FieldJson, parent: string, oneofIndex: Map<number, number>, m: MessageJson, ctx: Ctx, entries: Init[]): Init {
  const jsonName = f.j ?? f.n.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
  const base = { name: f.n, number: f.i, jsonName };
  if (f.k !== undefined) {
    const entryName = f.n.replace(/(?:^|_)([a-z0-9])/g, (_, c: string) => c.toUpperCase()) + 'Entry';
    const key = { name: 'key', number: 1, jsonName: 'key', label: LABEL_OPTIONAL, type: SCALAR[f.k] };
    const value = { name: 'value', number: 2, jsonName: 'value', label: LABEL_OPTIONAL, ...typeRef(f.t, ctx) };
    entries.push({ name: entryName, field: [key, value], options: { mapEntry: true } });
    return { ...base, label: LABEL_REPEATED, type: TYPE_MESSAGE, typeName: `.${parent}.${entryName}` };
  }
  const out: Init = { ...base, label: f.r === 1 ? LABEL_REPEATED : LABEL_OPTIONAL, ...typeRef(f.t, ctx) };
  if (f.o !== undefined) {
    out.oneofIndex = oneofIndex.get(f.o);
    if (m.oneofs?.[f.o]?.s === 1) out.proto3Optional = true;
  }
  return out;
}

/** Files in dependency order (dependencies first), the built-in well-known types first of all. */
function ordered(bp: Bp, wkt: typeof Wkt, accs: Map<string, FileAcc>, builtIn: ReturnType<typeof wktFiles>) {
  const out: unknown[] = builtIn.map((f) => f.proto);
  const done = new Set(builtIn.map((f) => f.proto.name));
  const emit = (name: string) => {
    if (done.has(name)) return;
    done.add(name);
    const acc = accs.get(name);
    if (!acc) throw new Error(`proto file ${name} is referenced but was not loaded`);
    const deps = [...acc.deps].sort();
    for (const d of deps) emit(d);
    out.push(bp.create(wkt.FileDescriptorProtoSchema, { ...acc.init, dependency: deps } as never));
  };
  for (const name of [...accs.keys()].sort()) emit(name);
  return out;
}
