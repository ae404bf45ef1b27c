/**
 * The Istio release the output targets, and the features that depend on it.
 *
 * Builders and rules take a target version (`istioVersion: '1.24'`) rather than
 * guessing: which API versions the control plane serves and which
 * `appProtocol` values it parses changed between releases.
 */

/** A parsed `major.minor` Istio release. */
export interface IstioVersion {
  readonly major: number;
  readonly minor: number;
}

/**
 * The Istio release targeted when none is given: the oldest release still in
 * support at the time of writing that also serves the `v1` APIs and parses
 * `kubernetes.io/ws` / `wss` (https://istio.io/latest/docs/releases/supported-releases/).
 */
export const DEFAULT_ISTIO_VERSION = '1.24';

/** Features that depend on the Istio release, with the first release that has each. */
export const ISTIO_FEATURES = {
  /**
   * `security.istio.io/v1` and `networking.istio.io/v1` are served
   * (https://istio.io/latest/blog/2024/v1-apis/).
   */
  v1Apis: { major: 1, minor: 22 },
  /** `appProtocol: kubernetes.io/h2c` is parsed as HTTP2 (istio/istio#43988, `pkg/config/kube/conversion.go`). */
  appProtocolH2c: { major: 1, minor: 19 },
  /** `appProtocol: kubernetes.io/ws` and `kubernetes.io/wss` are parsed (`pkg/config/kube/conversion.go` at tag 1.24.0). */
  appProtocolWebSocket: { major: 1, minor: 24 },
  /** The PeerAuthentication CRD rejects `portLevelMtls` without a selector (CEL rule in the 1.23 CRDs). */
  portLevelMtlsCel: { major: 1, minor: 23 },
  /** Per-pod outbound listeners for headless Services are always on (`PILOT_ENABLE_HEADLESS_SERVICE_POD_LISTENERS` removed, istio/istio#49494). */
  headlessPodListenersAlways: { major: 1, minor: 22 },
  /** Inbound traffic is forwarded to the pod IP, not localhost (https://istio.io/latest/blog/2021/upcoming-networking-changes/). */
  inboundToPodIp: { major: 1, minor: 10 },
  /**
   * Metrics merging of several ports (`prometheus.istio.io/scrape-targets`, istio/istio#59924; release note
   * `multi-port-metrics-fanout.yaml`); before, one port only.
   */
  multiPortMetricsMerge: { major: 1, minor: 31 },
} as const satisfies Record<string, IstioVersion>;

/** A feature of {@link ISTIO_FEATURES}. */
export type IstioFeature = keyof typeof ISTIO_FEATURES;

const VERSION = /^v?(\d{1,3})\.(\d{1,3})(?:\.\d{1,4})?(?:-[0-9A-Za-z.-]+)?$/;

/**
 * Parses `1.24`, `1.24.3`, `v1.24` or `1.25.0-beta.1` into major and minor;
 * `undefined` for anything else.
 */
export function parseIstioVersion(value: unknown): IstioVersion | undefined {
  if (typeof value !== 'string') {
    return undefined;
  }
  const match = VERSION.exec(value.trim());
  if (match === null) {
    return undefined;
  }
  return { major: Number(match[1]), minor: Number(match[2]) };
}

/** `1.24` */
export function formatIstioVersion(version: IstioVersion): string {
  return `${version.major}.${version.minor}`;
}

/** True when `version` is `minimum` or newer. */
export function isAtLeast(version: IstioVersion, minimum: IstioVersion): boolean {
  return version.major !== minimum.major ? version.major > minimum.major : version.minor >= minimum.minor;
}

/** True when the targeted release has `feature`. */
export function istioHas(version: IstioVersion, feature: IstioFeature): boolean {
  return isAtLeast(version, ISTIO_FEATURES[feature]);
}

/** The API version of Istio's security and networking kinds for a release: `v1` from 1.22, else `v1beta1`. */
export function istioApiVersionFor(version: IstioVersion): 'v1' | 'v1beta1' {
  return istioHas(version, 'v1Apis') ? 'v1' : 'v1beta1';
}
