/**
 * Turns the core's plain objects into typed `@pulumi/kubernetes` resources.
 *
 * Every object becomes one custom resource, never a `yaml/v2.ConfigGroup`: that
 * is a remote component whose children unit-test mocks cannot see.
 */
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { KubeObject } from '../core/types';

/** A resource {@link createResource} can return. */
export type KubeResource =
  | k8s.apps.v1.Deployment
  | k8s.apps.v1.StatefulSet
  | k8s.core.v1.Service
  | k8s.core.v1.ConfigMap
  | k8s.core.v1.Namespace
  | k8s.apiextensions.CustomResource;

/** A typed resource class and the top-level fields it accepts (it drops any other one silently). */
interface TypedClass {
  readonly fields: readonly string[];
  create(name: string, args: Record<string, unknown>, opts: pulumi.CustomResourceOptions): KubeResource;
}

// The typed classes set `apiVersion` and `kind` themselves.
const TYPED: Readonly<Record<string, TypedClass>> = {
  'apps/v1/Deployment': {
    fields: ['metadata', 'spec'],
    create: (name, args, opts) => new k8s.apps.v1.Deployment(name, args as unknown as k8s.apps.v1.DeploymentArgs, opts),
  },
  'apps/v1/StatefulSet': {
    fields: ['metadata', 'spec'],
    create: (name, args, opts) => new k8s.apps.v1.StatefulSet(name, args as unknown as k8s.apps.v1.StatefulSetArgs, opts),
  },
  'v1/Service': {
    fields: ['metadata', 'spec'],
    create: (name, args, opts) => new k8s.core.v1.Service(name, args as unknown as k8s.core.v1.ServiceArgs, opts),
  },
  'v1/ConfigMap': {
    fields: ['metadata', 'data', 'binaryData', 'immutable'],
    create: (name, args, opts) => new k8s.core.v1.ConfigMap(name, args as unknown as k8s.core.v1.ConfigMapArgs, opts),
  },
  'v1/Namespace': {
    fields: ['metadata', 'spec'],
    create: (name, args, opts) => new k8s.core.v1.Namespace(name, args as unknown as k8s.core.v1.NamespaceArgs, opts),
  },
};

/**
 * The Pulumi logical name of a component's child: `<component>-<kind>`, e.g.
 * `echo-deployment`, and `<component>-<kind>-<suffix>` for the objects of a
 * kind a component emits once per version (`echo-deployment-v2`,
 * `envoy-service-v2`). The name is unique within the component and never
 * depends on order.
 */
export function childName(componentName: string, object: KubeObject, suffix?: string): string {
  return `${componentName}-${object.kind.toLowerCase()}${suffix !== undefined ? `-${suffix}` : ''}`;
}

/**
 * Creates the `@pulumi/kubernetes` resource for `object`: the typed class for
 * `apps/v1` Deployment and StatefulSet and `v1` Service, ConfigMap and
 * Namespace, `apiextensions.CustomResource` for kinds of a dotted API group
 * (the Istio kinds, any CRD).
 * Every field of `object` reaches the resource's inputs unchanged.
 *
 * @param componentName the owning component's Pulumi name (prefix of the logical name)
 * @param object a core object
 * @param opts resource options; components pass `{ parent: this }`
 * @param suffix for an object a component emits once per version: the version, appended to the logical name
 * @throws Error when `object` has a top-level field the typed class would drop, or is
 *   another built-in kind (a dotless group such as `v1` or `batch/v1`): bugs in the core
 */
export function createResource(componentName: string, object: KubeObject, opts: pulumi.CustomResourceOptions, suffix?: string): KubeResource {
  const name = childName(componentName, object, suffix);
  const { apiVersion, kind, ...rest } = object;
  const typed = TYPED[`${apiVersion}/${kind}`];
  if (typed === undefined) {
    if (!apiVersion.includes('.')) {
      // `CustomResource` would register `kubernetes:v1:Secret` rather than the real `kubernetes:core/v1:Secret`.
      throw new Error(`${apiVersion} ${kind} ${JSON.stringify(object.metadata.name)}: a built-in kind with no typed class mapped in lib/pulumi/resources.ts`);
    }
    return new k8s.apiextensions.CustomResource(name, { apiVersion, kind, ...rest }, opts);
  }
  const dropped = Object.keys(rest).filter((field) => !typed.fields.includes(field));
  if (dropped.length > 0) {
    throw new Error(`${apiVersion} ${kind} ${JSON.stringify(object.metadata.name)}: field(s) ${dropped.join(', ')} are not accepted by the typed @pulumi/kubernetes class and would be dropped`);
  }
  return typed.create(name, rest, opts);
}
