/**
 * A cdk8s-cli validation plugin: `cdk8s synth` runs it once on the synthesized manifests and fails
 * (exit 2) when it reports a violation. It runs the same checks as `istio-direct check` (the schema
 * validation and the rules, through `lib/check/`). Configure it in cdk8s.yaml:
 *
 * ```yaml
 * validations:
 *   - package: ./node_modules/istio-direct/bin/cdk8s-validation-plugin.js
 *     version: 0.1.0
 *     class: IstioDirectValidation
 *     properties:                 # optional
 *       istioCrds: [path/to/crd-all.gen.yaml]
 *       envoyApi: path/to/data-plane-api   # a newer Envoy's API protos
 *       istioVersion: '1.24'
 *       kubernetesVersion: '1.33'          # default 1.28
 *       disable: [ID305]
 * ```
 *
 * cdk8s-cli `require`s a `package` that starts with `./` (or is absolute) from the project and
 * never downloads it; a bare package name would be installed from npm into its plugins directory.
 * So the path names the installed package's file, and the run stays offline. The class is also
 * exported as `istio-direct/cdk8s-plugin`.
 */
import { checkDocuments, resultFile, type CheckOptions, type CheckResult } from '../check/run';
import { readInputs } from '../reader/read';
import { formatHuman } from '../check/format';
import { parseIstioVersion } from '../core/istio-version';
import { checkValue } from '../check/config';
import { CODE_CATALOGUE } from '../rules/catalogue';
import { RULE_CRASH_CODE, SCHEMA_CODES } from '../rules/codes';
import { nameObject } from '../base/finding';
import { MissingPackageError } from '../schema/optional';
import { rulesSummaryOn } from '../base/rules-summary';
import { IstioDirectError } from '../core/errors';
import { MANAGED_BY } from '../core/labels';

/** One resource of a violation, as cdk8s-cli takes it. */
export interface Cdk8sViolatingResource {
  /** The object's `metadata.name`: cdk8s-cli maps it to a construct path (construct-metadata.json). */
  readonly resourceName: string;
  readonly locations: string[];
  readonly manifestPath: string;
}

/** The parts of cdk8s-cli's `ValidationContext` the plugin uses (cdk8s-cli is only a dev tool). */
export interface Cdk8sValidationContext {
  readonly manifests: readonly string[];
  readonly report: {
    addViolation(violation: { ruleName: string; recommendation: string; fix: string; violatingResources: Cdk8sViolatingResource[] }): void;
    submit(status: 'success' | 'failure', metadata?: Record<string, string>): void;
  };
  readonly logger: { log(message: string): void };
}

/** Properties from cdk8s.yaml. */
export interface IstioDirectValidationProps {
  /**
   * Istio CRD files or directories to check Istio objects against.
   * @default - the files in `ISTIO_DIRECT_ISTIO_CRDS`
   */
  readonly istioCrds?: readonly string[];
  /**
   * A directory of Envoy API protos (holding `envoy/`) to check Envoy configs against.
   * @default - `ISTIO_DIRECT_ENVOY_API`, else the API built into the package
   */
  readonly envoyApi?: string;
  /**
   * The Istio release the rules assume, `major.minor`.
   * @default '1.24'
   */
  readonly istioVersion?: string;
  /**
   * The Kubernetes version built-in kinds are checked against, `major.minor`: one of the versions
   * shipped in the package (1.28, 1.33), as `istio-direct check --kubernetes-version`.
   * @default '1.28'
   */
  readonly kubernetesVersion?: string;
  /**
   * Codes to turn off, e.g. `['ID305']` (as `istio-direct check --disable`).
   * @default - none
   */
  readonly disable?: readonly string[];
}

/** The short name of each code of the catalogue. */
function codeNames(): ReadonlyMap<string, string> {
  return new Map<string, string>(CODE_CATALOGUE.map((c) => [c.code, c.name]));
}

/** Bad properties: an IstioDirectError, which `npm run synth` prints as its message alone (no stack trace). */
function fail(message: string): never {
  throw new IstioDirectError([`IstioDirectValidation (cdk8s.yaml validations[].properties): ${message}`]);
}

function stringList(field: string, value: unknown): readonly string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) fail(`${field}: ${JSON.stringify(value)} is not a list of strings`);
  return value as string[];
}

/** The `check` options the properties ask for; bad properties fail with the field and value. */
function checkOptionsOf(props: IstioDirectValidationProps): CheckOptions {
  const istioCrds = stringList('istioCrds', props.istioCrds);
  const disable = stringList('disable', props.disable);
  if (props.envoyApi !== undefined && typeof props.envoyApi !== 'string') fail(`envoyApi: ${JSON.stringify(props.envoyApi)} is not a directory path`);
  const istioVersion = props.istioVersion === undefined ? undefined : parseIstioVersion(String(props.istioVersion));
  if (props.istioVersion !== undefined && istioVersion === undefined) fail(`istioVersion: ${JSON.stringify(props.istioVersion)} is not an Istio release; write major.minor, e.g. '1.24'`);
  let kubernetesVersion: string | undefined;
  try {
    kubernetesVersion = props.kubernetesVersion === undefined ? undefined : checkValue.kubernetesVersion('kubernetesVersion', props.kubernetesVersion);
  } catch (e) {
    fail((e as Error).message);
  }
  return {
    ...(istioVersion !== undefined ? { istioVersion } : {}),
    ...(kubernetesVersion !== undefined ? { kubernetesVersion } : {}),
    ...(istioCrds !== undefined ? { istioCrds } : {}),
    ...(props.envoyApi !== undefined ? { envoyApi: props.envoyApi } : {}),
    disable: (disable ?? []).map((c) => c.toUpperCase()),
  };
}

/** The violation of one error: named by its rule, its resource by `metadata.name`. */
function violationOf(r: CheckResult, names: ReadonlyMap<string, string>) {
  const name = names.get(r.code);
  const object = nameObject(r.object, '', { noKind: 'the document', kindOnlyWithoutName: true });
  const file = resultFile(r);
  const resourceName = r.object?.name ?? '';
  return {
    ruleName: name !== undefined ? `${r.code} ${name}` : r.code,
    recommendation: formatHuman(r),
    fix: `correct ${r.path || 'the object'} of ${object} (istio-direct check --explain ${r.code})`,
    violatingResources: [{ resourceName: resourceName !== '' ? resourceName : file, locations: [r.path || '(root)'], manifestPath: file }],
  };
}

/** True for a schema code (ID9xx), false for a rule's. */
function isSchemaCode(code: string): boolean {
  return SCHEMA_CODES.some((c) => c.code === code) || code === RULE_CRASH_CODE;
}

/** True for an object one of the library's constructs created (`app.kubernetes.io/managed-by: istio-direct`). */
function managedByIstioDirect(value: Readonly<Record<string, unknown>>): boolean {
  const metadata = value.metadata as { labels?: Record<string, unknown> } | undefined;
  return typeof metadata === 'object' && metadata !== null && metadata.labels?.[MANAGED_BY_LABEL] === MANAGED_BY;
}

const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';

/** Runs `istio-direct check` (schema and rules) over the synthesized manifests, once per synth. */
export class IstioDirectValidation {
  private readonly options: CheckOptions;

  constructor(props: IstioDirectValidationProps = {}) {
    this.options = checkOptionsOf(props ?? {});
  }

  async validate(context: Cdk8sValidationContext): Promise<void> {
    const { results, summarized } = this.check(context);
    const errors = results.filter((r) => r.severity === 'error');
    // Warnings (e.g. an unknown kind) repeat per object: log each message once.
    const warnings = new Map<string, { severity: string; count: number }>();
    // The app's own synth already listed the rules' warnings in its summary (lib/cdk8s/rules-summary.ts).
    const shown = results.filter((r) => r.severity !== 'error' && !(summarized && r.severity === 'warning' && !isSchemaCode(r.code)));
    const left = results.length - errors.length - shown.length;
    if (left > 0) context.logger.log(`${left} rule warning(s): listed in the synth's istio-direct summary above`);
    for (const w of shown) {
      const text = `${w.code} ${w.message}`;
      warnings.set(text, { severity: w.severity, count: (warnings.get(text)?.count ?? 0) + 1 });
    }
    for (const [text, { severity, count }] of warnings) context.logger.log(`${severity} (${count}x): ${text}`);
    const names = codeNames();
    for (const e of errors) context.report.addViolation(violationOf(e, names));
    const count = (severity: string) => String(results.filter((r) => r.severity === severity).length);
    context.report.submit(errors.length > 0 ? 'failure' : 'success', { errors: String(errors.length), warnings: count('warning'), infos: count('info') });
  }

  /** The check; without the optional schema packages, the rules alone (and a warning saying what to install). */
  private check(context: Cdk8sValidationContext): { results: readonly CheckResult[]; summarized: boolean } {
    const read = readInputs(context.manifests);
    // An istio-direct construct in the app ran the rules over all of its objects and printed their warnings.
    const summarized = rulesSummaryOn() && read.documents.some((d) => managedByIstioDirect(d.value));
    try {
      return { results: checkDocuments(read, this.options).results, summarized };
    } catch (e) {
      if (!(e instanceof MissingPackageError)) throw e;
      context.logger.log(`warning: schema checks skipped, the rules ran alone: ${e.message}`);
      return { results: checkDocuments(read, { ...this.options, schema: false }).results, summarized };
    }
  }
}
