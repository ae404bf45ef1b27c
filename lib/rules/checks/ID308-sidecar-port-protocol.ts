/**
 * ID308: a Sidecar ingress or egress port `protocol` that Istio's
 * `protocol.Parse` does not know (`pkg/config/protocol/instance.go`): the
 * validating webhook rejects the Sidecar (`pkg/config/validation/validation.go`).
 * Unlike a port name, the value is matched whole: `GRPC_WEB` or `tcp-peer`
 * are not protocols.
 */
import { ISTIO_PROTOCOL_NAMES } from '../../core/protocols';
import { ManifestObject, Rule, RuleReport } from '../types';
import { formatPath } from '../../base/paths';

/** The names `protocol.Parse` accepts (case-insensitive), with their canonical spelling. */
const PROTOCOLS = ISTIO_PROTOCOL_NAMES;

/** Spellings users write for a known protocol, by their letters and digits only. */
const BY_LETTERS: ReadonlyMap<string, string> = new Map([
  ...Object.entries(PROTOCOLS).map(([key, value]) => [key.replace(/[^a-z0-9]/g, ''), value] as [string, string]),
  ['h2c', 'HTTP2'],
  ['h2', 'HTTP2'],
  ['ws', 'HTTP'],
  ['wss', 'HTTPS'],
]);

export const rule: Rule = {
  code: 'ID308',
  name: 'sidecar-port-protocol',
  title: 'A Sidecar ingress or egress port protocol Istio cannot parse',
  severity: 'error',
  istioVersions: {},
  check(index, _options, report) {
    for (const sidecar of index.sidecars) {
      const spec = sidecar.object.raw.spec;
      if (spec === null || typeof spec !== 'object') continue;
      for (const field of ['ingress', 'egress'] as const) {
        const entries = (spec as Record<string, unknown>)[field];
        if (!Array.isArray(entries)) continue;
        entries.forEach((entry, i) => checkEntry(sidecar.object, report, field, i, entry));
      }
    }
  },
};

function checkEntry(object: ManifestObject, report: RuleReport, field: string, i: number, entry: unknown): void {
  if (entry === null || typeof entry !== 'object') return;
  const port = (entry as Record<string, unknown>).port;
  if (port === null || typeof port !== 'object') return;
  const protocol = (port as Record<string, unknown>).protocol;
  if (typeof protocol !== 'string' || protocol === '' || PROTOCOLS[protocol.toLowerCase()] !== undefined) return;
  const guess = suggestion(protocol);
  report(
    object,
    formatPath(['spec', field, i, 'port', 'protocol']),
    `Sidecar "${object.name}": ${field}[${i}].port.protocol ${JSON.stringify(protocol)} is not a protocol Istio knows, so its validating webhook ` +
      `rejects the Sidecar; ${guess !== undefined ? `write ${JSON.stringify(guess)}` : 'write one of'} (valid: ${Object.values(PROTOCOLS).join(', ')})`,
  );
}

/** `GRPC_WEB` → `GRPC-Web`, `tcp-peer` → `TCP`, `h2c` → `HTTP2`. */
function suggestion(protocol: string): string | undefined {
  const lower = protocol.toLowerCase();
  const whole = BY_LETTERS.get(lower.replace(/[^a-z0-9]/g, ''));
  if (whole !== undefined) return whole;
  const head = lower.split(/[^a-z0-9]/, 1)[0];
  return PROTOCOLS[head] ?? BY_LETTERS.get(head);
}
