'use strict';
// A require hook for the TypeScript sources (`node -r ./bin/register-ts.js file.ts`): sucrase (a
// devDependency) strips the types, with no type check (that is `npm test`'s job) and no TypeScript
// compiler to load. Each file's output is cached under node_modules/.cache/istio-direct-sucrase,
// keyed by sucrase's version, the file's path and its content, so a synth whose sources did not
// change transpiles nothing; sucrase itself is loaded only on a cache miss.
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const REGISTERED = Symbol.for('istio-direct.typescript-registered');
const sucraseDir = path.dirname(require.resolve('sucrase/package.json'));
const { addHook } = require(require.resolve('pirates', { paths: [sucraseDir] }));
const VERSION = require('sucrase/package.json').version;
const CACHE = path.join(__dirname, '..', 'node_modules', '.cache', 'istio-direct-sucrase');

function transpile(code, filePath) {
  const { transform } = require('sucrase');
  const out = transform(code, { transforms: ['imports', 'typescript'], filePath, sourceMapOptions: { compiledFilename: filePath } });
  const map = Buffer.from(JSON.stringify(out.sourceMap)).toString('base64');
  return `${out.code}\n//# sourceMappingURL=data:application/json;charset=utf-8;base64,${map}`;
}

function cached(code, filePath) {
  const key = crypto.createHash('sha256').update(`${VERSION}\0${filePath}\0${code}`).digest('hex');
  const file = path.join(CACHE, `${key}.js`);
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    // Not cached yet.
  }
  const js = transpile(code, filePath);
  try {
    fs.mkdirSync(CACHE, { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temp, js);
    fs.renameSync(temp, file);
  } catch {
    // A read-only tree: run without the cache.
  }
  return js;
}

if (!global[REGISTERED]) {
  global[REGISTERED] = true;
  addHook(cached, { exts: ['.ts'] });
}
