/**
 * The floor of the Pulumi line: `node pulumi-floor.js <objects.json> <outdir>`.
 * Registers the same resources as the library's components (same logical names, same inputs),
 * directly with `@pulumi/kubernetes` typed classes (`CustomResource` for the Istio kinds),
 * under the same Pulumi mocks. Measured: creating them until all are registered.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import type * as k8s from '@pulumi/kubernetes';
import type * as pulumi from '@pulumi/pulumi';
import { KubeObject } from '../../lib/core/types';
import { measure, runMain } from '../harness/measure';
import { customRegistrationsJson, installMocks, settle } from '../harness/pulumi-mocks';
import { FloorComponents } from './floor-data';

function create(kube: typeof k8s, name: string, object: KubeObject): pulumi.Resource {
  const { apiVersion, kind, ...rest } = object;
  const logical = `${name}-${kind.toLowerCase()}`;
  if (apiVersion === 'v1' && kind === 'Service') {
    return new kube.core.v1.Service(logical, rest as k8s.core.v1.ServiceArgs);
  }
  return new kube.apiextensions.CustomResource(logical, { apiVersion, kind, ...rest });
}

async function main(): Promise<void> {
  const [input, outdir] = process.argv.slice(2);
  if (input === undefined || outdir === undefined) {
    throw new Error('usage: pulumi-floor.js <objects.json> <outdir>');
  }
  const data = JSON.parse(readFileSync(input, 'utf8')) as FloorComponents;
  installMocks();
  const kube = await import('@pulumi/kubernetes');
  await measure(async () => {
    const resources = data.components.flatMap((c) => c.objects.map((o) => create(kube, c.name, o)));
    await settle(resources);
  });
  mkdirSync(outdir, { recursive: true });
  writeFileSync(join(outdir, 'registrations.json'), customRegistrationsJson());
}

runMain(main);
