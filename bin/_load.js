'use strict';
// Loads a module of this package: the compiled one in build/lib when present, otherwise the
// TypeScript source through ts-node (transpile-only), so the CLI and the cdk8s validation plugin
// work right after `npm ci`, before any build (`npm ci` only generates data into build/, through
// the `prepare` script, never build/lib). ISTIO_DIRECT_FROM_SOURCE=1 forces the sources even when
// build/lib exists: the tests set it, so they never run stale compiled code.
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');

/** `relative` is a path under lib/ without extension, e.g. 'validate/cli'. */
module.exports = function load(relative) {
  const compiled = path.join(root, 'build', 'lib', `${relative}.js`);
  const source = path.join(root, 'lib', `${relative}.ts`);
  // An installed package has no sources (nor ts-node): it always runs the compiled code.
  if (fs.existsSync(compiled) && (process.env.ISTIO_DIRECT_FROM_SOURCE !== '1' || !fs.existsSync(source))) {
    return require(compiled);
  }
  require('ts-node').register({ transpileOnly: true, project: path.join(root, 'tsconfig.json') });
  return require(source);
};
