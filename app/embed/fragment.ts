/**
 * The `#s=` fragment: a scenario carried inside a link, as base64url (no padding) of the
 * deflate-raw compressed UTF-8 text. Uses the platform's CompressionStream/DecompressionStream
 * (browsers and Node 20+), no library. Decoding stops past MAX_FETCH_BYTES, so a small link
 * cannot inflate into a huge string.
 */
import { MAX_FETCH_BYTES } from '../scenario/limits';
import { readLimited } from './read-limited';

/** The fragment parameter that holds the scenario. */
export const FRAGMENT_KEY = 's';

/** What decoding a fragment gives: the scenario text, or why there is none. */
export type FragmentResult = { ok: true; text: string } | { ok: false; message: string };

/** Bytes → base64url without padding. */
export function toBase64Url(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** base64url (padding optional) → bytes; null when the text is not base64url. */
export function fromBase64Url(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*={0,2}$/.test(text) || text.replace(/=+$/, '').length % 4 === 1) return null;
  const b64 = text.replace(/=+$/, '').replace(/-/g, '+').replace(/_/g, '/');
  const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** Pipes `bytes` through a (de)compression transform. */
function through(bytes: Uint8Array, transform: CompressionStream | DecompressionStream): ReadableStream<Uint8Array> {
  return new Blob([bytes as BlobPart]).stream().pipeThrough(transform as unknown as TransformStream<Uint8Array, Uint8Array>);
}

/**
 * Compresses scenario text into the value of `s=` (without the `#s=` prefix).
 * @param text the scenario YAML.
 */
export async function encodeScenario(text: string): Promise<string> {
  const packed = await readLimited(through(new TextEncoder().encode(text), new CompressionStream('deflate-raw')), Number.MAX_SAFE_INTEGER);
  return toBase64Url(packed!);
}

/**
 * Decodes the value of `s=` back into scenario text.
 * @param value base64url of deflate-raw data.
 * @param limit largest text accepted (bytes); defaults to MAX_FETCH_BYTES.
 */
export async function decodeScenario(value: string, limit = MAX_FETCH_BYTES): Promise<FragmentResult> {
  const bytes = fromBase64Url(value.trim());
  if (!bytes || bytes.length === 0) return { ok: false, message: 'the #s= link is not valid base64url' };
  try {
    const raw = await readLimited(through(bytes, new DecompressionStream('deflate-raw')), limit);
    if (!raw) return { ok: false, message: `the scenario in the #s= link is larger than ${limit} bytes` };
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(raw) };
  } catch {
    return { ok: false, message: 'the #s= link is damaged (not deflate-raw compressed UTF-8 text)' };
  }
}

/**
 * The `s=` value of a fragment such as `#s=…` or `#s=…&x=y`; null when there is none.
 * @param hash `location.hash` or a `src` value starting with `#`.
 */
export function fragmentValue(hash: string): string | null {
  if (!hash.startsWith('#')) return null;
  return new URLSearchParams(hash.slice(1)).get(FRAGMENT_KEY);
}

/** `#s=…` for scenario text. */
export async function scenarioFragment(text: string): Promise<string> {
  return `#${FRAGMENT_KEY}=${await encodeScenario(text)}`;
}
