/**
 * First meaningful paint of the built app (issue 11), printed by `npm run bench`: the time from
 * navigation start until the topology of the opening scenario is on screen (its first netns box
 * drawn, and the frame after it painted), for a first visit (a fresh browser context, so nothing is
 * cached), headless Chromium at 1280×720 against `vite preview` of `dist/`. Measured for the app
 * (`/`, its default scenario) and the iframe embed (`embed.html?src=calico-ipip`); the median of
 * FIRST_PAINT_RUNS runs each, target ≤ 1 s (FIRST_PAINT_TARGET_MS) on the CI machine. The page's
 * own clock (`performance.now()`, whose origin is the navigation start) is read by a
 * MutationObserver installed before any script of the page runs.
 */
import { type ChildProcess } from 'node:child_process';
import { type Browser } from '@playwright/test';
import { buildOnce, launchChromium, PREVIEW_URL, startPreview, stopPreview } from './preview-server';

/** The first-paint target in ms. */
export const FIRST_PAINT_TARGET_MS = 1000;
const RUNS = 5;
const TOPOLOGY_DRAWN = '[data-testid="topology-svg"] g.netns';

/** Records, in the page, the first frame painted after a netns box of the topology exists. */
const PAINT_OBSERVER = `(() => {
  const seen = () => {
    if (window.__fmp !== undefined || !document.querySelector('${TOPOLOGY_DRAWN}')) return;
    window.__fmp = -1;
    requestAnimationFrame(() => setTimeout(() => { window.__fmp = performance.now(); }, 0));
  };
  new MutationObserver(seen).observe(document, { childList: true, subtree: true });
})()`;

/** One page's figure. */
export interface FirstPaint {
  readonly page: string;
  /** Median ms from navigation start to the painted topology (NaN when not measured). */
  readonly ms: number;
  /** Every run's ms. */
  readonly runs: readonly number[];
  readonly why?: string;
}

/** Opens `path` in a fresh context RUNS times; the ms of each run. */
async function measurePage(browser: Browser, path: string): Promise<number[]> {
  const runs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    try {
      await context.addInitScript(PAINT_OBSERVER);
      const page = await context.newPage();
      await page.goto(`${PREVIEW_URL}${path}`, { waitUntil: 'commit' });
      await page.waitForFunction('window.__fmp > 0', undefined, { timeout: 30_000 });
      runs.push((await page.evaluate('window.__fmp')) as number);
    } finally {
      await context.close();
    }
  }
  return runs;
}

/**
 * Measures the first meaningful paint of the app and of the iframe embed.
 * @param log where progress lines go.
 * @returns one figure per page (ms NaN with `why` when it could not be measured).
 */
export async function measureFirstPaint(log: (line: string) => void = console.log): Promise<FirstPaint[]> {
  const pages = [
    { page: 'app (/)', path: '' },
    { page: 'embed (embed.html?src=calico-ipip)', path: 'embed.html?src=calico-ipip' },
  ];
  if (!buildOnce(log)) return pages.map((p) => ({ page: p.page, ms: NaN, runs: [], why: '`npm run build` failed' }));
  let server: ChildProcess | undefined;
  let browser: Browser | undefined;
  try {
    server = await startPreview();
    browser = await launchChromium();
    const out: FirstPaint[] = [];
    for (const p of pages) {
      const runs = await measurePage(browser, p.path);
      out.push({ page: p.page, ms: [...runs].sort((a, b) => a - b)[Math.floor(runs.length / 2)], runs });
    }
    return out;
  } catch (e) {
    const why = e instanceof Error ? e.message.split('\n')[0] : String(e);
    return pages.map((p) => ({ page: p.page, ms: NaN, runs: [], why }));
  } finally {
    await browser?.close().catch(() => undefined);
    if (server) stopPreview(server);
  }
}

/**
 * The bench's first-paint figures: prints `first paint, app (/): NNN ms (target ≤ 1000)` per page,
 * with `OVER TARGET` when missed or not measured.
 * @returns false when a target is missed or nothing could be measured.
 */
export async function runFirstPaintBench(log: (line: string) => void = console.log): Promise<boolean> {
  let ok = true;
  for (const r of await measureFirstPaint(log)) {
    if (Number.isNaN(r.ms)) {
      log(`first paint, ${r.page}: NOT MEASURED: ${r.why} (target ≤ ${FIRST_PAINT_TARGET_MS} ms) OVER TARGET`);
      ok = false;
      continue;
    }
    const miss = r.ms > FIRST_PAINT_TARGET_MS;
    ok &&= !miss;
    log(`first paint, ${r.page}: ${r.ms.toFixed(0)} ms, topology on screen (target ≤ ${FIRST_PAINT_TARGET_MS})${miss ? ' OVER TARGET' : ''}; runs ${r.runs.map((x) => x.toFixed(0)).join(', ')} ms`);
  }
  return ok;
}
