/**
 * The classic `<packet-walk>` script (`packet-walk.classic.js`, no `type="module"`) on a docs page
 * whose PacketWalk files sit on ANOTHER plain static host that sends no Access-Control-* headers:
 * the docs page on 127.0.0.1:<a>, the built dist/ on localhost:<b>, a scenario file on
 * 127.0.0.1:<c> (a third origin, without CORS either). The element defines itself, plays a bundled
 * scenario (loaded by a script tag), speaks Chinese (the words loaded the same way), shows why a
 * scenario URL without CORS does not load, and the author's fallback text shows until the script
 * has run, and not after.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { SCENARIO_DIR } from '../app/store/disk-fixtures';
import { bundledTrace, stepOf } from './fixtures';
import { expect, listen, MIME, send, test } from './static-host';

const DIST = resolve('dist');
const FLOW = ['canal-nodeport', 'client-to-nodeport'] as const;
const N = bundledTrace(...FLOW).steps.length;
const DNAT = stepOf(...FLOW, (s) => !!s.rule?.text.includes('--to-destination 10.244.0.74:2368'));
const of = (i: number) => `${i + 1} / ${N}`;
const FALLBACK = 'Loading the PacketWalk diagram…';

/** Held responses of `packet-walk.classic.js?hold`: the script arrives when the test releases it. */
let held: (() => void)[] = [];

/** dist/ under /pw/, as a plain static host serves it; `?hold` delays the classic script. */
function distHandler(req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://x');
  const path = decodeURIComponent(url.pathname);
  // /pw-broken/: a copy of dist/ whose bundled scenario files did not get published.
  const prefix = ['/pw/', '/pw-broken/'].find((p) => path.startsWith(p));
  if (!prefix || (prefix === '/pw-broken/' && path.includes('/packet-walk-classic/'))) return send(res, 404, 'not found', 'text/plain');
  const file = normalize(join(DIST, path.slice(prefix.length)));
  if (!file.startsWith(DIST) || !existsSync(file) || statSync(file).isDirectory()) return send(res, 404, 'not found', 'text/plain');
  const respond = () => send(res, 200, readFileSync(file), MIME[extname(file)] ?? 'application/octet-stream');
  if (url.searchParams.has('hold')) held.push(respond);
  else respond();
}

let docs: { server: Server; port: number };
let dist: { server: Server; port: number };
let third: { server: Server; port: number };
let DOCS = '';
let PW = '';
let THIRD = '';

function docsPage(title: string, head: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>${title}</title>
<style>body{font-family:Georgia,serif;margin:20px} packet-walk{display:block;height:440px;margin:12px 0}</style>${head}</head>
<body><h1>Docs page</h1>${body}</body></html>`;
}

test.beforeAll(async () => {
  docs = await listen((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const pages: Record<string, () => string> = {
      // The one-tag form: a classic script in the head, then the elements.
      '/elements.html': () =>
        docsPage(
          'Docs: classic elements',
          `<script src="${PW}/packet-walk.classic.js"></script>`,
          `<packet-walk id="en" src="canal-nodeport" flow="client-to-nodeport" controls="full">${FALLBACK}</packet-walk>
<packet-walk id="zh" src="canal-nodeport" flow="client-to-nodeport" step="${DNAT + 1}" lang="zh" controls="full">${FALLBACK}</packet-walk>
<packet-walk id="remote" src="${THIRD}/scenario.yaml">${FALLBACK}</packet-walk>`,
        ),
      // The script still on its way (async, its response held): the fallback text shows.
      '/fallback.html': () => docsPage('Docs: fallback', '', `<packet-walk id="f" src="calico-ipip">${FALLBACK}</packet-walk><script async src="${PW}/packet-walk.classic.js?hold"></script>`),
      // dist/ published without packet-walk-classic/.
      '/missing.html': () => docsPage('Docs: missing files', `<script src="${PW}-broken/packet-walk.classic.js"></script>`, `<packet-walk id="m" src="calico-ipip">${FALLBACK}</packet-walk>`),
    };
    const page = pages[path];
    if (page) send(res, 200, page(), MIME['.html']);
    else send(res, 404, 'not found', 'text/plain');
  });
  dist = await listen(distHandler);
  third = await listen((req, res) => send(res, 200, readFileSync(join(SCENARIO_DIR, 'calico-ipip.yaml'), 'utf8'), MIME['.yaml']));
  // Three origins: two host names and three ports.
  DOCS = `http://127.0.0.1:${docs.port}`;
  PW = `http://localhost:${dist.port}/pw`;
  THIRD = `http://127.0.0.1:${third.port}`;
});
test.afterAll(async () => {
  held.forEach((r) => r());
  await Promise.all([docs, dist, third].map((s) => new Promise((ok) => s?.server.close(ok))));
});

const inEl = (page: Page, id: string, testId: string) => page.locator(`packet-walk#${id}`).getByTestId(testId);

/**
 * Whether an element's fallback text (its light-DOM text) is rendered: a text node drawn on the
 * page has client rects; one left out of the rendering (no slot in the shadow root) has none.
 */
const fallbackShown = (page: Page, id: string) =>
  page.locator(`packet-walk#${id}`).evaluate((el, text) => {
    const node = [...el.childNodes].find((n) => n.nodeType === Node.TEXT_NODE && n.textContent?.includes(text));
    if (!node) return false;
    const range = document.createRange();
    range.selectNodeContents(node);
    return range.getClientRects().length > 0 && range.getBoundingClientRect().width > 0;
  }, FALLBACK);

test('one classic script tag from a host without CORS: the element plays, speaks Chinese, and says why a URL without CORS fails', async ({ page, consoleGuard }) => {
  test.skip(!existsSync(join(DIST, 'packet-walk.classic.js')), 'dist/packet-walk.classic.js is not built (npm run build)');
  // The scenario URL on the third origin is refused by the browser (by design: it needs CORS).
  consoleGuard.allow(/blocked by CORS policy|Failed to load resource: net::ERR_FAILED/);
  const fromDist: { url: string; type: string; cors: string[] }[] = [];
  page.on('response', (r) => {
    if (r.url().startsWith(PW)) fromDist.push({ url: r.url().slice(PW.length), type: r.request().resourceType(), cors: Object.keys(r.headers()).filter((h) => h.startsWith('access-control-')) });
  });
  await page.goto(`${DOCS}/elements.html`);

  // English, a bundled scenario fetched by a script tag: the flow, its counter, its namespaces.
  await expect(inEl(page, 'en', 'embed-counter')).toHaveText(of(0));
  await expect(inEl(page, 'en', 'topology').locator('g.netns').first()).toBeVisible();
  await inEl(page, 'en', 'embed-forward').click();
  await expect(inEl(page, 'en', 'embed-counter')).toHaveText(of(1));
  expect(await page.evaluate(() => typeof customElements.get('packet-walk'))).toBe('function');

  // 简体中文: the interface's words arrive the same way.
  await expect(inEl(page, 'zh', 'embed-counter')).toHaveText(of(DNAT));
  await expect(inEl(page, 'zh', 'embed-changes').getByRole('listitem').first()).toHaveText('目的 IP: 172.16.240.131 → 10.244.0.74');
  await expect(inEl(page, 'zh', 'embed-play')).toContainText('播放');

  // A scenario URL on a third origin without CORS: the reason, inside the element.
  const errors = inEl(page, 'remote', 'embed-errors');
  await expect(errors).toContainText(`${THIRD}/scenario.yaml:1:1`);
  await expect(errors).toContainText('Access-Control-Allow-Origin');
  await expect(inEl(page, 'remote', 'embed')).toHaveAttribute('data-phase', 'error');

  // The fallback text is gone once the element is defined (its shadow root has no slot).
  for (const id of ['en', 'zh', 'remote']) expect(await fallbackShown(page, id)).toBe(false);

  // Everything came from dist/ as classic scripts (no fetch, no module), and no CORS header was sent.
  const files = fromDist.map((f) => f.url.replace(/-[0-9a-f]{10}\.js$/, '-<hash>.js'));
  expect(files.sort()).toEqual(['/packet-walk-classic/canal-nodeport-<hash>.js', '/packet-walk-classic/zh-<hash>.js', '/packet-walk.classic.js']);
  expect(fromDist.every((f) => f.type === 'script' && f.cors.length === 0)).toBe(true);

  await page.waitForTimeout(400);
  await page.screenshot({ path: 'e2e-output/screenshots/classic-embed.png', fullPage: true });
});

test('the fallback text shows until the classic script has run, and not after', async ({ page }) => {
  test.skip(!existsSync(join(DIST, 'packet-walk.classic.js')), 'dist/packet-walk.classic.js is not built (npm run build)');
  held = [];
  await page.goto(`${DOCS}/fallback.html`, { waitUntil: 'domcontentloaded' });
  await expect.poll(() => held.length).toBe(1);
  await expect(page.locator('packet-walk#f')).toHaveText(FALLBACK);
  expect(await fallbackShown(page, 'f')).toBe(true);
  expect(await page.evaluate(() => customElements.get('packet-walk'))).toBeUndefined();
  await page.screenshot({ path: 'e2e-output/screenshots/classic-embed-fallback.png' });

  held.splice(0).forEach((r) => r());
  await expect(inEl(page, 'f', 'embed-counter')).toHaveText(/^1 \/ \d+$/);
  expect(await fallbackShown(page, 'f')).toBe(false);
  await expect(inEl(page, 'f', 'topology').locator('g.netns').first()).toBeVisible();
});

test('a bundled scenario file that is not next to the script: the element says which file', async ({ page, consoleGuard }) => {
  test.skip(!existsSync(join(DIST, 'packet-walk.classic.js')), 'dist/packet-walk.classic.js is not built (npm run build)');
  consoleGuard.allow(/Failed to load resource: the server responded with a status of 404/);
  await page.goto(`${DOCS}/missing.html`);
  const errors = inEl(page, 'm', 'embed-errors');
  await expect(errors).toContainText('could not load the bundled scenario "calico-ipip"');
  await expect(errors).toContainText(`${PW}-broken/packet-walk-classic/calico-ipip-`);
  await expect(inEl(page, 'm', 'embed')).toHaveAttribute('data-phase', 'error');
});
