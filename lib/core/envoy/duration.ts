import { EnvoyDuration } from './types';

/**
 * Seconds as a proto3-JSON `Duration` string: `1` -> `"1s"`, `0.25` ->
 * `"0.250s"` (0, 3, 6 or 9 fractional digits, as proto3 JSON prints them).
 * The caller has checked the value is positive (core/validate.ts).
 */
export function envoyDuration(seconds: number): EnvoyDuration {
  const nanos = Math.round(seconds * 1e9);
  const whole = Math.floor(nanos / 1e9);
  const frac = nanos % 1e9;
  if (frac === 0) {
    return `${whole}s` as EnvoyDuration;
  }
  let digits = String(frac).padStart(9, '0');
  while (digits.endsWith('000')) {
    digits = digits.slice(0, -3);
  }
  return `${whole}.${digits}s` as EnvoyDuration;
}
