import { ObjectMeta } from './types';

/**
 * Labels every object carries. Selectors use only `app` (the label the example scenario's
 * `kubectl get pods -l app=...` commands address; selectors are immutable, so
 * they stay minimal), objects carry the `app.kubernetes.io/*` set and pods also
 * carry `version`, which Istio's telemetry reads
 * (https://istio.io/latest/docs/ops/deployment/application-requirements/).
 */

/** Inputs for {@link standardLabels}. */
export interface StandardLabelsInput {
  /** The `app` label and `app.kubernetes.io/name`. */
  readonly app: string;
  /** `app.kubernetes.io/instance`: the construct's object name. */
  readonly instance: string;
  /** `app.kubernetes.io/component`, e.g. `proxy`. */
  readonly component: string;
  /** `app.kubernetes.io/part-of`, when given. */
  readonly partOf?: string;
  /** `app.kubernetes.io/version`, when given. */
  readonly version?: string;
  /** Extra labels, merged last (they win). */
  readonly extra?: Readonly<Record<string, string>>;
}

/** `app.kubernetes.io/managed-by` on everything this library emits. */
export const MANAGED_BY = 'istio-direct';

/** The selector labels of a workload this library creates. */
export function selectorLabels(app: string): Record<string, string> {
  return { app };
}

/** The label set of an object this library creates, keys sorted. */
export function standardLabels(input: StandardLabelsInput): Record<string, string> {
  const labels: Record<string, string> = {
    app: input.app,
    'app.kubernetes.io/component': input.component,
    'app.kubernetes.io/instance': input.instance,
    'app.kubernetes.io/managed-by': MANAGED_BY,
    'app.kubernetes.io/name': input.app,
  };
  if (input.partOf !== undefined) {
    labels['app.kubernetes.io/part-of'] = input.partOf;
  }
  if (input.version !== undefined) {
    labels['app.kubernetes.io/version'] = input.version;
  }
  return sortKeys({ ...labels, ...(input.extra ?? {}) });
}

/**
 * `metadata` of an emitted object: the explicit name, the namespace only when
 * one is given (so a chart's or provider's namespace can apply), labels, and
 * annotations when there are any.
 */
export function objectMeta(
  name: string,
  namespace: string | undefined,
  labels: Readonly<Record<string, string>>,
  annotations?: Readonly<Record<string, string>>,
): ObjectMeta {
  return {
    name,
    ...(namespace !== undefined ? { namespace } : {}),
    labels,
    ...(annotations !== undefined && Object.keys(annotations).length > 0 ? { annotations: sortKeys(annotations) } : {}),
  };
}

/** A copy of `record` with its keys in code-point order (deterministic output). */
export function sortKeys<T>(record: Readonly<Record<string, T>>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const key of Object.keys(record).sort()) {
    out[key] = record[key];
  }
  return out;
}
