/** Which npm packages a set of entry points loads, seen from a fresh Node process. */
import { execFileSync } from 'child_process';

/** Modules under node_modules that `entries` load, in a fresh process, by package name. */
export function loadedPackages(cwd: string, entries: readonly string[], preload: readonly string[] = []): string[] {
  const script = `
    for (const entry of ${JSON.stringify(entries)}) require(entry);
    const names = new Set();
    for (const file of Object.keys(require.cache)) {
      const m = /node_modules[\\\\/]((?:@[^\\\\/]+[\\\\/])?[^\\\\/]+)/.exec(file.slice(file.lastIndexOf('node_modules')));
      if (m) names.add(m[1].replace(/\\\\/g, '/'));
    }
    process.stdout.write(JSON.stringify([...names].sort()));
  `;
  const args = [...preload.flatMap((p) => ['-r', p]), '-e', script];
  return JSON.parse(execFileSync(process.execPath, args, { cwd, encoding: 'utf8' })) as string[];
}
