/**
 * ID601: a plaintext scrape of a STRICT port, and no Prometheus of the input has a sidecar to carry it.
 * Scrapes reach the pod IP directly; the sidecar (or ztunnel) of a STRICT port accepts only mTLS and resets
 * them. Merged pods are fine: Istio rewrites their `prometheus.io/*` annotations to port 15020, which is outside
 * inbound capture (https://istio.io/latest/docs/ops/integrations/prometheus/#option-1-metrics-merging).
 */
import { ResourceIndex, Rule, RuleReport, WorkloadInfo } from '../types';
import { MtlsResolver } from './helpers/mtls';
import { describeWorkload } from './helpers/policy';
import { inMesh, ISTIO_RESERVED_PORTS, mergeTargetPorts, mergesMetrics, monitorEndpoints, podAnnotationPath, PrometheusInfo, prometheusesOf } from './helpers/scraping';

const FIX =
  'give Prometheus Istio certificates and scrape with TLS (https://istio.io/latest/docs/ops/integrations/prometheus/#tls-settings), ' +
  'use metrics merging (prometheus.io annotations on pods with a sidecar), or opt the port out with portLevelMtls {<port>: {mode: DISABLE}}';

export const rule: Rule = {
  code: 'ID601',
  name: 'scrape-strict-port-plaintext',
  title: 'A plaintext scrape (monitor or prometheus.io annotations) of a STRICT port from a Prometheus without sidecar or certificates',
  severity: 'error',
  istioVersions: {},
  check(index, options, report) {
    const servers = prometheusesOf(index);
    // Only with evidence: a Prometheus in the input, none of them with a sidecar.
    if (servers.length === 0 || servers.some((s) => s.sidecar)) return;
    const resolver = new MtlsResolver(index, options);
    checkMonitors(index, resolver, servers[0], report);
    checkAnnotations(index, resolver, servers[0], report);
  },
};

function describeServer(server: PrometheusInfo): string {
  return `${server.object.kind} ${server.object.namespace}/${server.object.name}`;
}

function checkMonitors(index: ResourceIndex, resolver: MtlsResolver, server: PrometheusInfo, report: RuleReport): void {
  for (const endpoint of monitorEndpoints(index)) {
    if (endpoint.scheme === 'https') continue;
    const seen = new Set<string>();
    for (const { workload, port } of endpoint.targets) {
      if (!inMesh(workload) || ISTIO_RESERVED_PORTS.includes(port) || seen.has(`${workload.object.ordinal}/${port}`)) continue;
      seen.add(`${workload.object.ordinal}/${port}`);
      const mtls = resolver.portMode(workload, port);
      if (mtls.mode !== 'STRICT') continue;
      report(
        endpoint.monitor,
        endpoint.path,
        `${endpoint.monitor.kind} "${endpoint.monitor.name}" scrapes port ${port} of ${describeWorkload(workload)} over plaintext http, but that port is STRICT ` +
          `(from ${mtls.source}) and ${describeServer(server)} has no Istio sidecar: every scrape is reset; ${FIX}`,
      );
    }
  }
}

function checkAnnotations(index: ResourceIndex, resolver: MtlsResolver, server: PrometheusInfo, report: RuleReport): void {
  for (let i = 0; i < index.workloads.length; i++) {
    const workload = index.workloads[i];
    if (!annotatedForPlaintext(workload)) continue;
    for (const target of mergeTargetPorts(workload)) {
      if (target.port === undefined || ISTIO_RESERVED_PORTS.includes(target.port)) continue;
      const mtls = resolver.portMode(workload, target.port);
      if (mtls.mode !== 'STRICT') continue;
      const why = workload.ambient ? 'the pods are in ambient mode (no merged endpoint)' : 'metrics merging is off for these pods (prometheus.istio.io/merge-metrics: "false")';
      report(
        workload.object,
        podAnnotationPath(workload, target.key),
        `${describeWorkload(workload)} asks to be scraped at port ${target.port} (${target.key}), and ${why}, so Prometheus scrapes the port itself in plaintext; ` +
          `it is STRICT (from ${mtls.source}) and ${describeServer(server)} has no Istio sidecar: every scrape is reset; ${FIX}`,
      );
    }
  }
}

/** Pods that ask for a scrape that goes to their own port in plaintext: in the mesh, scrape on, not merged, no https scheme. */
function annotatedForPlaintext(workload: WorkloadInfo): boolean {
  const a = workload.podAnnotations;
  return inMesh(workload) && a['prometheus.io/scrape'] === 'true' && !mergesMetrics(workload) && (a['prometheus.io/scheme'] ?? 'http').toLowerCase() !== 'https';
}

