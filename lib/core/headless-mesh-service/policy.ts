/** Checks of a HeadlessMeshService's mTLS and Sidecar props. */
import { Problems, show } from '../errors';
import { checkArray, checkName, checkOneOf, checkPort, checkRecord, checkString, checkUniqueAt } from '../validate';
import { MTLS_MODES, MtlsMode } from '../types';
import { ResolvedMeshPort } from './props';

/** Most `localhostPorts`, `exportTo` and `sidecarEgressHosts` entries. */
export const MAX_LIST_ITEMS = 1000;

/** Port keys as written: a decimal port number, no sign, no leading zero, no hex. */
const DECIMAL_PORT_KEY = /^[1-9][0-9]{0,4}$/;

const declaredList = (ports: readonly ResolvedMeshPort[]) => ports.map((port) => port.port).join(', ');

/** `portLevelMtls`, checked and sorted by port. */
export function resolvePortLevelMtls(
  p: Problems,
  value: unknown,
  ports: readonly ResolvedMeshPort[],
): Array<{ port: number; mode: MtlsMode }> {
  if (value === undefined || !checkRecord(p, 'portLevelMtls', value, 'a map of port numbers to mTLS modes, e.g. { 9092: "DISABLE" }')) {
    return [];
  }
  const declared = new Set(ports.map((port) => port.port));
  const out: Array<{ port: number; mode: MtlsMode }> = [];
  const keys = Object.keys(value);
  if (keys.length > MAX_LIST_ITEMS) {
    p.add('portLevelMtls', `has ${keys.length} entries, more than ${MAX_LIST_ITEMS}`);
    return [];
  }
  for (const key of keys) {
    const field = `portLevelMtls[${show(key)}]`;
    const modeOk = checkOneOf(p, field, value[key], MTLS_MODES);
    if (!DECIMAL_PORT_KEY.test(key) || Number(key) > 65535) {
      p.add(field, `${show(key)} is not a port number written in decimal (1-65535, e.g. 9092)`);
      continue;
    }
    const port = Number(key);
    if (ports.length > 0 && !declared.has(port)) {
      p.add(field, `port ${port} is not one of the declared ports (${declaredList(ports)})`);
      continue;
    }
    if (modeOk) {
      out.push({ port, mode: value[key] as MtlsMode });
    }
  }
  return out.sort((a, b) => a.port - b.port);
}

/** `localhostPorts`, checked and sorted. */
export function resolveLocalhostPorts(p: Problems, value: unknown, ports: readonly ResolvedMeshPort[]): number[] {
  if (value === undefined || !checkArray(p, 'localhostPorts', value, 0, MAX_LIST_ITEMS)) {
    return [];
  }
  const byPort = new Map(ports.map((port) => [port.port, port]));
  const out: number[] = [];
  const fields: string[] = [];
  for (let i = 0; i < value.length; i++) {
    const field = `localhostPorts[${i}]`;
    const port = value[i];
    if (!checkPort(p, field, port)) {
      continue;
    }
    const declared = byPort.get(port);
    if (ports.length > 0 && declared === undefined) {
      p.add(field, `port ${port} is not one of the declared ports (${declaredList(ports)})`);
    } else if (declared?.protocol === 'UDP') {
      p.add(field, `port ${port} is a UDP port: Istio does not intercept UDP, so a Sidecar cannot forward it to localhost`);
    } else {
      out.push(port);
      fields.push(field);
    }
  }
  checkUniqueAt(p, out.map((port, i) => ({ field: fields[i], value: port })), 'port');
  return [...new Set(out)].sort((a, b) => a - b);
}

/** `exportTo`: `.`, `*`, `~` or namespace names. */
export function checkExportTo(p: Problems, value: unknown): value is readonly string[] {
  if (value === undefined) {
    return true;
  }
  if (!checkArray(p, 'exportTo', value, 1, MAX_LIST_ITEMS)) {
    return false;
  }
  let ok = true;
  for (let i = 0; i < value.length; i++) {
    const ns = value[i];
    if (ns !== '.' && ns !== '*' && ns !== '~' && !checkName(p, `exportTo[${i}]`, ns, 'label')) {
      ok = false;
    }
  }
  return ok;
}

/** `<namespace>/<dnsName>`: namespace `*`, `.`, `~` or a name; dnsName `*`, `*.<suffix>` or a name. */
const EGRESS_HOST = /^(\*|\.|~|[a-z0-9]([-a-z0-9]*[a-z0-9])?)\/(\*|(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)$/;

/** `sidecarEgressHosts`: Sidecar egress hosts. */
export function checkEgressHosts(p: Problems, value: unknown): value is readonly string[] {
  if (value === undefined) {
    return true;
  }
  if (!checkArray(p, 'sidecarEgressHosts', value, 1, MAX_LIST_ITEMS)) {
    return false;
  }
  let ok = true;
  for (let i = 0; i < value.length; i++) {
    const field = `sidecarEgressHosts[${i}]`;
    if (!checkString(p, field, value[i], 253)) {
      ok = false;
    } else if (!EGRESS_HOST.test(value[i] as string)) {
      p.add(field, `${show(value[i])} is not "<namespace>/<dnsName>" (e.g. "./*", "istio-system/*", "*/api.example.com")`);
      ok = false;
    }
  }
  return ok;
}
