/**
 * ID104 udp-app-protocol-on-tcp: a TCP Service port that Istio takes for UDP
 * because of its `appProtocol` (`udp`) or, without one, its name (`udp-...`).
 *
 * `ConvertProtocol` (`pkg/config/kube/conversion.go`) parses `udp` from the
 * `appProtocol` or name like any other protocol, whatever the port's
 * Kubernetes `protocol`. For a UDP port Istio builds no outbound listener
 * (`pilot/pkg/networking/core/listener.go`: "UDP or other protocols ... return"),
 * so TCP calls to it get no Service handling: they leave through plaintext
 * passthrough, without mTLS.
 */
import { show } from '../../core/errors';
import { Rule, ServicePortInfo } from '../types';

function describePort(port: ServicePortInfo): string {
  return port.name === undefined || port.name === '' ? `port ${port.port}` : `port ${port.port} (${show(port.name)})`;
}

export const rule: Rule = {
  code: 'ID104',
  name: 'udp-app-protocol-on-tcp',
  title: 'A TCP Service port is declared udp: Istio builds no outbound listener for it',
  severity: 'error',
  istioVersions: {},
  check(index, _options, report) {
    for (let i = 0; i < index.services.length; i++) {
      const service = index.services[i];
      for (let p = 0; p < service.ports.length; p++) {
        const port = service.ports[p];
        if (port.protocol.toUpperCase() !== 'TCP') {
          continue;
        }
        const protocol = port.istioProtocol;
        if (protocol !== 'UDP') {
          continue;
        }
        const fromAppProtocol = port.appProtocol !== undefined && port.appProtocol !== '';
        const field = fromAppProtocol ? 'appProtocol' : 'name';
        const declared = fromAppProtocol ? `its appProtocol ${show(port.appProtocol)}` : `its name ${show(port.name)}`;
        const fix = fromAppProtocol ? 'set appProtocol to what the port carries (tcp for opaque traffic)' : `rename it (e.g. ${show((port.name ?? '').replace(/^udp/i, 'tcp'))}) or set appProtocol: tcp`;
        report(
          service.object,
          `${port.path}.${field}`,
          `${describePort(port)} is a TCP port (protocol: ${port.protocol}) but ${declared} makes Istio treat it as UDP: Istio builds no outbound listener for a UDP port, ` +
            `so TCP calls to it get no Service routing and leave as plaintext passthrough without mTLS (reset by a STRICT server); ${fix}, ` +
            'or set protocol: UDP if the port really carries UDP',
        );
      }
    }
  },
};
