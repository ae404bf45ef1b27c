/** What a recipe is built from, and the helpers every recipe uses. */
import { Problems } from '../errors';
import { IstioVersion } from '../istio-version';
import { AppSetting, MtlsException, RecipeApp, RecipeContainer, RecipeEnvVar, RecipeFile, RecipePort } from './types';

/** The StatefulSet and headless Service a recipe is resolved against. */
export interface RecipeContext {
  /** The StatefulSet's name: pod `i` is `<statefulSet>-<i>`. */
  readonly statefulSet: string;
  readonly replicas: number;
  /** The governing headless Service's name. */
  readonly service: string;
  /** `<service>.<namespace>.svc.<clusterDomain>` */
  readonly serviceFqdn: string;
  /** `<statefulSet>-<i>.<serviceFqdn>`, in ordinal order. */
  readonly podFqdns: readonly string[];
  readonly istioVersion: IstioVersion;
  readonly dataplane: 'sidecar' | 'ambient';
}

/** The app-specific part of a recipe's output. */
export interface RecipeBody {
  readonly assumes: string;
  readonly podManagementPolicy: 'Parallel' | 'OrderedReady';
  /** Downward-API variables the settings use, e.g. `POD_NAME`. */
  readonly downward: readonly DownwardVar[];
  readonly settings: readonly AppSetting[];
  readonly warnings: readonly string[];
  /** Port-level mTLS exceptions, only where the app cannot work under mTLS. */
  readonly mtlsExceptions?: readonly MtlsException[];
  /** Config files the app reads. */
  readonly files?: readonly RecipeFile[];
  /** The pod's other containers the recipe configures; their settings name them in `container`. */
  readonly containers?: readonly RecipeBodyContainer[];
}

/**
 * Another container of the pod, as a recipe body declares it: a {@link RecipeContainer} whose env and
 * command come from its settings, with the downward-API variables it needs.
 */
export interface RecipeBodyContainer extends Omit<RecipeContainer, 'env' | 'command'> {
  readonly downward: readonly DownwardVar[];
}

/** A recipe: its option keys, and how options and context become a body. */
export interface RecipeDefinition {
  readonly app: RecipeApp;
  /** The app's name in messages, e.g. `Redis Cluster`. */
  readonly title: string;
  /** App-specific option keys (besides `app`, `container`, `holdApplicationUntilProxyStarts`). */
  readonly optionKeys: readonly string[];
  /**
   * Image repositories (without registry or tag) of the official, Bitnami and operator images,
   * e.g. `etcd`, `bitnami/etcd`: how a container is recognised as the app.
   */
  readonly images: readonly string[];
  /** The app's ports, in the order the Service declares them. */
  readonly ports: readonly RecipePort[];
  /** Ports that identify the app when the image does not (its peer ports), e.g. etcd's 2380. */
  readonly wellKnownPorts: readonly number[];
  /** Records problems on `p` (fields under `field`); `undefined` after recording one. */
  build(p: Problems, field: string, options: Readonly<Record<string, unknown>>, ctx: RecipeContext): RecipeBody | undefined;
}

/** Downward-API variables recipes use (https://kubernetes.io/docs/concepts/workloads/pods/downward-api/). */
export type DownwardVar = 'POD_NAME' | 'POD_IP' | 'POD_INDEX';

const FIELD_PATHS: Readonly<Record<DownwardVar, string>> = {
  POD_NAME: 'metadata.name',
  POD_IP: 'status.podIP',
  // Set by the StatefulSet controller from Kubernetes 1.28 (beta, on by default):
  // https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#pod-index-label
  POD_INDEX: "metadata.labels['apps.kubernetes.io/pod-index']",
};

/** Where an env var's value comes from, in messages: `"x"`, `the field status.podIP`, `Secret "s" key "k"`. */
export function envSource(variable: RecipeEnvVar): string {
  if ('value' in variable) return JSON.stringify(variable.value);
  const from = variable.valueFrom;
  return 'fieldRef' in from ? `the field ${from.fieldRef.fieldPath}` : `Secret ${JSON.stringify(from.secretKeyRef.name)} key ${JSON.stringify(from.secretKeyRef.key)}`;
}

/** The env var of a downward-API variable. */
export function downwardEnv(name: DownwardVar): RecipeEnvVar {
  return { name, valueFrom: { fieldRef: { fieldPath: FIELD_PATHS[name] } } };
}

/** `$(POD_NAME).<service FQDN>`: the pod's own per-pod DNS name, expanded by Kubernetes. */
export function ownPodFqdn(ctx: RecipeContext): string {
  return `$(POD_NAME).${ctx.serviceFqdn}`;
}

/** A setting passed as an environment variable. */
export function envSetting(key: string, env: string, value: string, why: string): AppSetting {
  return { key, value, via: { env }, why };
}

/** A line `key value` (or `key = value`) of the config file at `path`, which the recipe returns in `files`. */
export function fileSetting(key: string, value: string, path: string, why: string, container?: string): AppSetting {
  return { key, value, via: { file: path }, ...(container !== undefined ? { container } : {}), why };
}

/** A setting passed as a `--key value` argument pair (`--key` then the value as its own argument). */
export function argSetting(key: string, value: string, why: string): AppSetting {
  return { key, value, via: { arg: `--${key}` }, why };
}

/** A setting passed as one `--key=value` argument (for boolean flags and parsers that want it joined). */
export function inlineArgSetting(key: string, value: string, why: string): AppSetting {
  return { key, value, via: { arg: `--${key}`, form: 'inline' }, why };
}

/** A positional argument (a subcommand such as `start`), placed where it appears among the settings. */
export function positionalSetting(key: string, value: string, why: string): AppSetting {
  return { key, value, via: { arg: value, form: 'positional' }, why };
}

/** A TCP port of a recipe; `httpBased` when the app speaks HTTP or gRPC on it. */
export function tcpPort(name: string, port: number, reachedBy: RecipePort['reachedBy'], purpose: string, httpBased = false): RecipePort {
  return { name, port, appProtocol: 'tcp', reachedBy, purpose, httpBased };
}

/** The warning for an even member count of a majority quorum. */
export function evenQuorumWarning(title: string, replicas: number, source: string): string | undefined {
  if (replicas % 2 === 1) {
    return undefined;
  }
  return (
    `${replicas} ${title} members form a majority quorum no more fault-tolerant than ${replicas - 1} ` +
    `(${replicas / 2 + 1} of ${replicas} needed): give an odd number (${source})`
  );
}
