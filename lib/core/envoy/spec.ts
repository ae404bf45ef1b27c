/**
 * The checked and defaulted form of {@link EnvoyDirectPodsProps}: what
 * `resolveEnvoyDirectPodsSpec` returns and `renderEnvoyDirectPods` renders.
 */
import { ResourceRequirements } from '../types';
import { BootstrapInput } from './bootstrap';
import { StatsListenerSpec } from './resolve-observability';
import { VersionServiceSpec } from './resolve-versions';
import { DiscoveryMode, EnvoyLogLevel, EnvoyServiceType, IpFamily } from './props';

/** Everything an {@link EnvoyDirectPods} proxy renders, checked and defaulted. */
export interface EnvoyDirectPodsSpec {
  /** Deployment and Service name, and the `app` label. */
  readonly name: string;
  /** Namespace written on every object; none lets the chart's or provider's apply. */
  readonly namespace?: string;
  readonly configMapName: string;
  readonly discovery: DiscoveryMode;
  readonly ipFamily: IpFamily;
  /** The Envoy bootstrap's inputs. */
  readonly bootstrap: BootstrapInput;
  readonly replicas: number;
  readonly image: string;
  readonly concurrency: number;
  readonly logLevel: EnvoyLogLevel;
  readonly listenerPort: number;
  readonly readinessPort: number;
  readonly servicePort: number;
  /** The stats listener, when there is one. */
  readonly statsListener?: StatsListenerSpec;
  /** With versions in `dns` or `service` discovery: the Service of each version. */
  readonly versionServices?: readonly VersionServiceSpec[];
  readonly serviceType: EnvoyServiceType;
  /** `networking.istio.io/exportTo` of the Envoy Service. */
  readonly serviceExportTo: readonly string[];
  /** The user's extra labels. */
  readonly labels: Readonly<Record<string, string>>;
  /** The user's pod annotations. */
  readonly podAnnotations: Readonly<Record<string, string>>;
  readonly istioSidecar?: boolean;
  readonly resources: ResourceRequirements;
}
