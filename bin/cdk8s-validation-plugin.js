'use strict';
// The cdk8s-cli validation plugin (cdk8s.yaml `validations:`): see lib/cli/cdk8s-plugin.ts.
module.exports = require('./_load')('cli/cdk8s-plugin');
