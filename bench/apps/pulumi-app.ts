/**
 * The library side of the Pulumi family: `node pulumi-app.js <n> <outdir>`.
 * Measured: creating `n` HeadlessMeshService components (the props of bench/harness/workloads.ts)
 * under Pulumi mocks until every component and child is registered. Module loading is not
 * measured. Afterwards every registration (components too) and every URN go to `<outdir>/registrations.json`.
 */
import { mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import type * as pulumi from '@pulumi/pulumi';
import { measure, runMain } from '../harness/measure';
import { installMocks, registrationsJson, settle } from '../harness/pulumi-mocks';
import { hmsName, hmsProps, parseSize } from '../harness/workloads';

async function main(): Promise<void> {
  const [size, outdir] = process.argv.slice(2);
  if (outdir === undefined) {
    throw new Error('usage: pulumi-app.js <n> <outdir>');
  }
  const n = parseSize(size);
  installMocks();
  const { HeadlessMeshService } = await import('../../lib/pulumi');
  const resources: pulumi.Resource[] = [];
  await measure(async () => {
    for (let i = 0; i < n; i++) {
      const component = new HeadlessMeshService(hmsName(i), hmsProps(i));
      resources.push(component, ...component.resources);
    }
    await settle(resources);
  });
  mkdirSync(outdir, { recursive: true });
  writeFileSync(join(outdir, 'registrations.json'), await registrationsJson(resources));
}

runMain(main);
