/**
 * The slow path: parses a directory tree of Envoy API .proto files with protobufjs and converts
 * the result to the compact model (`model.ts`). Used at build time (scripts/build-artifacts.ts)
 * and at run time for `--envoy-api DIR`. protobufjs is required here only, lazily.
 */
import * as fs from 'fs';
import * as path from 'path';
import type * as protobuf from 'protobufjs';
import { API_FORMAT, type ApiJson, type EnumJson, type FieldJson, type MessageJson, type OneofJson } from './model';
import { envoyProtoSource, resolveImport, type ProtoSource } from './proto-files';
import { mergeRules, type Rules } from './pgv';
import { requireOptional } from '../optional';

type Options = Record<string, unknown> | undefined;
const DEPRECATED_AT = '(envoy.annotations.deprecated_at_minor_version)';
const DEPRECATED_AT_ENUM = '(envoy.annotations.deprecated_at_minor_version_enum)';

/** Parses the protos of `source` (every loadable v3 file under envoy/) into a resolved protobufjs Root. */
export function parseProtos(source: ProtoSource): protobuf.Root {
  const pb = requireOptional<typeof protobuf>('protobufjs', 'parsing Envoy API protos');
  const root = new pb.Root();
  const protobufDir = path.dirname(require.resolve('protobufjs/package.json'));
  root.resolvePath = (_origin: string, target: string): string | null => {
    if (path.isAbsolute(target) && fs.existsSync(target)) return target;
    const found = resolveImport(source.roots, target);
    if (found) return found;
    // protobufjs knows the well-known types itself; descriptor.proto ships in its google/ folder.
    const own = path.join(protobufDir, target);
    return fs.existsSync(own) ? own : target;
  };
  root.loadSync(source.entries as string[], { keepCase: true });
  root.resolveAll();
  return root;
}

function deprecationOf(options: Options, key: string): string | undefined {
  if (options?.deprecated !== true) return undefined;
  const at = options[key];
  return typeof at === 'string' ? at : '';
}

function defaultJsonName(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

function fieldRules(field: protobuf.Field): Rules | undefined {
  const parsed = (field as unknown as { parsedOptions?: Rules[] }).parsedOptions;
  let out: Rules | undefined;
  for (const o of parsed ?? []) {
    const r = o['(validate.rules)'];
    if (r && typeof r === 'object') out = mergeRules(out ?? {}, r as Rules);
  }
  return out;
}

/** Converts a resolved protobufjs Root to the compact, deterministic model. */
export function modelFromRoot(root: protobuf.Root, source: ProtoSource, origin: string): ApiJson {
  const pb = requireOptional<typeof protobuf>('protobufjs', 'parsing Envoy API protos');
  const files = new Map<string, { index: number; name: string; package: string }>();
  const fileIndex = (obj: protobuf.ReflectionObject): number => {
    const name = fileOf(obj, source.roots);
    let file = files.get(name);
    if (!file) {
      let top: protobuf.ReflectionObject = obj;
      while (top.parent instanceof pb.Type) top = top.parent;
      file = { index: files.size, name, package: top.parent ? top.parent.fullName.replace(/^\./, '') : '' };
      files.set(name, file);
    }
    return file.index;
  };
  const messages: Record<string, MessageJson> = {};
  const enums: Record<string, EnumJson> = {};
  const visit = (ns: protobuf.NamespaceBase): void => {
    for (const n of ns.nestedArray) {
      const name = n.fullName.replace(/^\./, '');
      if (name.startsWith('validate.')) continue;
      if (n instanceof pb.Type) messages[name] = messageJson(pb, n, fileIndex(n));
      else if (n instanceof pb.Enum) enums[name] = enumJson(n, fileIndex(n));
      if (n instanceof pb.Namespace || n instanceof pb.Type) visit(n as protobuf.NamespaceBase);
    }
  };
  visit(root);
  return {
    format: API_FORMAT,
    origin,
    files: [...files.values()].map((f) => ({ name: f.name, package: f.package })),
    skipped: source.skipped,
    messages: sortKeys(messages),
    enums: sortKeys(enums),
  };
}

function messageJson(pb: typeof protobuf, t: protobuf.Type, f: number): MessageJson {
  const oneofs: OneofJson[] = t.oneofsArray.map((o) => {
    const synthetic = o.name.startsWith('_') && o.fieldsArray.length === 1 && Boolean(o.fieldsArray[0].options?.proto3_optional);
    return { n: o.name, ...(o.options?.['(validate.required)'] === true ? { q: 1 as const } : {}), ...(synthetic ? { s: 1 as const } : {}) };
  });
  const fields = t.fieldsArray.map((field): FieldJson => {
    field.resolve();
    const rt = field.resolvedType;
    const type = rt ? rt.fullName.replace(/^\./, '') : field.type;
    const json = field.options?.json_name;
    const rules = fieldRules(field);
    const dep = deprecationOf(field.options, DEPRECATED_AT);
    return {
      n: field.name,
      i: field.id,
      t: type,
      ...(field instanceof pb.MapField ? { k: field.keyType } : field.repeated ? { r: 1 as const } : {}),
      ...(typeof json === 'string' && json !== defaultJsonName(field.name) ? { j: json } : {}),
      ...(field.partOf ? { o: t.oneofsArray.indexOf(field.partOf) } : {}),
      ...(rules ? { v: rules } : {}),
      ...(dep !== undefined ? { d: dep } : {}),
      ...(field.options?.['(envoy.annotations.disallowed_by_default)'] === true ? { x: 1 as const } : {}),
    };
  });
  const off = t.options?.['(validate.disabled)'] === true || t.options?.['(validate.ignored)'] === true;
  return { f, fields, ...(oneofs.length ? { oneofs } : {}), ...(off ? { off: 1 as const } : {}) };
}

function enumJson(e: protobuf.Enum, f: number): EnumJson {
  const values = Object.entries(e.values).map(([n, v]) => [n, v] as const);
  const d: Record<string, string> = {};
  const x: string[] = [];
  for (const [n] of values) {
    const opts = (e.valuesOptions?.[n] ?? undefined) as Options;
    const dep = deprecationOf(opts, DEPRECATED_AT_ENUM);
    if (dep !== undefined) d[n] = dep;
    if (opts?.['(envoy.annotations.disallowed_by_default_enum)'] === true) x.push(n);
  }
  return { f, values, ...(Object.keys(d).length ? { d } : {}), ...(x.length ? { x } : {}) };
}

function sortKeys<T>(o: Record<string, T>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const k of Object.keys(o).sort()) out[k] = o[k];
  return out;
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
  // Well-known types come from protobufjs' own copies.
  const i = f.lastIndexOf('google/protobuf/');
  return i >= 0 ? f.slice(i) : f;
}

/** Parses the protos under `roots` (default: `@grpc/grpc-js-xds`'s `deps/`) into the model. */
export function modelFromProtos(roots?: readonly string[], origin?: string): ApiJson {
  const source = envoyProtoSource(roots);
  const root = parseProtos(source);
  return modelFromRoot(root, source, origin ?? source.origin);
}
