/**
 * The Prometheus side of `istio-certs` scraping: a Prometheus pod that gets Istio's certificates from a
 * sidecar that captures no traffic, and the TLS settings that use them.
 *
 * Source: istio.io "Prometheus" integration page, TLS settings
 * (https://istio.io/latest/docs/ops/integrations/prometheus/#tls-settings): the sidecar writes the
 * workload certificates to `OUTPUT_CERTS`, a shared in-memory volume hands them to Prometheus, and
 * `insecure_skip_verify` is set because "Prometheus does not support Istio security naming". The volume is
 * declared in the pod spec, not through `sidecar.istio.io/userVolume`: a mount of a volume that appears only at
 * injection fails the workload's own validation (https://github.com/istio/istio/issues/29919).
 * prometheus-operator: `pkg/apis/monitoring/v1/prometheus_types.go` (`ScrapeClass`), `tls_types.go`.
 */
import { IstioDirectError, Problems, show } from '../errors';
import { sortKeys } from '../labels';
import { checkBoolean, checkKnownKeys, checkName, checkString, isPlainObject, notA } from '../validate';
import { IstioCertFiles } from './props';

/** Properties of {@link buildIstioCertsPrometheus}. */
export interface IstioCertsPrometheusProps {
  /**
   * Name of the Prometheus (for messages).
   * @default 'prometheus'
   */
  readonly name?: string;
  /**
   * Where the Prometheus container mounts the certificates.
   * @default '/etc/prom-certs/'
   */
  readonly certsMountPath?: string;
  /**
   * Name of the shared volume. Not `istio-certs`: Istio's injection template adds a volume of that name
   * when `global.mountMtlsCerts` is on (`manifests/charts/istio-control/istio-discovery/files/injection-template.yaml`).
   * @default 'istio-certs-dir'
   */
  readonly volumeName?: string;
  /**
   * Name of the prometheus-operator scrape class that carries the TLS files.
   * @default 'istio-mtls'
   */
  readonly scrapeClass?: string;
  /**
   * Make the scrape class the default one (monitors that name no class use it). Only one class may be the default.
   * @default false
   */
  readonly defaultScrapeClass?: boolean;
  /**
   * Run the agent only, no Envoy (`proxyMetadata.DISABLE_ENVOY`; Istio 1.30 and newer): the sidecar then only fetches certificates.
   * @default false
   */
  readonly agentOnly?: boolean;
}

/** Every key of {@link IstioCertsPrometheusProps}. */
export const ISTIO_CERTS_PROMETHEUS_KEYS: readonly (keyof IstioCertsPrometheusProps)[] = [
  'name', 'certsMountPath', 'volumeName', 'scrapeClass', 'defaultScrapeClass', 'agentOnly',
];

/** Where the sidecar writes the certificates inside its own container. */
export const ISTIO_OUTPUT_CERTS_PATH = '/etc/istio-output-certs';
/** The default mount path of the certificates in the Prometheus container. */
export const DEFAULT_CERTS_MOUNT_PATH = '/etc/prom-certs/';
/** The default scrape class name. */
export const DEFAULT_SCRAPE_CLASS = 'istio-mtls';

/** The certificate files under a mount path. */
export function certFilesUnder(mountPath: string): IstioCertFiles {
  const dir = mountPath.replace(/\/+$/, '');
  return { caFile: `${dir}/root-cert.pem`, certFile: `${dir}/cert-chain.pem`, keyFile: `${dir}/key.pem` };
}

/** The checked, defaulted input. */
export interface IstioCertsPrometheusSpec {
  readonly name: string;
  readonly certsMountPath: string;
  readonly volumeName: string;
  readonly scrapeClass: string;
  readonly defaultScrapeClass: boolean;
  readonly agentOnly: boolean;
}

/** What {@link buildIstioCertsPrometheus} returns. */
export interface IstioCertsPrometheus {
  /** Labels for the Prometheus pod template: the sidecar is injected (the label overrides a chart's `false`). */
  readonly podLabels: Readonly<Record<string, string>>;
  /** Annotations for the Prometheus pod template: no traffic captured, certificates written to the shared volume. */
  readonly podAnnotations: Readonly<Record<string, string>>;
  /** The in-memory volume, to declare in the pod spec. */
  readonly volume: Readonly<Record<string, unknown>>;
  /** The Prometheus container's mount of it. */
  readonly volumeMount: Readonly<Record<string, unknown>>;
  /** The certificate files as Prometheus sees them. */
  readonly certFiles: IstioCertFiles;
  /** A plain Prometheus `tls_config`. */
  readonly scrapeTlsConfig: Readonly<Record<string, unknown>>;
  /** A prometheus-operator `TLSConfig` with files (ServiceMonitor endpoints, scrape classes). */
  readonly tlsConfig: Readonly<Record<string, unknown>>;
  /** The Prometheus CR's `spec.scrapeClasses` entry. */
  readonly scrapeClass: Readonly<Record<string, unknown>>;
  /** The Prometheus CR's `spec` fields: `podMetadata`, `volumes`, `volumeMounts`, `scrapeClasses`. */
  readonly prometheusSpec: Readonly<Record<string, unknown>>;
  readonly spec: IstioCertsPrometheusSpec;
}

/** Checks every prop and fills in defaults. Throws an {@link IstioDirectError} listing every problem. */
export function resolveIstioCertsPrometheusSpec(props: IstioCertsPrometheusProps = {}): IstioCertsPrometheusSpec {
  const raw: unknown = props;
  if (!isPlainObject(raw)) {
    throw new IstioDirectError([`IstioCertsPrometheus: props: ${notA(raw, 'an object of IstioCertsPrometheus properties')}`]);
  }
  const spec = {
    name: raw.name ?? 'prometheus',
    certsMountPath: raw.certsMountPath ?? DEFAULT_CERTS_MOUNT_PATH,
    volumeName: raw.volumeName ?? 'istio-certs-dir',
    scrapeClass: raw.scrapeClass ?? DEFAULT_SCRAPE_CLASS,
    defaultScrapeClass: raw.defaultScrapeClass ?? false,
    agentOnly: raw.agentOnly ?? false,
  };
  const p = new Problems('IstioCertsPrometheus', spec.name);
  checkKnownKeys(p, '', raw, ISTIO_CERTS_PROMETHEUS_KEYS);
  checkName(p, 'name', spec.name, 'subdomain');
  checkAbsolutePath(p, 'certsMountPath', spec.certsMountPath);
  if (checkName(p, 'volumeName', spec.volumeName, 'label') && spec.volumeName === 'istio-certs') {
    p.add('volumeName', `"istio-certs" is the name of the volume Istio's injection template adds when global.mountMtlsCerts is on: give another name, e.g. "istio-certs-dir"`);
  }
  checkName(p, 'scrapeClass', spec.scrapeClass, 'subdomain');
  checkBoolean(p, 'defaultScrapeClass', spec.defaultScrapeClass);
  checkBoolean(p, 'agentOnly', spec.agentOnly);
  p.throwIfAny();
  return spec as IstioCertsPrometheusSpec;
}

/** Checks an absolute file-system path: a string starting with `/`, no whitespace, no `..` segment. */
export function checkAbsolutePath(p: Problems, field: string, value: unknown): value is string {
  if (!checkString(p, field, value, 4096)) return false;
  const text = value as string;
  if (!text.startsWith('/') || /\s/.test(text) || text.split('/').includes('..')) {
    p.add(field, `${show(text)} is not an absolute path (starting with "/", no spaces, no ".." segment), e.g. "/etc/prom-certs/"`);
    return false;
  }
  return true;
}

/** Renders the pod settings and TLS settings of a resolved spec (pure). */
export function renderIstioCertsPrometheus(spec: IstioCertsPrometheusSpec): IstioCertsPrometheus {
  const certFiles = certFilesUnder(spec.certsMountPath);
  const proxyMetadata = [`  OUTPUT_CERTS: ${ISTIO_OUTPUT_CERTS_PATH}`, ...(spec.agentOnly ? ['  DISABLE_ENVOY: "true"'] : [])];
  const podAnnotations = sortKeys({
    // Certificates appear only once the agent has them: hold Prometheus until then (https://github.com/istio/istio/issues/24768).
    'proxy.istio.io/config': `holdApplicationUntilProxyStarts: true\nproxyMetadata:\n${proxyMetadata.join('\n')}\n`,
    'sidecar.istio.io/userVolumeMount': JSON.stringify([{ name: spec.volumeName, mountPath: ISTIO_OUTPUT_CERTS_PATH }]),
    // Capture nothing: scrapes leave Prometheus's own TLS untouched, and nothing reaches Prometheus through Envoy.
    'traffic.sidecar.istio.io/includeInboundPorts': '',
    'traffic.sidecar.istio.io/includeOutboundIPRanges': '',
  });
  const podLabels = { 'sidecar.istio.io/inject': 'true' };
  const volume = { name: spec.volumeName, emptyDir: { medium: 'Memory' } };
  const volumeMount = { name: spec.volumeName, mountPath: spec.certsMountPath, readOnly: true };
  const tlsConfig = { ...certFiles, insecureSkipVerify: true };
  const scrapeClass = { name: spec.scrapeClass, ...(spec.defaultScrapeClass ? { default: true } : {}), tlsConfig };
  return {
    podLabels,
    podAnnotations,
    volume,
    volumeMount,
    certFiles,
    scrapeTlsConfig: { ca_file: certFiles.caFile, cert_file: certFiles.certFile, key_file: certFiles.keyFile, insecure_skip_verify: true },
    tlsConfig,
    scrapeClass,
    prometheusSpec: {
      podMetadata: { labels: { ...podLabels }, annotations: { ...podAnnotations } },
      volumes: [{ ...volume, emptyDir: { medium: 'Memory' } }],
      volumeMounts: [{ ...volumeMount }],
      scrapeClasses: [{ ...scrapeClass, tlsConfig: { ...tlsConfig } }],
    },
    spec,
  };
}
