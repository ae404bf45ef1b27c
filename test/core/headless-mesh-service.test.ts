import { buildHeadlessMeshService, HeadlessMeshServiceProps } from '../../lib/core/headless-mesh-service';
import { parseIstioProtocolName } from '../../lib/core/protocols';
import { WorkloadRef } from '../../lib/core/types';

const etcd: WorkloadRef = { kind: 'StatefulSet', name: 'etcd', selectorLabels: { app: 'etcd' }, replicas: 3, serviceName: 'etcd' };
const base: HeadlessMeshServiceProps = {
  name: 'etcd',
  target: etcd,
  ports: [
    { port: 2379, name: 'client' },
    { port: 2380, name: 'peer' },
  ],
};

describe('buildHeadlessMeshService: the Service', () => {
  test('is headless, selects the workload, publishes not-ready addresses', () => {
    const svc = buildHeadlessMeshService(base).service as any;
    expect(svc.apiVersion).toBe('v1');
    expect(svc.kind).toBe('Service');
    expect(svc.metadata.name).toBe('etcd');
    expect(svc.spec.clusterIP).toBe('None');
    expect(svc.spec.selector).toEqual({ app: 'etcd' });
    expect(svc.spec.publishNotReadyAddresses).toBe(true);
  });

  test('every port is named, tcp by default, and port == targetPort ', () => {
    const svc = buildHeadlessMeshService(base).service as any;
    expect(svc.spec.ports).toEqual([
      { name: 'client', port: 2379, targetPort: 2379, protocol: 'TCP', appProtocol: 'tcp' },
      { name: 'peer', port: 2380, targetPort: 2380, protocol: 'TCP', appProtocol: 'tcp' },
    ]);
  });

  test('unnamed ports get <appProtocol>-<port> names', () => {
    const m = buildHeadlessMeshService({
      ...base,
      ports: [{ port: 6379 }, { port: 16379, appProtocol: 'redis' }, { port: 8080, appProtocol: 'kubernetes.io/h2c' }, { port: 53, protocol: 'UDP' }],
    });
    expect(m.ports.map((p) => p.name)).toEqual(['tcp-6379', 'redis-16379', 'h2c-8080', 'udp-53']);
    expect(m.ports[3]).toEqual({ name: 'udp-53', port: 53, protocol: 'UDP', appProtocol: 'udp' });
  });

  test('publishNotReadyAddresses defaults to false for a Deployment target (it would send traffic to unready pods)', () => {
    const svc = buildHeadlessMeshService({ ...base, target: { kind: 'Deployment', name: 'web', selectorLabels: { app: 'web' } } }).service as any;
    expect(svc.spec.publishNotReadyAddresses).toBe(false);
  });

  test('publishNotReadyAddresses can be turned off', () => {
    const svc = buildHeadlessMeshService({ ...base, publishNotReadyAddresses: false }).service as any;
    expect(svc.spec.publishNotReadyAddresses).toBe(false);
  });

  test('exportTo becomes the networking.istio.io/exportTo annotation', () => {
    const svc = buildHeadlessMeshService({ ...base, exportTo: ['.', 'monitoring'] }).service as any;
    expect(svc.metadata.annotations).toEqual({ 'networking.istio.io/exportTo': '.,monitoring' });
  });
});

describe('buildHeadlessMeshService: PeerAuthentication', () => {
  test('STRICT by default, security.istio.io/v1, selecting the same pods', () => {
    const pa = buildHeadlessMeshService(base).peerAuthentication as any;
    expect(pa.apiVersion).toBe('security.istio.io/v1');
    expect(pa.kind).toBe('PeerAuthentication');
    expect(pa.metadata.name).toBe('etcd');
    expect(pa.spec).toEqual({ selector: { matchLabels: { app: 'etcd' } }, mtls: { mode: 'STRICT' } });
  });

  test('v1beta1 for Istio < 1.22 (istioVersion), v1 from 1.22 (https://istio.io/latest/blog/2024/v1-apis/)', () => {
    const old = buildHeadlessMeshService({ ...base, istioVersion: '1.21', portLevelMtls: { 2379: 'DISABLE' }, localhostPorts: [2380] });
    expect(old.objects.map((o) => o.apiVersion)).toEqual(['v1', 'security.istio.io/v1beta1', 'networking.istio.io/v1beta1', 'networking.istio.io/v1beta1']);
    const v122 = buildHeadlessMeshService({ ...base, istioVersion: '1.22.3', portLevelMtls: { 2379: 'DISABLE' }, localhostPorts: [2380] });
    expect(v122.objects.map((o) => o.apiVersion)).toEqual(['v1', 'security.istio.io/v1', 'networking.istio.io/v1', 'networking.istio.io/v1']);
  });

  test('the deprecated istioApiVersion still maps to a release: v1beta1 is Istio 1.21', () => {
    const m = buildHeadlessMeshService({ ...base, istioApiVersion: 'v1beta1', portLevelMtls: { 2379: 'DISABLE' } });
    expect(m.peerAuthentication!.apiVersion).toBe('security.istio.io/v1beta1');
    expect(m.destinationRule!.apiVersion).toBe('networking.istio.io/v1beta1');
    expect(buildHeadlessMeshService({ ...base, istioApiVersion: 'v1' }).peerAuthentication!.apiVersion).toBe('security.istio.io/v1');
  });

  test('portLevelMtls is keyed by container port, sorted, with a selector', () => {
    const pa = buildHeadlessMeshService({ ...base, portLevelMtls: { 2380: 'PERMISSIVE', 2379: 'STRICT' } }).peerAuthentication as any;
    expect(Object.keys(pa.spec.portLevelMtls)).toEqual(['2379', '2380']);
    expect(pa.spec.portLevelMtls['2380']).toEqual({ mode: 'PERMISSIVE' });
    expect(pa.spec.selector.matchLabels).toEqual({ app: 'etcd' });
  });

  test('can be left out', () => {
    const m = buildHeadlessMeshService({ ...base, peerAuthentication: false });
    expect(m.peerAuthentication).toBeUndefined();
    expect(m.objects.map((o) => o.kind)).toEqual(['Service']);
  });
});

describe('buildHeadlessMeshService: DestinationRule for DISABLE (https://github.com/istio/istio/issues/39439)', () => {
  test('no DestinationRule when nothing is disabled', () => {
    expect(buildHeadlessMeshService(base).destinationRule).toBeUndefined();
    expect(buildHeadlessMeshService({ ...base, mtlsMode: 'PERMISSIVE' }).destinationRule).toBeUndefined();
  });

  test('a port-level DISABLE comes with portLevelSettings tls DISABLE on the Service FQDN', () => {
    const m = buildHeadlessMeshService({
      ...base,
      ports: [...(base.ports ?? []), { port: 2381, name: 'metrics' }],
      portLevelMtls: { 2381: 'DISABLE' },
    });
    expect((m.peerAuthentication as any).spec.portLevelMtls).toEqual({ '2381': { mode: 'DISABLE' } });
    const dr = m.destinationRule as any;
    expect(dr.apiVersion).toBe('networking.istio.io/v1');
    expect(dr.kind).toBe('DestinationRule');
    expect(dr.spec).toEqual({
      host: 'etcd.default.svc.cluster.local',
      trafficPolicy: { portLevelSettings: [{ port: { number: 2381 }, tls: { mode: 'DISABLE' } }] },
    });
    expect(m.objects.map((o) => o.kind)).toEqual(['Service', 'PeerAuthentication', 'DestinationRule']);
  });

  test('a workload-level DISABLE disables tls, and keeps mTLS on ports that opt back in', () => {
    const dr = buildHeadlessMeshService({ ...base, mtlsMode: 'DISABLE', portLevelMtls: { 2380: 'STRICT' } }).destinationRule as any;
    expect(dr.spec.trafficPolicy).toEqual({
      tls: { mode: 'DISABLE' },
      portLevelSettings: [{ port: { number: 2380 }, tls: { mode: 'ISTIO_MUTUAL' } }],
    });
  });

  test('the DestinationRule host follows namespace and cluster domain', () => {
    const dr = buildHeadlessMeshService({ ...base, namespace: 'kv', clusterDomain: 'corp.local', mtlsMode: 'DISABLE' }).destinationRule as any;
    expect(dr.spec.host).toBe('etcd.kv.svc.corp.local');
    expect(dr.metadata.namespace).toBe('kv');
  });
});

describe('buildHeadlessMeshService: per-pod DNS and Sidecar', () => {
  test('StatefulSet pods get <sts>-<i>.<svc>.<ns>.svc.<domain> names', () => {
    const m = buildHeadlessMeshService({ ...base, namespace: 'kv' });
    expect(m.podDnsNames).toEqual(['etcd-0.etcd.kv.svc.cluster.local', 'etcd-1.etcd.kv.svc.cluster.local', 'etcd-2.etcd.kv.svc.cluster.local']);
  });

  test('the cluster domain is settable', () => {
    const m = buildHeadlessMeshService({ ...base, clusterDomain: 'example.org' });
    expect(m.podDnsNames[0]).toBe('etcd-0.etcd.default.svc.example.org');
    expect(m.endpoint.fqdn).toBe('etcd.default.svc.example.org');
  });

  test('a Deployment target has no per-pod names', () => {
    const m = buildHeadlessMeshService({ ...base, target: { kind: 'Deployment', name: 'web', selectorLabels: { app: 'web' } } });
    expect(m.podDnsNames).toEqual([]);
  });

  test('localhostPorts emit a Sidecar listing every declared port: localhost ones to 127.0.0.1, the others to the pod IP', () => {
    const sidecar = buildHeadlessMeshService({ ...base, localhostPorts: [2380] }).sidecar as any;
    expect(sidecar.apiVersion).toBe('networking.istio.io/v1');
    expect(sidecar.kind).toBe('Sidecar');
    expect(sidecar.spec).toEqual({
      workloadSelector: { labels: { app: 'etcd' } },
      ingress: [
        { port: { number: 2379, protocol: 'TCP', name: 'client' }, defaultEndpoint: '0.0.0.0:2379' },
        { port: { number: 2380, protocol: 'TCP', name: 'peer' }, defaultEndpoint: '127.0.0.1:2380' },
      ],
    });
  });

  test('IPv6 pods: [::1] for localhost ports, [::] (the pod IP) for the others', () => {
    const sidecar = buildHeadlessMeshService({ ...base, localhostPorts: [2379], ipFamily: 'IPv6' }).sidecar as any;
    expect(sidecar.spec.ingress.map((i: any) => i.defaultEndpoint)).toEqual(['[::1]:2379', '[::]:2380']);
  });

  test('UDP ports are not listed in the Sidecar ingress (Istio does not intercept UDP)', () => {
    const sidecar = buildHeadlessMeshService({ ...base, ports: [...(base.ports ?? []), { port: 53, protocol: 'UDP' }], localhostPorts: [2379] }).sidecar as any;
    expect(sidecar.spec.ingress.map((i: any) => i.port.number)).toEqual([2379, 2380]);
  });

  test('egress hosts and outboundTrafficPolicy reach the Sidecar; without them it has no egress (Istio defaults to */*)', () => {
    const plain = buildHeadlessMeshService({ ...base, localhostPorts: [2379] }).sidecar as any;
    expect(plain.spec.egress).toBeUndefined();
    expect(plain.spec.outboundTrafficPolicy).toBeUndefined();
    const narrowed = buildHeadlessMeshService({
      ...base,
      localhostPorts: [2379],
      sidecarEgressHosts: ['./*', 'istio-system/*'],
      outboundTrafficPolicy: 'REGISTRY_ONLY',
    }).sidecar as any;
    expect(narrowed.spec.egress).toEqual([{ hosts: ['./*', 'istio-system/*'] }]);
    expect(narrowed.spec.outboundTrafficPolicy).toEqual({ mode: 'REGISTRY_ONLY' });
  });

  test.each([
    ['tcp', 'TCP'],
    ['http', 'HTTP'],
    ['http2', 'HTTP2'],
    ['https', 'HTTPS'],
    ['grpc', 'GRPC'],
    ['grpc-web', 'GRPC-Web'],
    ['http_proxy', 'HTTP_PROXY'],
    ['tls', 'TLS'],
    ['mongo', 'Mongo'],
    ['redis', 'Redis'],
    ['mysql', 'MySQL'],
    ['kubernetes.io/h2c', 'HTTP2'],
    ['kubernetes.io/ws', 'HTTP'],
    ['kubernetes.io/wss', 'HTTPS'],
  ] as const)('Sidecar ingress protocol for appProtocol %s is %s, a name Istio parses', (appProtocol, protocol) => {
    const sidecar = buildHeadlessMeshService({ ...base, ports: [{ port: 8080, appProtocol }], localhostPorts: [8080] }).sidecar as any;
    expect(sidecar.spec.ingress[0].port.protocol).toBe(protocol);
    expect(parseIstioProtocolName(protocol)).not.toBe('Unsupported');
  });

  test('the namespace defaults to the target\'s', () => {
    const m = buildHeadlessMeshService({ ...base, target: { ...etcd, namespace: 'kv' } });
    expect(m.service.metadata.namespace).toBe('kv');
    expect(m.endpoint.fqdn).toBe('etcd.kv.svc.cluster.local');
  });

  test('endpoint describes the Service for an Envoy target', () => {
    expect(buildHeadlessMeshService(base).endpoint).toEqual({
      name: 'etcd',
      namespace: 'default',
      fqdn: 'etcd.default.svc.cluster.local',
      port: 2379,
      targetPort: 2379,
      headless: true,
      selectorLabels: { app: 'etcd' },
    });
  });
});

describe('buildHeadlessMeshService: output', () => {
  test('deterministic', () => {
    const props: HeadlessMeshServiceProps = { ...base, portLevelMtls: { 2380: 'DISABLE' }, localhostPorts: [2379] };
    expect(JSON.stringify(buildHeadlessMeshService(props))).toBe(JSON.stringify(buildHeadlessMeshService(props)));
  });

  test('snapshot with every object', () => {
    expect(
      buildHeadlessMeshService({
        ...base,
        namespace: 'kv',
        ports: [...(base.ports ?? []), { port: 2381, name: 'metrics' }],
        portLevelMtls: { 2381: 'DISABLE' },
        localhostPorts: [2379],
      }).objects,
    ).toMatchSnapshot();
  });
});
