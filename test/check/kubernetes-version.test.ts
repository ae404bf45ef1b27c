/**
 * `--kubernetes-version` and the config file's `kubernetesVersion` pick one of the Kubernetes
 * versions shipped in the package (read from its data: 1.28 and 1.33), reach the schema validation,
 * and make the kinds that version added known; an unknown version is a usage error listing them.
 */
import * as path from 'path';
import { main } from '../../lib/cli/main';
import { shippedKubernetesVersions } from '../../lib/check/config';
import { validateObject } from '../../lib/schema/validate';
import { cli, tempDir } from './helpers';

/** A Service with a field new in Kubernetes 1.30, and a kind new in 1.33 with a field it does not have. */
const INPUT = `apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec: {selector: {app: web}, ports: [{name: http, port: 80}], trafficDistribution: PreferClose}
---
apiVersion: networking.k8s.io/v1
kind: ServiceCIDR
metadata: {name: extra}
spec: {cidrs: [10.96.0.0/16], cidr: 10.96.0.0/16}
`;

function check(argv: string[], cwd?: string): { status: number; out: string; err: string } {
  if (cwd === undefined) return cli(['check', '--format', 'json', ...argv, '-'], INPUT);
  const out: string[] = [];
  const err: string[] = [];
  const status = main(['check', '--format', 'json', ...argv, path.join(cwd, 'app.yaml')], { out: (t) => out.push(t), err: (t) => err.push(t), cwd });
  return { status, out: out.join('\n'), err: err.join('\n') };
}

function schemaFindings(out: string): string[] {
  const results = JSON.parse(out) as Array<{ rule: string; path?: string; kind?: string }>;
  return results.filter((r) => /^ID90/.test(r.rule)).map((r) => `${r.rule} ${r.kind ?? ''} ${r.path ?? ''}`.trim());
}

describe('the Kubernetes version', () => {
  it('the shipped versions come from the data', () => {
    expect(shippedKubernetesVersions()).toEqual(['1.28', '1.33']);
  });

  it('is 1.28 by default: the 1.30 field is unknown, the 1.33 kind is not validated', () => {
    const r = check([]);
    expect(schemaFindings(r.out)).toEqual(['ID901 Service spec.trafficDistribution', 'ID905 ServiceCIDR']);
  });

  it.each([['1.33'], ['v1.33'], ['1.33.2']])('--kubernetes-version %s: the 1.30 field is known, the 1.33 kind is validated', (version) => {
    const r = check(['--kubernetes-version', version]);
    expect(r.err).toBe('');
    expect(schemaFindings(r.out)).toEqual(['ID901 ServiceCIDR spec.cidr']);
    expect(r.out).toContain('unknown field \\"cidr\\" (did you mean \\"cidrs\\"?) (Kubernetes 1.33 ServiceCidrSpec)');
  });

  it('the config file sets it, and the flag wins over it', () => {
    const dir = tempDir({ 'app.yaml': INPUT, '.istio-direct.yaml': 'kubernetesVersion: "1.33"\n' });
    expect(schemaFindings(check([], dir).out)).toEqual(['ID901 ServiceCIDR spec.cidr']);
    expect(schemaFindings(check(['--kubernetes-version', '1.28'], dir).out)).toEqual(['ID901 Service spec.trafficDistribution', 'ID905 ServiceCIDR']);
  });

  it('an unknown version is a usage error listing the shipped ones', () => {
    const r = check(['--kubernetes-version', '1.31']);
    expect(r.status).toBe(2);
    expect(r.err.split('\n')[0]).toBe('istio-direct check: --kubernetes-version: "1.31" is not a Kubernetes version this package ships schemas for; valid: 1.28, 1.33');
    const dir = tempDir({ 'app.yaml': INPUT, '.istio-direct.yaml': 'kubernetesVersion: "1.27"\n' });
    expect(check([], dir)).toMatchObject({ status: 2, err: expect.stringContaining('kubernetesVersion: "1.27" is not a Kubernetes version this package ships schemas for; valid: 1.28, 1.33') });
  });

  it('the validator knows the 1.33 kinds only for 1.33, and not its alpha APIs', () => {
    const vap = { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingAdmissionPolicy', metadata: { name: 'p' }, spec: { validations: [{ expression: 'true' }] } };
    expect(validateObject(vap).map((f) => f.code)).toEqual(['ID905']);
    expect(validateObject(vap, { kubernetesVersion: '1.33' })).toEqual([]);
    expect(validateObject({ ...vap, spec: { validations: [{}] } }, { kubernetesVersion: '1.33' }).map((f) => `${f.path}: ${f.message}`))
      .toEqual(['spec.validations[0].expression: missing required field "expression"']);
    const alpha = { apiVersion: 'resource.k8s.io/v1alpha3', kind: 'DeviceClass', metadata: { name: 'd' } };
    expect(validateObject(alpha, { kubernetesVersion: '1.33' }).map((f) => f.code)).toEqual(['ID905']);
  });
});
