/** The engine's options and their documented defaults. */
import { DEFAULT_ISTIO_VERSION, IstioVersion, parseIstioVersion } from '../core/istio-version';
import { MTLS_MODES, MtlsMode } from '../core/types';
import { Rule, RuleOptions } from './types';

/** The Istio release targeted when none is given (the library's default). */
export const DEFAULT_RULE_ISTIO_VERSION: IstioVersion = parseIstioVersion(DEFAULT_ISTIO_VERSION) as IstioVersion;

/** Defaults of {@link RuleOptions}. */
export const DEFAULT_RULE_OPTIONS: RuleOptions = {
  istioVersion: DEFAULT_RULE_ISTIO_VERSION,
  clusterDomain: 'cluster.local',
  defaultNamespace: 'default',
  rootNamespace: 'istio-system',
  systemNamespaces: ['kube-system', 'kube-public', 'kube-node-lease', 'istio-system'],
  meshMtlsMode: 'PERMISSIVE',
};

/** What {@link runRules} accepts: any {@link RuleOptions} (a version may be a string), plus the rules to run. */
export interface EngineOptions {
  /** The Istio release, `1.24` or a parsed version. @default '1.24' */
  readonly istioVersion?: IstioVersion | string;
  /** @default 'cluster.local' */
  readonly clusterDomain?: string;
  /** @default 'default' */
  readonly defaultNamespace?: string;
  /** @default 'istio-system' */
  readonly rootNamespace?: string;
  /** @default ['kube-system', 'kube-public', 'kube-node-lease', 'istio-system'] */
  readonly systemNamespaces?: readonly string[];
  /** @default 'PERMISSIVE' */
  readonly meshMtlsMode?: MtlsMode;
  /** Codes of rules not to run (`ID102`). @default - none */
  readonly disable?: readonly string[];
  /** The rules to run. @default - every rule of the registry */
  readonly rules?: readonly Rule[];
}

/** Thrown for options the engine cannot use (a bad Istio version). */
export class RuleOptionsError extends Error {}

/** Resolves options against the defaults; throws {@link RuleOptionsError} for a bad value. */
export function resolveRuleOptions(options: EngineOptions = {}): RuleOptions {
  const d = DEFAULT_RULE_OPTIONS;
  return {
    istioVersion: resolveVersion(options.istioVersion),
    clusterDomain: nonEmpty('clusterDomain', options.clusterDomain) ?? d.clusterDomain,
    defaultNamespace: nonEmpty('defaultNamespace', options.defaultNamespace) ?? d.defaultNamespace,
    rootNamespace: nonEmpty('rootNamespace', options.rootNamespace) ?? d.rootNamespace,
    systemNamespaces: options.systemNamespaces ?? d.systemNamespaces,
    meshMtlsMode: resolveMode(options.meshMtlsMode),
  };
}

function resolveVersion(value: IstioVersion | string | undefined): IstioVersion {
  if (value === undefined) return DEFAULT_RULE_ISTIO_VERSION;
  if (typeof value !== 'string') return value;
  const parsed = parseIstioVersion(value);
  if (parsed === undefined) {
    throw new RuleOptionsError(`istioVersion: ${JSON.stringify(value)} is not an Istio release; write major.minor, e.g. "1.24"`);
  }
  return parsed;
}

function resolveMode(value: MtlsMode | undefined): MtlsMode {
  if (value === undefined) return DEFAULT_RULE_OPTIONS.meshMtlsMode;
  if (!MTLS_MODES.includes(value)) {
    throw new RuleOptionsError(`meshMtlsMode: ${JSON.stringify(value)} is not one of ${MTLS_MODES.join(', ')}`);
  }
  return value;
}

function nonEmpty(name: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') throw new RuleOptionsError(`${name}: ${JSON.stringify(value)} must be a non-empty string`);
  return value;
}
