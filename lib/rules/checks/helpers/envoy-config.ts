/**
 * Reading Envoy bootstraps as written: proto field names (`socket_address`)
 * or their JSON names (`socketAddress`), both accepted by Envoy (one reader:
 * `protoEntry` of ../../values); wrong types read as absent.
 */
import { isIP } from 'net';
import { PathSegment } from '../../../base/paths';
import { protoEntry } from '../../values';

/** Follows `names` from `object`, collecting the path segments as written. */
export function fieldPath(object: unknown, names: readonly string[]): { value: unknown; segments: PathSegment[] } | undefined {
  let value = object;
  const segments: PathSegment[] = [];
  for (const name of names) {
    const found = protoEntry(value, name);
    if (found === undefined) return undefined;
    value = found.value;
    segments.push(found.key);
  }
  return { value, segments };
}

/** Array elements with their index; non-arrays give nothing. */
export function elements(value: unknown): Array<[unknown, number]> {
  return Array.isArray(value) ? value.map((v, i) => [v, i] as [unknown, number]) : [];
}

/** The eight 16-bit groups of an IPv6 literal (`::1`, `[::]`, `::ffff:127.0.0.1`), or `undefined`. */
function ipv6Groups(address: string): number[] | undefined {
  if (isIP(address) !== 6) return undefined;
  let text = address.toLowerCase();
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4 !== null) {
    const [a, b, c, d] = v4[1].split('.').map(Number);
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const zeros = tail === undefined ? [] : new Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...zeros, ...right].map((g) => parseInt(g, 16));
}

/** An IP literal, brackets removed; `undefined` when `address` is not one. */
export function ipLiteral(address: string): string | undefined {
  const bare = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  return isIP(bare) !== 0 ? bare : undefined;
}

/** True for 127.0.0.0/8, `::1` and IPv4-mapped loopback addresses. */
export function isLoopback(address: string): boolean {
  const ip = ipLiteral(address);
  if (ip === undefined) return false;
  if (isIP(ip) === 4) return ip.startsWith('127.');
  const groups = ipv6Groups(ip);
  if (groups === undefined) return false;
  if (groups.slice(0, 7).every((g) => g === 0) && groups[7] === 1) return true;
  return groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff && groups[6] >> 8 === 127;
}

/** True for `0.0.0.0`, `::` and other spellings of the unspecified address. */
export function isUnspecified(address: string): boolean {
  const ip = ipLiteral(address);
  if (ip === undefined) return false;
  if (isIP(ip) === 4) return ip === '0.0.0.0';
  return (ipv6Groups(ip) ?? [1]).every((g) => g === 0);
}
