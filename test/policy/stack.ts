/**
 * Hand-built `StackValidationArgs`, shaped as the Pulumi CLI passes them to a
 * stack policy (the CLI is not available in the tests), and a runner that
 * calls every policy's `validateStack` as `@pulumi/policy`'s analyzer does.
 */
import type { PolicyResource, StackValidationArgs, StackValidationPolicy } from '@pulumi/policy/policy';

/** A violation as the analyzer records it. */
export interface Violation {
  readonly policy: string;
  readonly message: string;
  readonly urn?: string;
}

/** A resource of the stack: only what the test cares about; the rest is defaulted. */
export interface ResourceSpec {
  readonly type: string;
  readonly name: string;
  readonly props: Record<string, unknown>;
  readonly urn?: string;
  readonly providerProps?: Record<string, unknown>;
}

/** The URN Pulumi gives a top-level resource of stack `dev`, project `app`. */
export function urnOf(type: string, name: string): string {
  return `urn:pulumi:dev::app::${type}::${name}`;
}

/** The `@pulumi/kubernetes` type token of a Kubernetes object: `kubernetes:apps/v1:Deployment`. */
export function typeOf(object: Record<string, unknown>): string {
  const apiVersion = String(object.apiVersion);
  const groupVersion = apiVersion.includes('/') ? apiVersion : `core/${apiVersion}`;
  return `kubernetes:${groupVersion}:${String(object.kind)}`;
}

/** A resource of the stack for a Kubernetes object, named after it. */
export function k8sResource(object: Record<string, unknown>, name?: string): ResourceSpec {
  const metadata = (object.metadata ?? {}) as Record<string, unknown>;
  return { type: typeOf(object), name: name ?? `${String(object.kind).toLowerCase()}-${String(metadata.name)}`, props: object };
}

export function policyResource(spec: ResourceSpec): PolicyResource {
  const urn = spec.urn ?? urnOf(spec.type, spec.name);
  return {
    type: spec.type,
    name: spec.name,
    urn,
    props: spec.props,
    opts: { protect: false, ignoreChanges: [], aliases: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 }, additionalSecretOutputs: [] },
    dependencies: [],
    propertyDependencies: {},
    ...(spec.providerProps !== undefined
      ? { provider: { type: 'pulumi:providers:kubernetes', name: 'k8s', urn: urnOf('pulumi:providers:kubernetes', 'k8s'), props: spec.providerProps } }
      : {}),
    isType: () => false,
    asType: () => undefined,
  };
}

/** `StackValidationArgs` for these resources, with `config` as every policy's configuration. */
export function stackArgs(resources: readonly ResourceSpec[], config: Record<string, unknown> = {}): StackValidationArgs {
  return {
    resources: resources.map(policyResource),
    stackTags: new Map(),
    getConfig: <T extends object>() => config as T,
    notApplicable: (reason?: string): never => {
      throw new Error(`not applicable: ${reason}`);
    },
  };
}

/**
 * Runs every policy that is not disabled, in order, as the analyzer does,
 * and returns their violations. `configs` holds each policy's configuration.
 */
export async function validate(policies: readonly StackValidationPolicy[], resources: readonly ResourceSpec[], configs: Record<string, Record<string, unknown>> = {}): Promise<Violation[]> {
  const violations: Violation[] = [];
  for (const policy of policies) {
    const config = configs[policy.name] ?? {};
    if ((config.enforcementLevel ?? policy.enforcementLevel) === 'disabled') continue;
    const { enforcementLevel: _level, ...settings } = config;
    await policy.validateStack(stackArgs(resources, settings), (message, urn) => {
      violations.push({ policy: policy.name, message, ...(urn !== undefined ? { urn } : {}) });
    });
  }
  return violations;
}
