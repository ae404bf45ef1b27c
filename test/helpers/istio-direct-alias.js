'use strict';
// `node -r` hook for running documentation code against this repository's sources: `istio-direct`
// and `istio-direct/<entry>` resolve to lib/index.ts and lib/<entry>/index.ts (the cdk8s plugin
// entry to lib/cli/cdk8s-plugin.ts), as the package's exports map resolves them to build/lib.
const Module = require('module');
const path = require('path');

const LIB = path.join(__dirname, '..', '..', 'lib');
const ENTRIES = { 'istio-direct': 'index.ts', 'istio-direct/cdk8s-plugin': 'cli/cdk8s-plugin.ts' };
const resolve = Module._resolveFilename;
Module._resolveFilename = function resolveIstioDirect(request, ...rest) {
  if (request === 'istio-direct' || request.startsWith('istio-direct/')) {
    const file = ENTRIES[request] ?? `${request.slice('istio-direct/'.length)}/index.ts`;
    return resolve.call(this, path.join(LIB, file), ...rest);
  }
  return resolve.call(this, request, ...rest);
};
