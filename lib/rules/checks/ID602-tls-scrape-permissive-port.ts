/**
 * ID602: a scrape with Istio's certificates of a port whose mTLS is PERMISSIVE. A PERMISSIVE port terminates
 * only TLS carrying Istio's ALPN; Prometheus's TLS (no such ALPN) goes to a passthrough chain and reaches the
 * app as raw TLS bytes (`pilot/pkg/networking/core/filterchain_options.go`, https://github.com/istio/istio/issues/38720).
 */
import { ResourceIndex, Rule } from '../types';
import { MtlsResolver } from './helpers/mtls';
import { describeWorkload } from './helpers/policy';
import { inMesh, ISTIO_RESERVED_PORTS, MonitorEndpoint, monitorEndpoints, prometheusesOf, usesIstioFiles } from './helpers/scraping';

export const rule: Rule = {
  code: 'ID602',
  name: 'tls-scrape-permissive-port',
  title: "A TLS scrape with Istio's certificates of a port whose mTLS is PERMISSIVE: the TLS reaches the app as raw bytes",
  severity: 'error',
  istioVersions: {},
  check(index, options, report) {
    const resolver = new MtlsResolver(index, options);
    const classes = istioClasses(index);
    for (const endpoint of monitorEndpoints(index)) {
      if (endpoint.scheme !== 'https' || !withIstioCerts(endpoint, classes)) continue;
      const seen = new Set<string>();
      for (const { workload, port } of endpoint.targets) {
        const key = `${workload.object.ordinal}/${port}`;
        if (!inMesh(workload) || ISTIO_RESERVED_PORTS.includes(port) || seen.has(key)) continue;
        seen.add(key);
        const mtls = resolver.portMode(workload, port);
        if (mtls.mode !== 'PERMISSIVE') continue;
        report(
          endpoint.monitor,
          endpoint.path,
          `${endpoint.monitor.kind} "${endpoint.monitor.name}" scrapes port ${port} of ${describeWorkload(workload)} with TLS and Istio's certificates, but that port is PERMISSIVE ` +
            `(from ${mtls.source}): PERMISSIVE terminates only Istio's own mTLS, so Prometheus's TLS passes through to the app as raw bytes and the scrape fails; ` +
            `make the port STRICT (workload PeerAuthentication), or scrape it over http`,
        );
      }
    }
  },
};

/** Scrape classes (by name, and `''` for a default class) that hand out Istio's certificate files. */
function istioClasses(index: ResourceIndex): Set<string> {
  const names = new Set<string>();
  for (const server of prometheusesOf(index)) {
    for (const [name, c] of server.scrapeClasses) {
      if (!c.istioFiles) continue;
      names.add(name);
      if (c.isDefault) names.add('');
    }
  }
  return names;
}

/** The endpoint's TLS uses Istio's certificate files: its own `tlsConfig` (ServiceMonitor), or its scrape class. */
function withIstioCerts(endpoint: MonitorEndpoint, classes: ReadonlySet<string>): boolean {
  if (usesIstioFiles(endpoint.raw.tlsConfig)) return true;
  return classes.has(endpoint.scrapeClass ?? '');
}
