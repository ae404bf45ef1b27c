/** Checks of a HeadlessMeshService's `target` workload and namespace. */
import { Problems, show } from '../errors';
import { WorkloadRef } from '../types';
import { checkInt, checkKnownKeys, checkLabels, checkName, checkOneOf, checkRecord, INT32_MAX } from '../validate';

const TARGET_KEYS: readonly (keyof WorkloadRef)[] = ['kind', 'name', 'namespace', 'selectorLabels', 'replicas', 'serviceName', 'ports'];

/** The target as a checked workload; `undefined` after recording a problem. */
export function checkTarget(p: Problems, target: unknown, serviceName: unknown): WorkloadRef | undefined {
  if (isServiceLike(target)) {
    p.add(
      'target',
      `${show(target)} is a Service${target.kind === 'Service' ? '' : ' endpoint'}, not a workload: pass the StatefulSet or Deployment it selects (or { kind, name, selectorLabels, replicas })`,
    );
    return undefined;
  }
  if (!checkRecord(p, 'target', target, 'a workload: a Deployment or StatefulSet, or { kind, name, selectorLabels, replicas }')) {
    return undefined;
  }
  const ok = [
    checkKnownKeys(p, 'target', target, TARGET_KEYS),
    checkOneOf(p, 'target.kind', target.kind, ['Deployment', 'StatefulSet'] as const),
    checkName(p, 'target.name', target.name, 'subdomain'),
    target.namespace === undefined || checkName(p, 'target.namespace', target.namespace, 'label'),
    checkSelector(p, target.selectorLabels),
    target.replicas === undefined || checkInt(p, 'target.replicas', target.replicas, 0, INT32_MAX),
    target.serviceName === undefined || checkServiceName(p, target, serviceName),
  ];
  return ok.every(Boolean) ? (target as unknown as WorkloadRef) : undefined;
}

function checkServiceName(p: Problems, target: Readonly<Record<string, unknown>>, serviceName: unknown): boolean {
  if (!checkName(p, 'target.serviceName', target.serviceName, 'service')) {
    return false;
  }
  if (target.kind === 'StatefulSet' && target.serviceName !== serviceName) {
    p.add(
        'target.serviceName',
        `StatefulSet ${show(target.name)} is governed by Service ${show(target.serviceName)}, not ${show(serviceName)}: its pods get per-pod DNS names only under their governing Service (https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#stable-network-id)`,
    );
    return false;
  }
  return true;
}

function checkSelector(p: Problems, selector: unknown): boolean {
  if (selector !== undefined && !checkRecord(p, 'target.selectorLabels', selector, 'a map of label keys to values')) {
    return false;
  }
  if (selector === undefined || Object.keys(selector).length === 0) {
    const why = 'a selector-less Service or policy would select every pod in the namespace';
    p.add('target.selectorLabels', selector === undefined ? `is required: ${why}` : `{} is empty: ${why}`);
    return false;
  }
  return checkLabels(p, 'target.selectorLabels', selector);
}

/**
 * The namespace of the objects: the given one, else the target's. A Service selects
 * pods of its own namespace only, so two different ones are an error.
 */
export function resolveNamespace(p: Problems, namespace: unknown, target: WorkloadRef | undefined): string | undefined {
  if (namespace !== undefined && !checkName(p, 'namespace', namespace, 'label')) {
    return undefined;
  }
  const targetNamespace = target?.namespace;
  if (namespace !== undefined && targetNamespace !== undefined && namespace !== targetNamespace) {
    p.add(
      'namespace',
      `${show(namespace)} differs from the namespace of ${target!.kind} ${show(target!.name)}, ${show(targetNamespace)}: a Service selects only pods of its own namespace; leave namespace unset or give ${show(targetNamespace)}`,
    );
  }
  return (namespace as string | undefined) ?? targetNamespace;
}

/** A Service endpoint or a Service-like construct passed where a workload belongs. */
function isServiceLike(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const v = value as Record<string, unknown>;
  return v.kind === 'Service' || (typeof v.fqdn === 'string' && typeof v.headless === 'boolean');
}

/**
 * The Service name a workload asks for: a StatefulSet's `serviceName`, the Service that must govern it
 * (the adapters' default `name` for such a target); undefined for any other workload.
 */
export function governingServiceName(workload: WorkloadRef | undefined): string | undefined {
  return workload?.kind === 'StatefulSet' && typeof workload.serviceName === 'string' ? workload.serviceName : undefined;
}
