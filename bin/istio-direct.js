#!/usr/bin/env node
'use strict';
// `istio-direct validate [--json] [--istio-crds FILE] [paths...]`: see lib/validate/cli.ts.
const load = require('./_load');

process.exitCode = load('validate/cli').main(process.argv.slice(2));
