/**
 * The floor of the Pulumi line: `node pulumi-floor.js <objects.json> <outdir>`.
 * Registers the same stack as the library's components, with nothing but Pulumi: per
 * component, a bare `ComponentResource` of the same type token, name and inputs (a child's URN holds
 * its parent's type, so without it the stack would differ), its children with the same
 * logical names and inputs, created directly with `@pulumi/kubernetes` typed classes
 * (`CustomResource` for the Istio kinds) under it, and the same registered outputs; under the
 * same Pulumi mocks. Measured: creating them until all are registered.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import type * as k8s from '@pulumi/kubernetes';
import type * as pulumi from '@pulumi/pulumi';
import { KubeObject } from '../../lib/core/types';
import { measure, runMain } from '../harness/measure';
import { installMocks, registrationsJson, settle } from '../harness/pulumi-mocks';
import { FloorComponents } from './floor-data';

function create(kube: typeof k8s, name: string, object: KubeObject, parent: pulumi.Resource): pulumi.Resource {
  const { apiVersion, kind, ...rest } = object;
  const logical = `${name}-${kind.toLowerCase()}`;
  if (apiVersion === 'v1' && kind === 'Service') {
    return new kube.core.v1.Service(logical, rest as k8s.core.v1.ServiceArgs, { parent });
  }
  return new kube.apiextensions.CustomResource(logical, { apiVersion, kind, ...rest }, { parent });
}

/** The smallest component class (`registerOutputs` is protected), made once `@pulumi/pulumi` is loaded. */
function bareComponentClass(sdk: typeof pulumi) {
  return class Bare extends sdk.ComponentResource {
    public done(outputs: Record<string, unknown>): void {
      this.registerOutputs(outputs);
    }
  };
}

type BareClass = ReturnType<typeof bareComponentClass>;

function component(Bare: BareClass, kube: typeof k8s, c: FloorComponents['components'][number]): pulumi.Resource[] {
  const parent = new Bare(c.type, c.name, c.inputs, {});
  const children = c.objects.map((o) => create(kube, c.name, o, parent));
  parent.done(c.outputs);
  return [parent, ...children];
}

async function main(): Promise<void> {
  const [input, outdir] = process.argv.slice(2);
  if (input === undefined || outdir === undefined) {
    throw new Error('usage: pulumi-floor.js <objects.json> <outdir>');
  }
  const data = JSON.parse(readFileSync(input, 'utf8')) as FloorComponents;
  installMocks();
  const Bare = bareComponentClass(await import('@pulumi/pulumi'));
  const kube = await import('@pulumi/kubernetes');
  let resources: pulumi.Resource[] = [];
  await measure(async () => {
    resources = data.components.flatMap((c) => component(Bare, kube, c));
    await settle(resources);
  });
  mkdirSync(outdir, { recursive: true });
  writeFileSync(join(outdir, 'registrations.json'), await registrationsJson(resources));
}

runMain(main);
