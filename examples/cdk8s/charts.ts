/**
 * The example charts. Side-effect free: `main.ts` synthesizes them, the tests
 * import them.
 */
import { ApiObject, Chart, ChartProps, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { EchoService, EnvoyDirectPods, HeadlessMeshService } from '../../lib/cdk8s';
import { CanaryChart } from './canary';

/** The example scenario's pod IPs (the echo pods' IPs in the Istio-style Envoy example). */
export const SEED_POD_IPS = ['10.244.0.26', '10.244.1.26', '10.244.2.12'];

/**
 * The example scenario: `echo-service` (3 replicas) and `envoy-proxy-istio-style`
 * (names given: without them, the constructs name their objects from the construct path)
 * balancing round robin across the three pod IPs on 8080 (a STATIC cluster).
 */
export class SeedChart extends Chart {
  public readonly echo: EchoService;
  public readonly proxy: EnvoyDirectPods;

  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);
    this.echo = new EchoService(this, 'echo-service', { name: 'echo-service' });
    this.proxy = new EnvoyDirectPods(this, 'envoy-proxy-istio-style', {
      name: 'envoy-proxy-istio-style',
      configMapName: 'envoy-config-istio-style',
      target: this.echo,
      discovery: 'static',
      podIps: SEED_POD_IPS,
    });
  }
}

/**
 * The example scenario's "basic Envoy" for comparison: one endpoint, the ClusterIP
 * Service `echo-service:3000`, balanced by kube-proxy (cluster `echo_cluster`).
 */
export class BasicEnvoyChart extends Chart {
  public readonly proxy: EnvoyDirectPods;

  constructor(scope: Construct, id: string, echo: EchoService, props: ChartProps = {}) {
    super(scope, id, props);
    this.proxy = new EnvoyDirectPods(this, 'envoy-proxy', {
      name: 'envoy-proxy',
      configMapName: 'envoy-config',
      clusterName: 'echo_cluster',
      target: echo.endpoint,
      discovery: 'service',
    });
  }
}

/** Namespace of the DNS-discovery variant. */
export const DNS_NAMESPACE = 'echo-dns';

/**
 * The example scenario with no hand-kept pod IPs: a headless Service over the echo pods
 * (`tcp` on 8080, so a sidecar gives pod-IP traffic mTLS under STRICT) and
 * Envoy resolving it with STRICT_DNS. Its own namespace, sidecars injected.
 *
 * Both Services that select the echo pods expose 8080 as `tcp`: the echo
 * ClusterIP Service here is 8080 -> 8080 `tcp`, not 3000 -> 8080 `http`. Istio builds
 * one inbound chain per target port and takes the protocol of the oldest Service
 * (`pilot/pkg/networking/core/listener_inbound.go`), so two Services with different
 * ports or protocols on one target port would make the inbound protocol depend on
 * creation order (`istioctl analyze` IST0137 DeploymentConflictingPorts,
 * `pkg/config/analysis/analyzers/deployment/services.go`). Envoy targets the
 * headless Service, so the ClusterIP Service's port is only for other callers.
 */
export class DnsDiscoveryChart extends Chart {
  public readonly echo: EchoService;
  public readonly pods: HeadlessMeshService;
  public readonly proxy: EnvoyDirectPods;

  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, { ...props, namespace: DNS_NAMESPACE });
    new ApiObject(this, 'namespace', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: DNS_NAMESPACE, namespace: undefined, labels: { 'istio-injection': 'enabled' } },
    });
    this.echo = new EchoService(this, 'echo-service', { name: 'echo-service', port: 8080, appProtocol: 'tcp' });
    this.pods = new HeadlessMeshService(this, 'echo-service-pods', {
      name: 'echo-service-pods',
      target: this.echo,
      ports: [{ port: 8080, name: 'tcp-echo' }],
      // The default for a Deployment: Envoy's DNS answers list ready pods only.
    });
    this.proxy = new EnvoyDirectPods(this, 'envoy-proxy-istio-style', {
      name: 'envoy-proxy-istio-style',
      configMapName: 'envoy-config-istio-style',
      target: this.pods,
      discovery: 'dns',
      istioSidecar: true,
    });
  }
}

/** Namespace of the etcd example. */
export const ETCD_NAMESPACE = 'etcd';

/**
 * A 3-member etcd cluster gossiping over per-pod DNS names: a cdk8s-plus-28
 * StatefulSet, governed by a HeadlessMeshService with client, peer and
 * metrics ports; the metrics port opts out of mTLS for a sidecar-less
 * Prometheus (which also emits the DestinationRule headless clients need).
 */
export class EtcdChart extends Chart {
  public readonly statefulSet: kplus.StatefulSet;
  public readonly mesh: HeadlessMeshService;

  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, { ...props, namespace: ETCD_NAMESPACE });
    const replicas = 3;
    const data = kplus.Volume.fromEmptyDir(this, 'data', 'data');
    this.statefulSet = new kplus.StatefulSet(this, 'etcd', {
      metadata: { name: 'etcd' },
      replicas,
      podManagementPolicy: kplus.PodManagementPolicy.PARALLEL,
      automountServiceAccountToken: false,
      securityContext: { ensureNonRoot: true, user: 1000, group: 1000, fsGroup: 1000 },
      containers: [
        {
          name: 'etcd',
          image: 'quay.io/coreos/etcd:v3.5.21',
          ports: [
            { number: 2379, name: 'client' },
            { number: 2380, name: 'peer' },
            { number: 2381, name: 'metrics' },
          ],
          securityContext: {
            ensureNonRoot: true,
            user: 1000,
            group: 1000,
            readOnlyRootFilesystem: true,
            allowPrivilegeEscalation: false,
            privileged: false,
            capabilities: { drop: [kplus.Capability.ALL] },
            seccompProfile: { type: kplus.SeccompProfileType.RUNTIME_DEFAULT },
          },
          resources: {
            cpu: { request: kplus.Cpu.millis(100), limit: kplus.Cpu.millis(1000) },
            memory: { request: Size.mebibytes(128), limit: Size.mebibytes(512) },
          },
          volumeMounts: [{ path: '/var/run/etcd', volume: data }],
        },
      ],
    });
    const etcd = this.statefulSet.containers[0];
    this.mesh = new HeadlessMeshService(this, 'etcd-mesh', {
      name: 'etcd',
      target: this.statefulSet,
      portLevelMtls: { 2381: 'DISABLE' },
    });

    // Peers find each other by the per-pod names the headless Service gives them.
    const peers = this.mesh.podDnsNames.map((fqdn, i) => `etcd-${i}=http://${fqdn}:2380`).join(',');
    const env = (name: string, value: string) => etcd.env.addVariable(name, kplus.EnvValue.fromValue(value));
    etcd.env.addVariable('POD_NAME', kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.POD_NAME));
    env('ETCD_NAME', '$(POD_NAME)');
    env('ETCD_DATA_DIR', '/var/run/etcd/default.etcd');
    env('ETCD_LISTEN_CLIENT_URLS', 'http://0.0.0.0:2379');
    env('ETCD_LISTEN_PEER_URLS', 'http://0.0.0.0:2380');
    env('ETCD_LISTEN_METRICS_URLS', 'http://0.0.0.0:2381');
    env('ETCD_ADVERTISE_CLIENT_URLS', `http://$(POD_NAME).${this.mesh.fqdn}:2379`);
    env('ETCD_INITIAL_ADVERTISE_PEER_URLS', `http://$(POD_NAME).${this.mesh.fqdn}:2380`);
    env('ETCD_INITIAL_CLUSTER', peers);
    env('ETCD_INITIAL_CLUSTER_STATE', 'new');
    env('ETCD_INITIAL_CLUSTER_TOKEN', 'etcd-istio-direct');
  }
}

/** Adds every example chart to `app`. */
export function addExampleCharts(scope: Construct): { seed: SeedChart; basic: BasicEnvoyChart; dns: DnsDiscoveryChart; etcd: EtcdChart; canary: CanaryChart } {
  const seed = new SeedChart(scope, 'seed');
  const basic = new BasicEnvoyChart(scope, 'basic-envoy', seed.echo);
  const dns = new DnsDiscoveryChart(scope, 'dns-discovery');
  const etcd = new EtcdChart(scope, 'etcd');
  const canary = new CanaryChart(scope, 'canary');
  return { seed, basic, dns, etcd, canary };
}
