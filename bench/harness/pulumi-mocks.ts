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

/** The custom resources' registrations (type, name, inputs), sorted, as one JSON text to compare programs by. */
export function customRegistrationsJson(): string {
  const custom = registrations.filter((r) => r.custom).map(({ type, name, inputs }) => ({ type, name, inputs }));
  custom.sort((a, b) => (a.type + '\0' + a.name < b.type + '\0' + b.name ? -1 : 1));
  return JSON.stringify(custom, null, 1);
}
