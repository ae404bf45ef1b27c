import { rule } from '../../lib/rules/checks/ID309-root-namespace-selector-policy';
import { docExamples, findings, where } from './helpers';

const yaml = (namespace: string, selector: string): string => `
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: p, namespace: ${namespace}}
spec: {selector: ${selector}, mtls: {mode: STRICT}}
`;

describe('ID309 root-namespace-selector-policy', () => {
  test('doc page examples', () => {
    const { failing, passing, expected } = docExamples('ID309');
    expect(findings(rule, failing).map(where)).toEqual(expected);
    expect(findings(rule, passing)).toEqual([]);
  });

  test('names the selector and both fixes', () => {
    const [f] = findings(rule, yaml('istio-system', '{matchLabels: {version: v1, app: kafka}}'));
    expect(f.severity).toBe('warning');
  });

  test('follows the rootNamespace option', () => {
    expect(findings(rule, yaml('istio-system', '{matchLabels: {app: x}}'), { rootNamespace: 'mesh-root' })).toEqual([]);
    expect(findings(rule, yaml('mesh-root', '{matchLabels: {app: x}}'), { rootNamespace: 'mesh-root' })).toHaveLength(1);
  });

  test('an empty matchLabels or a mistyped selector is not a selector', () => {
    expect(findings(rule, yaml('istio-system', '{matchLabels: {}}'))).toEqual([]);
    expect(findings(rule, yaml('istio-system', '[app]'))).toEqual([]);
  });
});
