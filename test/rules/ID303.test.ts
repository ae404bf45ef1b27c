import { rule } from '../../lib/rules/checks/ID303-port-level-mtls-without-selector';
import { docExamples, findings, where } from './helpers';

const policy = (spec: string, namespace = 'monitoring'): string => `
apiVersion: security.istio.io/v1beta1
kind: PeerAuthentication
metadata: {name: default, namespace: ${namespace}}
spec: ${spec}
`;

describe('ID303 port-level-mtls-without-selector', () => {
  test('doc page examples', () => {
    const { failing, passing, expected } = docExamples('ID303');
    expect(findings(rule, failing).map(where)).toEqual(expected);
    expect(findings(rule, passing)).toEqual([]);
  });

  test('from Istio 1.23 the message names the CRD rule', () => {
    const [f] = findings(rule, policy('{portLevelMtls: {"9100": {mode: DISABLE}}}'), { istioVersion: '1.23' });
    expect(f.message).toContain('the PeerAuthentication CRD of Istio 1.23 rejects it ("portLevelMtls requires selector")');
  });

  test('before 1.23 the message names the webhook and the ignored entries', () => {
    const [f] = findings(rule, policy('{portLevelMtls: {"9100": {mode: DISABLE}}}'), { istioVersion: '1.22' });
    expect(f.message).toContain("Istio's validating webhook rejects it, and where it is not run Istio 1.22 ignores the port-level settings");
  });

  test('an empty matchLabels is no selector; the root namespace policy is mesh-wide', () => {
    expect(findings(rule, policy('{selector: {matchLabels: {}}, portLevelMtls: {"9100": {mode: DISABLE}}}'))).toHaveLength(1);
    const [mesh] = findings(rule, policy('{portLevelMtls: {"15020": {mode: PERMISSIVE}}}', 'istio-system'));
    expect(mesh.message).toContain('is mesh-wide');
  });

  test('quiet with a selector, without port-level entries, or with wrong field types', () => {
    expect(findings(rule, policy('{selector: {matchLabels: {app: x}}, portLevelMtls: {"9100": {mode: DISABLE}}}'))).toEqual([]);
    expect(findings(rule, policy('{mtls: {mode: STRICT}}'))).toEqual([]);
    expect(findings(rule, policy('{portLevelMtls: [1, 2]}'))).toEqual([]);
    expect(findings(rule, policy('"nonsense"'))).toEqual([]);
  });
});
