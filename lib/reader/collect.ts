/**
 * Expands the paths given to `check` into manifest files: directories are
 * walked (iteratively, entries sorted by name) for *.yaml, *.yml and *.json.
 * Only regular files are ever opened. An entry that cannot be read is an error
 * naming it and why (exit status 1), whether given by name or found in a
 * folder: a FIFO, socket or device named like a manifest, a dangling symbolic
 * link, a symbolic link loop (a link chain that never ends, or a link to a
 * folder that contains it: real paths are tracked, so a loop is never walked),
 * an entry that cannot be accessed (permission denied). A second link to a
 * folder that was already read is a warning: everything in it was checked once.
 * Only a path that does not exist at all is a usage error (exit status 2).
 */
import * as fs from 'fs';
import * as path from 'path';

/** A path given to `check` does not exist: a usage error (exit status 2). */
export class UsageError extends Error {}

/** Names of manifest files inside directories. */
export const MANIFEST_EXTENSION = /\.(ya?ml|json)$/i;

/** File `cdk8s synth` writes beside the manifests for validation plugins: not a manifest. */
const CDK8S_METADATA = 'construct-metadata.json';

/** A file or directory `check` did not read, and why. */
export interface SkippedPath {
  readonly file: string;
  readonly message: string;
  /** `error` when the user named it or it could not be read; `warning` when skipped on purpose. */
  readonly severity: 'error' | 'warning';
}

/** The result of {@link collectFiles}. */
export interface CollectedFiles {
  /** Regular files (and `-` for standard input), in the order they are read. */
  readonly files: readonly string[];
  readonly skipped: readonly SkippedPath[];
}

function kindOf(stats: fs.Stats | fs.Dirent): string {
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  return 'not a regular file';
}

function byName(a: fs.Dirent, b: fs.Dirent): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** Expands `paths`; throws {@link UsageError} for a path that does not exist. */
export function collectFiles(paths: readonly string[]): CollectedFiles {
  const files: string[] = [];
  const skipped: SkippedPath[] = [];
  const visited = new Set<string>();
  for (const p of paths) {
    if (p === '-') {
      files.push('-');
      continue;
    }
    const stats = statOf(p, skipped);
    if (stats === undefined) continue;
    if (stats.isDirectory()) walk(p, files, skipped, visited);
    else if (stats.isFile()) files.push(p);
    else skipped.push({ file: p, severity: 'error', message: `${kindOf(stats)}, not a regular file: not read` });
  }
  return { files, skipped };
}

/** The stats of a path given by name; a broken one is recorded, a missing one is a usage error. */
function statOf(p: string, skipped: SkippedPath[]): fs.Stats | undefined {
  try {
    return fs.statSync(p);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !isSymlink(p)) throw new UsageError(`no such file or directory: ${p}`);
    skipped.push({ file: p, severity: 'error', message: `${whyUnreadable(e)}: not read` });
    return undefined;
  }
}

/** Why stat(), open() or readdir() failed on an entry, in words. */
export function whyUnreadable(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ELOOP') return 'a symbolic link loop';
  if (code === 'ENOENT') return 'a dangling symbolic link (its target does not exist)';
  if (code === 'EACCES' || code === 'EPERM') return `cannot be accessed (permission denied, ${code})`;
  return `cannot be accessed (${code ?? (e as Error).message})`;
}

function isSymlink(p: string): boolean {
  try {
    return fs.lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}

/** Walks a directory tree depth-first in name order with an explicit stack (no recursion). */
function walk(root: string, files: string[], skipped: SkippedPath[], visited: Set<string>): void {
  const stack: Array<{ readonly dir: string } | { readonly file: string }> = [{ dir: root }];
  while (stack.length > 0) {
    const item = stack.pop() as { dir: string } | { file: string };
    if ('file' in item) {
      files.push(item.file);
      continue;
    }
    const items = listDirectory(item.dir, skipped, visited);
    // Reverse so that the stack pops entries in name order.
    for (let i = items.length - 1; i >= 0; i--) stack.push(items[i]);
  }
}

/** The manifest files and sub-directories of one directory, in name order; skipped entries are recorded. */
function listDirectory(dir: string, skipped: SkippedPath[], visited: Set<string>): Array<{ dir: string } | { file: string }> {
  const real = realPath(dir);
  if (real === undefined || visited.has(real)) {
    skipped.push(revisited(dir, real));
    return [];
  }
  visited.add(real);
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true }).sort(byName);
  } catch (e) {
    skipped.push({ file: dir, severity: 'error', message: `the directory ${whyUnreadable(e).replace(/^a /, 'is a ')}: not read` });
    return [];
  }
  const out: Array<{ dir: string } | { file: string }> = [];
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    const target = entry.isSymbolicLink() ? followLink(full, skipped) : entry;
    if (target === undefined) continue;
    if (target.isDirectory()) out.push({ dir: full });
    else if (!MANIFEST_EXTENSION.test(entry.name) || entry.name === CDK8S_METADATA) continue;
    else if (target.isFile()) out.push({ file: full });
    else skipped.push({ file: full, severity: 'error', message: `${kindOf(target)}, not a regular file: not read` });
  }
  return out;
}

/**
 * A directory whose real path was read already: a loop (an error) when it is one of the folders on
 * its own path (the walk came back to where it was), else a second link to a folder read once (a warning).
 */
function revisited(dir: string, real: string | undefined): SkippedPath {
  if (real === undefined) return { file: dir, severity: 'error', message: 'cannot resolve the directory: not read' };
  if (onItsOwnPath(dir, real)) return { file: dir, severity: 'error', message: `a symbolic link loop: it leads back to ${real}, a folder on its own path: not read` };
  return { file: dir, severity: 'warning', message: `leads to ${real}, which is already read (a second link to the same folder): skipped` };
}

/** True when a parent folder of `dir` (as written, through links) has the real path `real`. */
function onItsOwnPath(dir: string, real: string): boolean {
  for (let p = path.dirname(dir); ; p = path.dirname(p)) {
    if (realPath(p) === real) return true;
    if (path.dirname(p) === p) return false;
  }
}

/** The stats of a link's target; a broken link (loop, dangling, no access) is an error. */
function followLink(link: string, skipped: SkippedPath[]): fs.Stats | undefined {
  try {
    return fs.statSync(link);
  } catch (e) {
    skipped.push({ file: link, severity: 'error', message: `${whyUnreadable(e)}: not read` });
    return undefined;
  }
}

function realPath(dir: string): string | undefined {
  try {
    return fs.realpathSync(dir);
  } catch {
    return undefined;
  }
}
