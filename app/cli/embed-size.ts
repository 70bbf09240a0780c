/**
 * What a documentation page downloads to show an embed, gzip-compressed (node:zlib), read from the
 * built `dist/`: the `<packet-walk>` script (its styles are inside it) and, for the iframe form,
 * `embed.html` with every script and stylesheet it loads up front and the engine worker it starts
 * (the element carries its worker inside it), and the classic `packet-walk.classic.js` (one script
 * with its styles and worker inside, for hosts without CORS); each plus the largest bundled
 * scenario chunk (or JSONP file, `packet-walk-classic/`) it may load on demand. Budget: 250 kB (250 000 bytes) gzip each.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

/** The gzip budget of one embed form, in bytes. */
export const EMBED_BUDGET_BYTES = 250_000;

/** One measured embed form. */
export interface EmbedSize {
  readonly form: string;
  /** Files counted, relative to dist/, with their gzip size. */
  readonly files: readonly { readonly file: string; readonly gzip: number }[];
  readonly total: number;
}

const gz = (file: string) => gzipSync(readFileSync(file), { level: 9 }).length;

/** Static imports of a built ES module (`import"./x.js"`, `from"./x.js"`), as absolute paths. */
function staticImports(file: string): string[] {
  const code = readFileSync(file, 'utf8');
  const specs = [...code.matchAll(/(?:\bfrom|\bimport)\s*["'](\.{1,2}\/[^"']+\.js)["']/g)].map((m) => m[1]);
  return specs.map((s) => resolve(dirname(file), s));
}

/** Every file reached from `entries` through static imports. */
function closure(entries: string[]): string[] {
  const seen = new Set<string>();
  const visit = (f: string) => {
    if (seen.has(f) || !existsSync(f)) return;
    seen.add(f);
    if (f.endsWith('.js')) staticImports(f).forEach(visit);
  };
  entries.forEach(visit);
  return [...seen];
}

/** Worker scripts a built module starts (`new URL(`engine.worker-….js`, import.meta.url)`), as absolute paths. */
function workerScripts(files: readonly string[]): string[] {
  return files
    .flatMap((f) =>
      f.endsWith('.js')
        ? [...readFileSync(f, 'utf8').matchAll(/["'`](?:\.{1,2}\/|\/)?((?:assets\/)?[\w.-]*worker[\w.-]*\.js)["'`]/g)].map((m) => resolve(dirname(f), m[1].replace(/^assets\//, '')))
        : [],
    )
    .filter((w, i, all) => existsSync(w) && all.indexOf(w) === i);
}

/** The largest scenario chunk in `dir` (the bundled scenarios are named after their file). */
function largestScenario(dir: string, scenarioIds: readonly string[]): string | null {
  if (!existsSync(dir)) return null;
  const chunks = readdirSync(dir).filter((f) => f.endsWith('.js') && scenarioIds.some((id) => f.startsWith(`${id}-`)));
  return chunks.map((f) => join(dir, f)).sort((a, b) => gz(b) - gz(a))[0] ?? null;
}

/**
 * Measures the embed forms (the classic script when it was built).
 * @param dist the built site.
 * @param scenarioIds the bundled scenario names (to recognise their chunks).
 * @returns the measurements, or null when `dist/` lacks the embed files.
 */
export function measureEmbeds(dist: string, scenarioIds: readonly string[]): EmbedSize[] | null {
  const element = join(dist, 'packet-walk.js');
  const page = join(dist, 'embed.html');
  if (!existsSync(element) || !existsSync(page)) return null;
  const rel = (f: string) => f.slice(dist.length + 1);
  const form = (name: string, files: string[]): EmbedSize => {
    const sized = files.map((f) => ({ file: rel(f), gzip: gz(f) }));
    return { form: name, files: sized, total: sized.reduce((a, b) => a + b.gzip, 0) };
  };
  const html = readFileSync(page, 'utf8');
  const refs = [...html.matchAll(/\b(?:src|href)="(\.\/[^"]+\.(?:js|css))"/g)].map((m) => resolve(dist, m[1]));
  const pageScenario = largestScenario(join(dist, 'assets'), scenarioIds);
  const elementScenario = largestScenario(join(dist, 'packet-walk'), scenarioIds);
  const classic = join(dist, 'packet-walk.classic.js');
  const classicScenario = largestScenario(join(dist, 'packet-walk-classic'), scenarioIds);
  return [
    form('<packet-walk> element (script + styles inlined)', [element, ...closure([element]).filter((f) => f !== element), ...(elementScenario ? [elementScenario] : [])]),
    form('embed.html iframe (page + scripts + styles + engine worker)', [page, ...closure(refs), ...workerScripts(closure(refs)), ...(pageScenario ? [pageScenario] : [])]),
    ...(existsSync(classic) ? [form('<packet-walk> classic script (one IIFE; scenario by script tag)', [classic, ...(classicScenario ? [classicScenario] : [])])] : []),
  ];
}
