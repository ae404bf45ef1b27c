'use strict';
// The cdk8s-cli validation plugin (cdk8s.yaml `validations:`): see lib/validate/cdk8s-plugin.ts.
module.exports = require('./_load')('validate/cdk8s-plugin');
