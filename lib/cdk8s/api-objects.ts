/** Turns the core's plain objects into cdk8s `ApiObject`s. */
import { ApiObject, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { KubeObject } from '../core/types';

/**
 * Adds `object` under `scope` as a raw `ApiObject`. Raw objects keep every
 * field as written: the `Kube*` L1 classes would silently drop fields such as
 * `clusterIP` when fed manifest JSON.
 */
export function addApiObject(scope: Construct, id: string, object: KubeObject): ApiObject {
  const { apiVersion, kind, metadata, ...rest } = object;
  return new ApiObject(scope, id, { apiVersion, kind, metadata: { ...metadata }, ...rest });
}

/** The namespace a construct's objects land in: its own, else its chart's. */
export function namespaceOf(scope: Construct, namespace: string | undefined): string | undefined {
  return namespace ?? Chart.of(scope).namespace;
}
