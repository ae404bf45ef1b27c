/**
 * The Deployment shape both EchoService and EnvoyDirectPods emit: one container, pods that meet
 * the Kubernetes "restricted" Pod Security Standard (non-root, no privilege escalation, all
 * capabilities dropped, RuntimeDefault seccomp: https://kubernetes.io/docs/concepts/security/pod-security-standards/),
 * no service-account token and no service-link environment variables.
 */
import { sortKeys } from './labels';
import { KubeObject, ObjectMeta } from './types';

/** Inputs of {@link restrictedDeployment}. */
export interface RestrictedDeploymentInput {
  readonly metadata: ObjectMeta;
  readonly replicas: number;
  /** `spec.selector.matchLabels`; the pod labels must include them. */
  readonly selector: Readonly<Record<string, string>>;
  readonly podLabels: Readonly<Record<string, string>>;
  /** Pod template annotations; none when empty. */
  readonly podAnnotations?: Readonly<Record<string, string>>;
  /** uid and gid the container runs as. */
  readonly uid: number;
  /** The container, without `securityContext` (added here). */
  readonly container: Readonly<Record<string, unknown>>;
  readonly readOnlyRootFilesystem: boolean;
  readonly volumes: ReadonlyArray<Readonly<Record<string, unknown>>>;
}

/** A Deployment of one container under the restricted Pod Security Standard. */
export function restrictedDeployment(input: RestrictedDeploymentInput): KubeObject {
  const annotations = input.podAnnotations ?? {};
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: input.metadata,
    spec: {
      replicas: input.replicas,
      selector: { matchLabels: input.selector },
      template: {
        metadata: {
          labels: input.podLabels,
          ...(Object.keys(annotations).length > 0 ? { annotations: sortKeys(annotations) } : {}),
        },
        spec: {
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          securityContext: {
            fsGroup: input.uid,
            runAsGroup: input.uid,
            runAsNonRoot: true,
            runAsUser: input.uid,
            seccompProfile: { type: 'RuntimeDefault' },
          },
          containers: [
            {
              ...input.container,
              securityContext: {
                allowPrivilegeEscalation: false,
                capabilities: { drop: ['ALL'] },
                privileged: false,
                readOnlyRootFilesystem: input.readOnlyRootFilesystem,
                runAsNonRoot: true,
              },
            },
          ],
          volumes: input.volumes,
        },
      },
    },
  };
}
