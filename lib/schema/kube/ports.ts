import { coded, type Finding } from '../problem';
import { formatPath, type PathSegment } from '../../base/paths';

const { error } = coded('ID901');

// The API server's port rules (k8s.io/kubernetes pkg/apis/core/validation): a port number is 1-65535.
// `path` is the item's path; the finding's path (with `field`) is built only for a bad port.
function checkPort(v: unknown, path: readonly PathSegment[], field: string, out: Finding[], allowZero = false): void {
  if (typeof v !== 'number' || !Number.isInteger(v)) return; // type errors are reported by the schema check
  if (v > 65535 || v < (allowZero ? 0 : 1)) out.push(error(formatPath([...path, field]), `must be a valid port number between ${allowZero ? 0 : 1} and 65535, got ${v}`));
}

function get(obj: unknown, path: readonly PathSegment[]): unknown {
  let cur = obj;
  for (let i = 0; i < path.length; i++) cur = cur && typeof cur === 'object' ? (cur as Record<string | number, unknown>)[path[i]] : undefined;
  return cur;
}

const POD_SPEC_PATHS: Record<string, PathSegment[]> = {
  Pod: ['spec'],
  PodTemplate: ['template', 'spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

/** The paths of a kind's container lists (`containers`, then `initContainers`), made once. */
const CONTAINER_LISTS = new Map(Object.keys(POD_SPEC_PATHS).map((kind) => [kind, ['containers', 'initContainers'].map((c) => [...POD_SPEC_PATHS[kind], c])]));
const SERVICE_PORTS: readonly PathSegment[] = ['spec', 'ports'];
const PORTS: readonly PathSegment[] = ['ports'];
const POLICY_RULES: readonly (readonly PathSegment[])[] = [['spec', 'ingress'], ['spec', 'egress']];

/**
 * Calls `fn` with each object item of the list at `at` under `value`; `path` (the path of `value`)
 * holds the item's path while `fn` runs, and is as it was after.
 */
function eachItem(value: unknown, at: readonly PathSegment[], path: PathSegment[], fn: (item: Record<string, unknown>) => void): void {
  const list = get(value, at);
  if (!Array.isArray(list)) return;
  const depth = path.length;
  for (let k = 0; k < at.length; k++) path.push(at[k]);
  for (let i = 0; i < list.length; i++) {
    const item: unknown = list[i];
    if (!item || typeof item !== 'object') continue;
    path.push(i);
    fn(item as Record<string, unknown>);
    path.pop();
  }
  path.length = depth;
}

/** Port-number ranges on Services, containers and NetworkPolicies, which the OpenAPI schema does not carry. */
export function checkPorts(kind: string, obj: unknown): Finding[] {
  const out: Finding[] = [];
  const path: PathSegment[] = [];
  if (kind === 'Service') {
    eachItem(obj, SERVICE_PORTS, path, (p) => {
      checkPort(p.port, path, 'port', out);
      checkPort(p.targetPort, path, 'targetPort', out);
      checkPort(p.nodePort, path, 'nodePort', out, true);
    });
  }
  const containerLists = CONTAINER_LISTS.get(kind);
  if (containerLists !== undefined) {
    for (const list of containerLists) {
      eachItem(obj, list, path, (ctr) => eachItem(ctr, PORTS, path, (p) => {
        checkPort(p.containerPort, path, 'containerPort', out);
        checkPort(p.hostPort, path, 'hostPort', out, true);
      }));
    }
  }
  if (kind === 'NetworkPolicy') {
    for (const rules of POLICY_RULES) {
      eachItem(obj, rules, path, (rule) => eachItem(rule, PORTS, path, (p) => {
        checkPort(p.port, path, 'port', out);
        checkPort(p.endPort, path, 'endPort', out);
      }));
    }
  }
  return out;
}
