/**
 * Robust manifest reading for `check`: files, directories and standard input;
 * multi-document YAML, JSON, `kind: List` (and `*List`) expanded. Every bad
 * input becomes a problem naming the file (and document), never an exception,
 * a stack overflow or a hang:
 *
 * - files larger than a settable bound ({@link ReadOptions.maxFileBytes}, default
 *   {@link MAX_FILE_BYTES}) are not read;
 * - YAML is read document by document, as a stream: a fast parser for the YAML Kubernetes tools
 *   write (`lib/base/yaml-subset.ts`) reads each document, and any document it does not take is
 *   read by the `yaml` package, as before, so the values and the findings are the same; a file is
 *   never held whole in memory (JSON files, which are one document, and standard input are);
 * - UTF-16/UTF-32, binary and invalid UTF-8 files are named as such;
 * - YAML aliases are limited ({@link MAX_YAML_ALIASES}: an alias bomb stops there);
 * - documents nested deeper than {@link MAX_NESTING_DEPTH} are refused
 *   (checked on the text before parsing JSON, and after parsing YAML);
 * - empty documents are skipped; a file without any object gets a warning;
 * - a document with neither `apiVersion` nor `kind` (a Helm values file, a workflow, package.json)
 *   is not a Kubernetes object: skipped, and counted (an `info` problem, one per file when the
 *   whole file is such documents), never an error; an Envoy bootstrap is kept;
 * - a List item that is not an object, or an object without `kind` or `metadata`, is an error.
 */
import * as fs from 'fs';
import { isAscii, isUtf8 } from 'buffer';
import { parseAllDocuments, type Document, type ParseOptions, type DocumentOptions, type SchemaOptions } from 'yaml';
import { compactValue, parseYamlSubset } from '../base/yaml-subset';
import { goYamlFlowColon, goYamlTags } from './go-yaml';
import { looksLikeBootstrap } from '../core/envoy/detect';
import { CollectOptions, collectFiles, NOT_KUBERNETES, SkippedPath, SkipReason, whyUnreadable } from './collect';
import { decodeUtf8 } from './decode';
import type { Finding, FindingSource } from '../base/finding';
import { countLines, DocumentSplitter, needsWholeStream, StreamRegion } from './split';

/** Default bound on the size of one file (or of standard input): 32 MiB. Set another with {@link ReadOptions.maxFileBytes}. */
export const MAX_FILE_BYTES = 32 * 1024 * 1024;
/** Most YAML alias expansions per document (the `yaml` package's `maxAliasCount`). */
export const MAX_YAML_ALIASES = 100;
/** Deepest nesting of maps and lists accepted in a document. */
export const MAX_NESTING_DEPTH = 256;
/** How standard input is named in findings. */
export const STDIN_NAME = '<stdin>';

/** One object read from a file. */
export interface InputDocument {
  readonly file: string;
  /** Document index in the file, from 0 (a JSON file is document 0; items of a top-level JSON array are numbered). */
  readonly index: number;
  /** Index in the `items` of a `List` document. */
  readonly item?: number;
  /** 1-based line where the document starts, when known. */
  readonly line?: number;
  readonly value: Readonly<Record<string, unknown>>;
  /**
   * Where the document's text is in its YAML file, when read as a stream: the text is not kept,
   * and {@link documentText} reads it again, so that exact positions (line and column of a path)
   * can be computed for the documents that have findings only, by parsing that text with the
   * `yaml` package. Not set for JSON files and standard input.
   */
  readonly span?: DocumentSpan;
}

/** Lines of a file that hold one document: `[firstLine, firstLine + lines)`, its `---` line included. */
export interface DocumentSpan {
  readonly firstLine: number;
  readonly lines: number;
  /**
   * Where the document's text (its `---` line included, as far as the next one) is in the file's
   * bytes, `[byteStart, byteEnd)`: a document with findings is read again from there alone.
   */
  readonly byteStart?: number;
  readonly byteEnd?: number;
}

/**
 * The span of a document read from a stream: a class rather than an object literal, so that V8
 * tracks no allocation site for it (spans live as long as the check run keeps its objects: a
 * literal's site would switch to allocating them old, throwing away the reader's optimised code).
 */
class StreamSpan implements DocumentSpan {
  constructor(readonly firstLine: number, readonly lines: number, readonly byteStart: number, readonly byteEnd: number) {}
}

/** Where a stream's regions start in its file's bytes: after the BOM; `ascii`: one byte a character. */
interface ByteCounter {
  next: number;
  readonly ascii: boolean;
}

/**
 * A problem with a file or document (code ID900 = cannot be read or parsed; ID905 = not checked):
 * a {@link Finding} whose object is known only by where it is (file, document index, List item),
 * with the document's line when known. An `info` one is a path skipped on purpose ({@link skipped}
 * says why): `check` counts it rather than reporting it.
 */
export interface ReadProblem extends Finding {
  readonly code: 'ID900' | 'ID905';
  readonly severity: 'error' | 'warning' | 'info';
  readonly object: { readonly source: ReadSource };
  readonly skipped?: SkipReason;
}

/** Where a read problem is: a file, and a document (and List item) in it when it is about one. */
export interface ReadSource extends FindingSource {
  readonly file: string;
}

/** Where a problem is, as the reader knows it. */
interface ReadAt {
  readonly file: string;
  readonly index?: number;
  readonly item?: number;
  readonly line?: number;
  /** 1-based column, for a parse error the parser places. */
  readonly column?: number;
}

/** A read problem at `at`; what `at` does not know stays absent. */
function readProblem(at: ReadAt, code: ReadProblem['code'], severity: ReadProblem['severity'], message: string, skipped?: SkipReason): ReadProblem {
  const source: ReadSource = { file: at.file, ...(at.index !== undefined ? { documentIndex: at.index } : {}), ...(at.item !== undefined ? { item: at.item } : {}) };
  return { code, severity, object: { source }, ...(at.line !== undefined ? { position: { line: at.line, ...(at.column !== undefined ? { column: at.column } : {}) } } : {}), message, ...(skipped !== undefined ? { skipped } : {}) };
}

/** Everything read. */
export interface ReadResult {
  readonly documents: InputDocument[];
  readonly problems: ReadProblem[];
  /** Files read (standard input counts as one). */
  readonly files: number;
  /** Names of the files read, in reading order (standard input as {@link STDIN_NAME}). */
  readonly fileNames: readonly string[];
}

/** Where standard input comes from (tests pass a string). */
export type StdinSource = () => string | Uint8Array;

/** Options of {@link readInputs}: what a directory walk leaves out ({@link CollectOptions}), and size bounds. */
export interface ReadOptions extends CollectOptions {
  /**
   * Largest file (or standard input) read, in bytes: a larger one is an error finding naming it.
   * Memory grows with the objects read, not with the text, so a big cluster dump may raise it
   * (`istio-direct check --max-file-size 1GiB`).
   * @default MAX_FILE_BYTES (32 MiB)
   */
  readonly maxFileBytes?: number;
  /** Read every YAML document with the `yaml` package only (the reference the fast path is tested against). @default false */
  readonly reference?: boolean;
  /**
   * Make the values the `yaml` package (or JSON) reads as compact as the fast parser's: equal short
   * strings one string, arrays exactly as long as they are (`compactValue` in `lib/base/yaml-subset.ts`).
   * For a consumer that keeps the values of many objects (`check`). Values are equal either way.
   * @default false
   */
  readonly compact?: boolean;
}

/** Where documents and problems go as they are read: arrays, or a consumer that checks each one at once. */
export interface ReadSink {
  push(item: InputDocument): unknown;
}

/** Where problems go as they are found. */
export interface ProblemSink {
  push(item: ReadProblem): unknown;
}

/** Reads and parses every manifest under `paths` (`-` is standard input). Throws `UsageError` for a missing path. */
export function readInputs(paths: readonly string[], stdin: StdinSource = readStdin, options: ReadOptions = {}): ReadResult {
  const documents: InputDocument[] = [];
  const problems: ReadProblem[] = [];
  const { files, fileNames } = streamInputs(paths, documents, problems, stdin, options);
  return { documents, problems, files, fileNames };
}

/**
 * Reads every manifest under `paths` like {@link readInputs}, but hands each document and problem
 * to `documents` and `problems` as soon as it is read (in the same order), holding no file whole.
 */
export function streamInputs(paths: readonly string[], documents: ReadSink, problems: ProblemSink, stdin: StdinSource = readStdin, options: ReadOptions = {}): { files: number; fileNames: readonly string[] } {
  const { files, skipped } = collectFiles(paths, options);
  for (const s of skipped as readonly SkippedPath[]) problems.push(readProblem({ file: s.file }, s.severity === 'error' ? 'ID900' : 'ID905', s.severity, s.message, s.reason));
  const limit = options.maxFileBytes ?? MAX_FILE_BYTES;
  for (const file of files) {
    const name = file === '-' ? STDIN_NAME : file;
    const json = file !== '-' && /\.json$/i.test(file);
    if (file !== '-' && !json && options.reference !== true) {
      withEmptyWarning(name, documents, problems, (d, p) => streamYamlFile(file, d, p, limit, options.compact === true));
      continue;
    }
    const bytes = file === '-' ? readStdinBytes(stdin, limit) : readRegularFile(file, limit);
    if ('error' in bytes) {
      problems.push(readProblem({ file: name }, 'ID900', 'error', bytes.error));
      continue;
    }
    parseText(name, bytes.bytes, documents, problems, json, options);
  }
  return { files: files.length, fileNames: files.map((f) => (f === '-' ? STDIN_NAME : f)) };
}

/** Runs `read` on one file; when it gives neither a document nor a problem, warns that the file holds no object. */
function withEmptyWarning(file: string, documents: ReadSink, problems: ProblemSink, read: (d: ReadSink, p: ProblemSink) => void): void {
  let any = false;
  // Documents that are not Kubernetes objects are held back until the file shows something else:
  // a file holding nothing but them is one skipped file, not one skip per document.
  let other = false;
  let held: ReadProblem[] = [];
  const flush = () => {
    other = true;
    if (held.length === 0) return;
    for (const h of held) problems.push(h);
    held = [];
  };
  read(
    { push: (d) => ((any = true), flush(), documents.push(d)) },
    { push: (p) => ((any = true), p.skipped === 'not-kubernetes' && !other ? held.push(p) : (flush(), problems.push(p))) },
  );
  if (!any) problems.push(readProblem({ file }, 'ID905', 'warning', 'no objects: the file is empty or holds only empty documents'));
  else if (!other) problems.push(readProblem({ file }, 'ID905', 'info', NOT_KUBERNETES, 'not-kubernetes'));
}

/** Parses one file's bytes into documents and problems. */
export function parseText(file: string, bytes: Uint8Array, documents: ReadSink, problems: ProblemSink, json = false, options: ReadOptions = {}): void {
  const decoded = decodeUtf8(bytes);
  if ('error' in decoded) {
    problems.push(readProblem({ file }, 'ID900', 'error', decoded.error));
    return;
  }
  withEmptyWarning(file, documents, problems, (d, p) => {
    const text = decoded.text;
    const asJson = json || (file === STDIN_NAME && /^\s*[[{]/.test(text) && isJson(text));
    const compact = options.compact === true;
    if (asJson) parseJson(file, text, d, p, compact);
    else if (options.reference === true) parseYaml(file, text, d, p, compact);
    else parseYamlStream(file, text, d, p, compact);
  });
}

function isJson(text: string): boolean {
  if (flowDepthExceeds(text)) return true;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function readRegularFile(file: string, limit: number): { bytes: Uint8Array } | { error: string } {
  return withRegularFile(file, limit, (fd) => readAtMost(fd, limit));
}

/** Opens a regular file of at most `limit` bytes and runs `use` on it; a problem becomes `{ error }`. */
function withRegularFile<T>(file: string, limit: number, use: (fd: number) => T | { error: string }): T | { error: string } {
  let fd: number | undefined;
  try {
    // Non-blocking, so that a FIFO swapped in after the directory walk cannot hang the read.
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
    const stats = fs.fstatSync(fd);
    if (!stats.isFile()) return { error: 'not a regular file: not read' };
    if (stats.size > limit) return { error: tooLarge(stats.size, limit) };
    return use(fd);
  } catch (e) {
    return { error: `the file ${whyUnreadable(e).replace(/^a /, 'is a ')}: not read` };
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/**
 * Reads a file to its end, but never more than {@link MAX_FILE_BYTES}: a file that grows while it
 * is read, or one that reports no size (/proc), cannot make the read unbounded.
 */
function readAtMost(fd: number, limit: number): { bytes: Uint8Array } | { error: string } {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const chunk = Buffer.alloc(1 << 16);
    const n = fs.readSync(fd, chunk, 0, chunk.length, null);
    if (n === 0) return { bytes: Buffer.concat(chunks, total) };
    chunks.push(n === chunk.length ? chunk : chunk.subarray(0, n));
    total += n;
    if (total > limit) return { error: tooLarge(total, limit) };
  }
}

/** A size in words: `32 MiB`, `1.5 GiB`, `1000 bytes`. */
export function formatSize(bytes: number): string {
  if (bytes >= 1 << 30 && bytes % (1 << 20) === 0 && (bytes / (1 << 30)) % 0.5 === 0) return `${bytes / (1 << 30)} GiB`;
  if (bytes >= 1 << 20 && bytes % (1 << 20) === 0) return `${bytes / (1 << 20)} MiB`;
  return `${bytes} bytes`;
}

function tooLarge(size: number, limit: number): string {
  return `the input is ${(size / 1024 / 1024).toFixed(1)} MiB, more than the ${formatSize(limit)} limit per file (--max-file-size): split it or raise the limit`;
}

function readStdinBytes(stdin: StdinSource, limit: number): { bytes: Uint8Array } | { error: string } {
  try {
    stdinLimit = limit;
    const data = stdin();
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    return bytes.length > limit ? { error: tooLarge(bytes.length, limit) } : { bytes };
  } catch (e) {
    return { error: `cannot read standard input: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` };
  }
}

/** Largest standard input {@link readStdin} reads before it stops (the bound itself is checked by the reader). */
let stdinLimit = MAX_FILE_BYTES;

/** Reads standard input to its end, stopping past the bound. */
export function readStdin(): Uint8Array {
  const chunks: Buffer[] = [];
  let total = 0;
  const chunk = Buffer.alloc(1 << 16);
  for (;;) {
    let n: number;
    try {
      n = fs.readSync(0, chunk, 0, chunk.length, null);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EAGAIN') {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
        continue;
      }
      if ((e as NodeJS.ErrnoException).code === 'EOF') break;
      throw e;
    }
    if (n === 0) break;
    chunks.push(Buffer.from(chunk.subarray(0, n)));
    total += n;
    if (total > stdinLimit) break;
  }
  return Buffer.concat(chunks);
}

/** True when `[`/`{` nest deeper than the limit anywhere outside strings (linear, no recursion). */
export function flowDepthExceeds(text: string, limit = MAX_NESTING_DEPTH): boolean {
  let depth = 0;
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote !== '') {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = '';
    } else if (c === '"') quote = c;
    else if (c === '[' || c === '{') {
      if (++depth > limit) return true;
    } else if ((c === ']' || c === '}') && depth > 0) depth--;
  }
  return false;
}

/** True when a parsed value nests deeper than the limit (iterative; cycles count as too deep). */
export function valueDepthExceeds(value: unknown, limit = MAX_NESTING_DEPTH): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  let visits = 0;
  while (stack.length > 0) {
    const [v, depth] = stack.pop() as [unknown, number];
    if (v === null || typeof v !== 'object') continue;
    if (depth >= limit || ++visits > 50_000_000) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
  }
  return false;
}

/**
 * YAML read as kubectl reads it: sigs.k8s.io/yaml decodes with go-yaml v2, which resolves plain
 * scalars by YAML 1.1 (`0644` is the octal 420, `yes`/`on` are booleans, `1_000` is 1000, `<<` merges)
 * but keeps sexagesimal-looking values (`1:20`, `190:20:30`) and timestamps as strings, reads floats
 * as go-yaml does (`.` and `E0` are strings) and rejects `[001:db8::]` (go-yaml.ts). A `%YAML`
 * directive does not change that: go-yaml ignores it (the reader turns it into a comment, which keeps
 * every offset, so lines and columns stay right).
 */
export const KUBECTL_YAML: ParseOptions & DocumentOptions & SchemaOptions = {
  version: '1.1',
  customTags: goYamlTags,
};

/** The fast parser's options for what kubectl reads (YAML 1.1 plain scalars step aside). */
const KUBECTL_SUBSET = { yaml11: true } as const;

const TOO_DEEP = `nested more than ${MAX_NESTING_DEPTH} levels deep: not read`;

/** 1-based line numbers of offsets in a text: newlines found once, then binary search. */
function lineFinder(text: string): (offset: number) => number {
  const starts: number[] = [];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i);
  return (offset) => {
    let lo = 0;
    let hi = starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid] < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo + 1;
  };
}

/** A value another parser than the fast one read, made compact when asked (see {@link ReadOptions.compact}). */
function kept(value: unknown, compact: boolean): unknown {
  return compact ? compactValue(value) : value;
}

function parseJson(file: string, text: string, documents: ReadSink, problems: ProblemSink, compact: boolean): void {
  if (text.trim() === '') return;
  if (flowDepthExceeds(text)) {
    problems.push(readProblem({ file, index: 0 }, 'ID900', 'error', TOO_DEEP));
    return;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const message = (e as Error).message;
    const at = /position (\d+)/.exec(message);
    const offset = at !== null ? Number(at[1]) : /end of JSON input/.test(message) ? text.length : undefined;
    const place = offset !== undefined ? { line: lineFinder(text)(offset), column: offset - text.lastIndexOf('\n', offset - 1) } : {};
    problems.push(readProblem({ file, index: 0, ...place }, 'ID900', 'error', `invalid JSON: ${message}`));
    return;
  }
  value = kept(value, compact);
  if (Array.isArray(value)) value.forEach((v, i) => addDocument(file, i, undefined, v, documents, problems));
  else addDocument(file, 0, 1, value, documents, problems);
}

/** The reference reader: the whole stream through the `yaml` package (the reader before the fast path). */
function parseYaml(file: string, text: string, documents: ReadSink, problems: ProblemSink, compact: boolean): void {
  if (flowDepthExceeds(text)) {
    problems.push(readProblem({ file, index: 0 }, 'ID900', 'error', TOO_DEEP));
    return;
  }
  let parsed: Document.Parsed[];
  try {
    parsed = parseAllDocuments(text.replace(/^%YAML(?=[ \t])/gm, '#YAML'), KUBECTL_YAML) as Document.Parsed[];
  } catch (e) {
    problems.push(readProblem({ file }, 'ID900', 'error', `invalid YAML: ${firstLine(e)}`));
    return;
  }
  if (!Array.isArray(parsed)) return;
  const lineOf = lineFinder(text);
  parsed.forEach((doc, index) => {
    const line = lineOf(doc.contents?.range?.[0] ?? doc.range?.[0] ?? 0);
    const value = yamlValue(doc, text);
    if ('error' in value) problems.push(readProblem({ file, index, line, ...value.at }, 'ID900', 'error', value.error));
    else addDocument(file, index, line, kept(value.value, compact), documents, problems);
  });
}

/** Documents of a YAML text, one at a time: the fast parser, else the `yaml` package for that document. */
function parseYamlStream(file: string, text: string, documents: ReadSink, problems: ProblemSink, compact: boolean): void {
  if (flowDepthExceeds(text)) {
    problems.push(readProblem({ file, index: 0 }, 'ID900', 'error', TOO_DEEP));
    return;
  }
  if (needsWholeStream(text)) {
    parseYaml(file, text, documents, problems, compact);
    return;
  }
  const reader = new RegionReader(file, documents, problems, undefined, compact);
  const splitter = new DocumentSplitter((r) => reader.read(r));
  splitter.push(text);
  splitter.end();
}

/** Reads the documents of a stream's regions, numbering them as the `yaml` package does. */
class RegionReader {
  private index = 0;

  /**
   * `bytes`: give each document its {@link DocumentSpan} (a file that can be read again), counting the
   * regions' bytes from there; `compact`: see {@link ReadOptions.compact}.
   */
  constructor(private readonly file: string, private readonly documents: ReadSink, private readonly problems: ProblemSink, private readonly bytes?: ByteCounter, private readonly compact = false) {}

  read(region: StreamRegion): void {
    const text = region.text;
    const bytes = this.bytes;
    const byteStart = bytes === undefined ? 0 : bytes.next;
    if (bytes !== undefined) bytes.next += bytes.ascii ? text.length : Buffer.byteLength(text, 'utf8');
    if (!region.marker && !hasContent(text)) return;
    const span = bytes === undefined ? undefined : new StreamSpan(region.line, region.breaks + (text.endsWith('\n') ? 0 : 1), byteStart, bytes.next);
    // The body starts after the `---` line, which may only hold spaces and a comment.
    const body = region.marker ? markerLineEnd(text) : 0;
    const fast = body >= 0 ? parseYamlSubset(text, body, text.length, KUBECTL_SUBSET) : undefined;
    if (fast !== undefined) {
      const line = fast.contentStart >= 0 ? region.line + countLines(text, fast.contentStart) : region.line;
      addDocument(this.file, this.index++, line, fast.value, this.documents, this.problems, undefined, span);
      return;
    }
    this.readWithYaml(region, span);
  }

  /**
   * One document through the `yaml` package. Lines are the file's: the region is parsed alone and its
   * lines offset, and only a region with a parse error is parsed again behind as many empty lines as
   * come before it, so that the parser's own messages name the file's lines (padding every region
   * would make reading a file quadratic in its lines).
   */
  private readWithYaml(region: StreamRegion, span: DocumentSpan | undefined): void {
    const text = region.text.replace(/^%YAML(?=[ \t])/gm, '#YAML');
    const alone = parseRegion(text);
    const clean = alone !== undefined && alone.every((doc) => doc.errors.length === 0);
    const source = clean ? text : '\n'.repeat(region.line - 1) + text;
    const parsed = clean ? alone : parseRegion(source);
    if (parsed === undefined) {
      this.problems.push(readProblem({ file: this.file, index: this.index++ }, 'ID900', 'error', `invalid YAML: ${firstLine(parseError(source))}`));
      return;
    }
    const offset = clean ? region.line - 1 : 0;
    const lineOf = lineFinder(source);
    for (const doc of parsed) {
      const index = this.index++;
      const line = offset + lineOf(doc.contents?.range?.[0] ?? doc.range?.[0] ?? 0);
      const value = yamlValue(doc, source, offset);
      if ('error' in value) this.problems.push(readProblem({ file: this.file, index, line, ...value.at }, 'ID900', 'error', value.error));
      else addDocument(this.file, index, line, kept(value.value, this.compact), this.documents, this.problems, undefined, span);
    }
  }
}

/** The documents of a text, or `undefined` when the `yaml` package throws on it. */
function parseRegion(text: string): Document.Parsed[] | undefined {
  try {
    const parsed = parseAllDocuments(text, KUBECTL_YAML) as Document.Parsed[];
    return Array.isArray(parsed) ? parsed : [];
  } catch {
    return undefined;
  }
}

/** What the `yaml` package throws on a text. */
function parseError(text: string): unknown {
  try {
    parseAllDocuments(text, KUBECTL_YAML);
    return new Error('unreadable');
  } catch (e) {
    return e;
  }
}

/**
 * The text of a document read from a YAML file, read again from the file (the reader keeps none),
 * preceded by as many empty lines as come before it, so that the positions the `yaml` package gives
 * in it are the file's. `undefined` when the document has no span or the file cannot be read.
 */
export function documentText(doc: Pick<InputDocument, 'file' | 'span'>): string | undefined {
  if (doc.span === undefined) return undefined;
  const { firstLine, lines } = doc.span;
  let fd: number | undefined;
  try {
    fd = fs.openSync(doc.file, 'r');
    let line = 1;
    const parts: string[] = [];
    forEachLineChunk(fd, fs.fstatSync(fd).size, (text) => {
      let from = 0;
      while (from < text.length && line < firstLine + lines) {
        const nl = text.indexOf('\n', from);
        const end = nl < 0 ? text.length : nl + 1;
        if (line >= firstLine) parts.push(text.slice(from, end));
        if (nl < 0) return;
        line++;
        from = end;
      }
    });
    return '\n'.repeat(firstLine - 1) + parts.join('');
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** Whether a text holds more than blank lines and comments. */
function hasContent(text: string): boolean {
  return /^[ \t]*[^ \t\r\n#]/m.test(text);
}

/**
 * Offset after a `---` line holding only the marker, spaces and a comment; -1 when it holds content
 * (or a CR, U+2028 or U+2029: what `/^---(?:[ \t]+(?:#.*)?)?$/` takes, without cutting the line out).
 */
function markerLineEnd(text: string): number {
  const nl = text.indexOf('\n');
  const end = nl < 0 ? text.length : nl;
  if (!text.startsWith('---')) return -1;
  let p = 3;
  if (p < end) {
    let c = text.charCodeAt(p);
    if (c !== 0x20 && c !== 0x09) return -1;
    while (p < end && (c === 0x20 || c === 0x09)) c = text.charCodeAt(++p);
    if (p < end && c !== 0x23) return -1;
    for (; p < end; p++) {
      c = text.charCodeAt(p);
      if (c === 0x0d || c === 0x2028 || c === 0x2029) return -1;
    }
  }
  return nl < 0 ? text.length : nl + 1;
}

/** Size of the chunks of the first pass over a file. */
const CHUNK_BYTES = 1 << 20;
/**
 * Least size of the chunks a file's text is read in: small enough that each chunk's text is a
 * short-lived young object (a 1 MiB string goes to V8's large-object space and is freed only by a
 * full collection: at cluster scale that doubles the peak memory). A document longer than a chunk
 * makes the next chunks as long as the part of it read so far, so that joining them stays linear.
 */
const TEXT_CHUNK_BYTES = 1 << 16;

/** What a first pass over a file's bytes found. */
type Prepass = { readonly bytes: number; readonly ascii: boolean; readonly bom: boolean } | { readonly error: string; readonly index?: number } | { readonly whole: true };

/**
 * Streams one YAML file: a first pass over its bytes checks the encoding, the flow nesting and
 * the markers the splitter does not take; a second reads it again, chunk by chunk, into documents.
 * A file that needs more (a bad encoding, a `...` line, a directive) is read whole, as before.
 */
function streamYamlFile(file: string, documents: ReadSink, problems: ProblemSink, limit: number, compact: boolean): void {
  // An exception of a consumer (the check run) is its own, never "the file cannot be read".
  let thrown: { readonly error: unknown } | undefined;
  const guard = <T>(sink: { push(item: T): unknown }) => ({
    push: (item: T) => {
      try {
        return sink.push(item);
      } catch (error) {
        thrown = { error };
        throw error;
      }
    },
  });
  const result = withRegularFile(file, limit, (fd) => {
    const pre = prepass(fd, limit);
    if ('error' in pre || 'whole' in pre) return pre;
    const reader = new RegionReader(file, guard(documents), guard(problems), { next: pre.bom ? 3 : 0, ascii: pre.ascii }, compact);
    const splitter = new DocumentSplitter((r) => reader.read(r));
    forEachLineChunk(fd, pre.bytes, (text) => splitter.push(text), () => Math.max(TEXT_CHUNK_BYTES, splitter.pending));
    splitter.end();
    return { done: true as const };
  });
  if (thrown !== undefined) throw thrown.error;
  if ('error' in result) {
    problems.push(readProblem({ file, ...('index' in result && result.index !== undefined ? { index: result.index } : {}) }, 'ID900', 'error', result.error));
    return;
  }
  if ('whole' in result) {
    const bytes = readRegularFile(file, limit);
    if ('error' in bytes) problems.push(readProblem({ file }, 'ID900', 'error', bytes.error));
    else parseText(file, bytes.bytes, documents, problems, false, { compact });
  }
}

/**
 * Reads `total` bytes of a file from its start in chunks that end at a line break, decoded (a UTF-8
 * BOM dropped); `chunkBytes` gives the size of the next read.
 */
export function forEachLineChunk(fd: number, total: number, each: (text: string) => void, chunkBytes: () => number = () => CHUNK_BYTES): void {
  forEachLineRange(fd, total, (buffer, from, end) => each(buffer.toString('utf8', from, end)), chunkBytes);
}

/**
 * {@link forEachLineChunk} without decoding: each chunk's bytes are `data[0, end)` (a buffer of its
 * own, never written again), the last chunk's end the file's, the others' just after a line break.
 */
export function forEachLineBytes(fd: number, total: number, each: (data: Buffer, end: number) => void, chunkBytes: () => number = () => CHUNK_BYTES): void {
  forEachLineRange(fd, total, (buffer, from, end) => each(Buffer.from(buffer.subarray(from, end)), end - from), chunkBytes);
}

/**
 * The chunks of {@link forEachLineChunk} as ranges `[from, end)` of one buffer that is read into again
 * after `each` returns (a UTF-8 BOM left out).
 */
function forEachLineRange(fd: number, total: number, each: (buffer: Buffer, from: number, end: number) => void, chunkBytes: () => number): void {
  // One buffer, read into after the part of a line the last read ended in (`kept` bytes at its start).
  let buffer = Buffer.alloc(0);
  let kept = 0;
  let position = 0;
  while (position < total) {
    // A line longer than a chunk makes the next chunk as long as its part read so far (joining stays linear).
    const size = Math.min(Math.max(chunkBytes(), kept), total - position);
    if (buffer.length < kept + size) {
      const grown = Buffer.alloc(kept + size);
      buffer.copy(grown, 0, 0, kept);
      buffer = grown;
    }
    const n = fs.readSync(fd, buffer, kept, size, position);
    if (n === 0) break;
    const from = position === 0 && n >= 3 && buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf ? 3 : 0;
    position += n;
    const end = kept + n;
    const nl = buffer.lastIndexOf(0x0a, end - 1);
    if (nl >= from) each(buffer, from, nl + 1);
    const rest = nl >= from ? nl + 1 : from;
    buffer.copy(buffer, 0, rest, end);
    kept = end - rest;
  }
  if (kept > 0) each(buffer, 0, kept);
}

/**
 * The first pass: the size (within the bound), and whether the file must be read whole (a BOM other
 * than UTF-8's, a NUL byte, invalid UTF-8, a `...` or `%` line) or nests flow collections too deep.
 */
function prepass(fd: number, limit: number): Prepass {
  const chunk = Buffer.alloc(CHUNK_BYTES);
  const depth = new FlowDepth();
  let total = 0;
  let pending: Buffer = Buffer.alloc(0);
  let whole = false;
  let atLineStart = true;
  let ascii = true;
  let bom = false;
  for (;;) {
    const n = fs.readSync(fd, chunk, 0, chunk.length, total);
    if (n === 0) break;
    const data = chunk.subarray(0, n);
    if (total === 0 && (data[0] === 0xfe || data[0] === 0xff || data[0] === 0x00)) whole = true;
    if (total === 0) bom = n >= 3 && data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf;
    if (ascii && !isAscii(data)) ascii = false;
    total += n;
    if (total > limit) return { error: tooLarge(total, limit) };
    if (whole) continue;
    if (data.indexOf(0) >= 0) whole = true;
    // UTF-8 is checked line by line (a character never spans a line break): the part of a line the
    // last chunk ended in with this chunk's first line, then the chunk's whole lines.
    const first = data.indexOf(0x0a);
    if (first >= 0) {
      const last = data.lastIndexOf(0x0a);
      // ASCII (every byte so far) is UTF-8: only a file with other bytes is checked.
      if (!ascii) {
        const head = pending.length > 0 ? Buffer.concat([pending, data.subarray(0, first + 1)]) : data.subarray(0, first + 1);
        if (!isUtf8(head) || !isUtf8(data.subarray(first + 1, last + 1))) whole = true;
      }
      pending = Buffer.from(data.subarray(last + 1));
    } else pending = Buffer.concat([pending, data]);
    atLineStart = depth.scan(data, atLineStart);
    if (depth.wholeStream) whole = true;
  }
  if (pending.length > 0 && !isUtf8(pending)) whole = true;
  if (whole) return { whole: true };
  if (depth.exceeded) return { error: TOO_DEEP, index: 0 };
  return { bytes: total, ascii, bom };
}

/** What a byte is to {@link FlowDepth}: 0 nothing (most bytes), else one of the kinds below. */
const FLOW_BYTES = new Uint8Array(256);
const QUOTE = 1;
const ESCAPE = 2;
const OPEN = 3;
const CLOSE = 4;
FLOW_BYTES[0x22] = QUOTE;
FLOW_BYTES[0x5c] = ESCAPE;
FLOW_BYTES[0x5b] = OPEN;
FLOW_BYTES[0x7b] = OPEN;
FLOW_BYTES[0x5d] = CLOSE;
FLOW_BYTES[0x7d] = CLOSE;

/** {@link flowDepthExceeds} over bytes that come in chunks; also notes a `...` or `%` line. */
class FlowDepth {
  exceeded = false;
  wholeStream = false;
  private depth = 0;
  private quoted = false;
  /** Whether the next chunk's first byte is escaped (a `\` in a string ended the last one). */
  private escaped = false;

  /** Scans a chunk; returns whether the next chunk starts a line. */
  scan(bytes: Uint8Array, atLineStart: boolean): boolean {
    const n = bytes.length;
    if (n === 0) return atLineStart;
    if (atLineStart && startsDirectiveOrEnd(bytes, 0)) this.wholeStream = true;
    // A `%` or `..` line after a line break (the native search: most chunks have none).
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, n);
    if (buffer.indexOf('\n%') >= 0 || buffer.indexOf('\n..') >= 0) this.wholeStream = true;
    let depth = this.depth;
    let quoted = this.quoted;
    let exceeded = this.exceeded;
    let i = nextFlowByte(bytes, this.escaped ? 1 : 0, n);
    // Only quotes, backslashes and brackets count (a small loop skips the other bytes).
    for (; i < n; i = nextFlowByte(bytes, i + 1, n)) {
      const kind = FLOW_BYTES[bytes[i]];
      if (quoted) {
        if (kind === QUOTE) quoted = false;
        else if (kind === ESCAPE) i++;
      } else if (kind === QUOTE) quoted = true;
      else if (kind === OPEN) {
        if (++depth > MAX_NESTING_DEPTH) exceeded = true;
      } else if (kind === CLOSE && depth > 0) depth--;
    }
    this.escaped = i > n;
    this.depth = depth;
    this.quoted = quoted;
    this.exceeded = exceeded;
    return bytes[n - 1] === 0x0a;
  }
}

/**
 * Offset of the first byte from `i` that {@link FlowDepth} reads (a quote, backslash or bracket);
 * when there is none, `n` (or `i` itself when past `n`: an escaped byte beyond the chunk).
 */
function nextFlowByte(bytes: Uint8Array, i: number, n: number): number {
  for (; i < n; i++) if (FLOW_BYTES[bytes[i]] !== 0) return i;
  return i;
}

/** Whether the line at `at` starts with `%` (a directive) or `..` (a document end marker, as far as the chunk shows). */
function startsDirectiveOrEnd(bytes: Uint8Array, at: number): boolean {
  const c = bytes[at];
  return c === 0x25 || (c === 0x2e && bytes[at + 1] === 0x2e);
}

/** A document's value, or why it cannot be read (a parse error with the line and column the parser gives). */
function yamlValue(doc: Document.Parsed, text: string, lineOffset = 0): { value: unknown } | { error: string; at?: { line: number; column: number } } {
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    if (/call stack/i.test(e.message)) return { error: TOO_DEEP };
    const at = e.linePos?.[0];
    return { error: `invalid YAML: ${firstLine(e)}`, ...(at !== undefined ? { at: { line: at.line, column: at.col } } : {}) };
  }
  const colon = goYamlFlowColon(doc, text);
  if (colon !== undefined) {
    const line = lineOffset + lineFinder(text)(colon);
    const column = colon - text.lastIndexOf('\n', colon - 1);
    return { error: `invalid YAML: unexpected ':' in a flow collection at line ${line}, column ${column} (kubectl rejects it too: quote the value)`, at: { line, column } };
  }
  try {
    const value: unknown = doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
    return valueDepthExceeds(value) ? { error: TOO_DEEP } : { value };
  } catch (e) {
    if (e instanceof RangeError) return { error: TOO_DEEP };
    if (/alias/i.test((e as Error).message)) return { error: `YAML aliases expand too much (more than ${MAX_YAML_ALIASES}; an alias bomb?): not read` };
    return { error: `invalid YAML: ${firstLine(e)}` };
  }
}

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0].replace(/:$/, '');
}

function listOr(words: readonly string[]): string {
  return words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return `a ${typeof value}`;
}

/**
 * Adds one parsed document: skipped when empty, expanded when a List, checked for kind and metadata;
 * `span`, when given, is where its text is in the file.
 */
function addDocument(file: string, index: number, line: number | undefined, value: unknown, documents: ReadSink, problems: ProblemSink, item?: number, span?: DocumentSpan): void {
  if (value === null || value === undefined) return;
  const plain = typeof value === 'object' && !Array.isArray(value);
  const o = value as Record<string, unknown>;
  if (item === undefined && (!plain || (o.apiVersion === undefined && o.kind === undefined && !looksLikeBootstrap(o)))) {
    problems.push(readProblem(readAt(file, index, item, line), 'ID905', 'info', NOT_KUBERNETES, 'not-kubernetes'));
    return;
  }
  if (!plain) {
    problems.push(readProblem(readAt(file, index, item, line), 'ID900', 'error', `${where(index, item)} is ${describe(value)}, not a Kubernetes object`));
    return;
  }
  if (item === undefined && typeof o.kind === 'string' && o.kind.endsWith('List') && Array.isArray(o.items)) {
    o.items.forEach((v, i) => addDocument(file, index, line, v, documents, problems, i, span));
    return;
  }
  const bootstrap = o.kind === undefined && o.apiVersion === undefined && looksLikeBootstrap(o);
  if (!bootstrap && (o.apiVersion == null || o.kind == null || o.metadata == null)) {
    const missing = ['apiVersion', 'kind', 'metadata'].filter((k) => o[k] === undefined || o[k] === null);
    problems.push(readProblem(readAt(file, index, item, line), 'ID900', 'error', `${where(index, item)} has no ${listOr(missing)}: not a Kubernetes object (nor an Envoy bootstrap)`));
    return;
  }
  documents.push(inputDocument(file, index, item, line, o, span));
}

/** Where a document (or List item) is, for a problem about it. */
function readAt(file: string, index: number, item: number | undefined, line: number | undefined): ReadAt {
  return { file, index, ...(item !== undefined ? { item } : {}), ...(line !== undefined ? { line } : {}) };
}

function where(index: number, item: number | undefined): string {
  return `document ${index}${item !== undefined ? ` item ${item}` : ''}`;
}

/** A document read; what is not known (List item, line, span) stays absent. */
function inputDocument(file: string, index: number, item: number | undefined, line: number | undefined, value: Record<string, unknown>, span: DocumentSpan | undefined): InputDocument {
  // Literals, one shape each, keys always in this order.
  if (item === undefined) {
    if (line === undefined) return span === undefined ? { file, index, value } : { file, index, value, span };
    return span === undefined ? { file, index, line, value } : { file, index, line, value, span };
  }
  if (line === undefined) return span === undefined ? { file, index, item, value } : { file, index, item, value, span };
  return span === undefined ? { file, index, item, line, value } : { file, index, item, line, value, span };
}

/** One document as the validator's `readManifests` gives it: the value, or why it could not be read. */
export interface ManifestDocument {
  readonly file: string;
  readonly index: number;
  readonly value?: unknown;
  readonly parseError?: string;
}

/**
 * The reader in the validator's `readManifests` shape (a drop-in for
 * `lib/reader/read-manifests.ts`): documents in file order, and every
 * error (unreadable file or document) as a `parseError` document.
 * Warnings (empty files, skipped links) are left out.
 */
export function readManifests(paths: readonly string[], stdin?: StdinSource): ManifestDocument[] {
  const read = readInputs(paths, stdin);
  const order = new Map(read.fileNames.map((f, i) => [f, i]));
  const out: Array<ManifestDocument & { seq: number }> = read.documents.map((d, seq) => ({ file: d.file, index: d.index, value: d.value, seq }));
  read.problems.forEach((p, i) => {
    if (p.severity === 'error') out.push({ file: p.object.source.file, index: p.object.source.documentIndex ?? 0, parseError: p.message, seq: read.documents.length + i });
  });
  const fileIndex = (f: string) => order.get(f) ?? order.size;
  out.sort((a, b) => fileIndex(a.file) - fileIndex(b.file) || a.index - b.index || a.seq - b.seq);
  return out.map(({ seq: _seq, ...d }) => d);
}
