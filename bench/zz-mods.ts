import * as path from 'path';
import Module = require('module');
const build = process.env.ISTIO_DIRECT_BENCH_BUILD!;
const main = require(path.join(build, 'lib', 'cli', 'main.js')).main;
const before = new Set(Object.keys(require.cache));
const orig = (Module as any)._load; let loadMs = 0; let depth = 0;
(Module as any)._load = function (...a: unknown[]) { const t = process.hrtime.bigint(); depth++; try { return orig.apply(this, a); } finally { depth--; if (depth === 0) loadMs += Number(process.hrtime.bigint() - t) / 1e6; } };
const c0 = process.cpuUsage();
main(['check', '--json', '--max-file-size', '1GiB', process.argv[2]], { out: () => undefined, err: () => undefined });
const c = process.cpuUsage(c0);
const after = Object.keys(require.cache).filter((k) => !before.has(k));
console.log('cpu', (c.user + c.system) / 1000, 'new modules', after.length, 'load ms (wall, incl. top-level code)', loadMs.toFixed(0));
const byDir = new Map<string, number>(); for (const k of after) { const d = k.includes('node_modules') ? k.split('node_modules/').pop()!.split('/').slice(0, 2).join('/') : path.relative(build, path.dirname(k)); byDir.set(d, (byDir.get(d) ?? 0) + 1); }
console.log([...byDir].sort((a, b) => b[1] - a[1]).map(([d, n]) => `${n} ${d}`).join('\n'));
