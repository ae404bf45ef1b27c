/** The rule documentation shipped with the package: `docs/rules/<code>.md`, found from the package root. */
import * as fs from 'fs';
import * as path from 'path';

/** The package root: the nearest directory above this file whose package.json is istio-direct's. */
export function packageRoot(start: string = __dirname): string {
  let dir = start;
  for (;;) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: unknown };
      if (pkg.name === 'istio-direct') return dir;
    } catch {
      // No package.json here: keep going up.
    }
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve(__dirname, '..', '..');
    dir = parent;
  }
}

/** The directory of the rule pages. */
export function rulesDocsDir(): string {
  return path.join(packageRoot(), 'docs', 'rules');
}

/** The text of a rule's page, or `undefined` when this build has none. */
export function rulePage(code: string): string | undefined {
  if (!/^ID\d{3}$/.test(code)) return undefined;
  try {
    return fs.readFileSync(path.join(rulesDocsDir(), `${code}.md`), 'utf8');
  } catch {
    return undefined;
  }
}
