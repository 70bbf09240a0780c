/**
 * What an embed's `src` names, and getting the scenario text for it: a bundled scenario name
 * (`canal-nodeport`), a URL (absolute, or relative to the page), or an inline scenario `#s=…`
 * (also read from the embed page's own fragment when `src` is empty).
 */
import { BUNDLED_IDS, DEFAULT_BUNDLED_ID, loadBundledFile } from './bundled-lazy';
import { fetchScenarioText } from './fetch-scenario';
import type { EmbedError, EmbedErrorCode } from './error-codes';
import { decodeScenario, fragmentValue } from './fragment';

/** A classified `src`. */
export type ScenarioSource =
  | { readonly kind: 'bundled'; readonly id: string }
  | { readonly kind: 'url'; readonly url: string }
  | { readonly kind: 'fragment'; readonly value: string }
  | { readonly kind: 'invalid'; readonly message: string };

/** Scenario text ready for the loader, or positioned errors. */
export type SourceText = { readonly ok: true; readonly text: string; readonly file: string; readonly bundledId: string | null } | { readonly ok: false; readonly errors: readonly EmbedError[] };

/**
 * Classifies `src`.
 * @param src the `src` option (may be empty).
 * @param base the URL relative URLs resolve against (the page's base URI).
 * @param pageHash the embed page's own fragment, used when `src` is empty.
 * @param bundledIds the bundled scenario names.
 */
export function classifySource(src: string, base: string, pageHash = '', bundledIds: readonly string[] = BUNDLED_IDS): ScenarioSource {
  const s = src.trim();
  if (!s) {
    const inPage = fragmentValue(pageHash);
    if (inPage) return { kind: 'fragment', value: inPage };
    return { kind: 'bundled', id: bundledIds.includes(DEFAULT_BUNDLED_ID) ? DEFAULT_BUNDLED_ID : (bundledIds[0] ?? '') };
  }
  if (s.startsWith('#')) {
    const v = fragmentValue(s);
    return v ? { kind: 'fragment', value: v } : { kind: 'invalid', message: 'an inline scenario must be written #s=<data>' };
  }
  if (bundledIds.includes(s)) return { kind: 'bundled', id: s };
  if (/^[\w-]+$/.test(s)) return { kind: 'invalid', message: `no bundled scenario "${s}" (bundled: ${bundledIds.join(', ')})` };
  let url: URL;
  try {
    url = new URL(s, base);
  } catch {
    return { kind: 'invalid', message: `"${s}" is neither a bundled scenario name nor a URL` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { kind: 'invalid', message: `only http(s) URLs can be fetched, not ${url.protocol}` };
  return { kind: 'url', url: url.href };
}

/** A single error at the start of `file`. */
const errorAt = (file: string, code: EmbedErrorCode, message: string, extra: { limit?: number; seconds?: number } = {}): SourceText => ({
  ok: false,
  errors: [{ file, line: 1, column: 1, path: '', message, code, ...extra }],
});

/**
 * Gets the text of a classified source (fetching or decompressing as needed).
 * @param fetchTimeoutMs time limit of a URL fetch (FETCH_TIMEOUT_MS by default).
 */
export async function readSource(source: ScenarioSource, fetchTimeoutMs?: number): Promise<SourceText> {
  switch (source.kind) {
    case 'invalid':
      return errorAt('src', 'src', source.message);
    case 'bundled': {
      // A chunk (or the classic script's JSONP file) that does not arrive is a fetch error, shown in the embed.
      const f = await loadBundledFile(source.id).catch((e: unknown) => (e instanceof Error ? e : new Error(String(e))));
      if (f instanceof Error) return errorAt('src', 'fetch', `could not load the bundled scenario "${source.id}": ${f.message}`);
      return f ? { ok: true, text: f.text, file: f.file, bundledId: f.id } : errorAt('src', 'src', `no bundled scenario "${source.id}"`);
    }
    case 'url': {
      const r = await fetchScenarioText(source.url, { timeoutMs: fetchTimeoutMs });
      return r.ok ? { ok: true, text: r.text, file: source.url, bundledId: null } : errorAt(source.url, r.code, r.message, { limit: r.limit, seconds: r.seconds });
    }
    case 'fragment': {
      const r = await decodeScenario(source.value);
      if (r.ok) return { ok: true, text: r.text, file: 'shared-link.yaml', bundledId: null };
      return errorAt('#s=', /larger than/.test(r.message) ? 'too-large' : 'fragment', r.message);
    }
  }
}
