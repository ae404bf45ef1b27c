/**
 * Security settings that make pods meet the Kubernetes "restricted" Pod
 * Security Standard (non-root, no privilege escalation, all capabilities
 * dropped, RuntimeDefault seccomp), as the Envoy generators do (envoy.md §3).
 */

/** The pod-level security context for a container running as `uid`. */
export function restrictedPodSecurityContext(uid: number, gid: number): Record<string, unknown> {
  return {
    fsGroup: gid,
    runAsGroup: gid,
    runAsNonRoot: true,
    runAsUser: uid,
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/** The container-level security context. */
export function restrictedContainerSecurityContext(readOnlyRootFilesystem: boolean): Record<string, unknown> {
  return {
    allowPrivilegeEscalation: false,
    capabilities: { drop: ['ALL'] },
    privileged: false,
    readOnlyRootFilesystem,
    runAsNonRoot: true,
  };
}
