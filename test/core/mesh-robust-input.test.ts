/**
 * Wrong types and out-of-range values as JavaScript users and YAML-driven Pulumi
 * config produce them: each fails with one IstioDirectError whose every line names
 * the construct, the field path, the value as written and what is allowed. Never a
 * TypeError, never a hang, never silently wrong output.
 */
import { buildEchoService } from '../../lib/core/echo-service';
import { IstioDirectError } from '../../lib/core/errors';
import { buildHeadlessMeshService } from '../../lib/core/headless-mesh-service';

const sts = { kind: 'StatefulSet', name: 'kafka', selectorLabels: { app: 'kafka' }, replicas: 3 };
const hms = (over: Record<string, unknown>): any => ({ name: 'kafka', target: sts, ports: [{ port: 9092, name: 'broker' }], ...over });

function errorOf(build: () => unknown): IstioDirectError {
  try {
    build();
  } catch (e) {
    if (!(e instanceof IstioDirectError)) {
      throw new Error(`expected an IstioDirectError, got ${String(e)}`);
    }
    return e;
  }
  throw new Error('expected an IstioDirectError, nothing was thrown');
}

const meshCases: Array<[string, Record<string, unknown>, string]> = [
  ['exportTo as a string', { exportTo: '.' }, 'HeadlessMeshService "kafka": exportTo: "." is a string, not a list'],
  ['localhostPorts as a string', { localhostPorts: '8080' }, 'HeadlessMeshService "kafka": localhostPorts: "8080" is a string, not a list'],
  ['ports as an object', { ports: {} }, 'HeadlessMeshService "kafka": ports: {} is an object, not a list'],
  ['appProtocol as a number', { ports: [{ port: 9092, appProtocol: 5 }] }, 'HeadlessMeshService "kafka": ports[0].appProtocol: 5 is not one of tcp, udp'],
  ['null target', { target: null }, 'HeadlessMeshService "kafka": target: is required: give a workload'],
  ['target as a string', { target: 'kafka' }, 'HeadlessMeshService "kafka": target: "kafka" is a string, not a workload'],
  ['a Service endpoint as target', { target: { name: 'kafka', namespace: 'default', fqdn: 'kafka.default.svc.cluster.local', port: 9092, targetPort: 9092, headless: true, selectorLabels: { app: 'kafka' } } }, 'is a Service endpoint, not a workload: pass the StatefulSet or Deployment it selects'],
  ['hex portLevelMtls key', { portLevelMtls: { '0x2384': 'DISABLE' } }, 'HeadlessMeshService "kafka": portLevelMtls["0x2384"]: "0x2384" is not a port number written in decimal'],
  ['portLevelMtls key with a leading zero', { portLevelMtls: { '09092': 'DISABLE' } }, 'HeadlessMeshService "kafka": portLevelMtls["09092"]: "09092" is not a port number written in decimal'],
  ['portLevelMtls as a list', { portLevelMtls: ['DISABLE'] }, 'HeadlessMeshService "kafka": portLevelMtls: ["DISABLE"] is an array, not a map of port numbers to mTLS modes'],
  ['publishNotReadyAddresses as a string', { publishNotReadyAddresses: 'true' }, 'HeadlessMeshService "kafka": publishNotReadyAddresses: "true" is a string, not true or false'],
  ['peerAuthentication as a number', { peerAuthentication: 0 }, 'HeadlessMeshService "kafka": peerAuthentication: 0 is a number, not true or false'],
  ['port as a string', { ports: [{ port: '8080' }] }, 'HeadlessMeshService "kafka": ports[0].port: "8080" is a string, not a port number'],
  ['port as a BigInt', { ports: [{ port: BigInt(8080) }] }, 'HeadlessMeshService "kafka": ports[0].port: 8080n is a BigInt, not a port number'],
  ['a port that is not an object', { ports: [9092] }, 'HeadlessMeshService "kafka": ports[0]: 9092 is a number, not a port such as'],
  ['a hole in ports', { ports: [, { port: 9092 }] }, 'HeadlessMeshService "kafka": ports[0]: is required: give a port such as'],
  ['unknown port key', { ports: [{ port: 9092, Name: 'broker' }] }, 'HeadlessMeshService "kafka": ports[0].Name: is not a known property (did you mean "name"?)'],
  ['unknown prop', { portlevelMtls: {} }, 'HeadlessMeshService "kafka": portlevelMtls: is not a known property (did you mean "portLevelMtls"?)'],
  ['udp on a TCP port', { ports: [{ port: 9092, appProtocol: 'udp' }] }, 'HeadlessMeshService "kafka": ports[0].appProtocol: "udp" on a TCP port: Istio would take it for UDP and build no outbound listener'],
  ['ws before Istio 1.24', { istioVersion: '1.23', ports: [{ port: 8080, appProtocol: 'kubernetes.io/ws' }] }, 'HeadlessMeshService "kafka": ports[0].appProtocol: "kubernetes.io/ws" is not parsed by Istio 1.23'],
  ['h2c before Istio 1.19', { istioVersion: '1.18', ports: [{ port: 8080, appProtocol: 'kubernetes.io/h2c' }] }, 'HeadlessMeshService "kafka": ports[0].appProtocol: "kubernetes.io/h2c" is not parsed by Istio 1.18'],
  ['Istio older than 1.10', { istioVersion: '1.9' }, 'HeadlessMeshService "kafka": istioVersion: "1.9" is older than 1.10'],
  ['unparseable Istio version', { istioVersion: 'latest' }, 'HeadlessMeshService "kafka": istioVersion: "latest" is not an Istio release'],
  ['Istio version as a number', { istioVersion: 1.22 }, 'HeadlessMeshService "kafka": istioVersion: 1.22 is a number, not an Istio release such as "1.24"'],
  ['istioApiVersion contradicting istioVersion', { istioVersion: '1.21', istioApiVersion: 'v1' }, 'HeadlessMeshService "kafka": istioApiVersion: "v1" contradicts istioVersion "1.21"'],
  ['namespace differing from the target\'s', { namespace: 'a', target: { ...sts, namespace: 'b' } }, 'HeadlessMeshService "kafka": namespace: "a" differs from the namespace of StatefulSet "kafka", "b": a Service selects only pods of its own namespace'],
  ['replicas beyond int32', { target: { ...sts, replicas: 9007199254740991 } }, 'HeadlessMeshService "kafka": target.replicas: 9007199254740991 is not a whole number in 0-2147483647'],
  ['too many per-pod names', { target: { ...sts, replicas: 2_000_000_000 } }, 'HeadlessMeshService "kafka": target.replicas: 2000000000 replicas would need more than 10000 per-pod DNS names'],
  ['replicas as a string', { target: { ...sts, replicas: '3' } }, 'HeadlessMeshService "kafka": target.replicas: "3" is a string, not a whole number'],
  ['BigInt label value', { labels: { team: BigInt(1) } }, 'HeadlessMeshService "kafka": labels["team"]: 1n is not a valid label value'],
  ['function label value', { labels: { team: () => 1 } }, 'HeadlessMeshService "kafka": labels["team"]: function team is not a valid label value'],
  ['symbol label value', { labels: { team: Symbol('x') } }, 'HeadlessMeshService "kafka": labels["team"]: Symbol(x) is not a valid label value'],
  ['annotations as a list', { annotations: ['a'] }, 'HeadlessMeshService "kafka": annotations: ["a"] is an array, not a map of annotation keys'],
  ['label value too long', { labels: { team: 'x'.repeat(64) } }, 'HeadlessMeshService "kafka": labels["team"]: "xxxxxxxx'],
  ['mtlsMode lower case', { mtlsMode: 'strict' }, 'HeadlessMeshService "kafka": mtlsMode: "strict" is not one of STRICT, PERMISSIVE, DISABLE, UNSET'],
  ['ipFamily bad', { ipFamily: 'ipv6', localhostPorts: [9092] }, 'HeadlessMeshService "kafka": ipFamily: "ipv6" is not one of IPv4, IPv6'],
  ['egress host without namespace', { localhostPorts: [9092], sidecarEgressHosts: ['api.example.com'] }, 'HeadlessMeshService "kafka": sidecarEgressHosts[0]: "api.example.com" is not "<namespace>/<dnsName>"'],
  ['egress without a Sidecar', { sidecarEgressHosts: ['./*'] }, 'HeadlessMeshService "kafka": sidecarEgressHosts: ["./*"] is set but localhostPorts is not'],
  ['localhost UDP port', { ports: [{ port: 53, protocol: 'UDP' }], localhostPorts: [53] }, 'HeadlessMeshService "kafka": localhostPorts[0]: port 53 is a UDP port'],
  ['too many ports', { ports: Array.from({ length: 1001 }, (_, i) => ({ port: i + 1 })) }, 'HeadlessMeshService "kafka": ports: has 1001 items, more than 1000'],
  ['target kind Service', { target: { kind: 'Service', name: 'kafka' } }, 'HeadlessMeshService "kafka": target: {"kind":"Service","name":"kafka"} is a Service, not a workload'],
  ['unknown target key', { target: { ...sts, labels: { app: 'kafka' } } }, 'HeadlessMeshService "kafka": target.labels: is not a known property'],
  ['name as a number', { name: 5 }, 'HeadlessMeshService: name: 5 is not a DNS-1035 label'],
];

describe('HeadlessMeshService: wrong types and ranges', () => {
  test.each(meshCases)('%s', (_title, over, message) => {
    const e = errorOf(() => buildHeadlessMeshService(hms(over)));
    expect(e.message).toContain(message);
    for (const line of e.problems) {
      expect(line).toMatch(/^HeadlessMeshService(?: \S+)?: [^:]+: /);
    }
  });

  test('props that are not an object', () => {
    expect(errorOf(() => buildHeadlessMeshService(null as any)).message).toBe('HeadlessMeshService: props: null is null, not an object of HeadlessMeshService properties');
    expect(errorOf(() => buildHeadlessMeshService('kafka' as any)).problems).toHaveLength(1);
  });

  test('props whose getter throws: an IstioDirectError, not the getter\'s error', () => {
    const props = hms({});
    Object.defineProperty(props, 'labels', { enumerable: true, get: () => { throw new TypeError('boom'); } });
    expect(errorOf(() => buildHeadlessMeshService(props)).message).toBe(
      'HeadlessMeshService: props.labels: reading it threw "boom": give a plain value (no getter or Proxy that throws)',
    );
  });

  test('a hex portLevelMtls key no longer emits an empty entry and drops the opt-out', () => {
    expect(() => buildHeadlessMeshService(hms({ portLevelMtls: { '0x2384': 'DISABLE' } }))).toThrow(IstioDirectError);
  });

  test('a huge replica count with per-pod names turned off builds at once', () => {
    const m = buildHeadlessMeshService(hms({ target: { ...sts, replicas: 2_000_000_000 }, perPodDns: false }));
    expect(m.podDnsNames).toEqual([]);
  });

  test('10000 per-pod names are the limit, and are computed', () => {
    expect(buildHeadlessMeshService(hms({ target: { ...sts, replicas: 10_000 } })).podDnsNames).toHaveLength(10_000);
  });
});

const echoCases: Array<[string, Record<string, unknown>, string]> = [
  ['appProtocol as a number', { appProtocol: 5 }, 'EchoService "echo-service": appProtocol: 5 is not one of tcp'],
  ['replicas as a string', { replicas: '3' }, 'EchoService "echo-service": replicas: "3" is a string, not a whole number in 0-2147483647'],
  ['replicas beyond int32', { replicas: 2 ** 31 }, 'EchoService "echo-service": replicas: 2147483648 is not a whole number in 0-2147483647'],
  ['port as a string', { port: '3000' }, 'EchoService "echo-service": port: "3000" is a string, not a port number'],
  ['readOnlyRootFilesystem as a string', { readOnlyRootFilesystem: 'false' }, 'EchoService "echo-service": readOnlyRootFilesystem: "false" is a string, not true or false'],
  ['resources as a string', { resources: '100m' }, 'EchoService "echo-service": resources: "100m" is a string, not an object with requests and limits'],
  ['labels as a list', { labels: ['a'] }, 'EchoService "echo-service": labels: ["a"] is an array, not a map of label keys'],
  ['podAnnotations value a number', { podAnnotations: { a: 1 } }, 'EchoService "echo-service": podAnnotations["a"]: 1 is a number, not a string'],
  ['unknown prop', { replica: 3 }, 'EchoService "echo-service": replica: is not a known property'],
  ['version as a number', { version: 1 }, 'EchoService "echo-service": version: 1 is not a valid label value'],
  ['udp appProtocol on the TCP port', { appProtocol: 'udp' }, 'EchoService "echo-service": appProtocol: "udp" on a TCP port'],
  ['ws before Istio 1.24', { appProtocol: 'kubernetes.io/ws', istioVersion: '1.22' }, 'EchoService "echo-service": appProtocol: "kubernetes.io/ws" is not parsed by Istio 1.22'],
  ['Istio older than 1.10', { istioVersion: '1.8' }, 'EchoService "echo-service": istioVersion: "1.8" is older than 1.10'],
  ['image as a number', { image: 37 }, 'EchoService "echo-service": image: 37 is not a container image reference'],
  ['name as a symbol', { name: Symbol('echo') }, 'EchoService: name: Symbol(echo) is not a DNS-1035 label'],
];

describe('EchoService: wrong types and ranges', () => {
  test.each(echoCases)('%s', (_title, props, message) => {
    const e = errorOf(() => buildEchoService(props as any));
    expect(e.message).toContain(message);
    for (const line of e.problems) {
      expect(line).toMatch(/^EchoService(?: \S+)?: [^:]+: /);
    }
  });

  test('props that are not an object', () => {
    expect(errorOf(() => buildEchoService(null as any)).message).toBe('EchoService: props: null is null, not an object of EchoService properties');
  });
});
