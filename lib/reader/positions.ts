/**
 * Exact positions of findings: the line and column of the field a finding's path names, in the file
 * its document was read from. The reader keeps no syntax tree (reading stays fast and small), so
 * positions are computed afterwards, for the documents that have findings only: their file is read
 * again (standard input, which cannot be, is passed as text) up to the last of them, its bytes split
 * into documents the way the reader splits and numbers them (lib/reader/positions-split.ts), and
 * only the wanted documents are decoded and read: in the plain block style Kubernetes tools write,
 * by a walk along each path (lib/reader/positions-fast.ts) that reads only the lines the path goes
 * through, gives the same offsets as the `yaml` package's nodes and declines anything it is not
 * sure of; otherwise with the `yaml` package (its node offsets); for JSON, by a small scanner that
 * walks the path without building anything. The walk relies on the documents parsing without error,
 * as the ones the reader read do: on a file changed since it was read, a position may be given
 * where the `yaml` package would give none.
 *
 * A path resolves as deep as the document has it (`spec.ports[1].targetPort` on a port that has no
 * `targetPort` gives the port's position), down to the object itself; a map key gives the key's
 * position, a list item the item's first character. Lines and columns are 1-based; columns count
 * characters (Unicode code points, a tab is one), after a UTF-8 byte order mark, which is not part
 * of the text. Inside an Envoy bootstrap embedded in a ConfigMap as a literal block (`|`), the path
 * is followed into the embedded YAML or JSON; in any other string style it stops at the data key.
 */
import * as fs from 'fs';
import { isMap, isScalar, isSeq, parseAllDocuments, type Document, type Node, type Pair } from 'yaml';
import type { FindingPosition } from '../base/finding';
import { keptList, keptListOf } from '../base/kept';
import { parsePath, type PathSegment, type PathSelector } from '../base/paths';
import { decodeUtf8 } from './decode';
import { FastDocument, keyForms } from './positions-fast';
import { ByteSplitter, needsWholeBytes, type WantedDocument } from './positions-split';
import { flowDepthExceeds, forEachLineBytes, KUBECTL_YAML, STDIN_NAME } from './read';
import { countLines, DocumentSplitter, needsWholeStream, type StreamRegion } from './split';

/** A place to locate: a path in a document (and List item) of a file. */
export interface PositionQuery {
  readonly file: string;
  /** The document's index in the file, as the reader numbers it. */
  readonly index: number;
  /** Index in the `items` of a `List` document. */
  readonly item?: number;
  /** JSON path in the object (`spec.ports[0].port`); '' for the object itself. */
  readonly path: string;
  /**
   * Where the reader found the document's text in the file's bytes (the reader's `DocumentSpan`):
   * when every query of a YAML file has one, only those bytes are read again.
   */
  readonly region?: DocumentBytes;
}

/** A document's text in its file: bytes `[byteStart, byteEnd)`, starting on line `firstLine`. */
export interface DocumentBytes {
  readonly byteStart: number;
  readonly byteEnd: number;
  readonly firstLine: number;
}

type Step = PathSegment | PathSelector;

/**
 * The position of each query, `undefined` where it cannot be known (the file changed or is gone,
 * the document does not parse on its own, standard input was not kept). Each file is read once.
 * The queries are about documents the reader read (they parse without error: see the module's note).
 * @param stdinText the text read from standard input, when it was read
 */
export function locatePositions(queries: readonly PositionQuery[], stdinText?: string): Array<FindingPosition | undefined> {
  const out = new Array<FindingPosition | undefined>(queries.length).fill(undefined);
  // Usually one file: its queries are all of them, in their order (no grouping, no copy).
  if (queries.length === 0) return out;
  const first = queries[0].file;
  if (queries.every((q) => q.file === first)) return locateInFile(first, queries, stdinText, out);
  for (const [file, which] of groupBy(queries, (q) => q.file)) {
    const found = locateInFile(file, which.map((i) => queries[i]), stdinText, new Array<FindingPosition | undefined>(which.length).fill(undefined));
    which.forEach((i, k) => (out[i] = found[k]));
  }
  return out;
}

/** Indexes of the items, by key, keys in first-seen order. */
function groupBy<T, K>(list: readonly T[], key: (t: T) => K): Map<K, number[]> {
  const groups = new Map<K, number[]>();
  list.forEach((t, i) => {
    const k = key(t);
    const group = groups.get(k);
    if (group === undefined) groups.set(k, [i]);
    else group.push(i);
  });
  return groups;
}

/** The positions of the queries of one file, into `out` (which starts all `undefined`: it stays so where a position is not known). */
function locateInFile(file: string, queries: readonly PositionQuery[], stdinText: string | undefined, out: Array<FindingPosition | undefined>): Array<FindingPosition | undefined> {
  try {
    if (file === STDIN_NAME) {
      if (stdinText === undefined) return out;
      return copyInto(looksLikeJson(stdinText) ? locateJson(stdinText, queries) : locateYamlText(stdinText, queries), out);
    }
    if (/\.json$/i.test(file)) {
      const text = readWhole(file);
      return text === undefined ? out : copyInto(locateJson(text, queries), out);
    }
    // The reader noted every document's bytes: only those with queries are read again.
    if (!queries.every((q) => q.region !== undefined)) return copyInto(locateYamlFile(file, queries), out);
    locateYamlRegions(file, queries, out);
    return out;
  } catch {
    // Positions are a help: a finding whose position cannot be computed keeps its document's line.
    return out.fill(undefined);
  }
}

/** `found` copied into `out` (positions past `found`'s end stay `undefined`). */
function copyInto(found: ReadonlyArray<FindingPosition | undefined>, out: Array<FindingPosition | undefined>): Array<FindingPosition | undefined> {
  for (let i = 0; i < found.length && i < out.length; i++) out[i] = found[i];
  return out;
}

/** Standard input is JSON when the reader read it as JSON: it starts with `[` or `{` and parses. */
function looksLikeJson(text: string): boolean {
  if (!/^\s*[[{]/.test(text)) return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * Opens a file again, non-blocking (as the reader does: a FIFO swapped in since cannot hang the
 * report), and runs `use` on it with its size; anything but a regular file throws.
 */
function withFile<T>(file: string, use: (fd: number, size: number) => T): T {
  const fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  try {
    const stats = fs.fstatSync(fd);
    if (!stats.isFile()) throw new Error(`${file}: not a regular file`);
    return use(fd, stats.size);
  } finally {
    fs.closeSync(fd);
  }
}

function readWhole(file: string): string | undefined {
  const decoded = decodeUtf8(withFile(file, (fd) => fs.readFileSync(fd)));
  return 'text' in decoded ? decoded.text : undefined;
}

/** The steps of a walk from a document to the field; the first `base` of them must exist (into a List item). */
interface WalkPath {
  readonly steps: readonly Step[];
  readonly base: number;
}

/** The steps from a document to the field: into the List item first, then the path. */
function stepsOf(q: PositionQuery): WalkPath {
  return q.item !== undefined ? { steps: ['items', q.item, ...pathSteps(q.path)], base: 2 } : pathWalk(q.path);
}

/** The paths seen, parsed (findings share a few paths). */
const PATHS = new Map<string, WalkPath>();
const MAX_PATHS = 4096;

/** A path's walk from a document's root (never to be changed: they are shared). */
function pathWalk(path: string): WalkPath {
  let walk = PATHS.get(path);
  if (walk === undefined) {
    if (PATHS.size >= MAX_PATHS) PATHS.clear();
    walk = { steps: parsePath(path), base: 0 };
    PATHS.set(path, walk);
  }
  return walk;
}

/** A path's steps (never to be changed: they are shared). */
function pathSteps(path: string): readonly Step[] {
  return pathWalk(path).steps;
}

/** A line and column (a class: findings keep it until the end of the run, see lib/base/kept.ts); plain data fields. */
class Position implements FindingPosition {
  constructor(
    readonly line: number,
    readonly column: number,
  ) {}
}

/** Line starts of a text, found as far as the offsets asked for, for offsets to 1-based line and column (in code points). */
class LineIndex {
  private readonly starts: number[] = [0];
  /** Whether every line start is in {@link starts}. */
  private complete = false;

  constructor(private readonly text: string, private readonly firstLine = 1) {}

  at(offset: number): FindingPosition {
    let last = this.starts[this.starts.length - 1];
    while (!this.complete && last <= offset) {
      const nl = this.text.indexOf('\n', last);
      if (nl < 0) this.complete = true;
      else this.starts.push((last = nl + 1));
    }
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return new Position(this.firstLine + lo, codePoints(this.text, this.starts[lo], offset) + 1);
  }

  /** The rest of the line from `offset`. */
  rest(offset: number): string {
    const nl = this.text.indexOf('\n', offset);
    return this.text.slice(offset, nl < 0 ? this.text.length : nl);
  }

  /** The indentation of the first line after `offset`'s that holds more than spaces; `undefined` when there is none. */
  blockIndent(offset: number): number | undefined {
    const line = /( *)(\r?\n|[^ ])/y;
    for (let nl = this.text.indexOf('\n', offset); nl >= 0; nl = this.text.indexOf('\n', nl + 1)) {
      line.lastIndex = nl + 1;
      const m = line.exec(this.text);
      if (m === null) return undefined;
      if (m[2] !== '\n' && m[2] !== '\r\n') return m[1].length;
    }
    return undefined;
  }
}

/** Unicode code points in `text[from, to)`: UTF-16 code units, a surrogate pair counted once. */
function codePoints(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c < 0xdc00 || c > 0xdfff) n++;
  }
  return n;
}

// ---------------------------------------------------------------------------------------------
// YAML

/** Takes documents (regions as the splitter gives them, or the wanted ones by index), numbered as the reader numbers them, and locates the queries of the wanted ones. */
class RegionPicker {
  private index = 0;
  private readonly wanted: ReadonlyMap<number, number[]>;

  /** `queries` located into `out` as their documents come. */
  constructor(private readonly queries: readonly PositionQuery[], private readonly out: Array<FindingPosition | undefined>) {
    this.wanted = groupBy(queries, (q) => q.index);
  }

  /** The indexes of the wanted documents, ascending. */
  wantedIndexes(): number[] {
    return [...this.wanted.keys()].sort((a, b) => a - b);
  }

  /** A region as the splitter gives it: the next document, when it is one. */
  read(region: StreamRegion): void {
    if (region.marker || /^[ \t]*[^ \t\r\n#]/m.test(region.text)) this.document(region, this.index);
  }

  /** Document `index` (the next one, or a later one: those between are not wanted). */
  document(region: WantedDocument, index: number): void {
    this.index = index + 1;
    const which = this.wanted.get(index);
    if (which !== undefined) locateInRegion(region, this.queries, this.out, which);
  }
}

/**
 * YAML positions in a file whose documents' bytes the reader noted, into `out`: each wanted document
 * read alone, with no pass over the rest of the file (one cut short since it was read gives no positions).
 */
function locateYamlRegions(file: string, queries: readonly PositionQuery[], out: Array<FindingPosition | undefined>): void {
  const documents = documentsOf(queries);
  withFile(file, (fd, size) => {
    const reader = new RegionReader(fd, size);
    for (let d = 0; d < documents.length; d++) if (!reader.locate(documents[d], queries, out)) return;
  });
}

/**
 * The queries' indexes grouped by document (a document's in their order), the documents in the
 * order of their bytes in the file. Queries usually come by document in that order (results sorted
 * by file and document): they are then only cut where the document changes.
 */
function documentsOf(queries: readonly PositionQuery[]): number[][] {
  const documents = keptList<number[]>();
  let sorted = true;
  let current = keptList<number>();
  for (let i = 0; i < queries.length; i++) {
    const q = queries[i];
    const last = current.length === 0 ? undefined : queries[current[0]];
    if (last !== undefined && last.index === q.index) {
      current.push(i);
      continue;
    }
    if (last !== undefined && last.region!.byteStart >= q.region!.byteStart) sorted = false;
    current = keptListOf(i);
    documents.push(current);
  }
  if (sorted) return documents;
  const grouped = [...groupBy(queries, (q) => q.index).values()];
  return grouped.sort((x, y) => queries[x[0]].region!.byteStart - queries[y[0]].region!.byteStart);
}

/** Reads documents' bytes from a file in windows of at least {@link REGION_WINDOW_BYTES} from a wanted document's start: few reads, only the wanted documents decoded. */
class RegionReader {
  private window = Buffer.alloc(0);
  private from = 0;
  private to = 0;

  constructor(private readonly fd: number, private readonly size: number) {}

  /** Locates the queries `slots` (of one document) into `out`; false when the file is shorter than the document (it changed: no more positions). */
  locate(slots: readonly number[], queries: readonly PositionQuery[], out: Array<FindingPosition | undefined>): boolean {
    const region = queries[slots[0]].region!;
    const byteStart = region.byteStart;
    const byteEnd = region.byteEnd;
    if (byteEnd > this.size || byteEnd < byteStart) return false;
    if ((byteStart < this.from || byteEnd > this.to) && !this.read(byteStart, byteEnd)) return false;
    const text = this.window.toString('utf8', byteStart - this.from, byteEnd - this.from);
    locateInRegion({ text, line: region.firstLine }, queries, out, slots);
    return true;
  }

  private read(byteStart: number, byteEnd: number): boolean {
    const length = Math.min(Math.max(REGION_WINDOW_BYTES, byteEnd - byteStart), this.size - byteStart);
    if (this.window.length < length) this.window = Buffer.alloc(length);
    const n = fs.readSync(this.fd, this.window, 0, length, byteStart);
    this.from = byteStart;
    this.to = byteStart + n;
    return byteEnd <= this.to;
  }
}

/** Least size of the reads of {@link locateYamlRegions}. */
const REGION_WINDOW_BYTES = 1 << 20;

/** Raised to stop reading a file: every wanted document was found, or the stream must be read whole. */
class Stop {
  constructor(readonly whole: boolean) {}
}

/**
 * YAML positions in a file read again in chunks, up to its last wanted document, only the wanted
 * documents decoded; a stream with `...` or a directive is read whole (as the reader does).
 */
function locateYamlFile(file: string, queries: readonly PositionQuery[]): Array<FindingPosition | undefined> {
  const out = new Array<FindingPosition | undefined>(queries.length).fill(undefined);
  const picker = new RegionPicker(queries, out);
  const splitter = new ByteSplitter(picker.wantedIndexes(), (document, index) => picker.document(document, index));
  try {
    withFile(file, (fd, size) => {
      forEachLineBytes(fd, size, (data, end) => {
        if (needsWholeBytes(data, end)) throw new Stop(true);
        splitter.push(data, end);
        if (splitter.done) throw new Stop(false);
      });
      splitter.end();
    });
  } catch (e) {
    if (!(e instanceof Stop)) throw e;
    if (e.whole) {
      const text = readWhole(file);
      return text === undefined ? [] : locateYamlText(text, queries);
    }
  }
  return out;
}

/** YAML positions in a whole text (standard input, or a stream the splitter does not take). */
function locateYamlText(text: string, queries: readonly PositionQuery[]): Array<FindingPosition | undefined> {
  const out = new Array<FindingPosition | undefined>(queries.length).fill(undefined);
  if (flowDepthExceeds(text)) return out;
  if (needsWholeStream(text)) {
    const docs = parseAllDocuments(text.replace(/^%YAML(?=[ \t])/gm, '#YAML'), KUBECTL_YAML) as Document.Parsed[];
    if (!Array.isArray(docs)) return out;
    const lines = new LineIndex(text);
    queries.forEach((q, i) => {
      const doc = docs[q.index];
      if (doc !== undefined && doc.errors.length === 0) out[i] = locateInYaml(doc.contents, stepsOf(q), lines);
    });
    return out;
  }
  const picker = new RegionPicker(queries, out);
  const splitter = new DocumentSplitter((r) => picker.read(r));
  splitter.push(text);
  splitter.end();
  return out;
}

/** A `kind: List` document longer than this (a cluster's `kubectl get -o yaml`) has only its wanted items parsed. */
const SPLIT_LIST_CHARS = 1 << 20;

/**
 * Parses one document's text (or, in a big List, the wanted items' texts) and locates the queries
 * about it, `queries[slots[k]]`; their positions go to `out` at `slots`.
 */
function locateInRegion(region: WantedDocument, queries: readonly PositionQuery[], out: Array<FindingPosition | undefined>, slots: readonly number[]): void {
  if (region.text.length > SPLIT_LIST_CHARS && allItems(queries, slots) && locateInItems(region, queries, out, slots)) return;
  const lines = new LineIndex(region.text, region.line);
  const paths = new Array<WalkPath>(slots.length);
  for (let k = 0; k < slots.length; k++) paths[k] = stepsOf(queries[slots[k]]);
  if (locateFast(region.text, paths, lines, out, slots)) return;
  const doc = parseOne(region.text);
  if (doc === undefined) return;
  for (let k = 0; k < slots.length; k++) out[slots[k]] = locateInYaml(doc.contents, paths[k], lines);
}

function allItems(queries: readonly PositionQuery[], slots: readonly number[]): boolean {
  for (let k = 0; k < slots.length; k++) if (queries[slots[k]].item === undefined) return false;
  return true;
}

/**
 * The positions of paths in a document's text found by the fast walk (no `yaml` parse), put in
 * `out` at `slots`; false (and nothing put) when it declines the document or any of the paths.
 */
function locateFast(text: string, paths: readonly WalkPath[], lines: LineIndex, out: Array<FindingPosition | undefined>, slots: readonly number[]): boolean {
  const doc = FastDocument.walk(text);
  if (doc === undefined) return false;
  const answers = new Array<number | undefined>(paths.length);
  for (let k = 0; k < paths.length; k++) {
    const answer = doc.locate(paths[k].steps, paths[k].base);
    if (answer === 'decline') return false;
    answers[k] = answer;
  }
  for (let k = 0; k < paths.length; k++) {
    const offset = answers[k];
    out[slots[k]] = offset === undefined ? undefined : lines.at(offset);
  }
  return true;
}

/**
 * A path's position in one document's text both ways: by the fast walk (`'decline'` when it
 * declines) and by the `yaml` package. For the test that shows the two agree on documents that parse.
 */
export function locateBothWays(text: string, path: string): { fast: FindingPosition | undefined | 'decline'; yaml: FindingPosition | undefined } {
  const lines = new LineIndex(text);
  const steps = { steps: parsePath(path), base: 0 };
  const fast: Array<FindingPosition | undefined> = [undefined];
  const walked = locateFast(text, [steps], lines, fast, [0]);
  const doc = parseOne(text);
  return { fast: walked ? fast[0] : 'decline', yaml: doc === undefined ? undefined : locateInYaml(doc.contents, steps, lines) };
}

/** The one document of a text, when it parses without error. */
function parseOne(text: string): Document.Parsed | undefined {
  if (flowDepthExceeds(text)) return undefined;
  const docs = parseAllDocuments(text, KUBECTL_YAML) as Document.Parsed[];
  const doc = Array.isArray(docs) ? docs[0] : undefined;
  return doc === undefined || doc.errors.length > 0 ? undefined : doc;
}

/** Locates queries about List items in the items' own texts; false (nothing trusted) when the items cannot be told apart that way. */
function locateInItems(region: WantedDocument, queries: readonly PositionQuery[], out: Array<FindingPosition | undefined>, slots: readonly number[]): boolean {
  const entries = listEntries(region.text);
  if (entries === undefined) return false;
  for (const [item, which] of groupBy(slots, (slot) => queries[slot].item ?? -1)) {
    const entry = entries[item];
    if (entry === undefined) return false;
    const text = region.text.slice(entry.start, entry.end);
    const lines = new LineIndex(text, region.line + entry.line);
    const itemSlots = which.map((j) => slots[j]);
    // The text is a one-item sequence: item 0 stands for the List's item.
    const steps = itemSlots.map((slot) => ({ steps: [0, ...pathSteps(queries[slot].path)], base: 1 }));
    if (locateFast(text, steps, lines, out, itemSlots)) continue;
    const doc = parseOne(text);
    if (doc === undefined) return false;
    itemSlots.forEach((slot, j) => (out[slot] = locateInYaml(doc.contents, steps[j], lines)));
  }
  return true;
}

/**
 * The entries of a List document's top-level block sequence `items:` (as kubectl writes it: `items:`
 * at the start of a line, each entry a `- ` line at one indentation): each entry's text offsets and
 * its first line (from 0, in the text). `undefined` when `items` is not such a sequence.
 */
function listEntries(text: string): Array<{ start: number; end: number; line: number }> | undefined {
  const key = /^items:[ \t]*(?:#.*)?\r?$/m.exec(text);
  if (key === null) return undefined;
  const entries: Array<{ start: number; end: number; line: number }> = [];
  const indentation = /( *)([^ ]?)([^ ]?)/y;
  let indent = -1;
  let line = countLines(text, key.index);
  for (let at = text.indexOf('\n', key.index) + 1; at > 0 && at < text.length; at = text.indexOf('\n', at) + 1) {
    line++;
    indentation.lastIndex = at;
    const [, spaces, first, second] = indentation.exec(text) as RegExpExecArray;
    if (first === '' || first === '\n' || first === '\r' || first === '#') continue;
    const entry = first === '-' && (second === '' || second === ' ' || second === '\n' || second === '\r');
    if (indent < 0 && !entry) return undefined;
    if (indent >= 0 && spaces.length > indent) continue;
    if (entries.length > 0) entries[entries.length - 1].end = at;
    if (!entry || (indent >= 0 && spaces.length < indent)) return entries;
    indent = spaces.length;
    entries.push({ start: at, end: text.length, line });
  }
  return entries;
}

/** Where a step leads in a YAML node: the child node and the offset to report (a key's, or an item's). */
function yamlChild(node: Node, step: Step): { node: Node | null; offset: number } | undefined {
  if (isMap(node) && typeof step !== 'object') {
    for (const form of keyForms(step)) {
      const pair = [...node.items].reverse().find((p: Pair) => isScalar(p.key) && String(p.key.value) === form);
      if (pair !== undefined) return { node: (pair.value as Node | null) ?? null, offset: (pair.key as Node).range?.[0] ?? 0 };
    }
    return undefined;
  }
  if (!isSeq(node)) return undefined;
  const item = typeof step === 'number' ? node.items[step] : typeof step === 'object' ? node.items.find((n) => isMap(n) && isScalar(n.get(step.key, true)) && String((n.get(step.key, true) as { value: unknown }).value) === step.value) : undefined;
  return item === undefined || item === null ? undefined : { node: item as Node, offset: (item as Node).range?.[0] ?? 0 };
}

/**
 * Follows the steps from a document's root as far as they go; `undefined` when even the List item
 * (the first `base` steps) is not there. A literal block holding YAML or JSON is followed into.
 */
function locateInYaml(root: Node | null, { steps, base }: WalkPath, lines: LineIndex): FindingPosition | undefined {
  if (root === null || root.range === undefined || root.range === null) return undefined;
  let node: Node | null = root;
  let offset = root.range[0];
  for (let k = 0; k < steps.length && node !== null; k++) {
    const next = yamlChild(node, steps[k]);
    if (next === undefined) {
      if (k < base) return undefined;
      return (isScalar(node) && embedded(node, steps.slice(k), lines)) || lines.at(offset);
    }
    node = next.node;
    offset = next.offset;
  }
  return lines.at(offset);
}

// ---------------------------------------------------------------------------------------------
// An Envoy bootstrap embedded in a ConfigMap

/**
 * A position inside the text of a literal block scalar (`key: |` then indented lines), found by
 * locating the rest of the path in that text: its line `k` is the `k`th line after the indicator,
 * its columns shifted by the block's indentation. Other scalar styles give `undefined`.
 */
function embedded(node: Node, steps: readonly Step[], lines: LineIndex): FindingPosition | undefined {
  if (!isScalar(node) || node.type !== 'BLOCK_LITERAL' || typeof node.value !== 'string' || !node.range) return undefined;
  // An explicit indentation indicator (`|2`) is left alone: the indentation is then not the first line's.
  if (!/^\|[+-]?[ \t]*(?:#.*)?\r?$/.test(lines.rest(node.range[0]))) return undefined;
  const indent = lines.blockIndent(node.range[0]);
  const text = node.value;
  const inner = looksLikeJson(text) ? locateJson(text, [{ file: '', index: 0, path: '' }], steps)[0] : innerYaml(text, steps);
  if (inner === undefined || indent === undefined) return undefined;
  return { line: lines.at(node.range[0]).line + inner.line, column: indent + (inner.column ?? 1) };
}

function innerYaml(text: string, steps: readonly Step[]): FindingPosition | undefined {
  if (flowDepthExceeds(text)) return undefined;
  const docs = parseAllDocuments(text, KUBECTL_YAML) as Document.Parsed[];
  const doc = Array.isArray(docs) && docs.length === 1 ? docs[0] : undefined;
  return doc === undefined || doc.errors.length > 0 ? undefined : locateInYaml(doc.contents, { steps, base: 0 }, new LineIndex(text));
}

// ---------------------------------------------------------------------------------------------
// JSON

/**
 * JSON positions: a file (or standard input) is one object, or an array of them (document `i` is
 * item `i`). The scanner skips values it does not need without parsing them, and remembers the
 * members of the objects and arrays it went through, so many findings in one big file (a cluster's
 * `kubectl get -o json`) cost one pass over it, not one each.
 * @param inner steps used for every query instead of its own (an embedded text)
 */
function locateJson(text: string, queries: readonly PositionQuery[], inner?: readonly Step[]): Array<FindingPosition | undefined> {
  if (flowDepthExceeds(text)) return [];
  const scanner = new JsonScanner(text);
  const lines = new LineIndex(text);
  const start = skipSpace(text, 0);
  const array = text[start] === '[';
  return queries.map((q) => {
    if (inner !== undefined) return jsonLocate(scanner, start, inner, 0, lines);
    if (!array && q.index !== 0) return undefined;
    const { steps, base } = stepsOf(q);
    return jsonLocate(scanner, start, array ? [q.index, ...steps] : steps, array ? base + 1 : base, lines);
  });
}

function jsonLocate(scanner: JsonScanner, start: number, steps: readonly Step[], base: number, lines: LineIndex): FindingPosition | undefined {
  let at = start;
  let offset = start;
  for (let k = 0; k < steps.length; k++) {
    const next = scanner.child(at, steps[k]);
    if (next === undefined) {
      if (k < base) return undefined;
      break;
    }
    at = next.value;
    offset = next.offset;
  }
  return lines.at(offset);
}

const SPACE = /[ \t\r\n]*/y;

function skipSpace(text: string, i: number): number {
  SPACE.lastIndex = i;
  SPACE.exec(text);
  return SPACE.lastIndex;
}

/** Offset after the JSON value at `i` (a string, an object, an array or a literal). */
function valueEnd(text: string, i: number): number {
  const c = text[i];
  if (c === '"') return stringEnd(text, i);
  if (c !== '{' && c !== '[') {
    const literal = /[^,\]}\s]*/y;
    literal.lastIndex = i;
    literal.exec(text);
    return literal.lastIndex;
  }
  let depth = 0;
  for (let j = i; j < text.length; j++) {
    const d = text[j];
    if (d === '"') j = stringEnd(text, j) - 1;
    else if (d === '{' || d === '[') depth++;
    else if ((d === '}' || d === ']') && --depth === 0) return j + 1;
  }
  return text.length;
}

function stringEnd(text: string, i: number): number {
  for (let j = i + 1; j < text.length; j++) {
    if (text[j] === '\\') j++;
    else if (text[j] === '"') return j + 1;
  }
  return text.length;
}

/** A member of a JSON object: its key's offset and its value's. */
interface JsonMember {
  readonly offset: number;
  readonly value: number;
}

/** The members of the objects and the items of the arrays of one JSON text, each container scanned once. */
class JsonScanner {
  private readonly objects = new Map<number, Map<string, JsonMember>>();
  private readonly arrays = new Map<number, number[]>();

  constructor(private readonly text: string) {}

  /** Where a step leads from the value at `at`: a key (in any of its case styles) or an item. */
  child(at: number, step: Step): { value: number; offset: number } | undefined {
    if (this.text[at] === '{' && typeof step !== 'object') {
      const members = this.members(at);
      for (const form of keyForms(step)) {
        const member = members.get(form);
        if (member !== undefined) return member;
      }
      return undefined;
    }
    if (this.text[at] !== '[' || typeof step === 'string') return undefined;
    const items = this.items(at);
    const item = typeof step === 'number' ? items[step] : items.find((i) => this.selects(i, step));
    return item === undefined ? undefined : { value: item, offset: item };
  }

  /** The members of the object at `at`; of duplicate keys the last, as `JSON.parse` keeps it. */
  private members(at: number): Map<string, JsonMember> {
    let members = this.objects.get(at);
    if (members !== undefined) return members;
    members = new Map();
    const text = this.text;
    let i = skipSpace(text, at + 1);
    while (i < text.length && text[i] === '"') {
      const end = stringEnd(text, i);
      const key = JSON.parse(text.slice(i, end)) as string;
      const colon = skipSpace(text, end);
      if (text[colon] !== ':') break;
      const value = skipSpace(text, colon + 1);
      members.set(key, { offset: i, value });
      i = skipSpace(text, valueEnd(text, value));
      if (text[i] === ',') i = skipSpace(text, i + 1);
    }
    this.objects.set(at, members);
    return members;
  }

  /** The offsets of the items of the array at `at`. */
  private items(at: number): number[] {
    let items = this.arrays.get(at);
    if (items !== undefined) return items;
    items = [];
    const text = this.text;
    let i = skipSpace(text, at + 1);
    while (i < text.length && text[i] !== ']') {
      items.push(i);
      i = skipSpace(text, valueEnd(text, i));
      if (text[i] !== ',') break;
      i = skipSpace(text, i + 1);
    }
    this.arrays.set(at, items);
    return items;
  }

  /** Whether the object at `at` has `key` equal to `value` (a string, or a number or boolean written as one). */
  private selects(at: number, selector: PathSelector): boolean {
    const member = this.child(at, selector.key);
    if (member === undefined) return false;
    const raw = this.text.slice(member.value, valueEnd(this.text, member.value));
    return (raw.startsWith('"') ? (JSON.parse(raw) as string) : raw) === selector.value;
  }
}
