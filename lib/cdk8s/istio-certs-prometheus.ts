import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { constructLabel, IstioDirectError, show } from '../core/errors';
import { adapterProps } from '../core/istio-target';
import { buildIstioCertsPrometheus, IstioCertsPodPlan, IstioCertsPodProps, IstioCertsPrometheus as IstioCerts, planIstioCertsPod } from '../core/scraping';
import { atConstruct } from './construct-errors';
import { isPlusWorkload, PlusWorkload } from './workload-target';

/** Properties of the cdk8s {@link IstioCertsPrometheus}. */
export interface IstioCertsPrometheusProps extends IstioCertsPodProps {
  /** The Prometheus workload: a Deployment or StatefulSet of any cdk8s-plus 2.x. */
  readonly workload: PlusWorkload;
}

/** A cdk8s-plus volume, read and built structurally (no cdk8s-plus module is imported). */
interface PlusVolume {
  readonly name: string;
  asVolume(): PlusVolume;
}

/** The members of a cdk8s-plus 2.x workload this construct sets. */
interface CertsWorkload extends PlusWorkload {
  readonly podMetadata: { addLabel(key: string, value: string): void; addAnnotation(key: string, value: string): void };
  readonly volumes: readonly PlusVolume[];
  readonly containers: ReadonlyArray<PlusWorkload['containers'][number] & { readonly mounts: ReadonlyArray<{ readonly volume: PlusVolume }>; mount(path: string, volume: PlusVolume, options: { readOnly: boolean }): void }>;
}

/**
 * Gives a Prometheus workload of cdk8s-plus Istio's certificates, the way the istio.io Prometheus page's
 * "TLS settings" do (https://istio.io/latest/docs/ops/integrations/prometheus/#tls-settings): a sidecar that
 * captures no traffic writes them to an in-memory volume, which the Prometheus container mounts read-only.
 * It adds the `sidecar.istio.io/inject` label and the annotations to the pod template, the volume, and the mount
 * to the Prometheus container (`container`, or the only one). A value of the workload's that differs is an error.
 * The TLS settings that read the files are in {@link IstioCertsPrometheus.certs} (`scrapeTlsConfig`, `tlsConfig`,
 * `certFiles`); `MetricsScraping` in `istio-certs` mode names the same files by default.
 *
 * @example
 * const prometheus = new kplus.Deployment(chart, 'prometheus', { containers: [{ name: 'prometheus', image: 'prom/prometheus:v3.5.0' }] });
 * const certs = new IstioCertsPrometheus(chart, 'prometheus-certs', { workload: prometheus });
 * // scrape_configs: [{ job_name: 'api', scheme: 'https', tls_config: certs.certs.scrapeTlsConfig, ... }]
 */
export class IstioCertsPrometheus extends Construct {
  /** The settings applied, and the TLS settings that read the certificates. */
  public readonly certs: IstioCerts;
  /** The container that mounts the certificates. */
  public readonly containerName: string;

  constructor(scope: Construct, id: string, props: IstioCertsPrometheusProps) {
    super(scope, id);
    const plan = atConstruct(this, () => {
      const safe = adapterProps('IstioCertsPrometheus', props, buildIstioCertsPrometheus);
      const { workload, ...rest } = safe;
      if (!isPlusWorkload(workload)) {
        throw new IstioDirectError([`${constructLabel('IstioCertsPrometheus', rest.name)}: workload: is not a Deployment or StatefulSet of cdk8s-plus 2.x`]);
      }
      const planned = planIstioCertsPod(podTemplate(workload), { ...rest, name: rest.name ?? workload.name });
      apply(workload as CertsWorkload, planned);
      checkRendered(workload, planned);
      return planned;
    });
    this.certs = plan.certs;
    this.containerName = plan.containerName;
  }
}

function podTemplate(workload: PlusWorkload): { spec?: { volumes?: ReadonlyArray<{ name?: unknown }> } } | undefined {
  return (ApiObject.of(workload).toJson() as { spec?: { template?: { spec?: { volumes?: ReadonlyArray<{ name?: unknown }> } } } }).spec?.template;
}

/**
 * The volume must reach the pod spec. cdk8s-plus-33 2.5.57 renders a StatefulSet without `volumeClaimTemplates`
 * with no pod volumes at all (`StatefulSet._filterPodSpecVolumes`), so the mount would name a volume the pod lacks.
 */
function checkRendered(workload: PlusWorkload, plan: IstioCertsPodPlan): void {
  const name = plan.certs.volume.name;
  if (podTemplate(workload)?.spec?.volumes?.some((v) => v.name === name) === true) return;
  throw new IstioDirectError([
    `${constructLabel('IstioCertsPrometheus', plan.certs.spec.name)}: workload: cdk8s-plus rendered the pod without the volume ${show(name)} the container mounts (a StatefulSet of cdk8s-plus-33 without volumeClaimTemplates drops every pod volume): use a Deployment, another cdk8s-plus version, or add the volume to the object with a JsonPatch`,
  ]);
}

/** Applies the plan through cdk8s-plus's own API, so it composes with what the workload gets later. */
function apply(workload: CertsWorkload, plan: IstioCertsPodPlan): void {
  for (const [key, value] of Object.entries(plan.labels)) workload.podMetadata.addLabel(key, value);
  for (const [key, value] of Object.entries(plan.annotations)) workload.podMetadata.addAnnotation(key, value);
  if (!plan.addMount) return;
  const name = plan.certs.volume.name as string;
  // The pod's own volume of that name (identical, the plan checked), else a new in-memory one: cdk8s-plus renders a
  // volume through `_toKube()` and adds a mounted volume to the pod spec itself.
  const existing = [...workload.volumes, ...workload.containers.flatMap((c) => c.mounts.map((m) => m.volume))].find((v) => v.name === name);
  const volume: PlusVolume = existing ?? certsVolume(name);
  workload.containers[plan.containerIndex].mount(plan.certs.volumeMount.mountPath as string, volume, { readOnly: true });
}

function certsVolume(name: string): PlusVolume {
  const volume = {
    name,
    asVolume: () => volume,
    _toKube: () => ({ name, emptyDir: { medium: 'Memory' } }),
  };
  return volume;
}
