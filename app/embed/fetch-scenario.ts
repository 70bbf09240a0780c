/**
 * Fetching a scenario from a URL, possibly on another origin: CORS mode without credentials, at
 * most MAX_SCENARIO_BYTES (Content-Length is checked first, then the bytes actually read), decoded
 * as UTF-8 text. The text is only ever handed to the scenario loader as data.
 */
import { MAX_SCENARIO_BYTES } from '../scenario';
import { readLimited } from './read-limited';

/** The text fetched, or a sentence saying why there is none. */
export type FetchResult = { ok: true; text: string } | { ok: false; message: string };

/** Reads at most `limit` + 1 bytes of a body; null when there are more than `limit`. */
async function readBody(res: Response, limit: number): Promise<Uint8Array | null> {
  if (!res.body) return new Uint8Array(await res.arrayBuffer()).slice(0, limit + 1);
  return readLimited(res.body, limit);
}

/**
 * Fetches scenario text.
 * @param url absolute http(s) URL.
 * @param limit largest size accepted, in bytes (MAX_SCENARIO_BYTES by default).
 * @param fetchImpl the fetch to use (tests pass a fake).
 */
export async function fetchScenarioText(url: string, limit = MAX_SCENARIO_BYTES, fetchImpl: typeof fetch = fetch): Promise<FetchResult> {
  let res: Response;
  try {
    res = await fetchImpl(url, { mode: 'cors', credentials: 'omit', redirect: 'follow' });
  } catch {
    return {
      ok: false,
      message:
        'could not fetch the scenario: the server is unreachable or did not allow this page to read it. ' +
        'A scenario on another site must be served with an Access-Control-Allow-Origin header (CORS) that allows this page.',
    };
  }
  if (!res.ok) return { ok: false, message: `could not fetch the scenario: the server answered HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}` };
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > limit) return { ok: false, message: `the scenario is larger than ${limit} bytes (Content-Length ${declared})` };
  if (/^\s*text\/html/i.test(res.headers.get('content-type') ?? ''))
    return { ok: false, message: 'the URL serves an HTML page, not a scenario file (link the raw YAML file)' };
  const bytes = await readBody(res, limit).catch(() => undefined);
  if (bytes === undefined) return { ok: false, message: 'could not read the scenario: the download was interrupted' };
  if (bytes === null) return { ok: false, message: `the scenario is larger than ${limit} bytes` };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, message: 'the scenario is not UTF-8 text' };
  }
  if (text.length > limit) return { ok: false, message: `the scenario is larger than ${limit} bytes` };
  return { ok: true, text };
}
