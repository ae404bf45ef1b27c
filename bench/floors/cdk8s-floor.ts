/**
 * The floor of every cdk8s line: `node cdk8s-floor.js <objects.json> <outdir>`.
 * A cdk8s app of raw `ApiObject`s built from plain objects (bench/floors/prepare.ts made them
 * with the library's core builders, or read them from the examples' output), so it does only
 * what cdk8s itself must do: construct ApiObjects and synth the same YAML files.
 * Measured: building the app and `app.synth()`; reading the JSON is not.
 * The cold line runs it as a whole process instead.
 */
import { readFileSync } from 'fs';
import { ApiObject, ApiObjectProps, App, Chart } from 'cdk8s';
import { measure, runMain } from '../harness/measure';
import { FloorCharts } from './floor-data';

async function main(): Promise<void> {
  const [input, outdir] = process.argv.slice(2);
  if (input === undefined || outdir === undefined) {
    throw new Error('usage: cdk8s-floor.js <objects.json> <outdir>');
  }
  const data = JSON.parse(readFileSync(input, 'utf8')) as FloorCharts;
  await measure(() => {
    const app = new App({ outdir });
    for (const chart of data.charts) {
      const scope = new Chart(app, chart.id);
      chart.objects.forEach((object, i) => new ApiObject(scope, `o${i}`, object as unknown as ApiObjectProps));
    }
    app.synth();
  });
}

runMain(main);
