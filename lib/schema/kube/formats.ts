/**
 * The OpenAPI formats Kubernetes' schemas use, checked as kubernetes-models' validators check them
 * (so a bare install reports what that optional package did): `int32` and `int64` ranges, `byte`
 * (base64), `date-time` (RFC 3339, https://www.rfc-editor.org/rfc/rfc3339#section-5.6; the zone may
 * be left out) and resource quantities (k8s.io/apimachinery `pkg/api/resource/quantity.go`).
 */

const INT32_MAX = 2 ** 31 - 1;
const INT64_MAX = 2 ** 63;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:z|[+-]\d{2}(?::?\d{2})?)?$/i;
const MONTH_DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/** sign, digits with an optional fraction, then a binary-SI, decimal-SI or exponent suffix. */
const QUANTITY = /^[+-]?(?:\d+|\d+\.\d+|\d+\.|\.\d+)(?:[KMGTPE]i|[YZEPTGMkhdcmunpfazy]|da|[eE][+-]?(?:\d+|\d+\.\d+|\d+\.|\.\d+))?$/;

function leapYear(y: number): boolean {
  return y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
}

function validDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return mo >= 1 && mo <= 12 && d >= 1 && d <= (mo === 2 && leapYear(y) ? 29 : MONTH_DAYS[mo]);
}

function validTime(text: string): boolean {
  const m = TIME.exec(text);
  if (!m) return false;
  const [h, mi, s] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return (h <= 23 && mi <= 59 && s <= 59) || (h === 23 && mi === 59 && s === 60);
}

function validDateTime(text: string): boolean {
  const parts = text.split(/t|\s/i);
  return parts.length === 2 && validDate(parts[0]) && validTime(parts[1]);
}

/** Whether a number meets a numeric format (formats this module does not know pass). */
export function numberFormatOk(format: string, n: number): boolean {
  if (format === 'int32') return Number.isInteger(n) && n <= INT32_MAX && n >= -INT32_MAX - 1;
  if (format === 'int64') return Number.isInteger(n) && n <= INT64_MAX && n >= -INT64_MAX;
  return true;
}

/** Whether a string meets a string format (formats this module does not know pass). */
export function stringFormatOk(format: string, s: string): boolean {
  if (format === 'byte') return BASE64.test(s);
  if (format === 'date-time') return validDateTime(s);
  if (format === 'quantity') return QUANTITY.test(s);
  return true;
}
