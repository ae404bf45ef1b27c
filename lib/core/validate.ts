/**
 * Input checks shared by every construct (and by the cdk8s and Pulumi
 * adapters, which call the same functions). Each check records a problem on a
 * {@link Problems} collector and returns whether the value was good.
 */
import { isIP } from 'net';
import { describeType, Problems, show } from './errors';
import { PodOptions, ResourceQuantities, ResourceRequirements } from './types';

/** RFC 1123 label: Namespace names, pod hostnames. */
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** RFC 1035 label: Service names (they must start with a letter). */
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
/** RFC 1123 subdomain: Deployment, ConfigMap and most other object names. */
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** IANA service name: container port names (Kubernetes `IsValidPortName`). */
const IANA_SVC_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
/** Label value / name part of a qualified name. */
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
/** Kubernetes resource quantity (`resource.MustParse`). */
const QUANTITY = /^[+]?(\d+(\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\d+)?$/;

/** The kind of name a Kubernetes object needs. */
export type NameRule = 'label' | 'service' | 'subdomain';

const NAME_RULES: Record<NameRule, { re: RegExp; max: number; what: string }> = {
  label: { re: DNS1123_LABEL, max: 63, what: 'a DNS-1123 label (lower-case letters, digits and "-", starting and ending with a letter or digit, at most 63 characters)' },
  service: { re: DNS1035_LABEL, max: 63, what: 'a DNS-1035 label (lower-case letters, digits and "-", starting with a letter, ending with a letter or digit, at most 63 characters)' },
  subdomain: { re: DNS1123_SUBDOMAIN, max: 253, what: 'a DNS-1123 subdomain (lower-case letters, digits, "-" and ".", at most 253 characters)' },
};

/** Checks an object name against the Kubernetes rule for its kind. */
export function checkName(p: Problems, field: string, value: unknown, rule: NameRule): value is string {
  const r = NAME_RULES[rule];
  if (typeof value !== 'string' || value.length === 0 || value.length > r.max || !r.re.test(value)) {
    p.add(field, isNot(value, r.what));
    return false;
  }
  return true;
}

/** Checks a TCP/UDP port number. */
export function checkPort(p: Problems, field: string, value: unknown): value is number {
  if (typeof value !== 'number') {
    p.add(field, notA(value, 'a port number (a whole number in 1-65535)'));
    return false;
  }
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    p.add(field, `${show(value)} is out of range 1-65535`);
    return false;
  }
  return true;
}

/** Checks a port name (IANA_SVC_NAME: what Kubernetes requires of container port names). */
export function checkPortName(p: Problems, field: string, value: unknown): value is string {
  if (
    typeof value !== 'string' ||
    value.length === 0 ||
    value.length > 15 ||
    !IANA_SVC_NAME.test(value) ||
    value.includes('--') ||
    !/[a-z]/.test(value)
  ) {
    p.add(
      field,
      isNot(value, 'a valid port name (at most 15 lower-case letters, digits and "-", with at least one letter, no "--", not starting or ending with "-")'),
    );
    return false;
  }
  return true;
}

/** Checks a whole number within `[min, max]`. */
export function checkInt(p: Problems, field: string, value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): value is number {
  const range = max === Number.MAX_SAFE_INTEGER ? `a whole number >= ${min}` : `a whole number in ${min}-${max}`;
  if (typeof value !== 'number') {
    p.add(field, notA(value, range));
    return false;
  }
  if (!Number.isInteger(value) || value < min || value > max) {
    p.add(field, `${show(value)} is not ${range}`);
    return false;
  }
  return true;
}

/** Largest value of a Kubernetes `int32` field (replicas, ports, probe settings). */
export const INT32_MAX = 2_147_483_647;
/** Largest value of a protobuf `uint32` field (Envoy counters and thresholds). */
export const UINT32_MAX = 4_294_967_295;

/**
 * `"8080" is a string, not a port number`: the message for a value of the wrong type; for a
 * value not given, `is required: give a port number` (a check only sees `undefined` for a
 * required prop: optional ones are defaulted first, and `null` was dropped, see {@link withoutNulls}).
 */
export function notA(value: unknown, expected: string): string {
  return value === undefined ? required(expected) : `${show(value)} is ${describeType(value)}, not ${expected}`;
}

/** `"x" is not a DNS-1123 label`, or `is required: give a DNS-1123 label` for a value not given. */
export function isNot(value: unknown, expected: string): string {
  return value === undefined ? required(expected) : `${show(value)} is not ${expected}`;
}

/** The message for a required prop that is not given (`undefined`, or `null`, which means the same). */
export function required(expected: string): string {
  return `is required: give ${expected}`;
}

/** Checks a boolean. */
export function checkBoolean(p: Problems, field: string, value: unknown): value is boolean {
  if (typeof value !== 'boolean') {
    p.add(field, notA(value, 'true or false'));
    return false;
  }
  return true;
}

/** Checks a string of at most `maxLength` characters (non-empty unless `allowEmpty`). */
export function checkString(p: Problems, field: string, value: unknown, maxLength: number, allowEmpty = false): value is string {
  if (typeof value !== 'string') {
    p.add(field, notA(value, 'a string'));
    return false;
  }
  if (value.length === 0 && !allowEmpty) {
    p.add(field, '"" is an empty string');
    return false;
  }
  if (value.length > maxLength) {
    p.add(field, `${show(value)} is ${value.length} characters long, more than ${maxLength}`);
    return false;
  }
  return checkUnicode(p, field, value);
}

/** The first UTF-16 code unit of `text` that is half of a surrogate pair without its other half, or -1. */
export function loneSurrogateAt(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
      else return i;
    } else if (c >= 0xdc00 && c <= 0xdfff) return i;
  }
  return -1;
}

/**
 * Checks a string is Unicode text: a lone surrogate (half of a UTF-16 pair) has no UTF-8 form, so
 * the API server and Envoy would read U+FFFD in its place, not what was written.
 */
export function checkUnicode(p: Problems, field: string, value: string): boolean {
  const at = loneSurrogateAt(value);
  if (at < 0) return true;
  const unit = value.charCodeAt(at).toString(16).toUpperCase();
  p.add(field, `${show(value)} holds a lone surrogate (U+${unit} at index ${at}), which is not Unicode text: Kubernetes would store U+FFFD in its place`);
  return false;
}

/**
 * Checks an array of at most `max` items (at least `min`). Work on the items is
 * bounded by `max`, so no input makes a build hang.
 */
export function checkArray(p: Problems, field: string, value: unknown, min: number, max: number): value is readonly unknown[] {
  if (!Array.isArray(value)) {
    p.add(field, notA(value, `a list${min > 0 ? ` of at least ${min} item(s)` : ''}`));
    return false;
  }
  if (value.length < min) {
    p.add(field, `[] is empty: give at least ${min} item(s)`);
    return false;
  }
  if (value.length > max) {
    p.add(field, `has ${value.length} items, more than ${max}`);
    return false;
  }
  return true;
}

/** Checks a plain object (an options object or a map): not null, not an array, not a class instance. */
export function checkRecord(p: Problems, field: string, value: unknown, what = 'an object'): value is Readonly<Record<string, unknown>> {
  if (!isPlainObject(value)) {
    p.add(field, notA(value, what));
    return false;
  }
  return true;
}

/** True for `{}`-style objects (and objects without a prototype). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return false;
  }
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Deepest level of the props {@link withoutNulls} copies (props are a few levels deep). */
const MAX_COPIED_DEPTH = 8;
/** Longest list whose items {@link withoutNulls} copies; a longer one is kept as it is (its length check rejects it). */
const MAX_COPIED_ITEMS = 10_000;

/**
 * The one rule for `null`: an optional prop given `null` is not given, as with `undefined` (YAML and
 * JSON, so YAML-driven Pulumi config, write an absent value as `null`, and Kubernetes treats `null` as
 * absent); a required one given `null` is missing ("is required"). Returns a copy of the props'
 * plain objects (also inside lists) without their `null`-valued keys; a `null` item of a list stays
 * (and is reported). Class instances (constructs, workloads), a list longer than
 * {@link MAX_COPIED_ITEMS} and anything deeper than {@link MAX_COPIED_DEPTH} are kept as they are, so
 * the copy is bounded. A `"__proto__"` key is defined, never assigned, so it stays a plain key.
 */
export function withoutNulls(value: unknown, depth = 0, copies = new Map<object, unknown>(), at = ''): unknown {
  if (depth >= MAX_COPIED_DEPTH || typeof value !== 'object' || value === null || CLEANED.has(value)) return value;
  // A cycle in the props stays a cycle in the copy (shown as "(circular)", never walked forever).
  if (copies.has(value)) return copies.get(value);
  const list = read(at, () => Array.isArray(value) && value.length <= MAX_COPIED_ITEMS && Object.getPrototypeOf(value) === Array.prototype);
  const copy = list ? copyItems(value as readonly unknown[], depth, copies, at) : read(at, () => isPlainObject(value)) ? copyKeys(value as Record<string, unknown>, depth, copies, at) : value;
  if (copy !== value) CLEANED.add(copy as object);
  return copy;
}

/**
 * The copies {@link withoutNulls} made: given one again (the cdk8s and Pulumi adapters clean the
 * props, then the core does), it is returned as it is.
 */
const CLEANED = new WeakSet<object>();

function copyKeys(value: Readonly<Record<string, unknown>>, depth: number, copies: Map<object, unknown>, at: string): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  copies.set(value, copy);
  let key: string | undefined;
  try {
    // One guarded loop, no closure per key; the field path is made only to recurse or to report.
    for (key of Object.keys(value)) {
      const item = value[key];
      if (item === null) continue;
      const kept = typeof item === 'object' ? withoutNulls(item, depth + 1, copies, propertyPath(at, key)) : item;
      if (key === '__proto__') Object.defineProperty(copy, key, { value: kept, enumerable: true, writable: true, configurable: true });
      else copy[key] = kept;
    }
  } catch (e) {
    throw e instanceof PropReadError ? e : new PropReadError(key === undefined ? at : propertyPath(at, key), e);
  }
  return copy;
}

function copyItems(value: readonly unknown[], depth: number, copies: Map<object, unknown>, at: string): unknown[] {
  const items = new Array<unknown>(value.length);
  copies.set(value, items);
  let i = 0;
  try {
    // One guarded loop, no closure or field path per item: lists of thousands of pod IPs are common.
    for (; i < value.length; i++) {
      if (!(i in value)) continue;
      const item = value[i];
      items[i] = typeof item === 'object' && item !== null ? withoutNulls(item, depth + 1, copies, `${at}[${i}]`) : item;
    }
  } catch (e) {
    throw e instanceof PropReadError ? e : new PropReadError(`${at}[${i}]`, e);
  }
  return items;
}

/** A part of the props that threw while being read (a getter, a Proxy trap): where, and what it threw. */
export class PropReadError extends Error {
  constructor(public readonly field: string, public readonly reason: unknown) {
    super(`reading ${field || 'the props'} threw`);
  }
}

/** Runs `get`, turning what it throws into a {@link PropReadError} naming `field`. */
function read<T>(field: string, get: () => T): T {
  try {
    return get();
  } catch (e) {
    throw new PropReadError(field, e);
  }
}

/** Longest key written as `.key` in a field path; longer ones are written `["…"]`, cut. */
const MAX_DOTTED_KEY_LENGTH = 63;

/**
 * The field path of `key` inside `field`: `healthCheck.path` for an identifier, else
 * `labels["odd: key"]` (quoted and cut by {@link show}), so a key never breaks the
 * `<field>: <message>` shape of a problem line.
 */
export function propertyPath(field: string, key: string): string {
  if (/^[A-Za-z_$][\w$]*$/.test(key) && key.length <= MAX_DOTTED_KEY_LENGTH) {
    return field ? `${field}.${key}` : key;
  }
  return `${field}[${show(key)}]`;
}

/**
 * Reports keys of an options object that are not among `known` (a typo in
 * JavaScript, YAML or Pulumi config would otherwise be ignored silently).
 */
export function checkKnownKeys(p: Problems, field: string, value: Readonly<Record<string, unknown>>, known: readonly string[]): boolean {
  let ok = true;
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) {
      const near = known.find((k) => k.toLowerCase() === key.toLowerCase());
      p.add(propertyPath(field, key), `is not a known property${near ? ` (did you mean ${show(near)}?)` : `; known: ${known.join(', ')}`}`);
      ok = false;
    }
  }
  return ok;
}

/** Largest duration protobuf can carry (`google.protobuf.Duration`: 10,000 years). */
const MAX_DURATION_SECONDS = 315_576_000_000;

/** Checks a duration in seconds: positive, finite, at most nanosecond precision. */
export function checkSeconds(p: Problems, field: string, value: unknown): value is number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > MAX_DURATION_SECONDS || value < 1e-9) {
    p.add(field, isNot(value, 'a positive duration in seconds (e.g. 0.25 or 10)'));
    return false;
  }
  return true;
}

/** Checks an IPv4 or IPv6 address literal. */
export function checkIp(p: Problems, field: string, value: unknown): value is string {
  if (typeof value !== 'string' || isIP(value) === 0) {
    p.add(field, isNot(value, 'an IPv4 or IPv6 address'));
    return false;
  }
  return true;
}

/** Checks a value is one of `allowed`. */
export function checkOneOf<T extends string>(p: Problems, field: string, value: unknown, allowed: readonly T[]): value is T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    p.add(field, isNot(value, `one of ${allowed.join(', ')}`));
    return false;
  }
  return true;
}

/**
 * Checks a container image reference is pinned: it must carry a tag other
 * than `latest`, or a digest, so synth output names exactly what runs.
 */
export function checkImage(p: Problems, field: string, value: unknown): value is string {
  if (typeof value !== 'string' || value.length === 0 || /\s/.test(value)) {
    p.add(field, isNot(value, 'a container image reference'));
    return false;
  }
  if (!checkUnicode(p, field, value)) {
    return false;
  }
  const lastSegment = value.slice(value.lastIndexOf('/') + 1);
  const tagged = lastSegment.includes(':') && !lastSegment.endsWith(':latest') && !lastSegment.endsWith(':');
  if (!tagged && !value.includes('@sha256:')) {
    p.add(field, `${show(value)} is not pinned: give a tag other than "latest" or a digest (e.g. "envoyproxy/envoy:v1.39.6")`);
    return false;
  }
  return true;
}

/** Checks Kubernetes label (or selector) keys and values. */
export function checkLabels(p: Problems, field: string, labels: unknown): labels is Record<string, string> {
  if (labels === undefined) {
    return true;
  }
  if (!checkRecord(p, field, labels, 'a map of label keys to values')) {
    return false;
  }
  let ok = true;
  for (const [key, value] of Object.entries(labels)) {
    if (!isQualifiedName(key)) {
      p.add(`${field}[${show(key)}]`, `${show(key)} is not a valid label key ([prefix/]name, name at most 63 characters of letters, digits, "-", "_", "."; prefix a DNS subdomain)`);
      ok = false;
    }
    if (!checkLabelValue(p, `${field}[${show(key)}]`, value)) {
      ok = false;
    }
  }
  return ok;
}

/** Checks one label value. */
export function checkLabelValue(p: Problems, field: string, value: unknown): value is string {
  if (typeof value !== 'string' || value.length > 63 || !LABEL_VALUE.test(value)) {
    p.add(field, isNot(value, 'a valid label value (at most 63 characters of letters, digits, "-", "_", ".", starting and ending with a letter or digit)'));
    return false;
  }
  return true;
}

/** Kubernetes' limit on the total size of an object's annotations (keys and values), `TotalAnnotationSizeLimitB`. */
export const MAX_ANNOTATIONS_BYTES = 256 * 1024;

/** Checks annotation keys (values are free text) and their total size. */
export function checkAnnotations(p: Problems, field: string, annotations: unknown): boolean {
  if (annotations === undefined) {
    return true;
  }
  if (!checkRecord(p, field, annotations, 'a map of annotation keys to string values')) {
    return false;
  }
  let ok = true;
  let size = 0;
  for (const [key, value] of Object.entries(annotations)) {
    if (!isQualifiedName(key)) {
      p.add(`${field}[${show(key)}]`, `${show(key)} is not a valid annotation key ([prefix/]name)`);
      ok = false;
    }
    if (typeof value !== 'string') {
      p.add(`${field}[${show(key)}]`, notA(value, 'a string'));
      ok = false;
    } else {
      ok = checkUnicode(p, `${field}[${show(key)}]`, value) && ok;
      size += Buffer.byteLength(key) + Buffer.byteLength(value);
    }
  }
  if (size > MAX_ANNOTATIONS_BYTES) {
    p.add(field, `total ${size} bytes, more than Kubernetes allows (${MAX_ANNOTATIONS_BYTES})`);
    ok = false;
  }
  return ok;
}

function isQualifiedName(key: string): boolean {
  const parts = key.split('/');
  if (parts.length > 2) {
    return false;
  }
  const name = parts[parts.length - 1];
  if (name.length === 0 || name.length > 63 || !LABEL_VALUE.test(name)) {
    return false;
  }
  if (parts.length === 2) {
    const prefix = parts[0];
    return prefix.length > 0 && prefix.length <= 253 && DNS1123_SUBDOMAIN.test(prefix);
  }
  return true;
}

/** Checks CPU/memory requests and limits are Kubernetes quantities. */
export function checkResources(p: Problems, field: string, resources: unknown): boolean {
  if (resources === undefined) {
    return true;
  }
  if (!checkRecord(p, field, resources, 'an object with requests and limits')) {
    return false;
  }
  let ok = checkKnownKeys(p, field, resources, ['requests', 'limits']);
  for (const tier of ['requests', 'limits'] as const) {
    const quantities = resources[tier];
    if (quantities === undefined) {
      continue;
    }
    if (!checkRecord(p, `${field}.${tier}`, quantities, 'an object such as { cpu: "100m", memory: "128Mi" }')) {
      ok = false;
      continue;
    }
    for (const [resource, quantity] of Object.entries(quantities)) {
      if (resource !== 'cpu' && resource !== 'memory') {
        p.add(propertyPath(`${field}.${tier}`, resource), `is not a known resource; known: cpu, memory`);
        ok = false;
      } else if (typeof quantity !== 'string' || quantity.length > 64 || !QUANTITY.test(quantity)) {
        p.add(`${field}.${tier}.${resource}`, `${show(quantity)} is not a Kubernetes quantity (e.g. "250m", "1", "128Mi")`);
        ok = false;
      }
    }
  }
  return ok;
}

/**
 * A fresh copy of resources, as plain objects in a fixed key order: the user's own objects
 * (a null-prototype object, a frozen one) never reach the output. A value that is not an
 * object (already reported by {@link checkResources}) is returned as it is.
 */
export function copyResources(resources: ResourceRequirements): ResourceRequirements {
  if (!isPlainObject(resources)) return resources;
  const copy = (q: unknown): unknown => {
    if (!isPlainObject(q)) return q;
    const { cpu, memory } = q as ResourceQuantities;
    return { ...(cpu !== undefined ? { cpu } : {}), ...(memory !== undefined ? { memory } : {}) };
  };
  const { requests, limits } = resources;
  return {
    ...(requests !== undefined ? { requests: copy(requests) as ResourceQuantities } : {}),
    ...(limits !== undefined ? { limits: copy(limits) as ResourceQuantities } : {}),
  };
}

/** Checks a DNS domain such as the cluster domain `cluster.local`. */
export function checkDomain(p: Problems, field: string, value: unknown): value is string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 253 || !DNS1123_SUBDOMAIN.test(value)) {
    p.add(field, isNot(value, 'a DNS domain (e.g. "cluster.local")'));
    return false;
  }
  return true;
}

/** Reports duplicates among `values` (port numbers, port names), each at `field[i]`. */
export function checkUnique<T>(p: Problems, field: string, values: readonly T[], what: string): boolean {
  return checkUniqueAt(p, values.map((value, i) => ({ field: `${field}[${i}]`, value })), what);
}

/** One value for {@link checkUniqueAt}: where the user wrote it, the value, and what makes it equal to another. */
export interface FieldValue {
  readonly field: string;
  readonly value: unknown;
  /** @default - the value itself */
  readonly key?: unknown;
}

/** Reports every entry whose key an earlier entry has, naming both fields. */
export function checkUniqueAt(p: Problems, entries: readonly FieldValue[], what: string): boolean {
  const first = new Map<unknown, string>();
  let ok = true;
  for (const { field, value, key = value } of entries) {
    const earlier = first.get(key);
    if (earlier !== undefined) {
      p.add(field, `${show(value)} is a duplicate ${what} (${earlier} has it too): each must be unique`);
      ok = false;
    } else first.set(key, field);
  }
  return ok;
}

/** Checks the labels and pod annotations of a workload whose `app` label is `app`. */
export function checkPodOptions(p: Problems, options: PodOptions, app: string): void {
  checkLabels(p, 'labels', options.labels);
  checkAnnotations(p, 'podAnnotations', options.podAnnotations);
  const appLabel = options.labels?.app;
  if (appLabel !== undefined && appLabel !== app) {
    p.add('labels["app"]', `${show(appLabel)} would change the selector label: the app label is always the name ${show(app)}`);
  }
}
