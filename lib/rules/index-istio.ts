/** Services and Istio policies (PeerAuthentication, DestinationRule, Sidecar) as the index sees them. */
import { IstioVersion } from '../core/istio-version';
import { IstioProtocol, istioProtocolOf } from '../core/protocols';
import { apiGroupOf } from './manifest';
import { child } from '../base/paths';
import { MTLS_MODES, MtlsMode } from '../core/types';
import { DestinationRuleInfo, ManifestObject, PeerAuthenticationInfo, ServiceInfo, ServicePortInfo, SidecarInfo } from './types';
import { keptList } from '../base/kept';
import { arrayOf, field, hasOwnKeys, intOf, isRecord, optionalStringMap, orElse, portOf, stringMap, stringOf } from './values';

/** True for an object of `kind` in the Istio API group `group` (any version: v1, v1beta1, v1alpha3). */
export function isIstioKind(object: ManifestObject, group: string, kind: string): boolean {
  return object.kind === kind && apiGroupOf(object.apiVersion) === group;
}

/** A Service's info, or `undefined` for other objects. */
export function serviceOf(object: ManifestObject, version: IstioVersion, clusterDomain: string): ServiceInfo | undefined {
  if (object.kind !== 'Service' || object.apiVersion !== 'v1') return undefined;
  const spec = field(object.raw, 'spec');
  const selector = optionalStringMap(field(spec, 'selector'));
  const exportTo = object.annotations['networking.istio.io/exportTo'];
  return new Service(
    object,
    orElse(stringOf(field(spec, 'type')), 'ClusterIP'),
    field(spec, 'clusterIP') === 'None',
    // An empty selector is no selector: the endpoints controller then manages no endpoints.
    selector !== undefined && hasOwnKeys(selector) ? selector : undefined,
    servicePortsOf(spec, version),
    field(spec, 'publishNotReadyAddresses') === true,
    exportTo !== undefined ? splitList(exportTo) : undefined,
    clusterDomain,
  );
}

/** A Service; its FQDN built when asked, not kept per Service. */
class Service implements ServiceInfo {
  readonly name: string;
  readonly namespace: string;

  constructor(
    readonly object: ManifestObject,
    readonly type: string,
    readonly headless: boolean,
    readonly selector: Readonly<Record<string, string>> | undefined,
    readonly ports: readonly ServicePortInfo[],
    readonly publishNotReadyAddresses: boolean,
    readonly exportTo: readonly string[] | undefined,
    private readonly clusterDomain: string,
  ) {
    this.name = object.name;
    this.namespace = object.namespace;
  }

  get fqdn(): string {
    return `${this.name}.${this.namespace}.svc.${this.clusterDomain}`;
  }
}

function splitList(value: string): string[] {
  return value.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

/** A Service port; its JSON path built when asked (a finding names it), not kept per port. */
class ServicePort implements ServicePortInfo {
  constructor(
    readonly index: number,
    readonly name: string | undefined,
    readonly port: number,
    readonly targetPort: number | string | undefined,
    readonly protocol: string,
    readonly appProtocol: string | undefined,
    readonly istioProtocol: IstioProtocol,
  ) {}

  get path(): string {
    return `spec.ports[${this.index}]`;
  }
}

function servicePortsOf(spec: unknown, version: IstioVersion): ServicePortInfo[] {
  const out = keptList<ServicePortInfo>();
  const ports = field(spec, 'ports');
  if (!Array.isArray(ports)) return out;
  for (let index = 0; index < ports.length; index++) {
    const raw: unknown = ports[index];
    const port = intOf(field(raw, 'port'));
    if (!isRecord(raw) || port === undefined) continue;
    const name = stringOf(raw.name);
    const appProtocol = stringOf(raw.appProtocol);
    const protocol = orElse(stringOf(raw.protocol), 'TCP');
    const target = raw.targetPort;
    const targetPort = typeof target === 'number' || typeof target === 'string' ? target : undefined;
    out.push(new ServicePort(index, name, port, targetPort, protocol, appProtocol, istioProtocolOf({ port, name, protocol, appProtocol }, version)));
  }
  return out;
}

const NO_KEYS: readonly string[] = [];

/** No entries (shared, never written to: most policies set no port-level modes). */
const NO_ENTRIES: ReadonlyMap<number, never> = new Map<number, never>();

const MODES = new Set<MtlsMode>(MTLS_MODES);

function modeOf(value: unknown): MtlsMode {
  const mode = stringOf(field(value, 'mode'));
  return mode !== undefined && MODES.has(mode as MtlsMode) ? (mode as MtlsMode) : 'UNSET';
}

/** A PeerAuthentication's info, or `undefined` for other objects. */
export function peerAuthenticationOf(object: ManifestObject): PeerAuthenticationInfo | undefined {
  if (!isIstioKind(object, 'security.istio.io', 'PeerAuthentication')) return undefined;
  const spec = field(object.raw, 'spec');
  const selector = field(spec, 'selector');
  const portLevelRaw = field(spec, 'portLevelMtls');
  let portLevel: Map<number, MtlsMode> | undefined;
  const portLevelKeys = isRecord(portLevelRaw) ? Object.keys(portLevelRaw) : NO_KEYS;
  for (const key of portLevelKeys) {
    const port = /^\d{1,5}$/.test(key) ? Number(key) : undefined;
    if (port !== undefined && port <= 65535) (portLevel === undefined ? (portLevel = new Map()) : portLevel).set(port, modeOf((portLevelRaw as Record<string, unknown>)[key]));
  }
  return new PeerAuthentication(
    object,
    selector !== undefined && isRecord(selector) ? stringMap(field(selector, 'matchLabels')) : undefined,
    modeOf(field(spec, 'mtls')),
    portLevel !== undefined ? portLevel : NO_ENTRIES,
    portLevelKeys,
  );
}

/**
 * A PeerAuthentication: a class, as its objects live until the end of the run (see lib/base/kept.ts);
 * plain data fields, set in the order of the interface.
 */
class PeerAuthentication implements PeerAuthenticationInfo {
  readonly object: ManifestObject;
  readonly namespace: string;
  readonly selector: Readonly<Record<string, string>> | undefined;
  readonly mode: MtlsMode;
  readonly portLevel: ReadonlyMap<number, MtlsMode>;
  readonly portLevelKeys: readonly string[];

  constructor(object: ManifestObject, selector: Readonly<Record<string, string>> | undefined, mode: MtlsMode, portLevel: ReadonlyMap<number, MtlsMode>, portLevelKeys: readonly string[]) {
    this.object = object;
    this.namespace = object.namespace;
    this.selector = selector;
    this.mode = mode;
    this.portLevel = portLevel;
    this.portLevelKeys = portLevelKeys;
  }
}

/** A DestinationRule's info, its host resolved by `serviceFor`, or `undefined` for other objects. */
export function destinationRuleOf(object: ManifestObject, serviceFor: (host: string, fromNamespace: string) => ServiceInfo | undefined): DestinationRuleInfo | undefined {
  if (!isIstioKind(object, 'networking.istio.io', 'DestinationRule')) return undefined;
  const spec = field(object.raw, 'spec');
  const policy = field(spec, 'trafficPolicy');
  const tlsMode = stringOf(field(field(policy, 'tls'), 'mode'));
  let portTlsModes: Map<number, string> | undefined;
  for (const setting of arrayOf(field(policy, 'portLevelSettings'))) {
    const port = portOf(field(field(setting, 'port'), 'number'));
    const mode = stringOf(field(field(setting, 'tls'), 'mode'));
    if (port !== undefined && mode !== undefined) (portTlsModes === undefined ? (portTlsModes = new Map()) : portTlsModes).set(port, mode);
  }
  const subsets = keptList<Subset>();
  arrayOf(field(spec, 'subsets')).forEach((subset, i) => {
    if (!isRecord(subset)) return;
    subsets.push(new Subset(orElse(stringOf(subset.name), ''), stringMap(subset.labels), child(child('spec', 'subsets'), i)));
  });
  const exportTo = field(spec, 'exportTo');
  const host = orElse(stringOf(field(spec, 'host')), '');
  const exported = Array.isArray(exportTo) ? exportTo.filter((e): e is string => typeof e === 'string') : undefined;
  return new DestinationRule(object, host, serviceFor(host, object.namespace), tlsMode, portTlsModes !== undefined ? portTlsModes : NO_ENTRIES, subsets, exported);
}

/** A DestinationRule subset (a class: kept until the end of the run, see lib/base/kept.ts). */
class Subset {
  constructor(
    readonly name: string,
    readonly labels: Readonly<Record<string, string>>,
    readonly path: string,
  ) {}
}

/**
 * A DestinationRule: a class, as its objects live until the end of the run (see lib/base/kept.ts);
 * every field always present (`undefined` when not set), plain data set in the order of the interface.
 */
class DestinationRule implements DestinationRuleInfo {
  readonly object: ManifestObject;
  readonly namespace: string;
  readonly host: string;
  readonly service: ServiceInfo | undefined;
  readonly tlsMode: string | undefined;
  readonly portTlsModes: ReadonlyMap<number, string>;
  readonly subsets: readonly Subset[];
  readonly exportTo: readonly string[] | undefined;

  constructor(object: ManifestObject, host: string, service: ServiceInfo | undefined, tlsMode: string | undefined, portTlsModes: ReadonlyMap<number, string>, subsets: readonly Subset[], exportTo: readonly string[] | undefined) {
    this.object = object;
    this.namespace = object.namespace;
    this.host = host;
    this.service = service;
    this.tlsMode = tlsMode;
    this.portTlsModes = portTlsModes;
    this.subsets = subsets;
    this.exportTo = exportTo;
  }
}

/** A Sidecar's info, or `undefined` for other objects. */
export function sidecarOf(object: ManifestObject): SidecarInfo | undefined {
  if (!isIstioKind(object, 'networking.istio.io', 'Sidecar')) return undefined;
  const spec = field(object.raw, 'spec');
  const workloadSelector = field(spec, 'workloadSelector');
  const ingress = keptList<SidecarInfo['ingress'][number]>();
  arrayOf(field(spec, 'ingress')).forEach((entry, i) => {
    if (!isRecord(entry)) return;
    const port = field(entry, 'port');
    const number = portOf(field(port, 'number'));
    const protocol = stringOf(field(port, 'protocol'));
    const name = stringOf(field(port, 'name'));
    const defaultEndpoint = stringOf(entry.defaultEndpoint);
    ingress.push({
      ...(number !== undefined ? { port: number } : {}),
      ...(protocol !== undefined ? { protocol } : {}),
      ...(name !== undefined ? { name } : {}),
      ...(defaultEndpoint !== undefined ? { defaultEndpoint } : {}),
      path: child(child('spec', 'ingress'), i),
    });
  });
  return new Sidecar(object, isRecord(workloadSelector) ? stringMap(workloadSelector.labels) : undefined, ingress, field(spec, 'egress') !== undefined);
}

/** A Sidecar: a class, as its objects live until the end of the run (see lib/base/kept.ts); plain data fields. */
class Sidecar implements SidecarInfo {
  readonly object: ManifestObject;
  readonly namespace: string;
  readonly selector: Readonly<Record<string, string>> | undefined;
  readonly ingress: SidecarInfo['ingress'];
  readonly hasEgress: boolean;

  constructor(object: ManifestObject, selector: Readonly<Record<string, string>> | undefined, ingress: SidecarInfo['ingress'], hasEgress: boolean) {
    this.object = object;
    this.namespace = object.namespace;
    this.selector = selector;
    this.ingress = ingress;
    this.hasEgress = hasEgress;
  }
}
