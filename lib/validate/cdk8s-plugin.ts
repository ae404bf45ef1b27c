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
 * ```
 *
 * cdk8s-cli loads local plugins with `require` and never downloads them, so this runs offline.
 */
import { istioCrdSources, setIstioCrdSources } from './crd/istio-crds';
import { formatProblem, type Problem } from './problem';
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
}

function ruleOf(problem: Problem): string {
  if (problem.kind === 'Bootstrap' || problem.path.startsWith('data[')) return 'envoy-v3-bootstrap';
  if (/^(PeerAuthentication|DestinationRule|Sidecar|VirtualService|ServiceEntry|Gateway|AuthorizationPolicy|RequestAuthentication|Telemetry|WorkloadEntry|WorkloadGroup|EnvoyFilter|ProxyConfig|WasmPlugin)$/.test(problem.kind)) {
    return 'istio-crd';
  }
  return 'kubernetes-1.28';
}

/** Validates the synthesized manifests: Kubernetes 1.28, Istio CRDs, Envoy v3 bootstraps. */
export class IstioDirectValidation {
  constructor(private readonly props: IstioDirectValidationProps = {}) {}

  async validate(context: Cdk8sValidationContext): Promise<void> {
    const previous = istioCrdSources();
    if (this.props.istioCrds !== undefined) setIstioCrdSources(this.props.istioCrds);
    let problems: Problem[];
    try {
      problems = validatePaths(context.manifests);
    } finally {
      if (this.props.istioCrds !== undefined) setIstioCrdSources(previous);
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
