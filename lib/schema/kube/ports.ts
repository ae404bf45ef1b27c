import { coded, type Finding } from '../problem';
import { formatPath, type PathSegment } from '../../base/paths';

const { error } = coded('ID901');

// The API server's port rules (k8s.io/kubernetes pkg/apis/core/validation): a port number is 1-65535.
function checkPort(v: unknown, path: PathSegment[], out: Finding[], allowZero = false): void {
  if (typeof v !== 'number' || !Number.isInteger(v)) return; // type errors are reported by the schema check
  if (v > 65535 || v < (allowZero ? 0 : 1)) out.push(error(formatPath(path), `must be a valid port number between ${allowZero ? 0 : 1} and 65535, got ${v}`));
}

function get(obj: unknown, path: PathSegment[]): unknown {
  let cur = obj;
  for (const s of path) cur = cur && typeof cur === 'object' ? (cur as Record<string | number, unknown>)[s] : undefined;
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

/** Port-number ranges on Services, containers and NetworkPolicies, which the OpenAPI schema does not carry. */
export function checkPorts(kind: string, obj: unknown): Finding[] {
  const out: Finding[] = [];
  const each = (path: PathSegment[], fn: (item: Record<string, unknown>, p: PathSegment[]) => void) => {
    const list = get(obj, path);
    if (Array.isArray(list)) list.forEach((item, i) => item && typeof item === 'object' && fn(item as Record<string, unknown>, [...path, i]));
  };
  if (kind === 'Service') {
    each(['spec', 'ports'], (p, at) => {
      checkPort(p.port, [...at, 'port'], out);
      checkPort(p.targetPort, [...at, 'targetPort'], out);
      checkPort(p.nodePort, [...at, 'nodePort'], out, true);
    });
  }
  const podSpec = POD_SPEC_PATHS[kind];
  if (podSpec) {
    for (const c of ['containers', 'initContainers']) {
      each([...podSpec, c], (_ctr, at) => {
        each([...at, 'ports'], (p, pat) => {
          checkPort(p.containerPort, [...pat, 'containerPort'], out);
          checkPort(p.hostPort, [...pat, 'hostPort'], out, true);
        });
      });
    }
  }
  if (kind === 'NetworkPolicy') {
    for (const dir of ['ingress', 'egress']) {
      each(['spec', dir], (_rule, at) => each([...at, 'ports'], (p, pat) => {
        checkPort(p.port, [...pat, 'port'], out);
        checkPort(p.endPort, [...pat, 'endPort'], out);
      }));
    }
  }
  return out;
}
