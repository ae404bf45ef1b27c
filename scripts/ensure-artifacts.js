'use strict';
// Builds the generated data files (build/envoy-api.json, build/kube-1.*-fields.json) when one is
// missing: `npm test`, `npm run synth` and `npm pack` run it first (pretest, presynth, prepack).
// The package ships the files and has no install-time script, so installing it runs nothing (and
// npm 11 has no lifecycle script to warn about); a git clone gets them on its first test or synth
// (`npm run build:artifacts` rebuilds them at any time). Without them the validator still works,
// only slower (it parses the protos at run time).
const { existsSync, readFileSync } = require('fs');
const { join } = require('path');
const { spawnSync } = require('child_process');

const root = join(__dirname, '..');
const files = ['envoy-api.json', 'kube-1.28-fields.json', 'kube-1.33-fields.json'];
/** The Kubernetes data's format (lib/schema/kube/fields-source.ts): an older build is made again. */
const KUBE_FORMAT = 'istio-direct-kube-fields/3';
function stale(file) {
  if (!file.startsWith('kube-')) return false;
  try {
    return !readFileSync(join(root, 'build', file), 'utf8').startsWith(`{"format":"${KUBE_FORMAT}"`);
  } catch {
    return true;
  }
}
if (!files.every((file) => existsSync(join(root, 'build', file)) && !stale(file))) {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const run = spawnSync(npm, ['run', '--silent', 'build:artifacts'], { cwd: root, stdio: 'inherit' });
  process.exitCode = run.status ?? 1;
}
