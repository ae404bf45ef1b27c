/**
 * Turns file bytes into text: UTF-8 (with or without a byte order mark) only.
 * UTF-16/UTF-32 files, binary files and invalid UTF-8 get a clear message
 * naming the encoding rather than a parse error deep inside the YAML parser.
 */

/** The text of a file, or why it cannot be read as UTF-8. */
export type Decoded = { readonly text: string } | { readonly error: string };

const BOMS: ReadonlyArray<readonly [readonly number[], string]> = [
  [[0x00, 0x00, 0xfe, 0xff], 'UTF-32 (big-endian)'],
  [[0xff, 0xfe, 0x00, 0x00], 'UTF-32 (little-endian)'],
  [[0xfe, 0xff], 'UTF-16 (big-endian)'],
  [[0xff, 0xfe], 'UTF-16 (little-endian)'],
];

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);
}

/** Decodes a file's bytes as UTF-8; a UTF-8 byte order mark is dropped. */
export function decodeUtf8(bytes: Uint8Array): Decoded {
  for (const [bom, encoding] of BOMS) {
    if (startsWith(bytes, bom)) return { error: `the file is ${encoding} (byte order mark): save it as UTF-8` };
  }
  const body = startsWith(bytes, [0xef, 0xbb, 0xbf]) ? bytes.subarray(3) : bytes;
  const nul = body.indexOf(0);
  if (nul >= 0) return { error: nulMessage(body, nul) };
  const bad = firstInvalidUtf8(body);
  if (bad >= 0) {
    const { line, column } = lineAndColumn(body, bad);
    return { error: `not valid UTF-8: byte 0x${body[bad].toString(16).toUpperCase().padStart(2, '0')} at line ${line}, column ${column} (Latin-1 or Windows-1252 text?): save it as UTF-8` };
  }
  return { text: Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8') };
}

function nulMessage(bytes: Uint8Array, first: number): string {
  // ASCII text in UTF-16 has a NUL every other byte: odd positions for little-endian, even for big-endian.
  const sample = bytes.subarray(0, Math.min(bytes.length, 512));
  let even = 0;
  let odd = 0;
  sample.forEach((b, i) => {
    if (b === 0) {
      if (i % 2 === 0) even++;
      else odd++;
    }
  });
  if (odd > sample.length / 4 && even === 0) return 'the file looks like UTF-16 (little-endian) without a byte order mark: save it as UTF-8';
  if (even > sample.length / 4 && odd === 0) return 'the file looks like UTF-16 (big-endian) without a byte order mark: save it as UTF-8';
  const { line, column } = lineAndColumn(bytes, first);
  return `the file contains a NUL byte at line ${line}, column ${column}: a binary file, not YAML or JSON`;
}

/** Offset of the first byte that is not part of a well-formed UTF-8 sequence, or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    const length = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (length === 0 || i + length > bytes.length) return i;
    for (let k = 1; k < length; k++) if ((bytes[i + k] & 0xc0) !== 0x80) return i;
    const second = bytes[i + 1];
    // Overlong forms, surrogates and code points above U+10FFFF.
    if ((b === 0xe0 && second < 0xa0) || (b === 0xed && second > 0x9f) || (b === 0xf0 && second < 0x90) || (b === 0xf4 && second > 0x8f)) return i;
    i += length;
  }
  return -1;
}

/** 1-based line and column (in bytes) of an offset. */
export function lineAndColumn(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}
