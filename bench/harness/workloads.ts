/**
 * The workloads every bench line builds, shared by the library apps (bench/apps/) and by
 * bench/floors/prepare.ts, which turns the same props into the floors' plain objects.
 */
import type { HeadlessMeshServiceProps } from '../../lib/core/headless-mesh-service';
import type { EnvoyDirectPodsProps } from '../../lib/core/envoy-direct-pods';

/** Logical name (and Service name) of the i-th HeadlessMeshService: fixed width, so files sort by index. */
export function hmsName(i: number): string {
  return `svc-${String(i).padStart(6, '0')}`;
}

/**
 * The i-th HeadlessMeshService: a 3-replica StatefulSet with etcd's client, peer and metrics
 * ports, metrics opting out of mTLS, so each one emits a Service, a PeerAuthentication and a
 * DestinationRule. Selector labels differ per index, so no two policies conflict.
 */
export function hmsProps(i: number): HeadlessMeshServiceProps {
  const name = hmsName(i);
  return {
    name,
    target: { kind: 'StatefulSet', name, selectorLabels: { app: name }, replicas: 3 },
    ports: [
      { port: 2379, name: 'client' },
      { port: 2380, name: 'peer' },
      { port: 2381, name: 'metrics' },
    ],
    portLevelMtls: { 2381: 'DISABLE' },
  };
}

/** `n` distinct IPv4 addresses in 10.0.0.0/8 (n < 2^24). */
export function podIps(n: number): string[] {
  const ips: string[] = [];
  for (let i = 1; i <= n; i++) {
    ips.push(`10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`);
  }
  return ips;
}

/** An EnvoyDirectPods with a STATIC cluster of `n` pod IPs behind the echo Service. */
export function envoyProps(n: number): EnvoyDirectPodsProps {
  return {
    target: {
      name: 'echo-service',
      namespace: 'default',
      fqdn: 'echo-service.default.svc.cluster.local',
      port: 3000,
      targetPort: 8080,
      headless: false,
      selectorLabels: { app: 'echo-service' },
    },
    discovery: 'static',
    podIps: podIps(n),
  };
}

/** The cdk8s families the bench measures. */
export const CDK8S_FAMILIES = ['hms-one-chart', 'hms-chart-each', 'envoy-static'] as const;

/** A cdk8s family. */
export type Cdk8sFamily = (typeof CDK8S_FAMILIES)[number];

/** Whether `value` names a cdk8s family. */
export function isCdk8sFamily(value: string | undefined): value is Cdk8sFamily {
  return (CDK8S_FAMILIES as readonly (string | undefined)[]).includes(value);
}

/** The size argument of a bench program: a whole number >= 1. */
export function parseSize(value: string | undefined): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    throw new Error(`size: ${JSON.stringify(value)} is not a whole number >= 1`);
  }
  return n;
}
