#!/usr/bin/env node
'use strict';
// `istio-direct check [options] [paths...|-]` (alias: `validate`): see lib/cli/main.ts.
const load = require('./_load');

let status;
try {
  status = load('cli/main').main(process.argv.slice(2));
} catch (e) {
  // The CLI itself could not be loaded: an installation problem, never "problems found".
  process.stderr.write(`istio-direct: internal error: ${e && e.message ? String(e.message).split('\n')[0] : e}\n`);
  if (process.env.ISTIO_DIRECT_DEBUG === '1' && e && e.stack) process.stderr.write(`${e.stack}\n`);
  status = 3;
}
process.exitCode = status;
