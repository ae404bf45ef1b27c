/**
 * A cdk8s-cli validation plugin: `cdk8s synth` runs it on the synthesized manifests and fails
 * (exit 2) when it reports a failure. Configure it in cdk8s.yaml:
 *
 * ```yaml
 * validations:
 *   - package: ./bin/cdk8s-validation-plugin.js
 *     version: 0.1.0
 *     class: IstioDirectValidation
 *     properties:                 # optional
 *       istioCrds: [path/to/crd-all.gen.yaml]
 *       envoyApi: path/to/data-plane-api   # a newer Envoy's API protos
 * ```
 *
 * cdk8s-cli loads local plugins with `require` and never downloads them, so this runs offline.
 */
import { istioCrdSources, setIstioCrdSources } from './crd/istio-crds';
import { envoyApiDir, setEnvoyApiDir } from './envoy/api';
import { formatProblem, type Problem, type RuleCode } from './problem';
import { validatePaths } from './validate';

/** The parts of cdk8s-cli's `ValidationContext` the plugin uses (cdk8s-cli is only a dev tool). */
export interface Cdk8sValidationContext {
  readonly manifests: readonly string[];
  readonly report: {
    addViolation(violation: {
      ruleName: string;
      recommendation: string;
      fix: string;
      violatingResources: Array<{ resourceName: string; locations: string[]; manifestPath: string }>;
    }): void;
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
}

const RULE_NAMES: Readonly<Record<RuleCode, string>> = {
  ID900: 'manifest-parse',
  ID901: 'kubernetes-1.28',
  ID902: 'istio-crd',
  ID903: 'envoy-v3',
  ID904: 'envoy-deprecated',
  ID905: 'not-checked',
};

/** The violation's rule name: its stable code and a short name, e.g. `ID901 kubernetes-1.28`. */
function ruleOf(problem: Problem): string {
  return `${problem.code} ${RULE_NAMES[problem.code]}`;
}

/** Validates the synthesized manifests: Kubernetes 1.28, Istio CRDs, Envoy v3 bootstraps. */
export class IstioDirectValidation {
  constructor(private readonly props: IstioDirectValidationProps = {}) {}

  async validate(context: Cdk8sValidationContext): Promise<void> {
    const previous = istioCrdSources();
    const previousEnvoyApi = envoyApiDir();
    if (this.props.istioCrds !== undefined) setIstioCrdSources(this.props.istioCrds);
    if (this.props.envoyApi !== undefined) setEnvoyApiDir(this.props.envoyApi);
    let problems: Problem[];
    try {
      problems = validatePaths(context.manifests);
    } finally {
      if (this.props.istioCrds !== undefined) setIstioCrdSources(previous);
      if (this.props.envoyApi !== undefined) setEnvoyApiDir(previousEnvoyApi);
    }
    const errors = problems.filter((p) => p.severity === 'error');
    // Warnings (e.g. "Istio CRD schemas not loaded") repeat per object: log each message once.
    const warnings = new Map<string, number>();
    for (const w of problems.filter((p) => p.severity === 'warning')) {
      warnings.set(w.message, (warnings.get(w.message) ?? 0) + 1);
    }
    for (const [message, count] of warnings) context.logger.log(`warning (${count}x): ${message}`);
    for (const e of errors) {
      context.report.addViolation({
        ruleName: ruleOf(e),
        recommendation: formatProblem(e),
        fix: `correct ${e.path || 'the object'} of ${e.kind} ${e.namespace ? `${e.namespace}/` : ''}${e.name}`,
        violatingResources: [{ resourceName: `${e.kind} ${e.namespace ? `${e.namespace}/` : ''}${e.name}`, locations: [e.path], manifestPath: e.file }],
      });
    }
    context.report.submit(errors.length > 0 ? 'failure' : 'success', { errors: String(errors.length), warnings: String(problems.length - errors.length) });
  }
}
