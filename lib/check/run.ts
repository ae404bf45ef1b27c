/**
 * `check` over parsed documents: the schema validation and the rules over the
 * same objects, suppressions and `--disable` applied to both, one list of
 * results in file and document order.
 */
import { apiGroupOf, toManifestObject } from '../rules/manifest';
import { ruleFinding, runRules } from '../rules/engine';
import type { EngineOptions } from '../rules/options';
import { isSuppressed } from '../rules/suppression';
import { IstioVersion } from '../core/istio-version';
import { ManifestObject, ObjectSource, RuleFinding } from '../rules/types';
import { DocumentSpan, InputDocument, ReadOptions, ReadProblem, ReadResult, readStdin, StdinSource, STDIN_NAME, streamInputs } from '../reader/read';
import { decodeUtf8 } from '../reader/decode';
import { type DocumentBytes, locatePositions, type PositionQuery } from '../reader/positions';
import type { Finding, FindingObject } from '../base/finding';
import type { MtlsMode } from '../core/types';
import type { Suppression } from './suppress';
import type { Finding as SchemaFinding } from '../schema/problem';
import type { SchemaOptions } from '../schema/validate';
import { forRules } from './compact';

/**
 * One result of `check`: a finding of the reader, the schema validators or a rule, in the one
 * finding shape. Its object carries the file and document index; its position the line and column
 * of the field its path names (see `lib/reader/positions.ts`), else the document's line.
 * A rule crash has no object; a file-level problem has an object known only by its file.
 */
export type CheckResult = Finding;

/** The file of a result, '' when it is about none. */
export function resultFile(r: CheckResult): string {
  return r.object?.source?.file ?? '';
}

/** Options of {@link checkDocuments}. */
export interface CheckOptions {
  readonly istioVersion?: IstioVersion;
  /**
   * The Kubernetes version (`major.minor`) built-in kinds are checked against: one of the shipped
   * versions (`shippedKubernetesVersions()`), else a `UsageError` naming them.
   * @default '1.28'
   */
  readonly kubernetesVersion?: string;
  readonly defaultNamespace?: string;
  readonly disable?: readonly string[];
  /** Run the schema validation (loads the validator lazily). @default true */
  readonly schema?: boolean;
  /** Istio CRD files for the validator. @default - the validator's default */
  readonly istioCrds?: readonly string[];
  /** A directory of Envoy API protos (a newer Envoy's) for the validator. @default - the validator's default */
  readonly envoyApi?: string;
  /** The mesh-wide mTLS mode (the root namespace's PeerAuthentication when the input has none). @default 'PERMISSIVE' */
  readonly meshMtlsMode?: MtlsMode;
  /** Istio's root namespace. @default 'istio-system' */
  readonly rootNamespace?: string;
  /** The cluster's DNS domain. @default 'cluster.local' */
  readonly clusterDomain?: string;
  /** Findings silenced on objects from outside them (`--suppress`, the config file). @default - none */
  readonly suppress?: readonly Suppression[];
}

/** Everything `check` found. */
export interface CheckReport {
  readonly results: readonly CheckResult[];
  readonly files: number;
  readonly objects: number;
  /** Objects of kinds neither the schema nor the rules know, by `apiVersion/kind`. */
  readonly unknownKinds: ReadonlyMap<string, number>;
  /** Findings silenced by a suppression (an object's annotation, `--suppress` or the config file); `--disable` is not counted. */
  readonly suppressed?: number;
  /** What was left out on purpose: files and documents that are not Kubernetes objects, excluded paths, Helm charts. */
  readonly skipped?: SkippedInputs;
}

/** Inputs `check` left out on purpose: counted in the summary, never findings. */
export interface SkippedInputs {
  /** Files holding no Kubernetes object (a values file, a workflow, package.json). */
  readonly files: number;
  /** Documents without apiVersion and kind in files that do hold objects. */
  readonly documents: number;
  /** Paths named on the command line that match an exclude pattern. */
  readonly excluded: number;
  /** Helm chart folders (not read), each with the line saying how to render and check it. */
  readonly helmCharts: ReadonlyArray<{ readonly file: string; readonly message: string }>;
}

/** Sorts the reader's problems into findings and inputs skipped on purpose. */
function skippedInputs(problems: readonly ReadProblem[]): { findings: ReadProblem[]; skipped: SkippedInputs } {
  const findings: ReadProblem[] = [];
  const skipped = { files: 0, documents: 0, excluded: 0, helmCharts: [] as Array<{ file: string; message: string }> };
  for (const p of problems) {
    if (p.severity !== 'info') findings.push(p);
    else if (p.skipped === 'helm-chart') skipped.helmCharts.push({ file: p.object.source.file, message: p.message });
    else if (p.skipped === 'excluded') skipped.excluded++;
    else if (p.object.source.documentIndex === undefined) skipped.files++;
    else skipped.documents++;
  }
  return { findings, skipped };
}

/** The API groups of Kubernetes built-in kinds not named `*.k8s.io` ('' is the core group). */
const BUILT_IN_GROUPS: readonly string[] = ['', 'apps', 'batch', 'autoscaling', 'policy', 'extensions'];

/** Groups whose kinds `check` knows: Kubernetes built-ins and Istio. Objects of other groups (CRDs) are skipped. */
export function isKnownApiVersion(apiVersion: string): boolean {
  const group = apiGroupOf(apiVersion);
  return BUILT_IN_GROUPS.includes(group) || group.endsWith('.k8s.io') || group === 'istio.io' || group.endsWith('.istio.io') || RULES_ONLY_GROUPS.includes(group);
}

/**
 * API groups the rules read but whose schemas do not ship with istio-direct: their objects are kept
 * for the rules (the prometheus-operator's ServiceMonitor, PodMonitor and Prometheus, read by the
 * ID6xx scraping rules) and not schema-validated.
 */
const RULES_ONLY_GROUPS: readonly string[] = ['monitoring.coreos.com'];

/** Runs the schema validation and the rules over what {@link readInputs} read. */
export function checkDocuments(read: ReadResult, options: CheckOptions = {}): CheckReport {
  const run = new CheckRun(options);
  for (const doc of read.documents) run.push(doc);
  return run.finish(read);
}

/**
 * Reads the manifests under `paths` and checks them as a stream: each document is validated
 * against the schema and kept for the rules index as soon as it is read, and no file is held
 * whole, so memory grows with the objects the rules index, not with the text. The report equals
 * `checkDocuments(readInputs(paths, stdin, readOptions), options)`.
 */
export function checkInputs(paths: readonly string[], options: CheckOptions = {}, stdin?: StdinSource, readOptions: ReadOptions = {}): CheckReport {
  const run = new CheckRun(options);
  const problems: ReadProblem[] = [];
  let count = 0;
  // Standard input cannot be read again: its bytes are kept for the positions of its findings.
  let stdinBytes: string | Uint8Array | undefined;
  const keepStdin: StdinSource = () => (stdinBytes = (stdin ?? readStdin)());
  // The values are kept for the rules: the reader makes them compact (equal strings shared, arrays to their length).
  const { files, fileNames } = streamInputs(paths, { push: (d: InputDocument) => (count++, run.push(d)) }, problems, keepStdin, { ...readOptions, compact: true });
  // The report needs the documents' count only (the run keeps the known documents).
  return run.finish({ documents: new Array<InputDocument>(count), problems, files, fileNames }, stdinBytes);
}

/** Where a kept object was read: its source for the rules, and what its findings name (the document itself is not kept). */
class Origin implements ObjectSource {
  constructor(
    readonly file: string, readonly documentIndex: number, readonly item: number | undefined, readonly line: number | undefined,
    /** Where the document's text is in the file (see DocumentSpan), for the positions of its findings. */
    readonly region: DocumentBytes | undefined,
  ) {}
}

/** A document's bytes in its file, as the reader noted them (`undefined` when it did not): the span itself, not a copy. */
function regionOf(span: DocumentSpan | undefined): DocumentBytes | undefined {
  return span === undefined || span.byteStart === undefined || span.byteEnd === undefined ? undefined : (span as DocumentBytes);
}

/**
 * One `check`: documents are pushed one at a time (schema findings made at once), then the rules
 * run over them all. What is kept of each object for the rules is what they read ({@link forRules}).
 */
class CheckRun {
  private readonly unknownKinds = new Map<string, number>();
  private readonly known: Origin[] = [];
  private readonly objects: ManifestObject[] = [];
  private readonly schema: RuleFinding[] = [];
  private schemaOptions: SchemaOptions;
  private validator: ValidatorModule | undefined;

  constructor(private readonly options: CheckOptions) {
    this.schemaOptions = schemaOptionsOf(options);
  }

  push(doc: InputDocument): void {
    const apiVersion = doc.value.apiVersion;
    if (typeof apiVersion === 'string' && !isKnownApiVersion(apiVersion)) {
      const id = `${apiVersion}/${String(doc.value.kind)}`;
      this.unknownKinds.set(id, (this.unknownKinds.get(id) ?? 0) + 1);
      return;
    }
    const origin = new Origin(doc.file, doc.index, doc.item, doc.line, regionOf(doc.span));
    const object = toManifestObject(forRules(doc.value), this.known.length, origin, this.options.defaultNamespace);
    this.known.push(origin);
    this.objects.push(object);
    if (this.options.schema !== false && !RULES_ONLY_GROUPS.includes(apiGroupOf(String(apiVersion)))) {
      // The whole value is validated; the findings name the object kept.
      for (const f of this.loadValidator().validateObject(doc.value, this.schemaOptions)) this.schema.push(ruleFinding(f.code, f.severity, object, f.path, f.message));
    }
  }

  /**
   * The validator, loaded on first use: only when schema checks run. The Istio CRD files configured
   * in the environment are read then, once for the run rather than once per object.
   */
  private loadValidator(): ValidatorModule {
    if (this.validator === undefined) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      this.validator = require('../schema') as ValidatorModule;
      if (this.schemaOptions.istioCrds === undefined) this.schemaOptions = { ...this.schemaOptions, istioCrds: this.validator.istioCrdSources() };
    }
    return this.validator;
  }

  /** The report; `stdin` is what standard input held, for the positions of its findings. */
  finish(read: ReadResult, stdin?: string | Uint8Array): CheckReport {
    const { known, objects, options } = this;
    const disabled = new Set((options.disable ?? []).map((c) => c.toUpperCase()));
    const results: Ordered[] = [];
    let suppressed = 0;
    // Files in reading order; paths skipped while walking directories come after, by name.
    const fileOrder = new Map(read.fileNames.map((f, i) => [f, i]));
    const { findings: problems, skipped } = skippedInputs(read.problems);
    for (const p of problems) if (!disabled.has(p.code)) results.push(fromReadProblem(p, fileOrder.get(p.object.source.file) ?? read.fileNames.length));
    const nothingRead = nothingToCheck(read);
    if (nothingRead !== undefined) results.push({ ...nothingRead, order: 0, seq: -1 });
    for (const f of this.schema) {
      if (disabled.has(f.code)) continue;
      if (isSuppressed(f.object, f.code)) suppressed++;
      else results.push(fromFinding(f, known, fileOrder));
    }
    const rules = runRules(objects, { ...ruleOptionsOf(options), disable: [...disabled], onSuppressed: () => suppressed++ });
    for (const f of rules) results.push(fromFinding(f, known, fileOrder));
    const kept = results.filter((r) => !(options.suppress ?? []).some((s) => s.code === r.code && s.matches(r.object)));
    suppressed += results.length - kept.length;
    kept.sort(compareResults);
    // Files that held no Kubernetes object are not counted as checked.
    const notObjects = read.problems.filter((p) => p.skipped === 'not-kubernetes' && p.object.source.documentIndex === undefined && fileOrder.has(p.object.source.file)).length;
    return { results: withPositions(kept, stdin), files: read.files - notObjects, objects: objects.length, unknownKinds: this.unknownKinds, suppressed, skipped };
  }
}

/** Read problems of documents that did not parse (placed by the parser) or should not be parsed again (too deep, an alias bomb). */
const UNPARSED = /^(?:invalid |nested more than |YAML aliases )/;

/**
 * The results with the line and column of the field each is about, computed for the documents
 * that have results only. A parse error keeps the parser's line; a position that cannot be
 * computed leaves the document's line.
 */
function withPositions(results: readonly Ordered[], stdin: string | Uint8Array | undefined): CheckResult[] {
  // The results located (their indexes), and their queries: one shape for all.
  const located: number[] = [];
  const queries: PositionQuery[] = [];
  let fromStdin = false;
  for (let i = 0; i < results.length; i++) {
    const r = results[i];
    const source = r.object?.source;
    if (source?.file === undefined || source.documentIndex === undefined || (r.code === 'ID900' && UNPARSED.test(r.message))) continue;
    located.push(i);
    queries.push(new Query(source.file, source.documentIndex, source.item, r.path ?? '', r.region));
    fromStdin ||= source.file === STDIN_NAME;
  }
  const decoded = stdin === undefined || !fromStdin ? undefined : decodeUtf8(typeof stdin === 'string' ? Buffer.from(stdin, 'utf8') : stdin);
  const positions = located.length === 0 ? [] : locatePositions(queries, decoded !== undefined && 'text' in decoded ? decoded.text : undefined);
  const out = new Array<CheckResult>(results.length);
  let next = 0;
  for (let i = 0; i < results.length; i++) {
    // The sort keys and the document's bytes are the run's own: a result leaves without them.
    const { order: _order, seq: _seq, region: _region, ...r } = results[i];
    if (next < located.length && located[next] === i) {
      const position = positions[next++];
      if (position !== undefined) r.position = position;
    }
    out[i] = r;
  }
  return out;
}

/** A position query (every field present, one shape for all). */
class Query implements PositionQuery {
  constructor(readonly file: string, readonly index: number, readonly item: number | undefined, readonly path: string, readonly region: DocumentBytes | undefined) {}
}

/** The rule engine's settings from `check`'s options. */
function ruleOptionsOf(options: CheckOptions): EngineOptions {
  return {
    istioVersion: options.istioVersion,
    defaultNamespace: options.defaultNamespace,
    ...(options.meshMtlsMode !== undefined ? { meshMtlsMode: options.meshMtlsMode } : {}),
    ...(options.rootNamespace !== undefined ? { rootNamespace: options.rootNamespace } : {}),
    ...(options.clusterDomain !== undefined ? { clusterDomain: options.clusterDomain } : {}),
  };
}

/**
 * An error when the whole input holds no object at all (empty files, an empty folder, empty
 * standard input): as `kubectl apply` says "no objects passed to apply", a check of nothing is not a
 * pass. A single empty file among others stays a warning (ID905).
 */
function nothingToCheck(read: ReadResult): CheckResult | undefined {
  // Something skipped on purpose (not Kubernetes objects, excluded, a Helm chart) is not an empty input: the summary says it.
  if (read.documents.length > 0 || read.problems.some((p) => p.severity === 'error' || p.severity === 'info')) return undefined;
  const file = read.fileNames.length === 1 ? read.fileNames[0] : read.fileNames.length === 0 ? '' : `${read.fileNames.length} files`;
  const message = 'no objects to check: the input is empty (no Kubernetes object or Envoy bootstrap in it)';
  return { code: 'ID900', severity: 'error', ...(file !== '' ? { object: { source: { file } } } : {}), message };
}

/** A result with its sort keys: file position, then document, then input position. */
/** `region`: where a rule or schema finding's document is in its file, for its position. */
type Ordered = CheckResult & { order: number; seq: number; region?: DocumentBytes };

function compareResults(a: Ordered, b: Ordered): number {
  const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  const document = (r: Ordered) => r.object?.source?.documentIndex ?? -1;
  return (
    a.order - b.order || cmp(resultFile(a), resultFile(b)) || document(a) - document(b) || a.seq - b.seq ||
    cmp(a.path ?? '', b.path ?? '') || cmp(a.code, b.code) || cmp(a.message, b.message)
  );
}

/** A read problem as a result: its message names the List item it is about, as `check` always printed it. */
function fromReadProblem(p: ReadProblem, fileIndex: number): Ordered {
  const item = p.object.source.item;
  return { ...p, message: p.message + (item !== undefined ? ` (item ${item})` : ''), order: fileIndex, seq: item ?? -1 };
}

/** A rule or schema finding as a result: its object named, with the file, document and line it was read from. */
function fromFinding(f: RuleFinding, docs: readonly Origin[], fileOrder: ReadonlyMap<string, number>): Ordered {
  const doc = f.object.ordinal >= 0 ? docs[f.object.ordinal] : undefined;
  const o = f.object;
  const object: FindingObject | undefined = doc === undefined ? undefined : {
    apiVersion: o.apiVersion, kind: o.kind, namespace: o.namespace, name: o.name,
    source: { file: doc.file, documentIndex: doc.documentIndex, ...(doc.item !== undefined ? { item: doc.item } : {}) },
  };
  return {
    code: f.code, severity: f.severity, ...(object !== undefined ? { object } : {}), path: f.path,
    ...(doc?.line !== undefined ? { position: { line: doc.line } } : {}), message: f.message,
    // A rule crash (no object) comes last.
    order: doc === undefined ? Number.MAX_SAFE_INTEGER : fileOrder.get(doc.file) ?? 0,
    seq: f.object.ordinal,
    ...(doc?.region !== undefined ? { region: doc.region } : {}),
  };
}

interface ValidatorModule {
  validateObject(obj: unknown, options?: SchemaOptions): SchemaFinding[];
  istioCrdSources(): readonly string[];
}

/** The validator's settings from `check`'s options (an empty CRD list means the default). */
function schemaOptionsOf(options: CheckOptions): SchemaOptions {
  return {
    ...(options.istioCrds !== undefined && options.istioCrds.length > 0 ? { istioCrds: options.istioCrds } : {}),
    ...(options.envoyApi !== undefined ? { envoyApi: options.envoyApi } : {}),
    ...(options.istioVersion !== undefined ? { istioVersion: `${options.istioVersion.major}.${options.istioVersion.minor}` } : {}),
    ...(options.kubernetesVersion !== undefined ? { kubernetesVersion: options.kubernetesVersion } : {}),
  };
}
