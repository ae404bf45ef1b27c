/**
 * Options of the istio-direct policy pack: the factory's, and the same
 * settings given per policy through Pulumi's policy configuration
 * (`pulumi preview --policy-pack <dir> --policy-pack-config <file>`,
 * https://www.pulumi.com/docs/using-pulumi/crossguard/configuration/).
 */
import type { EnforcementLevel, PolicyConfigSchema } from '@pulumi/policy/policy';
import { IstioDirectError, show } from '../core/errors';
import { SUPPRESSIBLE_CODES } from '../rules/codes';
import { EngineOptions, resolveRuleOptions, RuleOptionsError } from '../rules/options';
import { MTLS_MODES, MtlsMode } from '../core/types';
import { Rule, RuleFinding, ManifestObject } from '../rules/types';

/** Runs the rules over the objects (the engine's `runRules`, or a stand-in in tests). */
export type RunRules = (objects: readonly ManifestObject[], options: EngineOptions) => RuleFinding[];

/** Settings of a rules run; each can also be set in the policy configuration. */
export interface PolicyRuleSettings {
  /** The Istio release the stack runs on, `major.minor`. @default '1.24' */
  readonly istioVersion?: string;
  /** Codes of rules not to run, e.g. `['ID402']`. Those of the configuration are added to these. @default - none */
  readonly disable?: readonly string[];
  /** @default 'cluster.local' */
  readonly clusterDomain?: string;
  /** Namespace of objects that name none and whose provider names none. @default 'default' */
  readonly defaultNamespace?: string;
  /** Istio's root namespace. @default 'istio-system' */
  readonly rootNamespace?: string;
  /** Namespaces the protocol rules skip. @default ['kube-system', 'kube-public', 'kube-node-lease', 'istio-system'] */
  readonly systemNamespaces?: readonly string[];
  /** Mesh-wide mTLS mode when no PeerAuthentication in the root namespace says. @default 'PERMISSIVE' */
  readonly meshMtlsMode?: MtlsMode;
}

/** Options of {@link createPolicies} and {@link istioDirectPolicyPack}. */
export interface IstioDirectPolicyOptions extends PolicyRuleSettings {
  /** Enforcement of findings of severity `error`. @default 'mandatory' */
  readonly errorEnforcementLevel?: EnforcementLevel;
  /** Enforcement of findings of severity `warning` and `info`. @default 'advisory' */
  readonly warningEnforcementLevel?: EnforcementLevel;
  /** The rules to run. @default - every rule of istio-direct */
  readonly rules?: readonly Rule[];
  /** The engine. @default - istio-direct's `runRules` */
  readonly runRules?: RunRules;
}

const ENFORCEMENT_LEVELS: readonly EnforcementLevel[] = ['advisory', 'mandatory', 'remediate', 'disabled'];

/** Every code `disable` may name: the rules of the catalog and the schema codes. */
export const DISABLEABLE_CODES: readonly string[] = [...SUPPRESSIBLE_CODES];

/**
 * The configuration schema of each policy of the pack (Pulumi checks the
 * configuration against it). It declares no `default`s on purpose: Pulumi
 * would fill them in, and they would override the options of the program.
 */
export const POLICY_CONFIG_SCHEMA: PolicyConfigSchema = {
  properties: {
    istioVersion: { type: 'string', pattern: '^[0-9]+\\.[0-9]+$', description: 'The Istio release the stack runs on (major.minor). Default 1.24.' },
    disable: {
      type: 'array',
      items: { type: 'string', pattern: '^ID[0-9]{3}$' },
      uniqueItems: true,
      description: 'Rule codes not to run, e.g. ["ID402"]; added to those the pack disables.',
    },
    clusterDomain: { type: 'string', minLength: 1, description: 'The cluster DNS domain. Default cluster.local.' },
    defaultNamespace: { type: 'string', minLength: 1, description: 'Namespace of objects that name none and whose provider names none. Default default.' },
    rootNamespace: { type: 'string', minLength: 1, description: "Istio's root namespace. Default istio-system." },
    systemNamespaces: { type: 'array', items: { type: 'string', minLength: 1 }, description: 'Namespaces the protocol rules skip.' },
    meshMtlsMode: { type: 'string', enum: [...MTLS_MODES], description: 'Mesh-wide mTLS mode when no root-namespace PeerAuthentication says. Default PERMISSIVE.' },
  },
};

const SETTING_KEYS: ReadonlyArray<keyof PolicyRuleSettings> = [
  'istioVersion', 'disable', 'clusterDomain', 'defaultNamespace', 'rootNamespace', 'systemNamespaces', 'meshMtlsMode',
];

/**
 * Checks the factory's options; throws an {@link IstioDirectError} listing
 * every problem (`PolicyPack "istio-direct": istioVersion: "2" is not …`).
 */
export function checkPolicyOptions(packName: string, options: IstioDirectPolicyOptions): void {
  const problems = settingsProblems(options, '');
  for (const key of ['errorEnforcementLevel', 'warningEnforcementLevel'] as const) {
    const level = options[key];
    if (level !== undefined && !ENFORCEMENT_LEVELS.includes(level)) {
      problems.push(`${key}: ${show(level)} is not one of ${ENFORCEMENT_LEVELS.join(', ')}`);
    }
  }
  if (problems.length > 0) throw new IstioDirectError(problems.map((p) => `PolicyPack ${show(packName)}: ${p}`));
}

/**
 * The engine options of one run: the factory's settings, overridden by the
 * policy's configuration (`disable` lists are joined). Throws an
 * {@link IstioDirectError} naming the policy and the bad setting.
 */
export function engineOptionsFor(policyName: string, options: IstioDirectPolicyOptions, config: unknown): EngineOptions {
  const settings = configSettings(config);
  const problems = settingsProblems(settings, 'config.');
  if (problems.length > 0) throw new IstioDirectError(problems.map((p) => `policy ${show(policyName)}: ${p}`));
  const merged: Record<string, unknown> = {};
  for (const key of SETTING_KEYS) {
    const value = settings[key] ?? options[key];
    if (value !== undefined) merged[key] = value;
  }
  const disable = [...new Set([...(options.disable ?? []), ...(settings.disable ?? [])].map((c) => c.trim().toUpperCase()))];
  return { ...(merged as PolicyRuleSettings), disable, ...(options.rules !== undefined ? { rules: options.rules } : {}) };
}

/** The settings of a policy configuration object (`enforcementLevel` and unknown keys ignored). */
function configSettings(config: unknown): PolicyRuleSettings {
  if (config === null || typeof config !== 'object' || Array.isArray(config)) return {};
  const out: Record<string, unknown> = {};
  for (const key of SETTING_KEYS) {
    const value = (config as Record<string, unknown>)[key];
    if (value !== undefined) out[key] = value;
  }
  return out as PolicyRuleSettings;
}

/** Every problem with the settings, each as `<prefix><field>: <problem>`. */
function settingsProblems(settings: PolicyRuleSettings, prefix: string): string[] {
  const problems: string[] = [];
  const disable: unknown = settings.disable;
  if (disable !== undefined && !Array.isArray(disable)) {
    problems.push(`${prefix}disable: ${show(disable)} is not an array of rule codes`);
  } else if (disable !== undefined) {
    (disable as unknown[]).forEach((code, i) => {
      const known = typeof code === 'string' && DISABLEABLE_CODES.includes(code.trim().toUpperCase());
      if (!known) problems.push(`${prefix}disable[${i}]: ${show(code)} is not a rule code; valid: ${DISABLEABLE_CODES.join(', ')}`);
    });
  }
  try {
    resolveRuleOptions({ ...settings, disable: undefined } as EngineOptions);
  } catch (e) {
    if (!(e instanceof RuleOptionsError)) throw e;
    problems.push(`${prefix}${e.message}`);
  }
  const systemNamespaces: unknown = settings.systemNamespaces;
  if (systemNamespaces !== undefined && (!Array.isArray(systemNamespaces) || systemNamespaces.some((n) => typeof n !== 'string' || n === ''))) {
    problems.push(`${prefix}systemNamespaces: ${show(systemNamespaces)} is not an array of namespace names`);
  }
  return problems;
}
