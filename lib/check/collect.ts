/**
 * Expands the paths given to `check` into manifest files: directories are
 * walked (iteratively, entries sorted by name) for *.yaml, *.yml and *.json.
 * Only regular files are ever opened: FIFOs, sockets and devices are skipped
 * with a message, symbolic links are followed once (real paths are tracked,
 * so a loop is reported and never walked forever), dangling links are reported.
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
    let stats: fs.Stats;
    try {
      stats = fs.statSync(p);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ELOOP') throw new UsageError(`symbolic link loop: ${p}`);
      const dangling = isSymlink(p);
      throw new UsageError(dangling ? `dangling symbolic link: ${p}` : `no such file or directory: ${p}`);
    }
    if (stats.isDirectory()) walk(p, files, skipped, visited);
    else if (stats.isFile()) files.push(p);
    else skipped.push({ file: p, severity: 'error', message: `${kindOf(stats)}, not a regular file: not read` });
  }
  return { files, skipped };
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
    skipped.push({ file: dir, severity: 'warning', message: real === undefined ? 'cannot resolve the directory: skipped' : `leads to ${real}, which is already read (a symbolic link loop or a second link): skipped` });
    return [];
  }
  visited.add(real);
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true }).sort(byName);
  } catch (e) {
    skipped.push({ file: dir, severity: 'error', message: `cannot read the directory: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` });
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
    else skipped.push({ file: full, severity: 'warning', message: `${kindOf(target)}, not a regular file: skipped` });
  }
  return out;
}

function followLink(link: string, skipped: SkippedPath[]): fs.Stats | undefined {
  try {
    return fs.statSync(link);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ELOOP' ? 'a symbolic link loop' : 'a dangling symbolic link';
    skipped.push({ file: link, severity: 'warning', message: `${why}: skipped` });
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
