/**
 * The one Pulumi mocks helper (a later `setMocks` silently replaces an earlier
 * one). Import it BEFORE any component module: it
 * installs the mocks when loaded.
 */
import * as pulumi from '@pulumi/pulumi';

/** One resource registration, as the engine would see it. */
export interface Registration {
  readonly type: string;
  readonly name: string;
  readonly inputs: Record<string, unknown>;
  readonly custom: boolean;
  readonly provider?: string;
}

/** Every registration so far, in arrival order (which is not deterministic). */
export const registrations: Registration[] = [];

void pulumi.runtime.setMocks(
  {
    newResource(args: pulumi.runtime.MockResourceArgs): { id: string | undefined; state: Record<string, unknown> } {
      registrations.push({ type: args.type, name: args.name, inputs: args.inputs, custom: args.custom ?? false, provider: args.provider });
      return { id: args.custom ? `${args.name}_id` : undefined, state: args.inputs };
    },
    call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
      return args.inputs;
    },
  },
  'istio-direct',
  'test',
  false,
);

/** The value of an Output, via `apply` (Output.promise is internal). */
export function unwrap<T>(value: pulumi.Input<T>): Promise<pulumi.Unwrap<T>> {
  return new Promise((resolve) => {
    pulumi.output(value).apply((v) => {
      resolve(v);
      return v;
    });
  });
}

/** Waits until every resource is registered; returns their URNs. */
export function settle(resources: readonly pulumi.Resource[]): Promise<string[]> {
  return unwrap(pulumi.all(resources.map((r) => r.urn)));
}

/** Registrations whose logical name is one of `names`, sorted by type, then name. */
export function registrationsNamed(names: readonly string[]): Registration[] {
  const wanted = new Set(names);
  return sortRegistrations(registrations.filter((r) => wanted.has(r.name)));
}

/** Registrations whose logical name starts with `prefix`, sorted by type, then name. */
export function registrationsWithPrefix(prefix: string): Registration[] {
  return sortRegistrations(registrations.filter((r) => r.name.startsWith(prefix)));
}

/** Sorted by type, then name: registration order is async. */
export function sortRegistrations(list: readonly Registration[]): Registration[] {
  return [...list].sort((a, b) => cmp(a.type, b.type) || cmp(a.name, b.name));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The outputs a component registered with `registerOutputs`, read back from
 * the mock monitor once they arrive (they are sent after the component's
 * children resolve).
 */
export async function registeredOutputs(component: pulumi.ComponentResource): Promise<Record<string, unknown>> {
  const urn = await unwrap(component.urn);
  const monitor = pulumi.runtime.getMonitor() as unknown as {
    getRegisteredResources(): Map<string, { state: unknown }>;
  };
  // Poll the event loop (no timing involved): registerOutputs is an async RPC.
  for (let i = 0; i < 1000; i++) {
    const state = monitor.getRegisteredResources().get(urn)?.state as { toJavaScript?: () => Record<string, unknown> } | undefined;
    if (state && typeof state.toJavaScript === 'function') {
      return state.toJavaScript();
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error(`no outputs registered for ${urn}`);
}

/**
 * Turns the event loop until `done()` holds, for registrations nothing can be
 * awaited on (e.g. a program that exports only values). No timing involved.
 */
export async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 10000 && !done(); i++) {
    await new Promise((resolve) => setImmediate(resolve));
  }
}
