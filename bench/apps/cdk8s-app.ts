/**
 * The library side of the cdk8s families: `node cdk8s-app.js <family> <n> <outdir>`.
 * Measured: building the app with the library's constructs and `app.synth()` (validations
 * included), which writes `<chart>.k8s.yaml` files to `outdir`. Module loading is not measured.
 */
import { App, Chart } from 'cdk8s';
import { EnvoyDirectPods, HeadlessMeshService } from '../../lib/cdk8s';
import { measure, runMain } from '../harness/measure';
import { Cdk8sFamily, envoyProps, hmsName, hmsProps, isCdk8sFamily, parseSize } from '../harness/workloads';

function build(app: App, family: Cdk8sFamily, n: number): void {
  if (family === 'hms-one-chart') {
    const chart = new Chart(app, 'hms');
    for (let i = 0; i < n; i++) {
      new HeadlessMeshService(chart, hmsName(i), hmsProps(i));
    }
  } else if (family === 'hms-chart-each') {
    for (let i = 0; i < n; i++) {
      new HeadlessMeshService(new Chart(app, hmsName(i)), hmsName(i), hmsProps(i));
    }
  } else {
    new EnvoyDirectPods(new Chart(app, 'envoy'), 'envoy', envoyProps(n));
  }
}

async function main(): Promise<void> {
  const [family, size, outdir] = process.argv.slice(2);
  if (!isCdk8sFamily(family) || outdir === undefined) {
    throw new Error('usage: cdk8s-app.js <hms-one-chart|hms-chart-each|envoy-static> <n> <outdir>');
  }
  const n = parseSize(size);
  await measure(() => {
    const app = new App({ outdir });
    build(app, family, n);
    app.synth();
  });
}

runMain(main);
