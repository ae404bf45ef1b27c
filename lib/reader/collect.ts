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
 *
 * A walk leaves out what is not manifests: `node_modules`, dot-folders (`.git`, `.github`, …) and
 * dot-files (`.eslintrc.json`, `.istio-direct.yaml`), unless named on the command line. Never read,
 * named or found: npm and TypeScript configuration files, paths matching an exclude glob, and Helm
 * charts (a folder with a `Chart.yaml`, and the files in it: its templates are not YAML until
 * rendered), each chart reported once with how to render and check it.
 */
import * as fs from 'fs';
import * as path from 'path';
import { compileGlob, Glob } from '../base/glob';

/** A path given to `check` does not exist: a usage error (exit status 2). */
export class UsageError extends Error {}

/** Names of manifest files inside directories. */
export const MANIFEST_EXTENSION = /\.(ya?ml|json)$/i;

/** File `cdk8s synth` writes beside the manifests for validation plugins: not a manifest. */
const CDK8S_METADATA = 'construct-metadata.json';

/** Folders a walk never enters (unless named): dependencies. Dot-folders are left out too. */
const DEPENDENCY_FOLDERS: ReadonlySet<string> = new Set(['node_modules']);

/** Files never read, named or found: npm and TypeScript configuration (JSON with comments), never Kubernetes objects. */
const NOT_MANIFEST = /^(package-lock|npm-shrinkwrap|[tj]sconfig(\..*)?)\.json$/i;

/** Why a path was skipped on purpose (severity `info`). */
export type SkipReason = 'not-kubernetes' | 'helm-chart' | 'excluded';

/** A file or directory `check` did not read, and why. */
export interface SkippedPath {
  readonly file: string;
  readonly message: string;
  /**
   * `error` when the user named it or it could not be read; `warning` when skipped on purpose but
   * worth a look (a second link to a folder); `info` when skipped as expected ({@link reason}).
   */
  readonly severity: 'error' | 'warning' | 'info';
  readonly reason?: SkipReason;
}

/** An exclude glob and the folder its anchored patterns are relative to. */
export interface ExcludeRule {
  readonly glob: Glob;
  /** Absolute folder: the working directory for `--exclude`, the config file's folder for its `exclude`. */
  readonly base: string;
}

/** Compiles exclude globs relative to `base` (absolute or relative to the working directory). */
export function excludeRules(patterns: readonly string[], base: string): ExcludeRule[] {
  return patterns.map((p) => {
    // An absolute pattern is anchored at the file system's root.
    if (path.isAbsolute(p)) return { glob: compileGlob(path.relative(path.parse(p).root, p) || p), base: path.parse(p).root };
    return { glob: compileGlob(p), base: path.resolve(base) };
  });
}

/** Options of {@link collectFiles}. */
export interface CollectOptions {
  /** Paths matching any of these are not read, whether named or found in a folder. @default - none */
  readonly exclude?: readonly ExcludeRule[];
}

/** The message of a skipped Helm chart: how to render and check it. */
export function helmChartMessage(dir: string): string {
  return `a Helm chart (Chart.yaml): its templates are not read; render and check it: helm template ${dir} | istio-direct check -`;
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

/** True when `p` matches an exclude rule: relative to the rule's base, or by name when outside it. */
function isExcluded(p: string, rules: readonly ExcludeRule[]): boolean {
  if (rules.length === 0) return false;
  const absolute = path.resolve(p);
  return rules.some((r) => {
    const relative = path.relative(r.base, absolute);
    const inside = relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
    return r.glob.matches(inside ? relative.split(path.sep).join('/') : absolute.split(path.sep).join('/'));
  });
}

/** One expansion: what was found, and the Helm charts already reported. */
class Collector {
  readonly files: string[] = [];
  readonly skipped: SkippedPath[] = [];
  readonly visited = new Set<string>();
  private readonly reported = new Set<string>();
  /** Absolute folder -> the chart folder at or above it, or null when there is none. */
  private readonly chartOf = new Map<string, string | null>();

  constructor(readonly exclude: readonly ExcludeRule[]) {}

  /** Reports a Helm chart once. */
  chart(dir: string): void {
    const key = path.resolve(dir);
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.skipped.push({ file: dir, severity: 'info', reason: 'helm-chart', message: helmChartMessage(dir) });
  }

  /**
   * The Helm chart a named folder is in (itself or a folder above it with a Chart.yaml): absolute,
   * or relative to the working directory as `named` is.
   */
  chartAt(named: string): string | undefined {
    const dirs: string[] = [];
    let found: string | null = null;
    for (let dir = path.resolve(named); ; dir = path.dirname(dir)) {
      const known = this.chartOf.get(dir);
      if (known !== undefined) {
        found = known;
        break;
      }
      dirs.push(dir);
      if (isFile(path.join(dir, 'Chart.yaml'))) {
        found = dir;
        break;
      }
      if (path.dirname(dir) === dir) break;
    }
    for (const d of dirs) this.chartOf.set(d, found);
    if (found === null) return undefined;
    return path.isAbsolute(named) ? found : path.relative(process.cwd(), found) || '.';
  }
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

/** Expands `paths`; throws {@link UsageError} for a path that does not exist. */
export function collectFiles(paths: readonly string[], options: CollectOptions = {}): CollectedFiles {
  const c = new Collector(options.exclude ?? []);
  for (const p of paths) {
    if (p === '-') {
      c.files.push('-');
      continue;
    }
    if (isExcluded(p, c.exclude)) {
      // Named but excluded (a pre-commit hook passes every changed file): counted, not read.
      c.skipped.push({ file: p, severity: 'info', reason: 'excluded', message: 'matches an exclude pattern: not read' });
      continue;
    }
    const stats = statOf(p, c.skipped);
    if (stats === undefined) continue;
    const chart = stats.isDirectory() || stats.isFile() ? c.chartAt(stats.isDirectory() ? p : path.dirname(p)) : undefined;
    if (chart !== undefined) c.chart(chart);
    else if (stats.isDirectory()) walk(p, c);
    else if (!stats.isFile()) c.skipped.push({ file: p, severity: 'error', message: `${kindOf(stats)}, not a regular file: not read` });
    else if (NOT_MANIFEST.test(path.basename(p))) c.skipped.push({ file: p, severity: 'info', reason: 'not-kubernetes', message: NOT_KUBERNETES });
    else c.files.push(p);
  }
  return { files: c.files, skipped: c.skipped };
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
function walk(root: string, c: Collector): void {
  const stack: Array<{ readonly dir: string } | { readonly file: string }> = [{ dir: root }];
  while (stack.length > 0) {
    const item = stack.pop() as { dir: string } | { file: string };
    if ('file' in item) {
      c.files.push(item.file);
      continue;
    }
    const items = listDirectory(item.dir, c);
    // Reverse so that the stack pops entries in name order.
    for (let i = items.length - 1; i >= 0; i--) stack.push(items[i]);
  }
}

/** The manifest files and sub-directories of one directory, in name order; skipped entries are recorded. */
function listDirectory(dir: string, c: Collector): Array<{ dir: string } | { file: string }> {
  const { skipped } = c;
  const real = realPath(dir);
  if (real === undefined || c.visited.has(real)) {
    skipped.push(revisited(dir, real));
    return [];
  }
  c.visited.add(real);
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true }).sort(byName);
  } catch (e) {
    skipped.push({ file: dir, severity: 'error', message: `the directory ${whyUnreadable(e).replace(/^a /, 'is a ')}: not read` });
    return [];
  }
  if (entries.some((e) => e.name === 'Chart.yaml' && !e.isDirectory())) {
    c.chart(dir);
    return [];
  }
  const out: Array<{ dir: string } | { file: string }> = [];
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    // Dot-files and dot-folders (.git, .github, .eslintrc.json, .istio-direct.yaml) are tool settings, never manifests.
    if (entry.name.startsWith('.') || isExcluded(full, c.exclude)) continue;
    const target = entry.isSymbolicLink() ? followLink(full, skipped) : entry;
    if (target === undefined) continue;
    if (target.isDirectory()) {
      if (!DEPENDENCY_FOLDERS.has(entry.name)) out.push({ dir: full });
    } else if (!MANIFEST_EXTENSION.test(entry.name) || entry.name === CDK8S_METADATA) continue;
    else if (NOT_MANIFEST.test(entry.name)) skipped.push({ file: full, severity: 'info', reason: 'not-kubernetes', message: NOT_KUBERNETES });
    else if (target.isFile()) out.push({ file: full });
    else skipped.push({ file: full, severity: 'error', message: `${kindOf(target)}, not a regular file: not read` });
  }
  return out;
}

/** The message of a file or document skipped because it is not a Kubernetes object. */
export const NOT_KUBERNETES = 'not a Kubernetes object (no apiVersion or kind): skipped';

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
