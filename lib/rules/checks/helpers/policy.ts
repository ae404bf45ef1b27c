/**
 * Shared reading of Istio policies for the mTLS, PeerAuthentication and
 * Sidecar rules: selectors, the age order Istio resolves conflicts with, port
 * keys, and the effective mTLS mode of a workload port.
 *
 * Pure and framework-free; every function tolerates objects with wrong field
 * types (the schema validation reports those).
 */
import { formatPath } from '../../../base/paths';
import {
  ManifestObject,
  PeerAuthenticationInfo,
  RuleOptions,
  ServiceInfo,
  ServicePortInfo,
  WorkloadInfo,
} from '../../types';
import { hasOwnKeys } from '../../values';

/** A `matchLabels` map with at least one label, else `undefined` (Istio treats an empty one as no selector). */
export function nonEmptySelector(selector: Readonly<Record<string, string>> | undefined): Readonly<Record<string, string>> | undefined {
  return selector !== undefined && hasOwnKeys(selector) ? selector : undefined;
}

/** `{app: kafka, version: v1}`, labels sorted. */
export function describeSelector(selector: Readonly<Record<string, string>>): string {
  const parts = Object.keys(selector)
    .sort()
    .map((k) => `${k}: ${selector[k]}`);
  return `{${parts.join(', ')}}`;
}

/** A canonical key for a label map: equal maps give equal keys. */
export function selectorKey(selector: Readonly<Record<string, string>>): string {
  return JSON.stringify(Object.keys(selector).sort().map((k) => [k, selector[k]]));
}

/** True when every label of `small` is in `big` with the same value. */
export function isSubset(small: Readonly<Record<string, string>>, big: Readonly<Record<string, string>>): boolean {
  for (const k in small) {
    if (Object.prototype.hasOwnProperty.call(small, k) && !(Object.prototype.hasOwnProperty.call(big, k) && big[k] === small[k])) return false;
  }
  return true;
}

/** `metadata.creationTimestamp` in milliseconds, when written and valid. */
export function creationTime(object: ManifestObject): number | undefined {
  const metadata = object.raw.metadata;
  if (metadata === null || typeof metadata !== 'object') return undefined;
  const stamp = (metadata as Record<string, unknown>).creationTimestamp;
  if (typeof stamp !== 'string') return undefined;
  const time = Date.parse(stamp);
  return Number.isNaN(time) ? undefined : time;
}

/** True when both objects carry a creation timestamp, so which one Istio treats as older is known. */
export function ageKnown(a: ManifestObject, b: ManifestObject): boolean {
  return creationTime(a) !== undefined && creationTime(b) !== undefined;
}

/**
 * Istio's conflict order: older `creationTimestamp` first, then name, then
 * namespace (`pilot/pkg/model/config.go`). Without timestamps, input order.
 */
export function compareAge(a: ManifestObject, b: ManifestObject): number {
  const ta = creationTime(a);
  const tb = creationTime(b);
  if (ta !== undefined && tb !== undefined) {
    if (ta !== tb) return ta - tb;
    if (a.name !== b.name) return a.name < b.name ? -1 : 1;
    if (a.namespace !== b.namespace) return a.namespace < b.namespace ? -1 : 1;
  }
  return a.ordinal - b.ordinal;
}

/** The oldest of `items` by {@link compareAge}. */
export function oldestOf<T extends { readonly object: ManifestObject }>(items: readonly T[]): T | undefined {
  let best: T | undefined;
  for (const item of items) {
    if (best === undefined || compareAge(item.object, best.object) < 0) best = item;
  }
  return best;
}

/** A `portLevelMtls` key as Istio reads it: a decimal port 1-65535, else `undefined` (`"0x2384"` is not a port). */
export function parsePortKey(key: string): number | undefined {
  if (!/^[0-9]{1,5}$/.test(key)) return undefined;
  const port = Number(key);
  return port >= 1 && port <= 65535 ? port : undefined;
}

/** `spec.portLevelMtls["2381"]` */
export function portLevelPath(key: string): string {
  return formatPath(['spec', 'portLevelMtls', key]);
}

/** The mode a `portLevelMtls` entry sets, read from the object as written. */
export function portLevelModeOf(pa: PeerAuthenticationInfo, key: string): string | undefined {
  const spec = pa.object.raw.spec;
  if (spec === null || typeof spec !== 'object') return undefined;
  const levels = (spec as Record<string, unknown>).portLevelMtls;
  if (levels === null || typeof levels !== 'object' || Array.isArray(levels)) return undefined;
  const entry = (levels as Record<string, unknown>)[key];
  if (entry === null || typeof entry !== 'object') return undefined;
  const mode = (entry as Record<string, unknown>).mode;
  return typeof mode === 'string' ? mode.toUpperCase() : undefined;
}

/** The container port a Service port reaches on a workload's pods (named target ports resolved), if known. */
export function containerPortFor(port: ServicePortInfo, workload: WorkloadInfo): number | undefined {
  const target = port.targetPort;
  if (target === undefined) return port.port;
  if (typeof target === 'number') return target;
  if (/^[0-9]+$/.test(target)) return Number(target);
  return workload.containerPorts.find((p) => p.name === target)?.containerPort;
}

/** `kafka.data.svc.cluster.local` */
export function serviceHost(service: ServiceInfo, options: RuleOptions): string {
  return service.fqdn !== '' ? service.fqdn : `${service.name}.${service.namespace}.svc.${options.clusterDomain}`;
}

/** `StatefulSet data/kafka` */
export function describeWorkload(workload: WorkloadInfo): string {
  return `${workload.kind} ${workload.namespace}/${workload.name}`;
}
