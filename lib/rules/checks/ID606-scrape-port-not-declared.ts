/**
 * ID606: a `prometheus.io/port` that names no container port of the pods. Prometheus (and Istio's metrics merging)
 * scrapes that port whatever the pod declares, so a port nothing listens on (a typo, a Service port, a port
 * renamed) gives no metrics and no error but a failed target.
 */
import { Rule, WorkloadInfo } from '../types';
import { describeWorkload } from './helpers/policy';
import { ISTIO_RESERVED_PORTS, podAnnotationPath } from './helpers/scraping';

export const rule: Rule = {
  code: 'ID606',
  name: 'scrape-port-not-declared',
  title: 'prometheus.io/port names no container port of the pods',
  severity: 'warning',
  istioVersions: {},
  check(index, _options, report) {
    for (let i = 0; i < index.workloads.length; i++) {
      const workload = index.workloads[i];
      const value = workload.podAnnotations['prometheus.io/port'];
      if (value === undefined || workload.podAnnotations['prometheus.io/scrape'] === 'false' || workload.containerPorts.length === 0) continue;
      const port = /^[0-9]{1,5}$/.test(value.trim()) ? Number(value.trim()) : undefined;
      // The sidecar's own ports (15020 is what the injector itself writes) are ID604's.
      if (port !== undefined && ISTIO_RESERVED_PORTS.includes(port)) continue;
      if (port !== undefined && workload.containerPorts.some((p) => p.containerPort === port)) continue;
      report(workload.object, podAnnotationPath(workload, 'prometheus.io/port'), message(workload, value, port));
    }
  },
};

function message(workload: WorkloadInfo, value: string, port: number | undefined): string {
  const declared = [...new Set(workload.containerPorts.map((p) => (p.name !== undefined ? `${p.containerPort} "${p.name}"` : String(p.containerPort))))].join(', ');
  const what = port === undefined ? `"${value}" is not a port number (Prometheus needs the number, not a name)` : `${port} is no container port of the pods`;
  return `${describeWorkload(workload)}: prometheus.io/port ${what}; they declare ${declared}: Prometheus scrapes the annotated port whatever the pods declare, so this target fails or stays empty; give the metrics container port`;
}
