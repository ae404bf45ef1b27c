/**
 * ID203 headless-service-without-ports: a headless Service with a selector
 * and no ports.
 *
 * Kubernetes allows it (DNS still answers with the pod IPs), but Istio builds
 * per-pod outbound listeners, and so mTLS, only for declared Service ports
 * (`pilot/pkg/networking/core/listener.go`): pod-IP and per-pod-name calls to
 * these pods match no listener and leave through plaintext passthrough, which
 * a STRICT server resets (https://istio.io/latest/docs/ops/configuration/traffic-management/traffic-routing/).
 */
import { Rule } from '../types';

export const rule: Rule = {
  code: 'ID203',
  name: 'headless-service-without-ports',
  title: 'A headless Service with a selector declares no ports: Istio builds no per-pod listeners for it',
  severity: 'warning',
  istioVersions: {},
  check(index, _options, report) {
    for (let i = 0; i < index.services.length; i++) {
      const service = index.services[i];
      if (!service.headless || service.selector === undefined || Object.keys(service.selector).length === 0) {
        continue;
      }
      const spec = (service.object.raw.spec ?? {}) as Record<string, unknown>;
      const written = spec.ports;
      // A ports list the index could not read is the schema validation's to report.
      if (written !== undefined && written !== null && !(Array.isArray(written) && written.length === 0)) {
        continue;
      }
      report(
        service.object,
        'spec.ports',
        `headless Service ${service.name} selects pods but declares no ports: DNS still returns the pod IPs, but Istio builds per-pod listeners (and mTLS) only for declared ports, ` +
          'so pod-IP and per-pod-name calls to these pods leave as plaintext passthrough (reset under STRICT); declare every port peers and clients use, with appProtocol: tcp',
      );
    }
  },
};
