'use strict';
// Loads a module of this package: the compiled one in build/lib when present, otherwise the
// TypeScript source, so the CLI and the cdk8s validation plugin work right after `npm ci`, before
// any build (`npm test` and `npm run synth` only generate data into build/, through
// scripts/ensure-artifacts.js, never build/lib). ISTIO_DIRECT_FROM_SOURCE=1 forces the sources even when build/lib exists: the tests
// set it, so they never run stale compiled code.
//
// Sources are transpiled by sucrase (a devDependency: type-strips only, output cached, see
// register-ts.js) when it is installed, else by ts-node in transpile-only mode (which loads the
// TypeScript compiler, about a second).
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const REGISTERED = Symbol.for('istio-direct.typescript-registered');

function registerTypeScript() {
  if (global[REGISTERED]) {
    return;
  }
  try {
    require.resolve('sucrase/package.json');
  } catch {
    global[REGISTERED] = true;
    require('ts-node').register({ transpileOnly: true, project: path.join(root, 'tsconfig.json') });
    return;
  }
  require('./register-ts');
}

/** `relative` is a path under lib/ without extension, e.g. 'cli/main'. */
module.exports = function load(relative) {
  const compiled = path.join(root, 'build', 'lib', `${relative}.js`);
  const source = path.join(root, 'lib', `${relative}.ts`);
  // An installed package has no sources (nor ts-node): it always runs the compiled code.
  if (fs.existsSync(compiled) && (process.env.ISTIO_DIRECT_FROM_SOURCE !== '1' || !fs.existsSync(source))) {
    return require(compiled);
  }
  registerTypeScript();
  return require(source);
};
