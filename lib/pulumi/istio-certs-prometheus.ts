import * as k8s from '@pulumi/kubernetes';
import { constructLabel, IstioDirectError, show } from '../core/errors';
import { IstioCertsPodProps, istioCertsPodTemplate } from '../core/scraping';
import { isPlainObject } from '../core/validate';

/** The args of a Prometheus workload {@link withIstioCertsPrometheus} takes. */
export type PrometheusWorkloadArgs = k8s.apps.v1.DeploymentArgs | k8s.apps.v1.StatefulSetArgs;

/**
 * The args of a Prometheus Deployment or StatefulSet with Istio's certificates, the way the istio.io Prometheus
 * page's "TLS settings" do (https://istio.io/latest/docs/ops/integrations/prometheus/#tls-settings): the
 * `sidecar.istio.io/inject` label and the annotations on the pod template, the in-memory volume, and its read-only
 * mount in the Prometheus container (`container`, or the only one). The Pulumi twin of the cdk8s
 * `IstioCertsPrometheus`: a resource cannot change once created, so the args are changed before it is. `spec`,
 * the pod template and the objects on the paths it changes must be plain values (other fields may be `Input`s).
 * The TLS settings that read the files come from `buildIstioCertsPrometheus(props)` (same props).
 *
 * @throws IstioDirectError naming the field, e.g. several containers and no `container`, or a label or annotation
 *   of the template that differs
 * @example
 * new k8s.apps.v1.Deployment('prometheus', withIstioCertsPrometheus({ metadata: { name: 'prometheus' }, spec }, { container: 'prometheus' }));
 */
export function withIstioCertsPrometheus<A extends PrometheusWorkloadArgs>(args: A, props: IstioCertsPodProps = {}): A {
  const metadata: unknown = isPlainObject(args) ? args.metadata : undefined;
  const workloadName = isPlainObject(metadata) && typeof metadata.name === 'string' ? metadata.name : undefined;
  const given = isPlainObject(props) && props.name === undefined && workloadName !== undefined ? { ...props, name: workloadName } : props;
  const spec: unknown = isPlainObject(args) ? args.spec : undefined;
  if (!isPlainObject(spec)) {
    const name = isPlainObject(given) ? given.name : undefined;
    throw new IstioDirectError([
      `${constructLabel('IstioCertsPrometheus', name)}: spec: ${show(spec)} is not a plain object: give the workload's spec as plain values (a Pulumi Output cannot be read before deployment)`,
    ]);
  }
  return { ...args, spec: { ...spec, template: istioCertsPodTemplate(spec.template, given) } };
}
