/**
 * Strict UTF-8 decoding of scenario bytes, the one rule for every way a file arrives (the CLIs, a
 * file opened or dropped in the app, a fetched URL): invalid bytes are refused with their line and
 * column, never replaced with U+FFFD.
 */

/** Decoded text, or why the bytes are not UTF-8 (with the position of the first bad byte). */
export type DecodedText = { ok: true; text: string } | { ok: false; message: string; line?: number; column?: number };

/**
 * Decodes UTF-8 strictly, as the embed does: invalid bytes are refused with their line and column
 * instead of being replaced with U+FFFD. A byte order mark is dropped.
 */
export function decodeUtf8(bytes: Uint8Array): DecodedText {
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    const bad = invalidUtf8At(bytes);
    const at = Math.max(0, bad);
    let lineStart = 0;
    let line = 1;
    for (let i = 0; i < at; i++) {
      if (bytes[i] === 0x0a || (bytes[i] === 0x0d && bytes[i + 1] !== 0x0a)) {
        line++;
        lineStart = i + 1;
      }
    }
    const column = new TextDecoder('utf-8').decode(bytes.subarray(lineStart, at)).length + 1;
    const byte = bytes[at]?.toString(16).padStart(2, '0') ?? '';
    return { ok: false, line, column, message: `not UTF-8 text (byte 0x${byte} at offset ${at}): save the file as UTF-8` };
  }
}

/** Offset of the first byte that does not start a well-formed UTF-8 sequence, or -1. */
function invalidUtf8At(b: Uint8Array): number {
  for (let i = 0; i < b.length;) {
    const c = b[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    const n = c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : 0;
    if (n === 0 || i + n >= b.length) return i;
    let cp = c & (0x3f >> n);
    for (let k = 1; k <= n; k++) {
      if ((b[i + k] & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (b[i + k] & 0x3f);
    }
    if (cp < [0, 0x80, 0x800, 0x10000][n] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += n + 1;
  }
  return -1;
}
