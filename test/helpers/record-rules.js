'use strict';
// `node -r` hook for running README code: resolves `istio-direct/*` to this repository's sources
// (./istio-direct-alias.js), records every construct tree the program builds, and when the program
// is over prints, as one JSON line, the rule findings (`rulesFindings`) of every tree that holds an
// istio-direct construct: `[{ rule, severity, object, message }]`.
require('./istio-direct-alias.js');
const path = require('path');
const { Node } = require('constructs');

const roots = new Set();
const addChild = Node.prototype.addChild;
Node.prototype.addChild = function recordRoot(child, childName) {
  roots.add(this.root);
  return addChild.call(this, child, childName);
};

process.on('exit', () => {
  const { rulesFindings } = require(path.join(__dirname, '..', '..', 'lib', 'cdk8s', 'index.ts'));
  const findings = [];
  for (const root of roots) {
    const hasIstioDirect = root.node.findAll().some((c) => /^(EchoService|EnvoyDirectPods|HeadlessMeshService)$/.test(c.constructor.name));
    if (!hasIstioDirect) continue;
    for (const f of rulesFindings(root)) {
      findings.push({ rule: f.rule, severity: f.severity, object: `${f.object.kind} ${f.object.namespace}/${f.object.name}`, message: f.message });
    }
  }
  process.stdout.write(`FINDINGS ${JSON.stringify(findings)}\n`);
});
