/**
 * ID103 app-protocol-unrecognised: an `appProtocol` the targeted Istio does
 * not parse, so Istio sniffs the port.
 *
 * A set `appProtocol` replaces the port name entirely (`pkg/config/kube/conversion.go`
 * `ConvertProtocol`): an unknown value such as `nats.io/client` makes the port
 * "unsupported" (sniffed) even when the name is `tcp-client`. The
 * Kubernetes-standard values are parsed only from some releases on:
 * `kubernetes.io/h2c` from Istio 1.19, `kubernetes.io/ws` and `kubernetes.io/wss`
 * from 1.24. Ports that Istio forces to TCP (25, 53, 3306, 27017) and UDP
 * ports are not sniffed, so they are not reported.
 */
import { show } from '../../core/errors';
import { formatIstioVersion } from '../../core/istio-version';
import { parseIstioProtocolName } from '../../core/protocols';
import { Rule, ServicePortInfo } from '../types';

/** Kubernetes-standard values newer Istio releases parse: first release, and the value to use before it. */
const VERSIONED: Readonly<Record<string, { readonly since: string; readonly instead: string }>> = {
  'kubernetes.io/h2c': { since: '1.19', instead: 'http2' },
  'kubernetes.io/ws': { since: '1.24', instead: 'http' },
  'kubernetes.io/wss': { since: '1.24', instead: 'https' },
};

function describePort(port: ServicePortInfo): string {
  return port.name === undefined || port.name === '' ? `port ${port.port}` : `port ${port.port} (${show(port.name)})`;
}

/** What the port name alone would have declared, when it declares something. */
function shadowedName(port: ServicePortInfo): string {
  if (port.name === undefined || port.name === '') {
    return '';
  }
  const fromName = parseIstioProtocolName(port.name);
  return fromName === 'Unsupported' ? '' : ` (the name ${show(port.name)} would have declared ${fromName}, but appProtocol replaces the name)`;
}

function messageFor(port: ServicePortInfo, appProtocol: string, version: string): string {
  const versioned = VERSIONED[appProtocol];
  if (versioned !== undefined) {
    return (
      `${describePort(port)}: appProtocol ${show(appProtocol)} is parsed by Istio ${versioned.since} and later, not by the targeted Istio ${version}, ` +
      `which sniffs the port instead${shadowedName(port)}; use appProtocol: ${versioned.instead} until every cluster runs Istio ${versioned.since}+`
    );
  }
  const lower = appProtocol.toLowerCase();
  const hint = VERSIONED[lower] !== undefined ? ` (Istio matches ${show(lower)} exactly, case-sensitively)` : '';
  return (
    `${describePort(port)}: appProtocol ${show(appProtocol)} is not a protocol Istio parses${hint}${shadowedName(port)}: ` +
    'Istio sniffs the port, so server-first protocols hang and the traffic gets no declared protocol handling; ' +
    'use a value Istio reads (tcp, http, http2, grpc, grpc-web, https, tls, mongo, mysql, redis, udp, kubernetes.io/h2c, kubernetes.io/ws, kubernetes.io/wss), e.g. tcp for opaque traffic'
  );
}

export const rule: Rule = {
  code: 'ID103',
  name: 'app-protocol-unrecognised',
  title: "A Service port's appProtocol is one the targeted Istio does not parse, so Istio sniffs it",
  severity: 'warning',
  istioVersions: {},
  check(index, options, report) {
    const version = formatIstioVersion(options.istioVersion);
    for (let i = 0; i < index.services.length; i++) {
      const service = index.services[i];
      for (let p = 0; p < service.ports.length; p++) {
        const port = service.ports[p];
        const appProtocol = port.appProtocol;
        if (appProtocol === undefined || appProtocol === '') {
          continue;
        }
        if (port.istioProtocol !== 'Unsupported') {
          continue;
        }
        report(service.object, `${port.path}.appProtocol`, messageFor(port, appProtocol, version));
      }
    }
  },
};
