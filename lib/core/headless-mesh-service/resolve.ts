/** HeadlessMeshService props -> a checked, defaulted spec (every problem collected). */
import { constructLabel, IstioDirectError, Problems, show } from '../errors';
import { istioApiVersionFor, IstioVersion } from '../istio-version';
import { resolveIstioVersion } from '../istio-target';
import { sortKeys, standardLabels } from '../labels';
import { DEFAULT_CLUSTER_DOMAIN, DEFAULT_NAMESPACE, serviceFqdn, statefulSetPodFqdns } from '../names';
import { MTLS_MODES, MtlsMode, WorkloadRef } from '../types';
import {
  checkAnnotations,
  checkBoolean,
  checkDomain,
  checkKnownKeys,
  checkLabels,
  checkName,
  checkOneOf,
  isPlainObject,
  notA,
} from '../validate';
import { checkEgressHosts, checkExportTo, resolveLocalhostPorts, resolvePortLevelMtls } from './policy';
import { resolvePorts } from './ports';
import { mergeMtlsExceptions, mergeRecipePorts, resolveMeshRecipe } from '../recipes/mesh';
import { AppRecipeOutput } from '../recipes/types';
import {
  DataplaneMode,
  HEADLESS_MESH_SERVICE_KEYS,
  HeadlessMeshServiceProps,
  HeadlessMeshServiceSpec,
  MAX_POD_DNS_NAMES,
  ResolvedMeshPort,
} from './props';
import { checkTarget, resolveNamespace } from './target';

/** Checks every prop and fills in defaults. Throws an {@link IstioDirectError} listing every problem. */
export function resolveHeadlessMeshServiceSpec(props: HeadlessMeshServiceProps): HeadlessMeshServiceSpec {
  const raw: unknown = props;
  if (!isPlainObject(raw)) {
    throw new IstioDirectError([`${constructLabel('HeadlessMeshService', undefined)}: props: ${notA(raw, 'an object of HeadlessMeshService properties')}`]);
  }
  const p = new Problems('HeadlessMeshService', raw.name);
  checkKnownKeys(p, '', raw, HEADLESS_MESH_SERVICE_KEYS);
  checkName(p, 'name', raw.name, 'service');
  const version = resolveIstioVersion(p, raw.istioVersion, raw.istioApiVersion);
  const target = checkTarget(p, raw.target, raw.name);
  const namespace = resolveNamespace(p, raw.namespace, target);
  const clusterDomain = raw.clusterDomain ?? DEFAULT_CLUSTER_DOMAIN;
  checkDomain(p, 'clusterDomain', clusterDomain);
  const { ports, recipe } = resolvePortsAndRecipe(p, raw, target, namespace, clusterDomain, version);
  const mode = optionalOneOf(p, 'mtlsMode', raw.mtlsMode, MTLS_MODES, 'STRICT');
  const dataplane = optionalOneOf(p, 'dataplaneMode', raw.dataplaneMode, ['sidecar', 'ambient'] as const, 'sidecar');
  const peerAuthentication = optionalBoolean(p, 'peerAuthentication', raw.peerAuthentication, true);
  const userPortLevel = resolvePortLevelMtls(p, raw.portLevelMtls, ports);
  const portLevel = mergeMtlsExceptions(p, recipe, { mtlsMode: mode, portLevel: userPortLevel, peerAuthentication, dataplane });
  const localhostPorts = resolveLocalhostPorts(p, raw.localhostPorts, ports);
  const publishNotReady = optionalBoolean(p, 'publishNotReadyAddresses', raw.publishNotReadyAddresses, target?.kind === 'StatefulSet');
  checkSidecarProps(p, raw, localhostPorts);
  checkAmbient(p, dataplane, mode, portLevel, localhostPorts);
  if (!peerAuthentication && raw.portLevelMtls !== undefined && Object.keys(raw.portLevelMtls as object).length > 0) {
    p.add('portLevelMtls', `${show(raw.portLevelMtls)} is set but peerAuthentication is false: port-level modes live in the PeerAuthentication`);
  }
  const exportToOk = checkExportTo(p, raw.exportTo);
  checkLabels(p, 'labels', raw.labels);
  checkAnnotations(p, 'annotations', raw.annotations);
  const perPodDns = resolvePerPodDns(p, raw.perPodDns, target);
  p.throwIfAny();

  const name = raw.name as string;
  const w = target as WorkloadRef;
  const dnsNamespace = namespace ?? DEFAULT_NAMESPACE;
  const domain = clusterDomain as string;
  const annotations: Record<string, string> = { ...((raw.annotations as Record<string, string>) ?? {}) };
  if (exportToOk && raw.exportTo !== undefined) {
    annotations['networking.istio.io/exportTo'] = (raw.exportTo as string[]).join(',');
  }
  const v = version as IstioVersion;
  return {
    name,
    namespace,
    dnsNamespace,
    fqdn: serviceFqdn(name, dnsNamespace, domain),
    target: w,
    selector: sortKeys(w.selectorLabels),
    labels: standardLabels({
      app: w.selectorLabels.app ?? name,
      instance: name,
      component: 'headless-service',
      extra: raw.labels as Record<string, string> | undefined,
    }),
    serviceAnnotations: annotations,
    ports,
    publishNotReadyAddresses: publishNotReady,
    mtlsMode: mode,
    portLevelMtls: portLevel,
    peerAuthentication,
    istioVersion: v,
    istioApiVersion: istioApiVersionFor(v),
    localhostPorts,
    ipFamily: (raw.ipFamily as HeadlessMeshServiceSpec['ipFamily']) ?? 'IPv4',
    sidecarEgressHosts: raw.sidecarEgressHosts as readonly string[] | undefined,
    outboundTrafficPolicy: raw.outboundTrafficPolicy as HeadlessMeshServiceSpec['outboundTrafficPolicy'],
    podDnsNames: perPodDns ? statefulSetPodFqdns(w.name, w.replicas ?? 0, name, dnsNamespace, domain) : [],
    ...(recipe !== undefined ? { recipe } : {}),
  };
}

/** The `ports` of a target that knows its containers' ports ({@link WorkloadRef.ports}): the default of `ports`. */
function targetPorts(target: unknown): unknown {
  return isPlainObject(target) ? target.ports : undefined;
}

/**
 * The Service's ports and the app recipe: without a recipe, the given ports; with one,
 * the recipe's ports and then the given ones (app recipes: `../recipes/`).
 */
function resolvePortsAndRecipe(
  p: Problems,
  raw: Readonly<Record<string, unknown>>,
  target: WorkloadRef | undefined,
  namespace: string | undefined,
  clusterDomain: unknown,
  version: IstioVersion | undefined,
): { ports: ResolvedMeshPort[]; recipe?: AppRecipeOutput } {
  if (raw.recipe === undefined) {
    return { ports: resolvePorts(p, raw.ports ?? targetPorts(raw.target), version) };
  }
  const noUserPorts = raw.ports === undefined || (Array.isArray(raw.ports) && raw.ports.length === 0);
  const userPorts = noUserPorts ? [] : resolvePorts(p, raw.ports, version);
  if (target === undefined || version === undefined || typeof clusterDomain !== 'string') {
    return { ports: userPorts };
  }
  const recipe = resolveMeshRecipe(p, {
    recipe: raw.recipe,
    serviceName: raw.name as string,
    target,
    dnsNamespace: namespace ?? DEFAULT_NAMESPACE,
    clusterDomain,
    istioVersion: version,
    dataplane: raw.dataplaneMode === 'ambient' ? 'ambient' : 'sidecar',
    publishNotReadyAddresses: raw.publishNotReadyAddresses,
  });
  return recipe === undefined ? { ports: userPorts } : { ports: mergeRecipePorts(p, recipe, raw.ports, userPorts), recipe };
}

function optionalOneOf<T extends string>(p: Problems, field: string, value: unknown, allowed: readonly T[], fallback: T): T {
  if (value === undefined) {
    return fallback;
  }
  return checkOneOf(p, field, value, allowed) ? value : fallback;
}

function optionalBoolean(p: Problems, field: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) {
    return fallback;
  }
  return checkBoolean(p, field, value) ? value : fallback;
}

/** `ipFamily`, `sidecarEgressHosts` and `outboundTrafficPolicy`: Sidecar settings, only with `localhostPorts`. */
function checkSidecarProps(p: Problems, raw: Readonly<Record<string, unknown>>, localhostPorts: readonly number[]): void {
  optionalOneOf(p, 'ipFamily', raw.ipFamily, ['IPv4', 'IPv6'] as const, 'IPv4');
  checkEgressHosts(p, raw.sidecarEgressHosts);
  optionalOneOf(p, 'outboundTrafficPolicy', raw.outboundTrafficPolicy, ['ALLOW_ANY', 'REGISTRY_ONLY'] as const, 'ALLOW_ANY');
  for (const field of ['sidecarEgressHosts', 'outboundTrafficPolicy'] as const) {
    if (raw[field] !== undefined && localhostPorts.length === 0 && raw.localhostPorts === undefined) {
      p.add(field, `${show(raw[field])} is set but localhostPorts is not: it configures the Sidecar, which is emitted only for localhostPorts`);
    }
  }
}

function checkAmbient(
  p: Problems,
  dataplane: DataplaneMode,
  mode: MtlsMode,
  portLevel: ReadonlyArray<{ port: number; mode: MtlsMode }>,
  localhostPorts: readonly number[],
): void {
  if (dataplane !== 'ambient') {
    return;
  }
  const why = 'is not supported in ambient mode (https://istio.io/latest/docs/reference/config/security/peer_authentication/); use "PERMISSIVE"';
  if (mode === 'DISABLE') {
    p.add('mtlsMode', `"DISABLE" ${why}`);
  }
  for (const entry of portLevel) {
    if (entry.mode === 'DISABLE') {
      p.add(`portLevelMtls[${show(String(entry.port))}]`, `"DISABLE" ${why}`);
    }
  }
  if (localhostPorts.length > 0) {
    p.add('localhostPorts', `${show(localhostPorts)}: a Sidecar resource has no effect in ambient mode; listen on 0.0.0.0 or the pod IP instead`);
  }
}

/** Whether to compute per-pod DNS names; bounded by {@link MAX_POD_DNS_NAMES}. */
function resolvePerPodDns(p: Problems, value: unknown, target: WorkloadRef | undefined): boolean {
  const perPodDns = optionalBoolean(p, 'perPodDns', value, target?.kind === 'StatefulSet');
  if (!perPodDns || target === undefined) {
    return false;
  }
  if (target.kind === 'Deployment') {
    p.add(
      'perPodDns',
      `true, but the target is Deployment ${show(target.name)}, whose pods have no per-pod DNS names (https://kubernetes.io/docs/concepts/services-networking/dns-pod-service/); use a StatefulSet, or address the pods by IP through this Service's tcp ports`,
    );
    return false;
  }
  if (target.replicas === undefined) {
    p.add('target.replicas', `StatefulSet ${show(target.name)} has no replica count, so its per-pod DNS names are unknown`);
    return false;
  }
  if (target.replicas > MAX_POD_DNS_NAMES) {
    p.add(
      'target.replicas',
      `${show(target.replicas)} replicas would need more than ${MAX_POD_DNS_NAMES} per-pod DNS names: give at most ${MAX_POD_DNS_NAMES}, or set perPodDns: false`,
    );
    return false;
  }
  return true;
}
