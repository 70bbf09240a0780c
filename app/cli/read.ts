/**
 * Reads and loads a scenario file for the CLIs, printing positioned errors. Reading is bounded like
 * the app and the embed: at most MAX_SCENARIO_BYTES bytes are read (a device or a pipe that goes on
 * longer is refused without reading the rest), and the bytes must be UTF-8.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { ReadFile } from '../scenario/read-file';
import { decodeUtf8, formatError, loadScenario, MAX_SCENARIO_BYTES, type LoadedScenario, type DecodedText } from '../scenario';

/** Text read from a file, or why it was refused (`line`/`column` when the problem has a place). */
export type ReadResult = DecodedText;

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
 * Loads `path`.
 * @returns the scenario, or null after printing every error to stderr.
 */
export function readScenario(path: string): LoadedScenario | null {
  const read = readTextFile(path);
  if (!read.ok) {
    process.stderr.write(read.line !== undefined ? `${path}:${read.line}:${read.column}: ${read.message}\n` : `${path}: ${read.message}\n`);
    return null;
  }
  // A cluster file's objectsFrom: names files beside it.
  const readFile: ReadFile = (name) => {
    const r = readTextFile(resolve(dirname(path), name));
    return r.ok ? { text: r.text } : { error: r.message };
  };
  const r = loadScenario(read.text, path, { readFile });
  if (!r.ok) {
    for (const e of r.errors) process.stderr.write(`${formatError(e)}\n`);
    process.stderr.write(`${r.errors.length} error${r.errors.length === 1 ? '' : 's'}\n`);
    return null;
  }
  return r.scenario;
}
