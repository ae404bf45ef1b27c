/** The plain objects a floor program reads (written by bench/floors/prepare.ts). */
import type { KubeObject } from '../../lib/core/types';

/** cdk8s floors: one chart per output file, its objects in output order. */
export interface FloorCharts {
  readonly charts: readonly { readonly id: string; readonly objects: readonly KubeObject[] }[];
}

/** Pulumi floor: one entry per library component, its children's objects in creation order. */
export interface FloorComponents {
  readonly components: readonly { readonly name: string; readonly objects: readonly KubeObject[] }[];
}
