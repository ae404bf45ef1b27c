/**
 * ID605: a PodMonitor whose endpoint names certificate files. A PodMonitor's `tlsConfig` is a `SafeTLSConfig`
 * (Secret and ConfigMap references only: prometheus-operator `pkg/apis/monitoring/v1/tls_types.go`,
 * `podmonitor_types.go`); the API server prunes `caFile`, `certFile` and `keyFile`, so Prometheus scrapes without
 * the client certificate and a STRICT sidecar resets it.
 */
import { formatPath } from '../../base/paths';
import { Rule } from '../types';
import { arrayOf, recordOf } from '../values';

const FILE_FIELDS = ['caFile', 'certFile', 'keyFile'] as const;

export const rule: Rule = {
  code: 'ID605',
  name: 'pod-monitor-file-tls',
  title: 'A PodMonitor endpoint names certificate files (caFile, certFile, keyFile), which a PodMonitor cannot carry',
  severity: 'error',
  istioVersions: {},
  check(index, _options, report) {
    for (const monitor of index.objectsOfKind('PodMonitor')) {
      if (!monitor.apiVersion.startsWith('monitoring.coreos.com/')) continue;
      arrayOf(recordOf(monitor.raw.spec)?.podMetricsEndpoints).forEach((raw, i) => {
        const tls = recordOf(recordOf(raw)?.tlsConfig);
        const files = FILE_FIELDS.filter((f) => tls?.[f] !== undefined);
        if (files.length === 0) return;
        report(
          monitor,
          formatPath(['spec', 'podMetricsEndpoints', i, 'tlsConfig', files[0]]),
          `PodMonitor "${monitor.name}" names ${files.join(', ')} in its tlsConfig, but a PodMonitor's tlsConfig takes Secret and ConfigMap references only: ` +
            `the API server drops the file fields and Prometheus scrapes without the certificates; put the files in a scrape class of the Prometheus ` +
            `(spec.scrapeClasses[].tlsConfig) and name it in the PodMonitor's spec.scrapeClass (prometheus-operator 0.74 or newer), or use a ServiceMonitor`,
        );
      });
    }
  },
};
