/**
 * ID102 port-protocol-undeclared: a Service port that declares no protocol
 * Istio reads, so Istio sniffs it.
 *
 * Istio takes a port's protocol from `appProtocol`, else from a port name of
 * the form `<protocol>[-suffix]` (`pkg/config/kube/conversion.go`
 * `ConvertProtocol`). With neither, the protocol is "unsupported" and the
 * sidecar detects it from the first bytes the client sends, which never come
 * for server-first protocols (MySQL, SMTP, NATS): the connection hangs.
 * Ports 25, 53, 3306 and 27017 are exceptions (always TCP), UDP ports are not
 * proxied, and Services in the system namespaces are left alone.
 */
import { show } from '../../core/errors';
import { Rule, ServicePortInfo } from '../types';

/** The port as a message names it: `port 9092 ("kafka")`. */
function describePort(port: ServicePortInfo): string {
  return port.name === undefined || port.name === '' ? `port ${port.port}` : `port ${port.port} (${show(port.name)})`;
}

/** A name for the port that Istio parses as TCP, keeping the user's name as suffix. */
function suggestedName(port: ServicePortInfo): string {
  return port.name === undefined || port.name === '' ? `tcp-${port.port}` : `tcp-${port.name}`.slice(0, 15);
}

export const rule: Rule = {
  code: 'ID102',
  name: 'port-protocol-undeclared',
  title: 'A Service port declares no protocol Istio reads, so Istio sniffs it',
  severity: 'warning',
  istioVersions: {},
  check(index, options, report) {
    const system = new Set(options.systemNamespaces);
    for (let i = 0; i < index.services.length; i++) {
      const service = index.services[i];
      if (system.has(service.namespace)) {
        continue;
      }
      for (let p = 0; p < service.ports.length; p++) {
        const port = service.ports[p];
        if (port.protocol.toUpperCase() !== 'TCP' || (port.appProtocol !== undefined && port.appProtocol !== '')) {
          continue;
        }
        // Without an appProtocol, the protocol the index read is the one the port's name gives.
        if (port.istioProtocol !== 'Unsupported') {
          continue;
        }
        const named =
          port.name === undefined || port.name === ''
            ? 'no name to read one from (Istio reads names of the form <protocol>[-suffix], e.g. tcp-peer or http-web)'
            : `the name ${show(port.name)} is not of the form <protocol>[-suffix] Istio reads (e.g. tcp-peer or http-web)`;
        report(
          service.object,
          port.path,
          `${describePort(port)} declares no protocol: no appProtocol, and ${named}. ` +
            'Istio then sniffs the protocol from the first bytes the client sends, so server-first protocols (MySQL, NATS, SMTP, ...) hang until the sniffing times out; ' +
            `declare it: appProtocol: tcp for opaque, peer or pod-IP traffic (or http, grpc, ... for what it really carries), or name the port ${show(suggestedName(port))}`,
        );
      }
    }
  },
};
