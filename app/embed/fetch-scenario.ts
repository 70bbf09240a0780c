/**
 * Fetching a scenario from a URL, possibly on another origin: CORS mode without credentials, at
 * most MAX_FETCH_BYTES (Content-Length is checked first, then the bytes actually read), within a
 * time limit for the whole download (a server that stalls, in its headers or its body, gets an
 * error, not "Loading…" forever), decoded as UTF-8 text. The text is only ever handed to the
 * scenario loader as data.
 *
 * What is not a scenario is refused without reading it out (the refusal never quotes the body):
 * - Content-Type must be absent or one of `text/yaml`, `text/x-yaml`, `application/yaml`,
 *   `application/x-yaml`, any `…+yaml`, `text/plain` or `application/octet-stream` (parameters
 *   such as `charset` ignored). JSON, JavaScript, HTML and the rest are refused.
 * - The text must look like a scenario: within its first SNIFF_BYTES characters (after a byte-order
 *   mark), some line must start with the top-level key `version:` (every scenario starts with, or
 *   soon has, `version: 1`). Blank lines, comments and `---` may come before it.
 */
import { MAX_FETCH_BYTES } from '../scenario/limits';
import type { EmbedErrorCode } from './error-codes';
import { readLimited } from './read-limited';

/** Time allowed for a whole scenario download (headers and body). */
export const FETCH_TIMEOUT_MS = 15_000;

/** How far into the text the top-level `version:` key must appear. */
export const SNIFF_BYTES = 4096;

/** The text fetched, or a sentence (and a code) saying why there is none. */
export type FetchResult = { ok: true; text: string } | { ok: false; message: string; code: EmbedErrorCode; limit?: number; seconds?: number };

/** Options of a fetch. */
export interface FetchOptions {
  /** Largest size accepted, in bytes (MAX_FETCH_BYTES). */
  readonly limit?: number;
  /** Time limit in milliseconds (FETCH_TIMEOUT_MS). */
  readonly timeoutMs?: number;
  /** The fetch to use (tests pass a fake). */
  readonly fetchImpl?: typeof fetch;
}

const ALLOWED_TYPES = /^(text\/(x-)?yaml|application\/(x-)?yaml|[a-z0-9.+-]+\/[a-z0-9.-]+\+yaml|text\/plain|application\/octet-stream)$/;

/** True when a Content-Type header (null: none) may carry a scenario. */
export function scenarioContentType(header: string | null): boolean {
  const type = (header ?? '').split(';')[0].trim().toLowerCase();
  return type === '' || ALLOWED_TYPES.test(type);
}

/** True when text starts like a scenario: a line `version:` within its first SNIFF_BYTES characters. */
export function looksLikeScenario(text: string): boolean {
  const head = text.replace(/^\uFEFF/, '').slice(0, SNIFF_BYTES);
  return /(^|\n)version:/.test(head.replace(/\r\n?/g, '\n'));
}

const fail = (code: EmbedErrorCode, message: string, extra: { limit?: number; seconds?: number } = {}): FetchResult => ({ ok: false, code, message, ...extra });

/**
 * Fetches scenario text.
 * @param url absolute http(s) URL.
 */
export async function fetchScenarioText(url: string, options: FetchOptions = {}): Promise<FetchResult> {
  const limit = options.limit ?? MAX_FETCH_BYTES;
  const timeoutMs = options.timeoutMs ?? FETCH_TIMEOUT_MS;
  const seconds = Math.round(timeoutMs / 100) / 10;
  const abort = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    abort.abort();
  }, timeoutMs);
  const stalled = () => fail('timeout', `could not fetch the scenario: the server did not send it within ${seconds} s`, { seconds });
  try {
    let res: Response;
    try {
      res = await (options.fetchImpl ?? fetch)(url, { mode: 'cors', credentials: 'omit', redirect: 'follow', signal: abort.signal });
    } catch {
      if (timedOut) return stalled();
      return fail(
        'fetch',
        'could not fetch the scenario: the server is unreachable or did not allow this page to read it. ' +
          'A scenario on another site must be served with an Access-Control-Allow-Origin header (CORS) that allows this page.',
      );
    }
    if (!res.ok) return fail('http', `could not fetch the scenario: the server answered HTTP ${res.status}`);
    const declared = Number(res.headers.get('content-length') ?? NaN);
    if (Number.isFinite(declared) && declared > limit) return fail('too-large', `the scenario is larger than ${limit} bytes`, { limit });
    if (!scenarioContentType(res.headers.get('content-type'))) {
      await res.body?.cancel().catch(() => undefined);
      return fail('not-a-scenario', 'the URL does not serve a scenario file: its Content-Type is not YAML, text/plain or application/octet-stream (link the raw YAML file)');
    }
    const bytes = await readLimited(res.body ?? new Blob([await res.arrayBuffer()]).stream(), limit).catch(() => undefined);
    if (bytes === undefined) return timedOut ? stalled() : fail('fetch', 'could not read the scenario: the download was interrupted');
    if (bytes === null) return fail('too-large', `the scenario is larger than ${limit} bytes`, { limit });
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      return fail('encoding', 'the scenario is not UTF-8 text');
    }
    if (!looksLikeScenario(text)) return fail('not-a-scenario', `the URL does not serve a scenario file: no top-level "version:" line in its first ${SNIFF_BYTES} characters`);
    return { ok: true, text };
  } finally {
    clearTimeout(timer);
  }
}
