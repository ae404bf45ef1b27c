/**
 * `npm run bench`: what validation costs next to `cdk8s synth` itself, measured in the same run.
 * Prints milliseconds and ratios against the baseline (a plain `cdk8s synth --no-validate` of the
 * example app); no pass/fail thresholds. BENCH_ROUNDS sets the warm rounds (default 20).
 */
import { spawnSync } from 'child_process';
import { existsSync, mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { loadEnvoyApi, readManifests, validateDocuments } from '../lib/validate';
import { envoyApiArtifactPath } from '../lib/schema/envoy/api';
import { istioCrdSources, istioSchemas } from '../lib/schema/crd/istio-crds';

const ROOT = join(__dirname, '..');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20);

function time<T>(fn: () => T): [T, number] {
  const t0 = process.hrtime.bigint();
  const value = fn();
  return [value, Number(process.hrtime.bigint() - t0) / 1e6];
}

function synth(outdir: string, validate: boolean): number {
  const args = ['synth', '--no-check-upgrade', '--output', outdir, ...(validate ? [] : ['--no-validate'])];
  const [run, ms] = time(() => spawnSync(join(ROOT, 'node_modules', '.bin', 'cdk8s'), args, { cwd: ROOT, encoding: 'utf8' }));
  if (run.status !== 0) throw new Error(`cdk8s ${args.join(' ')} failed:\n${run.stdout}\n${run.stderr}`);
  return ms;
}

/**
 * Cold load of the Envoy API in a fresh process (nothing cached, nothing JIT-warmed): from the
 * prebuilt artifact, or by parsing the protos with protobufjs. Returns [load ms, registry ms].
 */
function coldEnvoyLoad(artifact: boolean): [number, number] {
  const script = `
    require('ts-node').register({ transpileOnly: true, project: ${JSON.stringify(join(ROOT, 'tsconfig.json'))} });
    const { loadEnvoyApi } = require(${JSON.stringify(join(ROOT, 'lib', 'schema', 'envoy', 'api.ts'))});
    require('@bufbuild/protobuf'); require('protobufjs');
    const api = loadEnvoyApi({ artifact: ${artifact} });
    const t0 = process.hrtime.bigint();
    api.registry(['envoy.config.bootstrap.v3.Bootstrap', 'envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager', 'envoy.extensions.filters.http.router.v3.Router']);
    process.stdout.write(JSON.stringify([api.loadMs, Number(process.hrtime.bigint() - t0) / 1e6]));
  `;
  const run = spawnSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`cold Envoy API load failed:\n${run.stderr}`);
  return JSON.parse(run.stdout) as [number, number];
}

function main(): void {
  const outdir = mkdtempSync(join(tmpdir(), 'istio-direct-bench-'));
  try {
    const baseline = synth(outdir, false);
    const withPlugin = synth(outdir, true);
    const [docs, parseMs] = time(() => readManifests([outdir]));
    const [, envoyMs] = time(() => loadEnvoyApi());
    const hasArtifact = existsSync(envoyApiArtifactPath());
    const [coldArtifact, coldRegistry] = hasArtifact ? coldEnvoyLoad(true) : [NaN, NaN];
    const [coldProtos] = coldEnvoyLoad(false);
    const [, istioMs] = time(() => istioSchemas());
    const [first, firstMs] = time(() => validateDocuments(docs));
    const [, warmMs] = time(() => {
      for (let i = 0; i < ROUNDS; i++) validateDocuments(docs);
    });

    const row = (label: string, ms: number) =>
      console.log(`${label.padEnd(52)} ${ms.toFixed(1).padStart(9)} ms ${(ms / baseline).toFixed(3).padStart(9)}x`);
    const errors = first.filter((p) => p.severity === 'error').length;
    console.log(
      `example app: ${docs.length} objects; ${errors} errors, ${first.length - errors} warnings; ` +
        `Istio CRDs: ${istioCrdSources().length > 0 ? istioCrdSources().join(', ') : 'none (set ISTIO_DIRECT_ISTIO_CRDS)'}; node ${process.version}`,
    );
    row('baseline: cdk8s synth --no-validate (process)', baseline);
    row('cdk8s synth with the validation plugin (process)', withPlugin);
    row('read and parse the output', parseMs);
    row('load the Envoy API (once per process)', envoyMs);
    row(`  cold: Envoy API from the artifact${hasArtifact ? '' : ' (absent: npm run build:artifacts)'}`, coldArtifact);
    row('  cold: Envoy API by parsing the protos (slow path)', coldProtos);
    row('  cold: @bufbuild registry for a bootstrap with HCM and router', coldRegistry);
    console.log(`Envoy API cold load: parsing the protos takes ${(coldProtos / coldArtifact).toFixed(1)}x the artifact's time`);
    row('load Istio CRD schemas (once per process)', istioMs);
    row('first validation of the output (loads K8s models)', firstMs);
    row(`validate the output again (warm, mean of ${ROUNDS})`, warmMs / ROUNDS);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

main();
