/**
 * What the Pulumi components share about names: the default Kubernetes name of a component's
 * objects (its resource name), and the resource name on every problem line of bad props
 * (`EchoService "x" (resource "echo"): replicas: …`).
 */
import { atPlace, show } from '../core/errors';
import { resourceDnsName } from '../core/names';

/** Runs `build` (which checks the props) so that every problem line it raises names the resource. */
export function atResource<T>(resourceName: string, build: () => T): T {
  return atPlace(`resource ${show(resourceName)}`, build);
}

/**
 * The default name of a component's objects: its resource name when that is a DNS-1035 label,
 * else a label made from it (with a hash of it, so names stay unique), `fallback` for a name
 * without a usable character.
 */
export function defaultObjectName(resourceName: string, fallback: string): string {
  return resourceDnsName(String(resourceName), fallback);
}
