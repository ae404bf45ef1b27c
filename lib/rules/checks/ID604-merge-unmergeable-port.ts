/**
 * ID604: metrics merging configured for a port it cannot read. The agent fetches `http://localhost:<port><path>`
 * in plaintext (`pilot/cmd/pilot-agent/status/server.go`), so a port the app serves only over TLS gives nothing;
 * an Istio-reserved port is the sidecar's own (Istio 1.31 rejects it at injection, `pkg/kube/inject/webhook.go`).
 */
import { Rule, WorkloadInfo } from '../types';
import { describeWorkload } from './helpers/policy';
import { ISTIO_RESERVED_PORTS, mergesMetrics, mergeTargetPorts, podAnnotationPath } from './helpers/scraping';
import { ResourceIndex } from '../types';

const TLS_NAME = /^(https|tls)([-_.]|$)/i;

export const rule: Rule = {
  code: 'ID604',
  name: 'merge-unmergeable-port',
  title: "Metrics merging configured for a port the app serves only over TLS, or for one of the sidecar's reserved ports",
  severity: 'error',
  istioVersions: {},
  check(index, _options, report) {
    for (let i = 0; i < index.workloads.length; i++) {
      const workload = index.workloads[i];
      if (!mergesMetrics(workload) || workload.podAnnotations['prometheus.io/scrape'] === undefined) continue;
      for (const target of mergeTargetPorts(workload)) {
        if (target.port === undefined) continue;
        const path = podAnnotationPath(workload, target.key);
        if (ISTIO_RESERVED_PORTS.includes(target.port)) {
          report(
            workload.object,
            path,
            `${describeWorkload(workload)} asks Istio to merge metrics from port ${target.port} (${target.key}), a port of the sidecar itself (${ISTIO_RESERVED_PORTS.join(', ')}): ` +
              `Istio 1.31 rejects it at injection and older releases merge the sidecar's metrics twice; name the app's own metrics port`,
          );
          continue;
        }
        const tls = tlsEvidence(index, workload, target.port);
        if (tls !== undefined) {
          report(
            workload.object,
            path,
            `${describeWorkload(workload)} asks Istio to merge metrics from port ${target.port} (${target.key}), which ${tls}: the agent fetches http://localhost:${target.port} in plaintext, ` +
              `so the app's metrics are silently missing from the merged endpoint; serve metrics over plain HTTP on another port, or scrape this one with Istio certificates ` +
              `(prometheus.istio.io/merge-metrics: "false")`,
          );
        }
      }
    }
  },
};

/** Why the port is TLS-only: its container port name, or a Service port onto it named or declared https/tls. */
function tlsEvidence(index: ResourceIndex, workload: WorkloadInfo, port: number): string | undefined {
  const declared = workload.containerPorts.find((p) => p.containerPort === port && p.name !== undefined && TLS_NAME.test(p.name));
  if (declared !== undefined) return `the container declares as "${declared.name}" (TLS)`;
  for (const service of index.servicesSelecting(workload)) {
    for (const sp of service.ports) {
      const target = sp.targetPort === undefined ? sp.port : typeof sp.targetPort === 'number' ? sp.targetPort : workload.containerPorts.find((p) => p.name === sp.targetPort)?.containerPort;
      if (target !== port) continue;
      if (sp.istioProtocol === 'HTTPS' || sp.istioProtocol === 'TLS') return `Service "${service.name}" declares as ${sp.istioProtocol} (port ${sp.port}${sp.name !== undefined ? ` "${sp.name}"` : ''})`;
    }
  }
  return undefined;
}
