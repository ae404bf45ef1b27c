/**
 * ID307: Sidecars and PeerAuthentication `DISABLE` where pods run in ambient
 * mode. Ambient pods have no sidecar proxy, so a Sidecar object configures
 * nothing for them, and ztunnel does not support `DISABLE` (PeerAuthentication
 * reference, https://istio.io/latest/docs/reference/config/security/peer_authentication/).
 */
import { ManifestObject, PeerAuthenticationInfo, ResourceIndex, Rule, RuleOptions, WorkloadInfo } from '../types';
import { describeWorkload, nonEmptySelector, parsePortKey, portLevelPath, selectorKey } from './helpers/policy';

export const rule: Rule = {
  code: 'ID307',
  name: 'ambient-unsupported',
  title: 'A Sidecar, or a PeerAuthentication DISABLE, for pods in ambient mode',
  severity: 'error',
  istioVersions: {},
  check(index, options, report) {
    if (!anyAmbient(index)) return; // Then no policy reaches ambient (see ambientTarget).
    const cache = new Map<string, string | undefined>();
    const target = (namespace: string, selector: Readonly<Record<string, string>> | undefined): string | undefined => {
      const key = `${namespace}\u0000${selector === undefined ? '' : selectorKey(selector)}`;
      if (!cache.has(key)) cache.set(key, ambientTarget(index, options, namespace, selector));
      return cache.get(key);
    };
    for (const sidecar of index.sidecars) {
      const where = target(sidecar.namespace, nonEmptySelector(sidecar.selector));
      if (where === undefined) continue;
      report(
        sidecar.object,
        '',
        `Sidecar "${sidecar.object.name}" applies to ${where}, which runs in ambient mode: ambient pods have no sidecar proxy, so Istio ignores ` +
          'the Sidecar for them (ingress, egress and outbound policy); use a waypoint and ambient-mode resources, or remove the Sidecar',
      );
    }
    for (const pa of index.peerAuthentications) {
      const paths = disablePaths(pa);
      if (paths.length === 0) continue;
      const where = target(pa.namespace, nonEmptySelector(pa.selector));
      if (where === undefined) continue;
      for (const path of paths) report(pa.object, path, message(pa.object, where));
    }
  },
};

/** True when a workload or a namespace of the input is ambient. */
function anyAmbient(index: ResourceIndex): boolean {
  for (const w of index.workloads) if (w.ambient) return true;
  for (const info of index.namespaces.values()) if (info.ambient) return true;
  return false;
}

/** `spec.mtls.mode` and every `portLevelMtls` entry set to DISABLE. */
function disablePaths(pa: PeerAuthenticationInfo): string[] {
  const paths = pa.mode === 'DISABLE' ? ['spec.mtls.mode'] : [];
  for (const key of pa.portLevelKeys) {
    const port = parsePortKey(key);
    if (port !== undefined && pa.portLevel.get(port) === 'DISABLE') paths.push(portLevelPath(key));
  }
  return paths;
}

/**
 * What ambient the policy reaches, described, or `undefined`: a selected
 * ambient workload; for a selector-less policy its ambient namespace, unless
 * every workload of it in the input opted out (in the root namespace: any
 * ambient namespace or workload of the input); for a
 * selector that selects nothing in the input, its ambient namespace.
 */
function ambientTarget(
  index: ResourceIndex,
  options: RuleOptions,
  namespace: string,
  selector: Readonly<Record<string, string>> | undefined,
): string | undefined {
  if (selector !== undefined) {
    const selected = index.workloadsSelectedBy(namespace, selector);
    const ambient = selected.find((w) => w.ambient);
    if (ambient !== undefined) return describeWorkload(ambient);
    return selected.length === 0 && index.namespace(namespace).ambient ? `namespace "${namespace}"` : undefined;
  }
  if (namespace !== options.rootNamespace) {
    if (!index.namespace(namespace).ambient) return undefined;
    const all = index.workloadsSelectedBy(namespace, {});
    // Pods of an ambient namespace that opt out (own label, or an injected sidecar) still use the policy.
    return all.length === 0 || all.some((w) => w.ambient) ? `namespace "${namespace}"` : undefined;
  }
  const workload: WorkloadInfo | undefined = index.workloads.find((w) => w.ambient);
  if (workload !== undefined) return `the whole mesh, including ${describeWorkload(workload)}`;
  for (const info of index.namespaces.values()) {
    if (info.ambient) return `the whole mesh, including namespace "${info.name}"`;
  }
  return undefined;
}

function message(object: ManifestObject, where: string): string {
  return (
    `PeerAuthentication "${object.name}" sets DISABLE for ${where}, which runs in ambient mode: ambient mode does not support DISABLE ` +
    '(ztunnel keeps mTLS/HBONE between mesh pods); use PERMISSIVE to accept plaintext from outside the mesh, or take the pods out of ambient mode'
  );
}
