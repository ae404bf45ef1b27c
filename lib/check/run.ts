/**
 * `check` over parsed documents: the schema validation and the rules over the
 * same objects, suppressions and `--disable` applied to both, one list of
 * results in file and document order.
 */
import { apiGroupOf, toManifestObject } from '../rules/manifest';
import { runRules } from '../rules/engine';
import { isSuppressed } from '../rules/suppression';
import { IstioVersion } from '../core/istio-version';
import { ManifestObject, RuleFinding, RuleSeverity } from '../rules/types';
import { InputDocument, ReadOptions, ReadProblem, ReadResult, StdinSource, streamInputs } from '../reader/read';

/** One result of `check`, as `--json` prints it (plus the document position for the other formats). */
export interface CheckResult {
  readonly rule: string;
  readonly severity: RuleSeverity;
  readonly file: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly path: string;
  readonly message: string;
  /** Document index in the file, when the result is about a document. */
  readonly document?: number;
  /** 1-based line of the document, when known. */
  readonly line?: number;
}

/** Options of {@link checkDocuments}. */
export interface CheckOptions {
  readonly istioVersion?: IstioVersion;
  readonly defaultNamespace?: string;
  readonly disable?: readonly string[];
  /** Run the schema validation (loads the validator lazily). @default true */
  readonly schema?: boolean;
  /** Istio CRD files for the validator. @default - the validator's default */
  readonly istioCrds?: readonly string[];
  /** A directory of Envoy API protos (a newer Envoy's) for the validator. @default - the validator's default */
  readonly envoyApi?: string;
}

/** Everything `check` found. */
export interface CheckReport {
  readonly results: readonly CheckResult[];
  readonly files: number;
  readonly objects: number;
  /** Objects of kinds neither the schema nor the rules know, by `apiVersion/kind`. */
  readonly unknownKinds: ReadonlyMap<string, number>;
}

/** Groups whose kinds `check` knows: Kubernetes built-ins and Istio. Objects of other groups (CRDs) are skipped. */
export function isKnownApiVersion(apiVersion: string): boolean {
  const group = apiGroupOf(apiVersion);
  return ['', 'apps', 'batch', 'autoscaling', 'policy', 'extensions'].includes(group) || group.endsWith('.k8s.io') || group === 'istio.io' || group.endsWith('.istio.io');
}

/** Runs the schema validation and the rules over what {@link readInputs} read. */
export function checkDocuments(read: ReadResult, options: CheckOptions = {}): CheckReport {
  const run = new CheckRun(options);
  try {
    for (const doc of read.documents) run.push(doc);
    return run.finish(read);
  } finally {
    run.close();
  }
}

/**
 * Reads the manifests under `paths` and checks them as a stream: each document is validated
 * against the schema and kept for the rules index as soon as it is read, and no file is held
 * whole, so memory grows with the objects the rules index, not with the text. The report equals
 * `checkDocuments(readInputs(paths, stdin, readOptions), options)`.
 */
export function checkInputs(paths: readonly string[], options: CheckOptions = {}, stdin?: StdinSource, readOptions: ReadOptions = {}): CheckReport {
  const run = new CheckRun(options);
  try {
    const problems: ReadProblem[] = [];
    let count = 0;
    const { files, fileNames } = streamInputs(paths, { push: (d: InputDocument) => (count++, run.push(d)) }, problems, stdin, readOptions);
    // The report needs the documents' count only (the run keeps the known documents).
    return run.finish({ documents: new Array<InputDocument>(count), problems, files, fileNames });
  } finally {
    run.close();
  }
}

/** One `check`: documents are pushed one at a time (schema findings made at once), then the rules run over them all. */
class CheckRun {
  private readonly unknownKinds = new Map<string, number>();
  private readonly known: InputDocument[] = [];
  private readonly objects: ManifestObject[] = [];
  private readonly schema: SchemaFinding[] = [];
  private validator: ValidatorModule | undefined;

  constructor(private readonly options: CheckOptions) {}

  push(doc: InputDocument): void {
    const apiVersion = doc.value.apiVersion;
    if (typeof apiVersion === 'string' && !isKnownApiVersion(apiVersion)) {
      const id = `${apiVersion}/${String(doc.value.kind)}`;
      this.unknownKinds.set(id, (this.unknownKinds.get(id) ?? 0) + 1);
      return;
    }
    const object = toManifestObject(doc.value, this.known.length, { file: doc.file, documentIndex: doc.index }, this.options.defaultNamespace);
    this.known.push(doc);
    this.objects.push(object);
    if (this.options.schema !== false) this.schema.push(...schemaFindingsOf(object, this.loadValidator()));
  }

  private loadValidator(): ValidatorModule {
    if (this.validator === undefined) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      this.validator = require('../schema') as ValidatorModule;
      if (this.options.istioCrds !== undefined && this.options.istioCrds.length > 0) this.validator.setIstioCrdSources(this.options.istioCrds);
      if (this.options.envoyApi !== undefined) this.validator.setEnvoyApiDir(this.options.envoyApi);
    }
    return this.validator;
  }

  /** Undoes the validator settings made for this run. */
  close(): void {
    if (this.validator === undefined) return;
    if (this.options.istioCrds !== undefined && this.options.istioCrds.length > 0) this.validator.setIstioCrdSources(undefined);
    if (this.options.envoyApi !== undefined) this.validator.setEnvoyApiDir(undefined);
  }

  finish(read: ReadResult): CheckReport {
    const options = this.options;
    // Loaded even when nothing was read, so that a bad --istio-crds or --envoy-api is always reported.
    if (options.schema !== false) this.loadValidator();
    const { known, objects } = this;
    const disabled = new Set((options.disable ?? []).map((c) => c.toUpperCase()));
    const results: Ordered[] = [];
    // Files in reading order; paths skipped while walking directories come after, by name.
    const fileOrder = new Map(read.fileNames.map((f, i) => [f, i]));
    for (const p of read.problems) if (!disabled.has(p.code)) results.push(fromReadProblem(p, fileOrder.get(p.file) ?? read.fileNames.length));
    const nothingRead = nothingToCheck(read);
    if (nothingRead !== undefined) results.push(fromReadProblem(nothingRead, 0));
    for (const f of this.schema) if (!disabled.has(f.rule) && !isSuppressed(f.object, f.rule)) results.push(fromFinding(f, known, fileOrder));
    const rules = runRules(objects, { istioVersion: options.istioVersion, defaultNamespace: options.defaultNamespace, disable: [...disabled] });
    for (const f of rules) results.push(fromFinding(f, known, fileOrder));
    results.sort(compareResults);
    return { results: results.map(({ order: _order, seq: _seq, ...r }) => r), files: read.files, objects: objects.length, unknownKinds: this.unknownKinds };
  }
}

/**
 * An error when the whole input holds no object at all (empty files, an empty folder, empty
 * standard input): as `kubectl apply` says "no objects passed to apply", a check of nothing is not a
 * pass. A single empty file among others stays a warning (ID905).
 */
function nothingToCheck(read: ReadResult): ReadProblem | undefined {
  if (read.documents.length > 0 || read.problems.some((p) => p.severity === 'error')) return undefined;
  const file = read.fileNames.length === 1 ? read.fileNames[0] : read.fileNames.length === 0 ? '' : `${read.fileNames.length} files`;
  return { file, code: 'ID900', severity: 'error', message: 'no objects to check: the input is empty (no Kubernetes object or Envoy bootstrap in it)' };
}

/** A result with its sort keys: file position, then document, then input position. */
type Ordered = CheckResult & { order: number; seq: number };

function compareResults(a: Ordered, b: Ordered): number {
  const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  return a.order - b.order || cmp(a.file, b.file) || (a.document ?? -1) - (b.document ?? -1) || a.seq - b.seq || cmp(a.path, b.path) || cmp(a.rule, b.rule) || cmp(a.message, b.message);
}

function fromReadProblem(p: ReadProblem, fileIndex: number): Ordered {
  const where = p.item !== undefined ? ` (item ${p.item})` : '';
  return {
    rule: p.code, severity: p.severity, file: p.file, kind: '', namespace: '', name: '', path: '', message: p.message + where,
    ...(p.index !== undefined ? { document: p.index } : {}), ...(p.line !== undefined ? { line: p.line } : {}),
    order: fileIndex,
    seq: p.item ?? -1,
  };
}

function fromFinding(f: RuleFinding, docs: readonly InputDocument[], fileOrder: ReadonlyMap<string, number>): Ordered {
  const doc = f.object.ordinal >= 0 ? docs[f.object.ordinal] : undefined;
  const o = f.object;
  return {
    rule: f.rule, severity: f.severity, file: doc?.file ?? '', kind: o.kind, namespace: o.namespace, name: o.name, path: f.path, message: f.message,
    ...(doc !== undefined ? { document: doc.index } : {}), ...(doc?.line !== undefined ? { line: doc.line } : {}),
    // A rule crash (no object) comes last.
    order: doc === undefined ? Number.MAX_SAFE_INTEGER : fileOrder.get(doc.file) ?? 0,
    seq: f.object.ordinal,
  };
}

interface ValidatorFinding {
  readonly path: string;
  readonly message: string;
  readonly severity: 'error' | 'warning';
  readonly code?: string;
}

interface ValidatorModule {
  validateObject(obj: unknown): ValidatorFinding[];
  setIstioCrdSources(sources: readonly string[] | undefined): void;
  setEnvoyApiDir(dir: string | undefined): void;
}

/** The code of a schema finding: the validator's own when it gives one, else derived from the object. */
function schemaCode(f: ValidatorFinding, object: ManifestObject): string {
  if (f.code !== undefined) return f.code;
  if (f.severity === 'warning' && /not (validated|loaded|checked)/.test(f.message)) return 'ID905';
  if (object.kind === 'Bootstrap' || (object.kind === 'ConfigMap' && f.path.startsWith('data'))) return 'ID903';
  return apiGroupOf(object.apiVersion).endsWith('istio.io') ? 'ID902' : 'ID901';
}

type SchemaFinding = RuleFinding;

/** Schema findings of one object. */
function schemaFindingsOf(object: ManifestObject, validator: ValidatorModule): SchemaFinding[] {
  return validator.validateObject(object.raw).map((f) => ({ rule: schemaCode(f, object), severity: f.severity, object, path: f.path, message: f.message }));
}
