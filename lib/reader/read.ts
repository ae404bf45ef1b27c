/**
 * Robust manifest reading for `check`: files, directories and standard input;
 * multi-document YAML, JSON, `kind: List` (and `*List`) expanded. Every bad
 * input becomes a problem naming the file (and document), never an exception,
 * a stack overflow or a hang:
 *
 * - files larger than {@link MAX_FILE_BYTES} are not read;
 * - UTF-16/UTF-32, binary and invalid UTF-8 files are named as such;
 * - YAML aliases are limited ({@link MAX_YAML_ALIASES}: an alias bomb stops there);
 * - documents nested deeper than {@link MAX_NESTING_DEPTH} are refused
 *   (checked on the text before parsing JSON, and after parsing YAML);
 * - empty documents are skipped; a file without any object gets a warning;
 * - a document that is not an object, or has no `kind` or `metadata`, is an error.
 */
import * as fs from 'fs';
import { parseAllDocuments, type Document } from 'yaml';
import { looksLikeBootstrap } from '../core/envoy/detect';
import { collectFiles, SkippedPath, whyUnreadable } from './collect';
import { decodeUtf8 } from './decode';
import type { Finding, FindingSource } from '../base/finding';

/** Largest file (or standard input) read: 32 MiB. */
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
}

/**
 * A problem with a file or document (code ID900 = cannot be read or parsed; ID905 = not checked):
 * a {@link Finding} whose object is known only by where it is (file, document index, List item),
 * with the document's line when known.
 */
export interface ReadProblem extends Finding {
  readonly code: 'ID900' | 'ID905';
  readonly severity: 'error' | 'warning';
  readonly object: { readonly source: ReadSource };
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
}

/** A read problem at `at`; what `at` does not know stays absent. */
function readProblem(at: ReadAt, code: ReadProblem['code'], severity: ReadProblem['severity'], message: string): ReadProblem {
  const source: ReadSource = { file: at.file, ...(at.index !== undefined ? { documentIndex: at.index } : {}), ...(at.item !== undefined ? { item: at.item } : {}) };
  return { code, severity, object: { source }, ...(at.line !== undefined ? { position: { line: at.line } } : {}), message };
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

/** Reads and parses every manifest under `paths` (`-` is standard input). Throws `UsageError` for a missing path. */
export function readInputs(paths: readonly string[], stdin: StdinSource = readStdin): ReadResult {
  const { files, skipped } = collectFiles(paths);
  const documents: InputDocument[] = [];
  const problems: ReadProblem[] = skipped.map((s: SkippedPath) => readProblem({ file: s.file }, s.severity === 'error' ? 'ID900' : 'ID905', s.severity, s.message));
  for (const file of files) {
    const name = file === '-' ? STDIN_NAME : file;
    const bytes = file === '-' ? readStdinBytes(stdin) : readRegularFile(file);
    if ('error' in bytes) {
      problems.push(readProblem({ file: name }, 'ID900', 'error', bytes.error));
      continue;
    }
    parseText(name, bytes.bytes, documents, problems, file !== '-' && /\.json$/i.test(file));
  }
  return { documents, problems, files: files.length, fileNames: files.map((f) => (f === '-' ? STDIN_NAME : f)) };
}

/** Parses one file's bytes into documents and problems. */
export function parseText(file: string, bytes: Uint8Array, documents: InputDocument[], problems: ReadProblem[], json = false): void {
  const decoded = decodeUtf8(bytes);
  if ('error' in decoded) {
    problems.push(readProblem({ file }, 'ID900', 'error', decoded.error));
    return;
  }
  const before = documents.length;
  const errorsBefore = problems.length;
  const text = decoded.text;
  const asJson = json || (file === STDIN_NAME && /^\s*[[{]/.test(text) && isJson(text));
  if (asJson) parseJson(file, text, documents, problems);
  else parseYaml(file, text, documents, problems);
  if (documents.length === before && problems.length === errorsBefore) {
    problems.push(readProblem({ file }, 'ID905', 'warning', 'no objects: the file is empty or holds only empty documents'));
  }
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

function readRegularFile(file: string): { bytes: Uint8Array } | { error: string } {
  let fd: number | undefined;
  try {
    // Non-blocking, so that a FIFO swapped in after the directory walk cannot hang the read.
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
    const stats = fs.fstatSync(fd);
    if (!stats.isFile()) return { error: 'not a regular file: not read' };
    if (stats.size > MAX_FILE_BYTES) return { error: tooLarge(stats.size) };
    return readAtMost(fd);
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
function readAtMost(fd: number): { bytes: Uint8Array } | { error: string } {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const chunk = Buffer.alloc(1 << 16);
    const n = fs.readSync(fd, chunk, 0, chunk.length, null);
    if (n === 0) return { bytes: Buffer.concat(chunks, total) };
    chunks.push(n === chunk.length ? chunk : chunk.subarray(0, n));
    total += n;
    if (total > MAX_FILE_BYTES) return { error: tooLarge(total) };
  }
}

function tooLarge(size: number): string {
  return `the input is ${(size / 1024 / 1024).toFixed(1)} MiB, more than the ${MAX_FILE_BYTES / 1024 / 1024} MiB limit per file: split it`;
}

function readStdinBytes(stdin: StdinSource): { bytes: Uint8Array } | { error: string } {
  try {
    const data = stdin();
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    return bytes.length > MAX_FILE_BYTES ? { error: tooLarge(bytes.length) } : { bytes };
  } catch (e) {
    return { error: `cannot read standard input: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` };
  }
}

/** Reads standard input to its end, stopping past {@link MAX_FILE_BYTES}. */
function readStdin(): Uint8Array {
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
    if (total > MAX_FILE_BYTES) break;
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

function parseJson(file: string, text: string, documents: InputDocument[], problems: ReadProblem[]): void {
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
    const line = at !== null ? lineFinder(text)(Number(at[1])) : undefined;
    problems.push(readProblem({ file, index: 0, line }, 'ID900', 'error', `invalid JSON: ${message}`));
    return;
  }
  if (Array.isArray(value)) value.forEach((v, i) => addDocument(file, i, undefined, v, documents, problems));
  else addDocument(file, 0, 1, value, documents, problems);
}

function parseYaml(file: string, text: string, documents: InputDocument[], problems: ReadProblem[]): void {
  if (flowDepthExceeds(text)) {
    problems.push(readProblem({ file, index: 0 }, 'ID900', 'error', TOO_DEEP));
    return;
  }
  let parsed: Document.Parsed[];
  try {
    parsed = parseAllDocuments(text) as Document.Parsed[];
  } catch (e) {
    problems.push(readProblem({ file }, 'ID900', 'error', `invalid YAML: ${firstLine(e)}`));
    return;
  }
  if (!Array.isArray(parsed)) return;
  const lineOf = lineFinder(text);
  parsed.forEach((doc, index) => {
    const line = lineOf(doc.contents?.range?.[0] ?? doc.range?.[0] ?? 0);
    const value = yamlValue(doc);
    if ('error' in value) problems.push(readProblem({ file, index, line }, 'ID900', 'error', value.error));
    else addDocument(file, index, line, value.value, documents, problems);
  });
}

function yamlValue(doc: Document.Parsed): { value: unknown } | { error: string } {
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    if (/call stack/i.test(e.message)) return { error: TOO_DEEP };
    return { error: `invalid YAML: ${firstLine(e)}` };
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

/** Adds one parsed document: skipped when empty, expanded when a List, checked for kind and metadata. */
function addDocument(file: string, index: number, line: number | undefined, value: unknown, documents: InputDocument[], problems: ReadProblem[], item?: number): void {
  const at = { file, index, ...(item !== undefined ? { item } : {}), ...(line !== undefined ? { line } : {}) };
  const where = `document ${index}${item !== undefined ? ` item ${item}` : ''}`;
  if (value === null || value === undefined) return;
  if (typeof value !== 'object' || Array.isArray(value)) {
    problems.push(readProblem(at, 'ID900', 'error', `${where} is ${describe(value)}, not a Kubernetes object`));
    return;
  }
  const o = value as Record<string, unknown>;
  if (item === undefined && typeof o.kind === 'string' && o.kind.endsWith('List') && Array.isArray(o.items)) {
    o.items.forEach((v, i) => addDocument(file, index, line, v, documents, problems, i));
    return;
  }
  if (o.kind === undefined && o.apiVersion === undefined && looksLikeBootstrap(o)) {
    documents.push({ ...at, value: o });
    return;
  }
  const missing = ['apiVersion', 'kind', 'metadata'].filter((k) => o[k] === undefined || o[k] === null);
  if (missing.length > 0) {
    problems.push(readProblem(at, 'ID900', 'error', `${where} has no ${listOr(missing)}: not a Kubernetes object (nor an Envoy bootstrap)`));
    return;
  }
  documents.push({ ...at, value: o });
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
