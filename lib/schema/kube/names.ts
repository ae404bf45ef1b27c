import { coded, type Finding } from '../problem';

const { error } = coded('ID901');

// Name rules the API server applies (k8s.io/apimachinery/pkg/util/validation).
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

/**
 * Kinds whose names are path segments, not DNS names: the RBAC kinds (`ValidateRBACName` is
 * `path.IsValidPathSegmentName` in kubernetes/kubernetes pkg/apis/rbac/validation/validation.go), so
 * `system:aggregated-metrics-reader` is a valid ClusterRole name.
 */
const PATH_SEGMENT_NAMED_KINDS: ReadonlySet<string> = new Set(['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding']);

/** Why `name` is not a valid path segment name (k8s.io/apimachinery/pkg/api/validation/path), or undefined. */
function pathSegmentProblem(name: string): string | undefined {
  if (name === '.' || name === '..') return `may not be ${JSON.stringify(name)}`;
  const bad = ['/', '%'].find((c) => name.includes(c));
  return bad === undefined ? undefined : `may not contain ${JSON.stringify(bad)}`;
}

function qualifiedKey(k: string): string | undefined {
  const slash = k.lastIndexOf('/');
  const prefix = slash >= 0 ? k.slice(0, slash) : undefined;
  const name = slash >= 0 ? k.slice(slash + 1) : k;
  if (prefix !== undefined && (prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix))) return 'its prefix must be a DNS-1123 subdomain (e.g. "example.com")';
  if (name.length > 63 || !QUALIFIED_NAME.test(name)) return 'its name part must be 63 characters or less, alphanumeric, "-", "_" or "." and start and end with an alphanumeric character';
  return undefined;
}

/**
 * Checks `metadata.name`, `metadata.namespace`, label keys and values, and annotation keys the way
 * the API server does: Services need a DNS-1035 label, Namespaces a DNS-1123 label, the RBAC kinds
 * a path segment (any text but `.`, `..`, `/` and `%`), everything else a DNS-1123 subdomain.
 */
export function checkMetadata(kind: string, metadata: unknown): Finding[] {
  const out: Finding[] = [];
  if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata)) {
    out.push(error('metadata', 'metadata is required and must be an object with a name'));
    return out;
  }
  const m = metadata as Record<string, unknown>;
  if (typeof m.name !== 'string' || m.name === '') {
    if (typeof m.generateName !== 'string') out.push(error('metadata.name', 'name is required (or generateName)'));
  } else if (PATH_SEGMENT_NAMED_KINDS.has(kind)) {
    const bad = pathSegmentProblem(m.name);
    if (bad !== undefined) out.push(error('metadata.name', `a ${kind} name must be a valid path segment: it ${bad}, got ${JSON.stringify(m.name)}`));
  } else if (kind === 'Service') {
    if (m.name.length > 63 || !DNS1035_LABEL.test(m.name)) out.push(error('metadata.name', `a Service name must be a DNS-1035 label (lower-case alphanumerics and "-", starting with a letter, at most 63 characters), got ${JSON.stringify(m.name)}`));
  } else if (kind === 'Namespace') {
    if (m.name.length > 63 || !DNS1123_LABEL.test(m.name)) out.push(error('metadata.name', `a Namespace name must be a DNS-1123 label (lower-case alphanumerics and "-", at most 63 characters), got ${JSON.stringify(m.name)}`));
  } else if (m.name.length > 253 || !DNS1123_SUBDOMAIN.test(m.name)) {
    out.push(error('metadata.name', `name must be a DNS-1123 subdomain (lower-case alphanumerics, "-" and ".", at most 253 characters), got ${JSON.stringify(m.name)}`));
  }
  if (typeof m.namespace === 'string' && (m.namespace.length > 63 || !DNS1123_LABEL.test(m.namespace))) {
    out.push(error('metadata.namespace', `namespace must be a DNS-1123 label, got ${JSON.stringify(m.namespace)}`));
  }
  for (const field of ['labels', 'annotations'] as const) {
    const map = m[field];
    if (!map || typeof map !== 'object') continue;
    const entries = map as Record<string, unknown>;
    for (const k of Object.keys(entries)) {
      const v = entries[k];
      // The finding's path is built for a bad key or value only.
      const bad = qualifiedKey(k);
      if (bad) out.push(error(`metadata.${field}[${JSON.stringify(k)}]`, `invalid ${field === 'labels' ? 'label' : 'annotation'} key ${JSON.stringify(k)}: ${bad}`));
      if (field === 'labels' && typeof v === 'string' && (v.length > 63 || !LABEL_VALUE.test(v))) {
        out.push(error(`metadata.${field}[${JSON.stringify(k)}]`, `invalid label value ${JSON.stringify(v)}: at most 63 characters, alphanumeric, "-", "_" or ".", starting and ending with an alphanumeric character`));
      }
    }
  }
  return out;
}
