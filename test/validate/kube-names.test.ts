/** Object names are checked per kind, as the API server checks them. */
import { validateObject } from '../../lib/schema/validate';

function nameFindings(apiVersion: string, kind: string, name: string) {
  const obj = kind.startsWith('Cluster') ? { apiVersion, kind, metadata: { name } } : { apiVersion, kind, metadata: { name, namespace: 'monitoring' } };
  return validateObject(obj).filter((f) => f.path === 'metadata.name');
}

describe('RBAC names are path segments (kube-prometheus installs system:… roles)', () => {
  it.each([
    ['ClusterRole', 'system:aggregated-metrics-reader'],
    ['ClusterRoleBinding', 'system:auth-delegator:metrics-server'],
    ['Role', 'Prometheus_K8s'],
    ['RoleBinding', 'resource-reader:monitoring'],
  ])('accepts the %s name %s', (kind, name) => {
    expect(nameFindings('rbac.authorization.k8s.io/v1', kind, name)).toEqual([]);
  });

  it.each([
    ['ClusterRole', 'a/b', 'may not contain "/"'],
    ['Role', '50%', 'may not contain "%"'],
    ['RoleBinding', '..', 'may not be ".."'],
  ])('rejects the %s name %s', (kind, name, why) => {
    const findings = nameFindings('rbac.authorization.k8s.io/v1', kind, name);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: 'error', code: 'ID901' });
    expect(findings[0].message).toContain(why);
  });
});

describe('other kinds keep their DNS name rules', () => {
  it('a ConfigMap name with ":" is an error (DNS-1123 subdomain)', () => {
    expect(nameFindings('v1', 'ConfigMap', 'system:x')).toHaveLength(1);
  });
  it('a Service name must be a DNS-1035 label', () => {
    expect(nameFindings('v1', 'Service', '1abc')).toHaveLength(1);
    expect(nameFindings('v1', 'Service', 'abc')).toEqual([]);
  });
});
