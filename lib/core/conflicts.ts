/**
 * Istio applies only the oldest of several PeerAuthentications (or Sidecars)
 * that select the same pods in one namespace, silently (istio.md §3, §6
 * "PeerAuthentication"). This finds such pairs among the objects of an app.
 */
import { DEFAULT_NAMESPACE } from './names';
import { sortKeys } from './labels';
import { KubeObject } from './types';

/** Two policies that select the same pods. */
export interface PolicyConflict {
  /** `PeerAuthentication` or `Sidecar`. */
  readonly kind: string;
  /** Their namespace. */
  readonly namespace: string;
  /** The object that came first (the one Istio would apply if it is also the oldest). */
  readonly first: string;
  /** The object that came later. */
  readonly second: string;
  /** What both select, as JSON (`{}` for namespace-wide). */
  readonly selector: string;
  /** Index of the later object in the list given. */
  readonly secondIndex: number;
  /** A sentence for an error message. */
  readonly message: string;
}

function selectorOf(object: KubeObject): Record<string, string> | undefined {
  const spec = object.spec as Record<string, any> | undefined;
  if (object.kind === 'PeerAuthentication') {
    return spec?.selector?.matchLabels;
  }
  return spec?.workloadSelector?.labels;
}

/** Every pair of PeerAuthentications or Sidecars in `objects` that select the same pods. */
export function findPolicyConflicts(objects: readonly KubeObject[]): PolicyConflict[] {
  const seen = new Map<string, KubeObject>();
  const conflicts: PolicyConflict[] = [];
  objects.forEach((object, index) => {
    const istio = object.apiVersion.startsWith('security.istio.io/') || object.apiVersion.startsWith('networking.istio.io/');
    if (!istio || (object.kind !== 'PeerAuthentication' && object.kind !== 'Sidecar')) {
      return;
    }
    const namespace = object.metadata.namespace ?? DEFAULT_NAMESPACE;
    const selector = JSON.stringify(sortKeys(selectorOf(object) ?? {}));
    const key = `${object.kind}\n${namespace}\n${selector}`;
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, object);
      return;
    }
    conflicts.push({
      kind: object.kind,
      namespace,
      first: first.metadata.name,
      second: object.metadata.name,
      selector,
      secondIndex: index,
      message:
        `${object.kind} ${JSON.stringify(object.metadata.name)} selects the same pods as ${JSON.stringify(first.metadata.name)} ` +
        `in namespace ${JSON.stringify(namespace)} (${selector}): Istio applies only the oldest of them (istio.md §3); ` +
        `emit one (HeadlessMeshService: peerAuthentication: false on the others)`,
    });
  });
  return conflicts;
}
