import { rule } from '../../lib/rules/checks/ID301-disable-without-destination-rule';
import { docExamples, findings, summary, where } from './helpers';

const base = `
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: etcd, namespace: etcd}
spec:
  serviceName: etcd
  selector: {matchLabels: {app: etcd}}
  template:
    metadata: {labels: {app: etcd}}
    spec:
      containers:
      - name: etcd
        ports: [{containerPort: 2379}, {containerPort: 2381}]
---
apiVersion: v1
kind: Service
metadata: {name: etcd, namespace: etcd}
spec:
  clusterIP: None
  selector: {app: etcd}
  ports: [{name: tcp-client, port: 2379}, {name: tcp-metrics, port: 2381}]
`;

const portDisable = `
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: etcd, namespace: etcd}
spec:
  selector: {matchLabels: {app: etcd}}
  portLevelMtls:
    "2381": {mode: DISABLE}
`;

describe('ID301 disable-without-destination-rule', () => {
  test('doc page examples', () => {
    const { failing, passing, expected } = docExamples('ID301');
    expect(findings(rule, failing).map(where)).toEqual(expected);
    expect(findings(rule, passing)).toEqual([]);
  });

  test('port-level DISABLE without DestinationRule: names host, port and the fix', () => {
    const [f] = findings(rule, base + portDisable);
    expect(summary(f)).toEqual({ code: 'ID301', object: 'PeerAuthentication etcd/etcd', path: 'spec.portLevelMtls["2381"]' });
    expect(f.severity).toBe('error');
  });

  test('workload-level DISABLE reports every Service port not disabled, on spec.mtls.mode', () => {
    const yaml = `${base}
---
apiVersion: security.istio.io/v1beta1
kind: PeerAuthentication
metadata: {name: etcd, namespace: etcd}
spec:
  selector: {matchLabels: {app: etcd}}
  mtls: {mode: DISABLE}
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: etcd, namespace: etcd}
spec:
  host: etcd
  trafficPolicy:
    portLevelSettings: [{port: {number: 2381}, tls: {mode: DISABLE}}]
`;
    const out = findings(rule, yaml);
    expect(out).toHaveLength(1);
    expect(summary(out[0]).path).toBe('spec.mtls.mode');
    expect(out[0].message).toContain('sets mtls.mode DISABLE on StatefulSet "etcd"');
  });

  test('a host-wide DestinationRule tls DISABLE (short host name, other namespace) covers every port', () => {
    const yaml = `${base}${portDisable}
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: etcd-plain, namespace: monitoring}
spec:
  host: etcd.etcd.svc.cluster.local
  trafficPolicy: {tls: {mode: DISABLE}}
`;
    expect(findings(rule, yaml)).toEqual([]);
  });

  test('a DestinationRule with ISTIO_MUTUAL at that port does not count', () => {
    const yaml = `${base}${portDisable}
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: etcd, namespace: etcd}
spec:
  host: etcd.etcd.svc.cluster.local
  trafficPolicy:
    tls: {mode: DISABLE}
    portLevelSettings: [{port: {number: 2381}, tls: {mode: ISTIO_MUTUAL}}]
`;
    expect(findings(rule, yaml)).toHaveLength(1);
  });

  test('quiet when the namespace-wide policy already disables mTLS, or the pods have no sidecar', () => {
    const nsDisable = `
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: default, namespace: etcd}
spec: {mtls: {mode: DISABLE}}
`;
    expect(findings(rule, base + portDisable + nsDisable)).toEqual([]);
    const noSidecar = base.replace('metadata: {labels: {app: etcd}}', "metadata: {labels: {app: etcd, sidecar.istio.io/inject: 'false'}}");
    expect(findings(rule, noSidecar + portDisable)).toEqual([]);
  });

  test('quiet for a ClusterIP Service (EDS clients honour workload and port policies)', () => {
    expect(findings(rule, base.replace('  clusterIP: None\n', '') + portDisable)).toEqual([]);
  });

  test('port-level STRICT under a workload DISABLE exempts that port; a UNSET port inherits DISABLE', () => {
    const yaml = `${base}
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: etcd, namespace: etcd}
spec:
  selector: {matchLabels: {app: etcd}}
  mtls: {mode: DISABLE}
  portLevelMtls:
    2379: {mode: STRICT}
    2381: {mode: UNSET}
`;
    expect(findings(rule, yaml).map(summary)).toEqual([{ code: 'ID301', object: 'PeerAuthentication etcd/etcd', path: 'spec.mtls.mode' }]);
    expect(findings(rule, yaml)[0].message).toContain('port 2381');
  });

  test('never crashes on wrong field types', () => {
    const yaml = `${base}
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: bad, namespace: etcd}
spec: {selector: {matchLabels: [1]}, mtls: 7, portLevelMtls: [DISABLE]}
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: bad, namespace: etcd}
spec: {host: 12, trafficPolicy: {portLevelSettings: "x"}}
`;
    expect(findings(rule, yaml)).toEqual([]);
  });

  test('several headless Services behind one DISABLE: one finding per DISABLE, naming each host port', () => {
    const second = `
---
apiVersion: v1
kind: Service
metadata: {name: etcd-metrics, namespace: etcd}
spec:
  clusterIP: None
  selector: {app: etcd}
  ports: [{name: tcp-metrics, port: 12381, targetPort: 2381}]
`;
    const out = findings(rule, base + second + portDisable);
    expect(out).toHaveLength(1);
    expect(out[0].message).toContain('add a DestinationRule for each host');
  });

  test('policies with the same selector and settings are each reported', () => {
    const twin = portDisable.replace('name: etcd, namespace: etcd}\nspec:\n  selector', 'name: etcd-twin, namespace: etcd}\nspec:\n  selector');
    expect(findings(rule, base + portDisable + twin).map((f) => summary(f).object)).toEqual(['PeerAuthentication etcd/etcd', 'PeerAuthentication etcd/etcd-twin']);
  });
});
