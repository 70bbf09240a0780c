/**
 * Reads and loads a scenario file for the CLIs, printing positioned errors. Reading is bounded like
 * the app and the embed: at most MAX_SCENARIO_BYTES bytes are read (a device or a pipe that goes on
 * longer is refused without reading the rest), and the bytes must be UTF-8.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { formatError, loadScenario, MAX_SCENARIO_BYTES, type LoadedScenario } from '../scenario';

/** Text read from a file, or why it was refused (`line`/`column` when the problem has a place). */
export type ReadResult = { ok: true; text: string } | { ok: false; message: string; line?: number; column?: number };

/** How long a pipe or device may stay silent before reading gives up. */
const SILENCE_MS = 10_000;
const CHUNK = 64 * 1024;

/**
 * Reads `path` as UTF-8 text of at most `limit` bytes. A regular file larger than that is refused
 * from its size; anything else (a pipe, a device such as /dev/zero) is read in chunks and refused as
 * soon as it passes the limit, or when it sends nothing for ten seconds. Never reads more than
 * `limit + 1` bytes.
 * @param path the file to read.
 * @param limit the largest size accepted, in bytes.
 */
export function readTextFile(path: string, limit = MAX_SCENARIO_BYTES): ReadResult {
  let fd: number;
  try {
    // Non-blocking, so opening a FIFO nobody writes to does not wait forever.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    return { ok: false, message: `cannot read: ${(e as Error).message}` };
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) return { ok: false, message: 'cannot read: it is a directory' };
    if (st.isFile() && st.size > limit) return { ok: false, message: `file is larger than ${limit} bytes (${st.size} bytes)` };
    const chunks: Buffer[] = [];
    let total = 0;
    let lastData = Date.now();
    for (;;) {
      const buf = Buffer.alloc(Math.min(CHUNK, limit + 1 - total));
      let n: number;
      try {
        n = readSync(fd, buf, 0, buf.length, null);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
        if (Date.now() - lastData > SILENCE_MS) return { ok: false, message: `cannot read: nothing arrived for ${SILENCE_MS / 1000} s` };
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
        continue;
      }
      if (n === 0) break;
      lastData = Date.now();
      chunks.push(buf.subarray(0, n));
      total += n;
      if (total > limit) return { ok: false, message: `file is larger than ${limit} bytes${st.isFile() ? '' : ` (${describeKind(st)}: refused after reading ${limit} bytes)`}` };
    }
    return decodeUtf8(Buffer.concat(chunks, total));
  } catch (e) {
    return { ok: false, message: `cannot read: ${(e as Error).message}` };
  } finally {
    closeSync(fd);
  }
}

function describeKind(st: ReturnType<typeof fstatSync>): string {
  if (st.isFIFO()) return 'a pipe';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * Decodes UTF-8 strictly, as the embed does: invalid bytes are refused with their line and column
 * instead of being replaced with U+FFFD. A byte order mark is dropped.
 */
export function decodeUtf8(bytes: Uint8Array): ReadResult {
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
  for (let i = 0; i < b.length; ) {
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

/**
 * Loads `path`.
 * @returns the scenario, or null after printing every error to stderr.
 */
export function readScenario(path: string): LoadedScenario | null {
  const read = readTextFile(path);
  if (!read.ok) {
    process.stderr.write(read.line !== undefined ? `${path}:${read.line}:${read.column}: ${read.message}\n` : `${path}: ${read.message}\n`);
    return null;
  }
  const r = loadScenario(read.text, path);
  if (!r.ok) {
    for (const e of r.errors) process.stderr.write(`${formatError(e)}\n`);
    process.stderr.write(`${r.errors.length} error${r.errors.length === 1 ? '' : 's'}\n`);
    return null;
  }
  return r.scenario;
}
