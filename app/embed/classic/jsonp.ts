/**
 * What the classic `<packet-walk>` script (`packet-walk.classic.js`, vite.embed-classic.config.ts)
 * loads after itself, without CORS: each file under `packet-walk-classic/` is a classic script that
 * calls `__packetWalkClassic(key, value)` (JSONP), injected as a `<script>` tag next to the
 * classic script's own URL. A page on another origin may run a script from any host, but may not
 * read a module, an `import()` or a `fetch` from one that sends no CORS headers.
 */

/** The files the build wrote: bundled scenario name → file stem, and the 简体中文 catalogs' stem. */
declare const __PACKETWALK_CLASSIC_FILES__: { readonly scenarios: Readonly<Record<string, string>>; readonly zh: string };

/** The build's files (empty when this module runs outside the classic build, e.g. in tests). */
export const CLASSIC_FILES: { readonly scenarios: Readonly<Record<string, string>>; readonly zh: string } =
  typeof __PACKETWALK_CLASSIC_FILES__ === 'undefined' ? { scenarios: {}, zh: '' } : __PACKETWALK_CLASSIC_FILES__;

/** The global the files call. */
export const JSONP_CALLBACK = '__packetWalkClassic';

/**
 * The classic script's own URL, captured while it runs (`document.currentScript` is only set
 * then); the page's base URL when the script was not loaded by a `<script>` tag.
 */
const SCRIPT_URL = (typeof document !== 'undefined' && document.currentScript instanceof HTMLScriptElement && document.currentScript.src) || (typeof document !== 'undefined' ? document.baseURI : '');

/** Values the files delivered, by key (the file stem, which carries a hash of its content). */
const arrived = new Map<string, unknown>();
const loading = new Map<string, Promise<unknown>>();

if (typeof window !== 'undefined') {
  const w = window as unknown as Record<string, ((key: string, value: unknown) => void) | undefined>;
  // Another copy of the script on the page keeps receiving its own files.
  const previous = w[JSONP_CALLBACK];
  w[JSONP_CALLBACK] = (key, value) => {
    arrived.set(key, value);
    previous?.(key, value);
  };
}

/**
 * Loads `packet-walk-classic/<stem>.js` (once) with a `<script>` tag.
 * @returns the value the file delivered; rejects when it does not load or delivers nothing.
 */
export function loadClassicFile<T>(stem: string): Promise<T> {
  let p = loading.get(stem);
  if (!p) {
    p = new Promise<unknown>((resolve, reject) => {
      if (arrived.has(stem)) return resolve(arrived.get(stem));
      const script = document.createElement('script');
      script.src = new URL(`packet-walk-classic/${stem}.js`, SCRIPT_URL).href;
      script.async = true;
      script.onload = () => {
        script.remove();
        if (arrived.has(stem)) resolve(arrived.get(stem));
        else reject(new Error(`${script.src} did not deliver ${stem}`));
      };
      script.onerror = () => {
        script.remove();
        loading.delete(stem);
        reject(new Error(`could not load ${script.src}`));
      };
      document.head.append(script);
    });
    loading.set(stem, p);
  }
  return p as Promise<T>;
}
