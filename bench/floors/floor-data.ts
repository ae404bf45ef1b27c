/** The plain objects a floor program reads (written by bench/floors/prepare.ts). */
import type { KubeObject } from '../../lib/core/types';

/** cdk8s floors: one chart per output file, its objects in output order. */
export interface FloorCharts {
  readonly charts: readonly { readonly id: string; readonly objects: readonly KubeObject[] }[];
}

/**
 * Pulumi floor: one entry per library component: its type token, its name and inputs, its
 * children's objects in creation order, and the outputs it registers.
 */
export interface FloorComponents {
  readonly components: readonly {
    readonly type: string;
    readonly name: string;
    /** The component's own inputs (the engine records them, as it does a custom resource's). */
    readonly inputs: Readonly<Record<string, unknown>>;
    readonly objects: readonly KubeObject[];
    readonly outputs: Readonly<Record<string, unknown>>;
  }[];
}
