/**
 * One test per bad input: each fails with an error naming the construct, the
 * field, the bad value and what is allowed.
 */
import { buildEchoService, EchoServiceProps } from '../../lib/core/echo-service';
import { buildEnvoyDirectPods, EnvoyDirectPodsProps } from '../../lib/core/envoy-direct-pods';
import { IstioDirectError } from '../../lib/core/errors';
import { buildHeadlessMeshService, HeadlessMeshServiceProps } from '../../lib/core/headless-mesh-service';

const echo = buildEchoService();
const sts = { kind: 'StatefulSet' as const, name: 'kafka', selectorLabels: { app: 'kafka' }, replicas: 3 };
const hms = (over: Partial<HeadlessMeshServiceProps>): HeadlessMeshServiceProps => ({
  name: 'kafka',
  target: sts,
  ports: [{ port: 9092, name: 'broker' }, { port: 9093, name: 'controller' }],
  ...over,
});
const envoy = (over: Partial<EnvoyDirectPodsProps>): EnvoyDirectPodsProps => ({
  target: echo.endpoint,
  podIps: ['10.244.0.26'],
  ...over,
});

const headlessCases: Array<[string, Partial<HeadlessMeshServiceProps>, string]> = [
  ['port 0', { ports: [{ port: 0 }] }, 'HeadlessMeshService "kafka": ports[0].port: 0 is out of range 1-65535'],
  ['port 70000', { ports: [{ port: 70000, name: 'big' }] }, 'HeadlessMeshService "kafka": ports[0].port: 70000 is out of range 1-65535'],
  ['fractional port', { ports: [{ port: 80.5, name: 'half' }] }, 'HeadlessMeshService "kafka": ports[0].port: 80.5 is out of range 1-65535'],
  ['duplicate port numbers', { ports: [{ port: 9092, name: 'a' }, { port: 9092, name: 'b' }] }, 'HeadlessMeshService "kafka": ports[1].port: 9092 is a duplicate port number (ports[0].port has it too): each must be unique'],
  ['duplicate port names', { ports: [{ port: 9092, name: 'a' }, { port: 9093, name: 'a' }] }, 'HeadlessMeshService "kafka": ports[1].name: "a" is a duplicate port name (ports[0].name has it too): each must be unique'],
  ['unknown appProtocol', { ports: [{ port: 4222, appProtocol: 'nats.io/client' as any }] }, 'HeadlessMeshService "kafka": ports[0].appProtocol: "nats.io/client" is not one of tcp, udp, http'],
  ['targetPort differs from port', { ports: [{ port: 9092, targetPort: 19092 }] }, 'HeadlessMeshService "kafka": ports[0].targetPort: 19092 differs from port 9092: on a headless Service they must be equal'],
  ['invalid port name', { ports: [{ port: 9092, name: 'Broker_Port' }] }, 'HeadlessMeshService "kafka": ports[0].name: "Broker_Port" is not a valid port name'],
  ['port name too long', { ports: [{ port: 9092, name: 'a-very-long-port-name' }] }, 'HeadlessMeshService "kafka": ports[0].name: "a-very-long-port-name" is not a valid port name (at most 15'],
  ['no ports', { ports: [] }, 'HeadlessMeshService "kafka": ports: [] is empty: declare every port peers use'],
  ['invalid name', { name: 'Kafka_Brokers' }, 'HeadlessMeshService "Kafka_Brokers": name: "Kafka_Brokers" is not a DNS-1035 label'],
  ['name starting with a digit', { name: '1kafka' }, 'HeadlessMeshService "1kafka": name: "1kafka" is not a DNS-1035 label'],
  ['invalid namespace', { namespace: 'Kafka' }, 'HeadlessMeshService "kafka": namespace: "Kafka" is not a DNS-1123 label'],
  ['portLevelMtls port not declared', { portLevelMtls: { 9999: 'DISABLE' } }, 'HeadlessMeshService "kafka": portLevelMtls["9999"]: port 9999 is not one of the declared ports (9092, 9093)'],
  ['portLevelMtls bad mode', { portLevelMtls: { 9092: 'STRCT' as any } }, 'HeadlessMeshService "kafka": portLevelMtls["9092"]: "STRCT" is not one of STRICT, PERMISSIVE, DISABLE, UNSET'],
  ['mtlsMode bad', { mtlsMode: 'OFF' as any }, 'HeadlessMeshService "kafka": mtlsMode: "OFF" is not one of STRICT, PERMISSIVE, DISABLE, UNSET'],
  ['per-pod DNS on a Deployment', { target: { kind: 'Deployment', name: 'kafka', selectorLabels: { app: 'kafka' } }, perPodDns: true }, 'HeadlessMeshService "kafka": perPodDns: true, but the target is Deployment "kafka", whose pods have no per-pod DNS names'],
  ['StatefulSet governed by another Service', { target: { ...sts, serviceName: 'kafka-headless' } }, 'HeadlessMeshService "kafka": target.serviceName: StatefulSet "kafka" is governed by Service "kafka-headless", not "kafka"'],
  ['StatefulSet without replica count', { target: { ...sts, replicas: undefined } }, 'HeadlessMeshService "kafka": target.replicas: StatefulSet "kafka" has no replica count'],
  ['negative replicas on the target', { target: { ...sts, replicas: -1 } }, 'HeadlessMeshService "kafka": target.replicas: -1 is not a whole number in 0-2147483647'],
  ['empty selector', { target: { ...sts, selectorLabels: {} } }, 'HeadlessMeshService "kafka": target.selectorLabels: {} is empty'],
  ['bad selector label', { target: { ...sts, selectorLabels: { app: 'kafka broker' } } }, 'HeadlessMeshService "kafka": target.selectorLabels["app"]: "kafka broker" is not a valid label value'],
  ['DISABLE in ambient mode', { dataplaneMode: 'ambient', portLevelMtls: { 9092: 'DISABLE' } }, 'HeadlessMeshService "kafka": portLevelMtls["9092"]: "DISABLE" is not supported in ambient mode'],
  ['localhost port not declared', { localhostPorts: [8080] }, 'HeadlessMeshService "kafka": localhostPorts[0]: port 8080 is not one of the declared ports'],
  ['UDP port with tcp appProtocol', { ports: [{ port: 53, protocol: 'UDP', appProtocol: 'tcp' }] }, 'HeadlessMeshService "kafka": ports[0].appProtocol: "tcp" does not fit a UDP port: use "udp"'],
  ['bad cluster domain', { clusterDomain: 'Cluster Local' }, 'HeadlessMeshService "kafka": clusterDomain: "Cluster Local" is not a DNS domain'],
  ['bad exportTo', { exportTo: ['Team A'] }, 'HeadlessMeshService "kafka": exportTo[0]: "Team A" is not a DNS-1123 label'],
];

const echoCases: Array<[string, EchoServiceProps, string]> = [
  ['negative replicas', { replicas: -1 }, 'EchoService "echo-service": replicas: -1 is not a whole number in 0-2147483647'],
  ['fractional replicas', { replicas: 1.5 }, 'EchoService "echo-service": replicas: 1.5 is not a whole number in 0-2147483647'],
  ['port out of range', { port: 70000 }, 'EchoService "echo-service": port: 70000 is out of range 1-65535'],
  ['container port 0', { containerPort: 0 }, 'EchoService "echo-service": containerPort: 0 is out of range 1-65535'],
  ['invalid name', { name: 'Echo_Service' }, 'EchoService "Echo_Service": name: "Echo_Service" is not a DNS-1035 label'],
  ['unpinned image', { image: 'mendhak/http-https-echo' }, 'EchoService "echo-service": image: "mendhak/http-https-echo" is not pinned'],
  ['latest image', { image: 'mendhak/http-https-echo:latest' }, 'EchoService "echo-service": image: "mendhak/http-https-echo:latest" is not pinned'],
  ['unknown appProtocol', { appProtocol: 'HTTP/1.1' as any }, 'EchoService "echo-service": appProtocol: "HTTP/1.1" is not one of tcp'],
  ['bad resources', { resources: { limits: { memory: '1 GB' } } }, 'EchoService "echo-service": resources.limits.memory: "1 GB" is not a Kubernetes quantity'],
  ['app label override', { labels: { app: 'other' } }, 'EchoService "echo-service": labels["app"]: "other" would change the selector label'],
  ['bad label key', { labels: { 'bad key': 'x' } }, 'EchoService "echo-service": labels["bad key"]: "bad key" is not a valid label key'],
];

const envoyCases: Array<[string, Partial<EnvoyDirectPodsProps>, string]> = [
  ['static with no pod IPs', { podIps: [] }, 'EnvoyDirectPods "envoy-proxy-istio-style": podIps: [] is empty: "static" discovery needs at least one pod IP'],
  ['static without podIps', { podIps: undefined, discovery: 'static' }, 'EnvoyDirectPods "envoy-proxy-istio-style": podIps: is not set'],
  ['pod address that is not an IP', { podIps: ['echo-0.local'] }, 'EnvoyDirectPods "envoy-proxy-istio-style": podIps[0]: "echo-0.local" is not an IPv4 or IPv6 address'],
  ['IP out of range', { podIps: ['10.244.0.300'] }, 'EnvoyDirectPods "envoy-proxy-istio-style": podIps[0]: "10.244.0.300" is not an IPv4 or IPv6 address'],
  ['duplicate pod IPs', { podIps: ['10.0.0.1', '10.0.0.1'] }, 'EnvoyDirectPods "envoy-proxy-istio-style": podIps[1]: "10.0.0.1" is a duplicate pod IP (podIps[0] has it too): each must be unique'],
  ['health-check threshold below 1', { healthCheck: { unhealthyThreshold: 0 } }, 'EnvoyDirectPods "envoy-proxy-istio-style": healthCheck.unhealthyThreshold: 0 is not a whole number in 1-4294967295'],
  ['healthy threshold below 1', { healthCheck: { healthyThreshold: -2 } }, 'EnvoyDirectPods "envoy-proxy-istio-style": healthCheck.healthyThreshold: -2 is not a whole number in 1-4294967295'],
  ['zero duration', { healthCheck: { intervalSeconds: 0 } }, 'EnvoyDirectPods "envoy-proxy-istio-style": healthCheck.intervalSeconds: 0 is not a positive duration in seconds'],
  ['negative duration', { connectTimeoutSeconds: -5 }, 'EnvoyDirectPods "envoy-proxy-istio-style": connectTimeoutSeconds: -5 is not a positive duration in seconds'],
  ['infinite duration', { healthCheck: { timeoutSeconds: Infinity } }, 'EnvoyDirectPods "envoy-proxy-istio-style": healthCheck.timeoutSeconds: Infinity is not a positive duration in seconds'],
  ['health-check path without /', { healthCheck: { path: 'healthz' } }, 'EnvoyDirectPods "envoy-proxy-istio-style": healthCheck.path: "healthz" is not a request path'],
  ['status range reversed', { healthCheck: { expectedStatuses: [{ start: 299, end: 200 }] } }, 'EnvoyDirectPods "envoy-proxy-istio-style": healthCheck.expectedStatuses[0]: start 299 is after end 200'],
  ['status out of range', { healthCheck: { expectedStatuses: [{ start: 200, end: 700 }] } }, 'EnvoyDirectPods "envoy-proxy-istio-style": healthCheck.expectedStatuses[0].end: 700 is not a whole number in 100-599'],
  ['admin beyond localhost', { adminAddress: '0.0.0.0' }, 'EnvoyDirectPods "envoy-proxy-istio-style": adminAddress: "0.0.0.0" is not a loopback address'],
  ['unknown lb policy', { lbPolicy: 'ROUND_ROBN' as any }, 'EnvoyDirectPods "envoy-proxy-istio-style": lbPolicy: "ROUND_ROBN" is not one of ROUND_ROBIN, LEAST_REQUEST, RANDOM, RING_HASH, MAGLEV'],
  ['hash header without hashing', { hashHeader: 'x-user' }, 'EnvoyDirectPods "envoy-proxy-istio-style": hashHeader: "x-user" is set but lbPolicy is "ROUND_ROBIN"'],
  ['dns on a ClusterIP Service', { podIps: undefined, discovery: 'dns' }, 'EnvoyDirectPods "envoy-proxy-istio-style": discovery: "dns" needs a headless Service, but "echo-service" is a ClusterIP Service'],
  ['pod IPs with dns', { discovery: 'service' }, 'EnvoyDirectPods "envoy-proxy-istio-style": podIps: ["10.244.0.26"] is set but discovery is "service"'],
  ['listener port out of range', { listenerPort: 0 }, 'EnvoyDirectPods "envoy-proxy-istio-style": listenerPort: 0 is out of range 1-65535'],
  ['colliding local ports', { adminPort: 8080 }, 'EnvoyDirectPods "envoy-proxy-istio-style": listenerPort: listenerPort 8080, readinessPort 19003 and adminPort 8080 must all differ'],
  ['negative replicas', { replicas: -1 }, 'EnvoyDirectPods "envoy-proxy-istio-style": replicas: -1 is not a whole number in 0-2147483647'],
  ['fractional replicas', { replicas: 0.5 }, 'EnvoyDirectPods "envoy-proxy-istio-style": replicas: 0.5 is not a whole number in 0-2147483647'],
  ['zero concurrency', { concurrency: 0 }, 'EnvoyDirectPods "envoy-proxy-istio-style": concurrency: 0 is not a whole number in 1-1024'],
  ['bad cluster name', { clusterName: 'echo cluster' }, 'EnvoyDirectPods "envoy-proxy-istio-style": clusterName: "echo cluster" is not an Envoy cluster name'],
  ['bad ConfigMap name', { configMapName: 'Envoy_Config' }, 'EnvoyDirectPods "envoy-proxy-istio-style": configMapName: "Envoy_Config" is not a DNS-1123 subdomain'],
  ['unpinned image', { image: 'envoyproxy/envoy' }, 'EnvoyDirectPods "envoy-proxy-istio-style": image: "envoyproxy/envoy" is not pinned'],
  ['unknown retry condition', { retries: { retryOn: ['5xx', 'sometimes'] } }, 'EnvoyDirectPods "envoy-proxy-istio-style": retries.retryOn[1]: "sometimes" is not one of 5xx'],
  ['zero retries', { retries: { attempts: 0 } }, 'EnvoyDirectPods "envoy-proxy-istio-style": retries.attempts: 0 is not a whole number in 1-100'],
  ['dns settings on static', { dns: { refreshRateSeconds: 1 } }, 'EnvoyDirectPods "envoy-proxy-istio-style": dns: {"refreshRateSeconds":1} is set but discovery is "static"'],
  ['dns refresh too fast', { podIps: undefined, discovery: 'service', dns: { refreshRateSeconds: 0.001 } }, 'EnvoyDirectPods "envoy-proxy-istio-style": dns.refreshRateSeconds: 0.001 must be more than 0.001 (1ms)'],
  ['panic threshold over 100', { healthyPanicThresholdPercent: 120 }, 'EnvoyDirectPods "envoy-proxy-istio-style": healthyPanicThresholdPercent: 120 is not a percentage in 0-100'],
  ['explicit target with a bad host', { target: { host: 'not a host', port: 80 }, podIps: undefined, discovery: 'service' }, 'EnvoyDirectPods "envoy-proxy-istio-style": target.host: "not a host" is not a host name or IP address'],
  ['explicit target with a bad port', { target: { host: 'api', port: 0 }, podIps: undefined, discovery: 'service' }, 'EnvoyDirectPods "envoy-proxy-istio-style": target.port: 0 is out of range 1-65535'],
  ['outlier percent over 100', { outlierDetection: { maxEjectionPercent: 101 } }, 'EnvoyDirectPods "envoy-proxy-istio-style": outlierDetection.maxEjectionPercent: 101 is not a whole number in 0-100'],
];

function errorOf(build: () => unknown): IstioDirectError {
  try {
    build();
  } catch (e) {
    expect(e).toBeInstanceOf(IstioDirectError);
    return e as IstioDirectError;
  }
  throw new Error('expected an IstioDirectError, nothing was thrown');
}

describe('HeadlessMeshService bad input', () => {
  test.each(headlessCases)('%s', (_title, over, message) => {
    expect(errorOf(() => buildHeadlessMeshService(hms(over))).message).toContain(message);
  });
});

describe('EchoService bad input', () => {
  test.each(echoCases)('%s', (_title, props, message) => {
    expect(errorOf(() => buildEchoService(props)).message).toContain(message);
  });
});

describe('EnvoyDirectPods bad input', () => {
  test.each(envoyCases)('%s', (_title, over, message) => {
    expect(errorOf(() => buildEnvoyDirectPods(envoy(over))).message).toContain(message);
  });
});

test('every problem is reported at once, one per line', () => {
  const e = errorOf(() => buildHeadlessMeshService(hms({ name: 'Bad', ports: [{ port: 0 }, { port: 9092, targetPort: 1 }] })));
  expect(e.problems).toEqual([
    'HeadlessMeshService "Bad": name: "Bad" is not a DNS-1035 label (lower-case letters, digits and "-", starting with a letter, ending with a letter or digit, at most 63 characters)',
    'HeadlessMeshService "Bad": ports[0].port: 0 is out of range 1-65535',
    'HeadlessMeshService "Bad": ports[1].targetPort: 1 differs from port 9092: on a headless Service they must be equal, Istio builds listeners on the port (https://github.com/istio/istio/issues/51908)',
  ]);
  expect(e.message.split('\n')).toHaveLength(4);
});

test('a valid HeadlessMeshService with a ClusterIP-style target port is still rejected before any object is built', () => {
  expect(() => buildHeadlessMeshService(hms({ ports: [{ port: 9092, targetPort: 19092 }] }))).toThrow(IstioDirectError);
});

test('EchoService: a version label value that is not a label value', () => {
  expect(() => buildEchoService({ version: 'v 1' })).toThrow('EchoService "echo-service": version: "v 1" is not a valid label value');
});
