/** The `istioVersion` prop of EchoService and HeadlessMeshService: checked and parsed. */
import { constructLabel, IstioDirectError, Problems, show } from './errors';
import { DEFAULT_ISTIO_VERSION, formatIstioVersion, isAtLeast, IstioVersion, parseIstioVersion } from './istio-version';
import { isPlainObject, notA, PropReadError, withoutNulls } from './validate';

/** The oldest Istio release the constructs target: inbound traffic goes to the pod IP from 1.10. */
export const MIN_ISTIO_VERSION: IstioVersion = { major: 1, minor: 10 };

/**
 * The targeted Istio release from `istioVersion` (and the deprecated `istioApiVersion`:
 * `v1beta1` is Istio 1.21, `v1` the default release); `undefined` after recording a problem.
 */
export function resolveIstioVersion(p: Problems, istioVersion: unknown, istioApiVersion?: unknown): IstioVersion | undefined {
  if (istioApiVersion !== undefined && istioApiVersion !== 'v1' && istioApiVersion !== 'v1beta1') {
    p.add('istioApiVersion', `${show(istioApiVersion)} is not one of v1, v1beta1 (deprecated: give istioVersion, e.g. "1.21")`);
    return undefined;
  }
  const fromApi = istioApiVersion === 'v1beta1' ? '1.21' : DEFAULT_ISTIO_VERSION;
  const given = istioVersion ?? fromApi;
  if (typeof given !== 'string') {
    p.add('istioVersion', notA(given, 'an Istio release such as "1.24"'));
    return undefined;
  }
  const version = parseIstioVersion(given);
  if (version === undefined) {
    p.add('istioVersion', `${show(given)} is not an Istio release (major.minor, e.g. "1.24" or "1.22.3")`);
    return undefined;
  }
  if (!isAtLeast(version, MIN_ISTIO_VERSION)) {
    p.add('istioVersion', `${show(given)} is older than ${formatIstioVersion(MIN_ISTIO_VERSION)}, the oldest release supported (before it, inbound traffic went to localhost: https://istio.io/latest/blog/2021/upcoming-networking-changes/)`);
    return undefined;
  }
  if (istioVersion !== undefined && istioApiVersion !== undefined) {
    const v1 = isAtLeast(version, { major: 1, minor: 22 });
    if (v1 !== (istioApiVersion === 'v1')) {
      p.add('istioApiVersion', `${show(istioApiVersion)} contradicts istioVersion ${show(istioVersion)} (v1 APIs from Istio 1.22): give only istioVersion`);
    }
  }
  return version;
}

/**
 * Runs `resolve` on the props without their `null`-valued keys ({@link withoutNulls}: `null` means
 * "not given"), turning anything it throws other than an {@link IstioDirectError} (a getter or
 * Proxy in the props that throws while being read) into one, naming the field when it is known
 * (`EnvoyDirectPods: props.healthCheck.path: reading it threw "…"`), so a build fails only with an
 * IstioDirectError.
 */
export function guardProps<P, S>(construct: string, props: P, resolve: (props: P) => S): S {
  try {
    return resolve(withoutNulls(props) as P);
  } catch (e) {
    if (e instanceof IstioDirectError) {
      throw e;
    }
    throw new IstioDirectError([readFailure(construct, e)]);
  }
}

/** The problem line for props that threw while being read. */
function readFailure(construct: string, e: unknown): string {
  const reasonOf = (r: unknown) => show(r instanceof Error ? r.message : r);
  if (e instanceof PropReadError) {
    const field = e.field === '' ? 'props' : `props${e.field.startsWith('[') ? '' : '.'}${e.field}`;
    return `${constructLabel(construct, undefined)}: ${field}: reading it threw ${reasonOf(e.reason)}: give a plain value (no getter or Proxy that throws)`;
  }
  return `${constructLabel(construct, undefined)}: props: reading them threw ${reasonOf(e)}: give plain values (no getters or proxies that throw)`;
}

/**
 * For the cdk8s and Pulumi adapters, which read a few props before the core builds: the props as
 * the core sees them (without `null`-valued keys), read under the same guard, so that an adapter
 * fails only with the core's IstioDirectError. Props that are not an object go to `build`, which
 * rejects them as the core does (for EchoService, `undefined` means every default).
 */
export function adapterProps<P>(construct: string, props: P, build: (props: never) => unknown): P {
  return guardProps(construct, props, (copy) => {
    if (!isPlainObject(copy)) build(copy as never);
    return copy;
  });
}
