/**
 * ID603: `prometheus.io/scheme: https` on pods whose metrics Istio merges. The injector rewrites
 * `prometheus.io/scrape|port|path` to its plaintext merged endpoint (port 15020) but leaves `scheme`
 * (`pkg/kube/inject/webhook.go`, `clearPrometheusAnnotations`), so the usual `kubernetes-pods` job speaks TLS to a
 * plaintext port and every scrape fails.
 */
import { Rule } from '../types';
import { describeWorkload } from './helpers/policy';
import { mergesMetrics, podAnnotationPath } from './helpers/scraping';

export const rule: Rule = {
  code: 'ID603',
  name: 'merged-pod-scheme-https',
  title: 'prometheus.io/scheme: https on pods whose metrics Istio merges onto its plaintext port 15020',
  severity: 'error',
  istioVersions: {},
  check(index, _options, report) {
    for (let i = 0; i < index.workloads.length; i++) {
      const workload = index.workloads[i];
      const scheme = workload.podAnnotations['prometheus.io/scheme'];
      if (scheme === undefined || scheme.toLowerCase() !== 'https' || !mergesMetrics(workload)) continue;
      report(
        workload.object,
        podAnnotationPath(workload, 'prometheus.io/scheme'),
        `${describeWorkload(workload)} has an Istio sidecar that merges its metrics: Istio points prometheus.io/port at its merged endpoint 15020, which serves plaintext, ` +
          `but keeps prometheus.io/scheme: "${scheme}", so Prometheus speaks TLS to it and every scrape fails; remove the annotation ` +
          `(or turn merging off with prometheus.istio.io/merge-metrics: "false" and scrape with Istio certificates)`,
      );
    }
  },
};
