/**
 * The mTLS mode Istio enforces on a workload port, composed the way
 * `pilot/pkg/security/authn/policy_applier.go` (`ComposePeerAuthentication`)
 * does: mesh-wide policy (selector-less, root namespace), then the
 * namespace-wide policy, then the workload policy, then its port-level entry;
 * `UNSET` inherits; at each level only the oldest policy counts.
 */
import { MtlsMode } from '../../../core/types';
import { PeerAuthenticationInfo, ResourceIndex, RuleOptions, WorkloadInfo } from '../../types';
import { nonEmptySelector, oldestOf } from './policy';

/** A resolved mode and where it comes from, for messages. */
export interface ResolvedMtls {
  readonly mode: Exclude<MtlsMode, 'UNSET'>;
  /** e.g. `PeerAuthentication data/default (namespace-wide)` or `the mesh default (PERMISSIVE)`. */
  readonly source: string;
  /** True when a workload-level policy sets the mode for this very port. */
  readonly portLevel: boolean;
}

/** Resolves effective mTLS modes over one index, in time linear in the policies. */
export class MtlsResolver {
  private readonly namespaceWide = new Map<string, PeerAuthenticationInfo>();
  private readonly byWorkload = new Map<WorkloadInfo, PeerAuthenticationInfo | undefined>();

  constructor(private readonly index: ResourceIndex, private readonly options: RuleOptions) {
    const groups = new Map<string, PeerAuthenticationInfo[]>();
    for (const pa of index.peerAuthentications) {
      if (nonEmptySelector(pa.selector) !== undefined) continue;
      const list = groups.get(pa.namespace) ?? [];
      list.push(pa);
      groups.set(pa.namespace, list);
    }
    for (const [namespace, list] of groups) {
      const oldest = oldestOf(list);
      if (oldest !== undefined) this.namespaceWide.set(namespace, oldest);
    }
  }

  /** The mode of a namespace's pods without workload policy: namespace-wide, else mesh-wide, else the option. */
  namespaceMode(namespace: string): ResolvedMtls {
    const own = this.namespaceWide.get(namespace);
    if (own !== undefined && own.mode !== 'UNSET') {
      const scope = namespace === this.options.rootNamespace ? 'mesh-wide' : 'namespace-wide';
      return { mode: own.mode, source: `PeerAuthentication ${namespace}/${own.object.name} (${scope})`, portLevel: false };
    }
    const mesh = this.namespaceWide.get(this.options.rootNamespace);
    if (mesh !== undefined && mesh.mode !== 'UNSET') {
      return { mode: mesh.mode, source: `PeerAuthentication ${mesh.namespace}/${mesh.object.name} (mesh-wide)`, portLevel: false };
    }
    const fallback = this.options.meshMtlsMode === 'UNSET' ? 'PERMISSIVE' : this.options.meshMtlsMode;
    return { mode: fallback, source: `the mesh default (${fallback}, option meshMtlsMode)`, portLevel: false };
  }

  /** The workload-level policy that applies to the workload's pods: the oldest matching one outside the root namespace. */
  workloadPolicy(workload: WorkloadInfo): PeerAuthenticationInfo | undefined {
    if (this.byWorkload.has(workload)) return this.byWorkload.get(workload);
    const candidates = this.index
      .peerAuthenticationsFor(workload)
      .filter((pa) => pa.namespace === workload.namespace && pa.namespace !== this.options.rootNamespace && nonEmptySelector(pa.selector) !== undefined);
    const policy = oldestOf(candidates);
    this.byWorkload.set(workload, policy);
    return policy;
  }

  /** The mode enforced on `port` (a container port) of the workload's pods. */
  portMode(workload: WorkloadInfo, port: number): ResolvedMtls {
    const policy = this.workloadPolicy(workload);
    if (policy !== undefined) {
      const name = `PeerAuthentication ${policy.namespace}/${policy.object.name}`;
      const atPort = policy.portLevel.get(port);
      if (atPort !== undefined && atPort !== 'UNSET') {
        return { mode: atPort, source: `${name} (portLevelMtls ${port})`, portLevel: true };
      }
      if (policy.mode !== 'UNSET') {
        return { mode: policy.mode, source: `${name} (workload-level)`, portLevel: false };
      }
    }
    return this.namespaceMode(workload.namespace);
  }
}
