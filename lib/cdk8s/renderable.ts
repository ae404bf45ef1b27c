/**
 * What cdk8s itself cannot synthesize, reported as an IstioDirectError when the construct is
 * created rather than as a cdk8s crash at synth: a map key `constructor`. cdk8s 2.x tells a map
 * from a class instance by reading `value.constructor` (its `resolve` and `sanitizeValue`), so a
 * label, annotation or selector key `constructor`, valid in Kubernetes, fails its synth with
 * "can't render non-simple object". The Pulumi components have no such limit.
 */
import { constructLabel, IstioDirectError, show } from '../core/errors';
import { isPlainObject } from '../core/validate';

/** Map keys cdk8s cannot render. */
const UNRENDERABLE_KEYS: readonly string[] = ['constructor'];

/** Throws for a map (by its prop path) that has a key cdk8s cannot render. */
export function checkCdk8sMapKeys(construct: string, name: string, maps: Readonly<Record<string, unknown>>): void {
  const problems: string[] = [];
  for (const [field, map] of Object.entries(maps)) {
    if (!isPlainObject(map)) continue;
    for (const key of UNRENDERABLE_KEYS) {
      if (Object.prototype.hasOwnProperty.call(map, key)) {
        problems.push(
          `${constructLabel(construct, name)}: ${field}[${show(key)}]: is a key cdk8s cannot synthesize (cdk8s takes it for the map's constructor and fails with "can't render non-simple object"): rename it, or use the Pulumi component`,
        );
      }
    }
  }
  if (problems.length > 0) throw new IstioDirectError(problems);
}
