/**
 * The Istio-certificate settings of {@link buildIstioCertsPrometheus} applied to the pod template of a Prometheus
 * workload the user runs (a Deployment or StatefulSet, not a prometheus-operator `Prometheus`): the label and
 * annotations on the pod, the in-memory volume in the pod spec, and its read-only mount in the Prometheus container.
 * The adapters share the plan (which container, what is missing, what conflicts); the Pulumi one applies it with
 * {@link istioCertsPodTemplate}, the cdk8s one through cdk8s-plus's own API.
 *
 * Source: istio.io "Prometheus" integration page, TLS settings
 * (https://istio.io/latest/docs/ops/integrations/prometheus/#tls-settings).
 */
import { Problems, show } from '../errors';
import { checkName, isPlainObject } from '../validate';
import { IstioCertsPrometheus, IstioCertsPrometheusProps, renderIstioCertsPrometheus, resolveIstioCertsPrometheusSpec } from './prometheus';
import { guardProps } from '../istio-target';

/** Properties of {@link planIstioCertsPod} and {@link istioCertsPodTemplate}. */
export interface IstioCertsPodProps extends IstioCertsPrometheusProps {
  /**
   * Name of the Prometheus container, which mounts the certificates.
   * @default - the pod's only container (an error when it has several)
   */
  readonly container?: string;
}

/** What a Prometheus pod template needs, and where. */
export interface IstioCertsPodPlan {
  /** The settings, as {@link buildIstioCertsPrometheus} gives them (TLS files, scrape class, ...). */
  readonly certs: IstioCertsPrometheus;
  /** Position of the Prometheus container in `spec.containers`. */
  readonly containerIndex: number;
  /** Its name. */
  readonly containerName: string;
  /** The pod labels to add: those the template lacks. */
  readonly labels: Readonly<Record<string, string>>;
  /** The pod annotations to add: those the template lacks. */
  readonly annotations: Readonly<Record<string, string>>;
  /** True when the pod spec lacks the volume. */
  readonly addVolume: boolean;
  /** True when the container lacks the mount. */
  readonly addMount: boolean;
}

type Json = Readonly<Record<string, unknown>>;

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** A plain object, a missing one (`{}`), or `undefined` after recording that it is something else (e.g. a Pulumi Output). */
function plainAt(p: Problems, field: string, value: unknown): Json | undefined {
  if (value === undefined || value === null) return {};
  if (isPlainObject(value)) return value;
  p.add(field, `${show(value)} is not a plain object: give the pod template as plain values (a Pulumi Output cannot be read before deployment)`);
  return undefined;
}

/** A plain array, a missing one (`[]`), or `undefined` after recording that it is something else. */
function listAt(p: Problems, field: string, value: unknown): readonly unknown[] | undefined {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value;
  p.add(field, `${show(value)} is not a list: give the pod template as plain values (a Pulumi Output cannot be read before deployment)`);
  return undefined;
}

/** The Prometheus container: by name, else the only one. */
function pickContainer(p: Problems, containers: readonly unknown[], wanted: unknown): number | undefined {
  const names = containers.map((c) => (isPlainObject(c) ? c.name : undefined));
  const list = names.map((n) => show(n)).join(', ');
  if (wanted !== undefined) {
    if (!checkName(p, 'container', wanted, 'label')) return undefined;
    const at = names.indexOf(wanted);
    if (at < 0) p.add('container', `${show(wanted)} is not a container of the pod (${containers.length === 0 ? 'it has none' : `its containers: ${list}`})`);
    return at < 0 ? undefined : at;
  }
  if (containers.length === 1) return 0;
  p.add('container', containers.length === 0 ? 'the pod template has no container to mount the certificates in' : `is required: the pod has several containers (${list}); name the Prometheus one`);
  return undefined;
}

/** Entries of `wanted` that `existing` lacks; a different value already there is a problem. */
function missing(p: Problems, field: string, existing: Json, wanted: Readonly<Record<string, string>>, why: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(wanted)) {
    if (existing[key] === undefined || existing[key] === null) out[key] = value;
    else if (existing[key] !== value) p.add(`${field}[${show(key)}]`, `the pod template has ${show(existing[key])}, but ${why} needs ${show(value)}: remove yours, or make it that`);
  }
  return out;
}

/**
 * What the pod template of a Prometheus workload lacks for scraping with Istio's certificates, checked: the
 * container (by name, else the only one), labels and annotations that would overwrite other values, a volume or
 * mount of the same name (or mount path) that differs. Throws an {@link IstioDirectError} listing every problem.
 */
export function planIstioCertsPod(template: unknown, props: IstioCertsPodProps = {}): IstioCertsPodPlan {
  const given: unknown = guardProps('IstioCertsPrometheus', props, (copy) => copy);
  // Props that are not an object are rejected by the resolver, as buildIstioCertsPrometheus rejects them.
  const { container, ...certProps } = isPlainObject(given) ? given : { container: undefined };
  const certs = renderIstioCertsPrometheus(resolveIstioCertsPrometheusSpec((isPlainObject(given) ? certProps : given) as IstioCertsPrometheusProps));
  const p = new Problems('IstioCertsPrometheus', certs.spec.name);
  const why = 'scraping with Istio certificates';
  const t = plainAt(p, 'template', template);
  const metadata = plainAt(p, 'template.metadata', t?.metadata);
  const labels = missing(p, 'template.metadata.labels', plainAt(p, 'template.metadata.labels', metadata?.labels) ?? {}, certs.podLabels, why);
  const annotations = missing(p, 'template.metadata.annotations', plainAt(p, 'template.metadata.annotations', metadata?.annotations) ?? {}, certs.podAnnotations, why);
  const spec = plainAt(p, 'template.spec', t?.spec);
  const volumes = listAt(p, 'template.spec.volumes', spec?.volumes) ?? [];
  const volume = volumes.find((v) => isPlainObject(v) && v.name === certs.volume.name);
  if (volume !== undefined && !same(volume, certs.volume)) {
    p.add('volumeName', `the pod already has a volume ${show(certs.volume.name)} (${show(volume)}): give another volumeName`);
  }
  const containers = listAt(p, 'template.spec.containers', spec?.containers) ?? [];
  const index = pickContainer(p, containers, container);
  let addMount = false;
  if (index !== undefined) {
    const c = containers[index] as Json;
    const mounts = listAt(p, `template.spec.containers[${index}].volumeMounts`, c.volumeMounts) ?? [];
    const clash = mounts.find((m) => isPlainObject(m) && (m.name === certs.volumeMount.name || m.mountPath === certs.volumeMount.mountPath));
    if (clash !== undefined && !same(clash, certs.volumeMount)) {
      p.add('certsMountPath', `container ${show(c.name)} already mounts ${show(clash)}: give another certsMountPath or volumeName`);
    }
    addMount = clash === undefined;
  }
  p.throwIfAny();
  return { certs, containerIndex: index!, containerName: (containers[index!] as Json).name as string, labels, annotations, addVolume: volume === undefined, addMount };
}

/**
 * A copy of a Prometheus pod template with what {@link planIstioCertsPod} says it lacks: the sidecar label, the
 * annotations, the in-memory volume and the container's read-only mount. Only the objects on those paths are
 * copied; every other value (a Pulumi `Input` among them) is kept as it is.
 *
 * @example
 * new k8s.apps.v1.Deployment('prometheus', { spec: { ...spec, template: istioCertsPodTemplate(spec.template, { container: 'prometheus' }) } });
 */
export function istioCertsPodTemplate<T>(template: T, props: IstioCertsPodProps = {}): T {
  const plan = planIstioCertsPod(template, props);
  const t = template as unknown as Json;
  const metadata = (t.metadata ?? {}) as Json;
  const spec = (t.spec ?? {}) as Json;
  const containers = [...(spec.containers as readonly Json[])];
  const c = containers[plan.containerIndex];
  if (plan.addMount) containers[plan.containerIndex] = { ...c, volumeMounts: [...((c.volumeMounts as readonly unknown[] | undefined) ?? []), { ...plan.certs.volumeMount }] };
  const volumes = (spec.volumes as readonly unknown[] | undefined) ?? [];
  return {
    ...t,
    metadata: {
      ...metadata,
      labels: { ...((metadata.labels as Json | undefined) ?? {}), ...plan.labels },
      annotations: { ...((metadata.annotations as Json | undefined) ?? {}), ...plan.annotations },
    },
    spec: { ...spec, containers, ...(plan.addVolume ? { volumes: [...volumes, { ...plan.certs.volume, emptyDir: { medium: 'Memory' } }] } : {}) },
  } as unknown as T;
}
