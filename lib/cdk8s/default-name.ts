/**
 * The Kubernetes name a construct's objects get when its props give none: unique in the app and
 * valid for every kind, from the construct path, as cdk8s names its own objects
 * (`<chart>-<id>-<hash>`, the hash being the construct's address). A chart created with
 * `disableResourceNameHashes: true` gets names without the hash, as its other objects.
 */
import { Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { dnsLabelFromPath } from '../core/names';

/** Length of the hash cdk8s appends to its object names (the first characters of the construct's address). */
const HASH_LENGTH = 8;

/** `<chart>-<id>-<hash>`, e.g. `seed-echo-c8a1b2c3`; `fallback` when the path has no usable character. */
export function defaultObjectName(construct: IConstruct, fallback: string): string {
  const chart = Chart.of(construct) as unknown as { readonly _disableResourceNameHashes?: unknown };
  const hash = chart._disableResourceNameHashes === true ? undefined : construct.node.addr.slice(0, HASH_LENGTH);
  return dnsLabelFromPath(construct.node.path.split('/'), hash, fallback);
}
