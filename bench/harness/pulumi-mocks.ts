/**
 * Pulumi mocks for the bench's Pulumi programs: every registration is recorded, as the
 * engine would see it. Call {@link installMocks} before loading any resource module.
 */
import * as pulumi from '@pulumi/pulumi';

/** One resource registration. */
export interface Registration {
  readonly type: string;
  readonly name: string;
  readonly custom: boolean;
  readonly inputs: Record<string, unknown>;
}

/** Every registration so far, in arrival order. */
export const registrations: Registration[] = [];

/** Installs the recording mocks (`pulumi.runtime.setMocks`). */
export function installMocks(): void {
  void pulumi.runtime.setMocks(
    {
      newResource(args: pulumi.runtime.MockResourceArgs): { id: string | undefined; state: Record<string, unknown> } {
        registrations.push({ type: args.type, name: args.name, custom: args.custom ?? false, inputs: args.inputs });
        return { id: args.custom ? `${args.name}_id` : undefined, state: args.inputs };
      },
      call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
        return args.inputs;
      },
    },
    'istio-direct-bench',
    'bench',
    false,
  );
}

/** Resolves once every resource's URN is known, i.e. every registration reached the mocks. */
export function settle(resources: readonly pulumi.Resource[]): Promise<void> {
  return new Promise((resolve) => {
    pulumi.all(resources.map((r) => r.urn)).apply(() => resolve());
  });
}

/**
 * Every registration (type, name, custom or component, inputs) and the URN of every resource
 * in `resources` (which holds each resource's parent chain, so the same URNs mean the same
 * stack shape), both sorted, as one JSON text to compare programs by.
 */
export async function registrationsJson(resources: readonly pulumi.Resource[]): Promise<string> {
  const all = registrations.map(({ type, name, custom, inputs }) => ({ type, name, custom, inputs }));
  all.sort((a, b) => (a.type + '\0' + a.name < b.type + '\0' + b.name ? -1 : 1));
  const urns = await new Promise<string[]>((resolve) => {
    pulumi.all(resources.map((r) => r.urn)).apply((list) => resolve([...list].sort()));
  });
  return JSON.stringify({ registrations: all, urns }, null, 1);
}
