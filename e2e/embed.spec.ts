/**
 * Embedding PacketWalk in documentation: the built `dist/` served under a sub-path, the
 * `<packet-walk>` element and the `embed.html` iframe on a host page served from ANOTHER origin
 * (a second static server started here, on 127.0.0.1, while the app is on localhost:4173), two
 * embeds stepping independently, the postMessage API both ways with a wrong origin ignored, a
 * scenario fetched cross-origin with and without CORS, a `#s=` share link round trip, the example
 * docs page (screenshotted for review), and an axe scan of the embed page.
 */
import { readFileSync, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import AxeBuilder from '@axe-core/playwright';
import type { FrameLocator, Locator, Page } from '@playwright/test';
import { SCENARIO_DIR } from '../app/store/disk-fixtures';
import { bundledTrace, stepOf } from './fixtures';
import { expect, listen, MIME, send, test } from './static-host';

/** The app (Playwright's webServer). */
const APP = 'http://localhost:4173';
const DIST = resolve('dist');

/** canal-nodeport's first flow: its steps, and steps named by what they are (their numbers move as the engine records more). */
const FLOW = ['canal-nodeport', 'client-to-nodeport'] as const;
const N = bundledTrace(...FLOW).steps.length;
const DNAT = stepOf(...FLOW, (s) => !!s.rule?.text.includes('--to-destination 10.244.0.74:2368'));
const MASQ = stepOf(...FLOW, (s) => !!s.rule?.text.includes('-j MASQUERADE'));
const ENCAP = stepOf(...FLOW, (s) => s.stage === 'encap');
const DELIVER = stepOf(...FLOW, (s) => s.stage === 'deliver');
const UNDNAT = stepOf(...FLOW, (s) => s.direction === 'reply' && s.stage === 'nat' && s.changed.some((c) => c.field === 'ip.src'));
/** `i+1 / N`, as an embed's counter shows step i. */
const of = (i: number) => `${i + 1} / ${N}`;

// ---------------------------------------------------------------------------------------------
// The host site: a second origin (127.0.0.1:<port>) with pages that embed the app (localhost:4173)
// and scenario files with and without CORS headers.

const calico = readFileSync(join(SCENARIO_DIR, 'calico-ipip.yaml'), 'utf8');
/** A scenario on the host site; its title carries markup that must stay text. */
const FETCHED = calico.replace(/^ {2}title: .*$/m, '  title: "Fetched <img src=x onerror=alert(1)> IPIP walk"');
const BROKEN = [
  'version: 1',
  'metadata:',
  '  title: Broken',
  'hosts:',
  '  - name: a',
  '    kind: node',
  '    interfaces:',
  '      - name: eth0',
  '        type: ethernet',
  '        segment: lan',
  '        mtu: big',
  '',
].join('\n');

function elementPage(): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Host: elements</title>
<style>body{font-family:Georgia,serif;margin:20px} h1{margin:30px 0} button{background:rgb(255,0,0)!important} packet-walk{height:460px;margin:12px 0}</style></head>
<body><h1 id="h">Host page</h1>
<script type="module" src="${APP}/packet-walk.js"></script>
<main>
<packet-walk id="a" src="canal-nodeport" flow="client-to-nodeport" step="${DNAT + 1}" controls="full"></packet-walk>
<packet-walk id="b" src="canal-nodeport" flow="client-to-nodeport" controls="minimal"></packet-walk>
</main>
<script>
  window.events = [];
  for (const id of ['a', 'b']) document.getElementById(id).addEventListener('packetwalk-step', (e) => window.events.push({ id, ...e.detail }));
  // What a reveal.js deck would see of each key press (it listens on the document).
  window.keys = [];
  document.addEventListener('keydown', (e) => window.keys.push(e.key + (e.defaultPrevented ? ' prevented' : '')));
</script>
<iframe id="sender" title="another origin" src="" style="width:10px;height:10px;border:0"></iframe>
</body></html>`;
}

function iframePage(host: string): string {
  const q = (extra: string) => `${APP}/embed.html?src=canal-nodeport&amp;flow=client-to-nodeport${extra}`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Host: iframes</title></head><body>
<script>
  window.received = [];
  window.addEventListener('message', (e) => {
    const which = e.source === document.getElementById('fa').contentWindow ? 'a' : e.source === document.getElementById('fb').contentWindow ? 'b' : '?';
    window.received.push({ which, origin: e.origin, data: e.data });
  });
  window.send = (which, msg) => document.getElementById('f' + which).contentWindow.postMessage(msg, '${APP}');
</script>
<iframe id="fa" title="allowed embed" style="width:900px;height:520px" src="${q(`&amp;controls=full&amp;id=a&amp;origin=${encodeURIComponent(host)}`)}"></iframe>
<iframe id="fb" title="embed that does not allow this origin" style="width:600px;height:420px" src="${q('')}"></iframe>
</body></html>`;
}

/** A page on the *other* host name of the same server: a third origin that tries to drive embeds. */
const SENDER = `<!doctype html><html><head><link rel="icon" href="data:,"></head><body><script>
  parent.postMessage({ type: 'packetwalk:goto', step: 5 }, '*');
  parent.postMessage({ type: 'packetwalk:play' }, '*');
</script></body></html>`;

function hostHandler(req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
  const routes: Record<string, () => void> = {
    '/elements.html': () => send(res, 200, elementPage(), MIME['.html']),
    '/iframes.html': () => send(res, 200, iframePage(url.origin), MIME['.html']),
    '/sender.html': () => send(res, 200, SENDER, MIME['.html']),
    '/cors/scenario.yaml': () => send(res, 200, FETCHED, MIME['.yaml'], true),
    '/cors/broken.yaml': () => send(res, 200, BROKEN, MIME['.yaml'], true),
    '/nocors/scenario.yaml': () => send(res, 200, FETCHED, MIME['.yaml']),
  };
  (routes[url.pathname] ?? (() => send(res, 404, 'not found', 'text/plain')))();
}

/** Serves `dist/` under `prefix` (e.g. `/docs/pw/`), as a documentation site would. */
function distHandler(prefix: string) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (!path.startsWith(prefix)) return send(res, 404, 'outside the sub-path', 'text/plain');
    let file = normalize(join(DIST, path.slice(prefix.length)));
    if (!file.startsWith(DIST)) return send(res, 403, 'no', 'text/plain');
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) return send(res, 404, 'not found', 'text/plain');
    send(res, 200, readFileSync(file), MIME[extname(file)] ?? 'application/octet-stream');
  };
}

let host: { server: Server; port: number };
let sub: { server: Server; port: number };
/** The host site's origin (a different origin from the app's). */
let HOST = '';
test.beforeAll(async () => {
  host = await listen(hostHandler);
  sub = await listen(distHandler('/docs/pw/'));
  HOST = `http://127.0.0.1:${host.port}`;
});
test.afterAll(async () => {
  await Promise.all([host, sub].map((s) => new Promise((ok) => s?.server.close(ok))));
});

/** A locator inside one custom element (Playwright pierces open shadow roots). */
const inEl = (page: Page, id: string, testId: string): Locator => page.locator(`packet-walk#${id}`).getByTestId(testId);

// ---------------------------------------------------------------------------------------------

test('the built site works under a sub-path (/docs/pw/): app, embed page, element and example docs', async ({ page }) => {
  const bad: string[] = [];
  page.on('response', (r) => {
    if (r.status() >= 400) bad.push(`${r.status()} ${r.url()}`);
  });
  // A request cancelled because the test navigated on (net::ERR_ABORTED) is not a broken file: a
  // worker or chunk still loading when page.goto leaves the page is aborted by Chromium. A missing
  // or refused file shows up as a status >= 400 above, or as any other requestfailed error.
  page.on('requestfailed', (r) => {
    const why = r.failure()?.errorText ?? '';
    if (why !== 'net::ERR_ABORTED') bad.push(`failed ${r.url()} (${why})`);
  });
  const base = `http://127.0.0.1:${sub.port}/docs/pw/`;
  await page.goto(`${base}?scenario=canal-nodeport&flow=client-to-nodeport&step=13`);
  await expect(page.getByTestId('step-panel')).toBeVisible();
  await page.goto(`${base}embed.html?src=calico-ipip&step=4`);
  await expect(page.getByTestId('embed-counter')).toHaveText(/^4 \/ \d+$/);
  await page.goto(`${base}examples/docs.html`);
  await expect(page.locator('packet-walk#pw-element').getByTestId('embed-counter')).toHaveText(of(ENCAP));
  await expect(page.frameLocator('#pw-frame').getByTestId('embed-counter')).toHaveText(of(DNAT));
  expect(bad).toEqual([]);
});

test('custom elements on another origin: isolated styles, own stores, DOM methods and events', async ({ page }) => {
  await page.goto(`${HOST}/elements.html`);
  await expect(inEl(page, 'a', 'embed-counter')).toHaveText(of(DNAT));
  await expect(inEl(page, 'b', 'embed-counter')).toHaveText(of(0));
  await expect(inEl(page, 'a', 'embed-rule')).toContainText('--to-destination 10.244.0.74:2368');
  await expect(inEl(page, 'a', 'topology').locator('g.netns').first()).toBeVisible();

  // Stepping one leaves the other where it is.
  await inEl(page, 'a', 'embed-forward').click();
  await inEl(page, 'a', 'embed-forward').click();
  await expect(inEl(page, 'a', 'embed-counter')).toHaveText(of(DNAT + 2));
  await expect(inEl(page, 'b', 'embed-counter')).toHaveText(of(0));
  // The DOM API numbers steps as displayed (from 1).
  await page.evaluate((n) => (document.getElementById('b') as HTMLElement & { goto(n: number): void }).goto(n), ENCAP + 1);
  await expect(inEl(page, 'b', 'embed-counter')).toHaveText(of(ENCAP));
  await expect(inEl(page, 'b', 'embed-stage')).toHaveText('encapsulate');
  await expect(inEl(page, 'a', 'embed-counter')).toHaveText(of(DNAT + 2));
  const events = await page.evaluate(() => (window as unknown as { events: { id: string; step: number }[] }).events);
  expect(events.filter((e) => e.id === 'b').at(-1)).toEqual({ id: 'b', step: ENCAP + 1, total: N, flow: 'client-to-nodeport', stage: 'encap', netns: 'centos7-1' });
  expect(events.filter((e) => e.id === 'a').map((e) => e.step)).toEqual([DNAT + 1, DNAT + 2, DNAT + 3]);
  const props = await page.evaluate(() => {
    const el = document.getElementById('b') as HTMLElement & { step: number; total: number; flows: string[] };
    return { step: el.step, total: el.total, flows: el.flows };
  });
  expect(props).toEqual({ step: ENCAP + 1, total: N, flows: ['client-to-nodeport', 'client-to-nodeport-other-endpoint'] });

  // play() and pause() through the DOM; keyboard scoped to the focused element.
  await page.evaluate(() => (document.getElementById('b') as HTMLElement & { play(): void }).play());
  await expect(inEl(page, 'b', 'embed-play')).toHaveAttribute('data-playing', 'true');
  await page.evaluate(() => (document.getElementById('b') as HTMLElement & { pause(): void }).pause());
  await expect(inEl(page, 'b', 'embed-play')).toHaveAttribute('data-playing', 'false');
  await inEl(page, 'a', 'embed').focus();
  await page.keyboard.press('End');
  await expect(inEl(page, 'a', 'embed-counter')).toHaveText(of(N - 1));
  await expect(inEl(page, 'b', 'embed-counter')).not.toHaveText(of(N - 1));
  // reveal.js's keys pass through the focused embed to the page, not prevented; its own do not.
  for (const k of ['s', 'o', 'f', 'b', '.', ',', 'Escape', 'ArrowLeft', 'End']) await page.keyboard.press(k);
  await expect(inEl(page, 'a', 'embed-counter')).toHaveText(of(N - 1));
  expect(await page.evaluate(() => (window as unknown as { keys: string[] }).keys)).toEqual(['s', 'o', 'f', 'b', '.', ',', 'Escape']);

  // The host's styles stay out (its `button{background:red!important}`), ours stay in (preflight
  // does not reset the host's h1 margin).
  const playBg = await inEl(page, 'a', 'embed-play').evaluate((b) => getComputedStyle(b).backgroundColor);
  expect(playBg).not.toBe('rgb(255, 0, 0)');
  expect(await page.locator('#h').evaluate((h) => getComputedStyle(h).marginTop)).toBe('30px');
  expect(await page.locator('#h').evaluate((h) => getComputedStyle(h).fontFamily)).toContain('Georgia');

  // A message from the page's own origin may drive an element (addressed by target); one from
  // another origin (a frame on localhost:<port>) is ignored.
  await page.evaluate(() => window.postMessage({ type: 'packetwalk:goto', step: 31, target: 'b' }, window.location.origin));
  await expect(inEl(page, 'b', 'embed-counter')).toHaveText(of(30));
  await expect(inEl(page, 'a', 'embed-counter')).toHaveText(of(N - 1));
  await page.locator('#sender').evaluate((f, src) => ((f as HTMLIFrameElement).src = src), `http://localhost:${host.port}/sender.html`);
  await page.waitForTimeout(800);
  await expect(inEl(page, 'b', 'embed-counter')).toHaveText(of(30));
  await expect(inEl(page, 'b', 'embed-play')).toHaveAttribute('data-playing', 'false');

  // Moving an element in the page restarts it from its attributes; removing one leaves the other.
  await page.evaluate(() => document.body.append(document.getElementById('a')!));
  await expect(inEl(page, 'a', 'embed-counter')).toHaveText(of(DNAT));
  await page.evaluate(() => document.getElementById('a')!.remove());
  await inEl(page, 'b', 'embed-forward').click();
  await expect(inEl(page, 'b', 'embed-counter')).toHaveText(of(31));
});

test('iframes on another origin: postMessage both ways; a host origin that is not allowed is ignored', async ({ page }) => {
  await page.goto(`${HOST}/iframes.html`);
  const a = page.frameLocator('#fa');
  const b = page.frameLocator('#fb');
  await expect(a.getByTestId('embed-counter')).toHaveText(of(0));
  await expect(b.getByTestId('embed-counter')).toHaveText(of(0));
  type Received = { which: string; origin: string; data: Record<string, unknown> };
  const received = () => page.evaluate(() => (window as unknown as { received: Received[] }).received);
  await expect.poll(async () => (await received()).some((m) => m.data.type === 'packetwalk:ready')).toBe(true);
  expect((await received()).find((m) => m.data.type === 'packetwalk:ready')).toEqual({
    which: 'a',
    origin: APP,
    data: { type: 'packetwalk:ready', flows: ['client-to-nodeport', 'client-to-nodeport-other-endpoint'], id: 'a' },
  });

  const sendTo = (which: string, msg: unknown) => page.evaluate(([w, m]) => (window as unknown as { send(w: unknown, m: unknown): void }).send(w, m), [which, msg] as const);
  // postMessage numbers steps as displayed (from 1): step DNAT + 1 is the Trace's index DNAT.
  await sendTo('a', { type: 'packetwalk:goto', step: DNAT + 1 });
  await expect(a.getByTestId('embed-counter')).toHaveText(of(DNAT));
  await expect.poll(async () => (await received()).at(-1)?.data).toEqual({ type: 'packetwalk:step', step: DNAT + 1, total: N, flow: 'client-to-nodeport', stage: 'rule', netns: 'centos7-1', id: 'a' });

  // Steps taken inside the embed are reported too.
  await a.getByTestId('embed-forward').click();
  await expect.poll(async () => (await received()).at(-1)?.data.step).toBe(DNAT + 2);

  // Malformed messages change nothing.
  for (const m of [
    { type: 'packetwalk:goto', step: '40' },
    { type: 'packetwalk:goto', step: -3 },
    { type: 'packetwalk:goto', step: 0 },
    { type: 'packetwalk:goto', step: 40, extra: 1 },
    'packetwalk:play',
    null,
    { type: 'packetwalk:select-flow' },
  ])
    await sendTo('a', m);
  await page.waitForTimeout(300);
  await expect(a.getByTestId('embed-counter')).toHaveText(of(DNAT + 1));
  await expect(a.getByTestId('embed-play')).toHaveAttribute('data-playing', 'false');

  await sendTo('a', { type: 'packetwalk:select-flow', flow: 'client-to-nodeport-other-endpoint' });
  await expect(a.getByTestId('embed-flow')).toHaveValue('client-to-nodeport-other-endpoint');
  await expect.poll(async () => (await received()).at(-1)?.data).toMatchObject({ type: 'packetwalk:step', step: 1, flow: 'client-to-nodeport-other-endpoint' });
  await sendTo('a', { type: 'packetwalk:play' });
  await expect(a.getByTestId('embed-play')).toHaveAttribute('data-playing', 'true');
  await expect.poll(async () => (await received()).at(-1)?.data.step).toBeGreaterThan(1);
  await sendTo('a', { type: 'packetwalk:pause' });
  await expect(a.getByTestId('embed-play')).toHaveAttribute('data-playing', 'false');

  // Iframe b allows only its own origin (the default): the host's commands are ignored and it tells
  // the host nothing.
  await sendTo('b', { type: 'packetwalk:goto', step: 40 });
  await sendTo('b', { type: 'packetwalk:play' });
  await page.waitForTimeout(800);
  await expect(b.getByTestId('embed-counter')).toHaveText(of(0));
  await expect(b.getByTestId('embed-play')).toHaveAttribute('data-playing', 'false');
  expect((await received()).filter((m) => m.which !== 'a')).toEqual([]);
});

test('iframe: reveal.js-style {method, args} messages drive it; unknown methods, bad args and other origins are ignored', async ({ page }) => {
  await page.goto(`${HOST}/iframes.html`);
  const a = page.frameLocator('#fa');
  const b = page.frameLocator('#fb');
  await expect(a.getByTestId('embed-counter')).toHaveText(of(0));
  await expect(b.getByTestId('embed-counter')).toHaveText(of(0));
  const sendTo = (which: string, msg: unknown) => page.evaluate(([w, m]) => (window as unknown as { send(w: unknown, m: unknown): void }).send(w, m), [which, msg] as const);
  await sendTo('a', { method: 'goto', args: [DNAT + 1] });
  await expect(a.getByTestId('embed-counter')).toHaveText(of(DNAT));
  await sendTo('a', { method: 'next' });
  await expect(a.getByTestId('embed-counter')).toHaveText(of(DNAT + 1));
  await sendTo('a', { method: 'prev', args: [], target: 'a' });
  await sendTo('a', { method: 'prev' });
  await expect(a.getByTestId('embed-counter')).toHaveText(of(DNAT - 1));
  // Unknown methods (reveal.js's own), bad args, another target: nothing moves.
  for (const m of [
    { method: 'slide', args: [3] },
    { method: 'goto', args: ['40'] },
    { method: 'goto', args: [0] },
    { method: 'goto' },
    { method: 'next', args: [2] },
    { method: 'next', target: 'b' },
    { method: 'play', extra: 1 },
  ])
    await sendTo('a', m);
  await page.waitForTimeout(300);
  await expect(a.getByTestId('embed-counter')).toHaveText(of(DNAT - 1));
  await expect(a.getByTestId('embed-play')).toHaveAttribute('data-playing', 'false');
  await sendTo('a', { method: 'selectFlow', args: ['client-to-nodeport-other-endpoint'] });
  await expect(a.getByTestId('embed-flow')).toHaveValue('client-to-nodeport-other-endpoint');
  await sendTo('a', { method: 'play' });
  await expect(a.getByTestId('embed-play')).toHaveAttribute('data-playing', 'true');
  await sendTo('a', { method: 'pause' });
  await expect(a.getByTestId('embed-play')).toHaveAttribute('data-playing', 'false');
  // Iframe b does not allow the host's origin.
  await sendTo('b', { method: 'goto', args: [40] });
  await sendTo('b', { method: 'next' });
  await page.waitForTimeout(500);
  await expect(b.getByTestId('embed-counter')).toHaveText(of(0));
});

test('the step panel shows the flow author’s caption and the fields the step rewrote (DNAT: old → new), in both languages', async ({ page }) => {
  await page.goto(`${APP}/embed.html?src=canal-nodeport&flow=client-to-nodeport&step=${DNAT + 1}`);
  await expect(page.getByTestId('embed-counter')).toHaveText(of(DNAT));
  await expect(page.getByTestId('embed-caption')).toContainText('KUBE-SEP-UJXTJ7PNRUN6D2JD DNATs 172.16.240.131:31266 → 10.244.0.74:2368');
  const changes = page.getByTestId('embed-changes');
  await expect(changes.getByRole('listitem')).toHaveText(['IP dst: 172.16.240.131 → 10.244.0.74', 'dst port: 31266 → 2368']);
  // A step with no caption and no rewrite shows neither.
  await page.getByTestId('embed-back').click();
  await expect(page.getByTestId('embed-counter')).toHaveText(of(DNAT - 1));
  await expect(page.getByTestId('embed-changes')).toHaveCount(0);
  await page.goto(`${APP}/embed.html?src=canal-nodeport&flow=client-to-nodeport&step=${DNAT + 1}&lang=zh`);
  await expect(page.getByTestId('embed-caption')).toContainText('KUBE-SEP-UJXTJ7PNRUN6D2JD 做 DNAT');
  await expect(page.getByTestId('embed-caption')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByTestId('embed-changes').getByRole('listitem').first()).toHaveText('目的 IP: 172.16.240.131 → 10.244.0.74');
});

/** Rendered size (px) of every box title in an element's diagram (font-size × zoom), and the hosts drawn. */
async function diagramText(el: Locator): Promise<{ titles: number[]; hosts: string[] }> {
  return el.evaluate((e) => {
    const svg = e.shadowRoot!.querySelector('[data-testid="topology-svg"]')!;
    const titles = [...svg.querySelectorAll<SVGTextElement>('text.box-title, text.machine-title')].map((t) => Number(getComputedStyle(t).fontSize.replace('px', '')) * t.getScreenCTM()!.a);
    const hosts = [...svg.querySelectorAll('g.netns')].map((g) => g.getAttribute('data-netns') ?? '');
    return { titles, hosts };
  });
}

test('at 900×560 the element frames the flow’s path with readable titles; view=path draws only the flow’s hosts', async ({ page }) => {
  await page.setViewportSize({ width: 940, height: 700 });
  await page.goto(`${HOST}/elements.html`);
  await page.evaluate(() => {
    document.querySelector('main')!.innerHTML = `
      <packet-walk id="all" src="canal-nodeport" flow="client-to-nodeport" step="3" style="width:900px;height:560px"></packet-walk>
      <packet-walk id="path" src="canal-nodeport" flow="client-to-nodeport" step="3" view="path" style="width:900px;height:560px"></packet-walk>`;
  });
  for (const id of ['all', 'path']) await expect(inEl(page, id, 'embed-counter')).toHaveText(of(2));
  await page.waitForTimeout(800); // the frame settles
  const all = await diagramText(page.locator('packet-walk#all'));
  const path = await diagramText(page.locator('packet-walk#path'));
  await page.locator('packet-walk#all').screenshot({ path: 'e2e-output/screenshots/embed-900-all.png' });
  await page.locator('packet-walk#path').screenshot({ path: 'e2e-output/screenshots/embed-900-path.png' });
  expect(all.hosts).toContain('ghost-ep1');
  expect(path.hosts.sort()).toEqual(['centos7-1', 'centos7-2', 'client', 'ghost-ep2']);
  for (const t of [...all.titles, ...path.titles]) expect(t).toBeGreaterThanOrEqual(10);
  // The path is wider than the pane at that size: the view follows the packet to the host it reaches.
  const inView = (id: string, netns: string) =>
    page.locator(`packet-walk#${id}`).evaluate((e, ns) => {
      const svg = e.shadowRoot!.querySelector('[data-testid="topology-svg"]')!.getBoundingClientRect();
      const box = e.shadowRoot!.querySelector(`g.netns[data-netns="${ns}"]`)!.getBoundingClientRect();
      return box.left >= svg.left && box.right <= svg.right && box.top >= svg.top && box.bottom <= svg.bottom;
    }, netns);
  expect(await inView('all', 'client')).toBe(true);
  expect(await inView('all', 'ghost-ep2')).toBe(false);
  await page.evaluate((n) => (document.getElementById('all') as HTMLElement & { goto(n: number): void }).goto(n), DELIVER + 1);
  await expect(inEl(page, 'all', 'embed-stage')).toHaveText('deliver');
  await expect.poll(() => inView('all', 'ghost-ep2')).toBe(true);
  await page.waitForTimeout(600);
  await page.locator('packet-walk#all').screenshot({ path: 'e2e-output/screenshots/embed-900-deliver.png' });
  expect(Math.min(...(await diagramText(page.locator('packet-walk#all'))).titles)).toBeGreaterThanOrEqual(10);
});

test('a scenario fetched from another origin with CORS loads; without CORS it fails with a clear error', async ({ page, consoleGuard }) => {
  consoleGuard.allow(/blocked by CORS policy|Failed to load resource: net::ERR_FAILED/);
  await page.goto(`${HOST}/elements.html`);
  // The page is on 127.0.0.1:<port>; the scenarios on localhost:<port>, another origin.
  const other = `http://localhost:${host.port}`;
  await page.evaluate((h) => {
    document.querySelector('main')!.innerHTML = `
      <packet-walk id="c" src="${h}/cors/scenario.yaml" step="5" controls="full"></packet-walk>
      <packet-walk id="n" src="${h}/nocors/scenario.yaml"></packet-walk>
      <packet-walk id="x" src="${h}/cors/broken.yaml"></packet-walk>`;
  }, other);
  // Loaded, its title shown as text (the markup in it is not markup).
  await expect(inEl(page, 'c', 'embed-counter')).toHaveText(/^5 \/ \d+$/);
  await expect(inEl(page, 'c', 'embed-title')).toHaveText('Fetched <img src=x onerror=alert(1)> IPIP walk');
  expect(await page.locator('packet-walk#c').evaluate((el) => el.shadowRoot!.querySelectorAll('img').length)).toBe(0);
  // Refused by the browser: a sentence naming CORS.
  const errors = page.locator('packet-walk#n').getByTestId('embed-errors');
  await expect(errors).toContainText(`${other}/nocors/scenario.yaml:1:1`);
  await expect(errors).toContainText('Access-Control-Allow-Origin');
  await expect(page.locator('packet-walk#n').getByTestId('embed')).toHaveAttribute('data-phase', 'error');
  // Fetched but invalid: the loader's errors with file, line and column.
  await expect(page.locator('packet-walk#x').getByTestId('embed-errors')).toContainText(`${other}/cors/broken.yaml:11:`);
  await expect(page.locator('packet-walk#x').getByTestId('embed-errors')).toContainText('hosts[0].interfaces[0].mtu');
});

test('#s= links: the share link of a fetched scenario reopens it at the same flow and step', async ({ page }) => {
  await page.goto(`${APP}/embed.html?src=${encodeURIComponent(`${HOST}/cors/scenario.yaml`)}&step=7&controls=full`);
  await expect(page.getByTestId('embed-counter')).toHaveText(/^7 \/ \d+$/);
  await page.getByTestId('embed-forward').click();
  const total = (await page.getByTestId('embed-counter').innerText()).split(' / ')[1];
  await page.getByTestId('embed-share').click();
  const link = await page.getByTestId('embed-share-url').inputValue();
  expect(link).toMatch(new RegExp(`^${APP}/embed\\.html\\?flow=pod-to-pod-ipip&step=8&controls=full#s=[A-Za-z0-9_-]+$`));
  await page.goto('about:blank');
  await page.goto(link);
  await expect(page.getByTestId('embed-title')).toHaveText('Fetched <img src=x onerror=alert(1)> IPIP walk');
  await expect(page.getByTestId('embed-counter')).toHaveText(`8 / ${total}`);

  // A link made outside the browser (Node's raw DEFLATE, base64url) opens the same way.
  const handMade = deflateRawSync(Buffer.from(FETCHED.replace('IPIP walk', 'from the command line'))).toString('base64url');
  await page.goto(`${APP}/embed.html?step=3#s=${handMade}`);
  await expect(page.getByTestId('embed-title')).toContainText('from the command line');
  await expect(page.getByTestId('embed-counter')).toHaveText(/^3 \/ /);
  // A damaged link says so.
  await page.goto(`${APP}/embed.html#s=AAAA-not-deflate`);
  await expect(page.getByTestId('embed-errors')).toContainText('#s=');
});

test('the example documentation page names the steps it jumps to by their numbers as displayed (from 1)', () => {
  const html = readFileSync(resolve('public/examples/docs.html'), 'utf8');
  const jumps = [...html.matchAll(/data-(?:el-)?step="(\d+)">([^<]+)</g)].map((m) => [m[2], Number(m[1]) - 1]);
  expect(jumps).toEqual([
    ['DNAT (KUBE-SEP)', DNAT],
    ['MASQUERADE', MASQ],
    ['VXLAN encapsulation', ENCAP],
    ['conntrack undoes the DNAT', UNDNAT],
    ['VXLAN encapsulation', ENCAP],
    ['delivered to the pod', DELIVER],
  ]);
  expect([...html.matchAll(/[?&](?:amp;)*step=(\d+)/g)].map((m) => Number(m[1]) - 1)).toEqual([DNAT, DNAT, DNAT]);
  expect([...html.matchAll(/ step="(\d+)"/g)].map((m) => Number(m[1]) - 1)).toEqual([ENCAP, ENCAP, ENCAP]);
});

test('the example documentation page: both forms on the Canal NodePort flow, driven from the page', async ({ page }) => {
  await page.goto(`${APP}/examples/docs.html`);
  const frame: FrameLocator = page.frameLocator('#pw-frame');
  await expect(frame.getByTestId('embed-counter')).toHaveText(of(DNAT));
  await expect(page.locator('packet-walk#pw-element').getByTestId('embed-counter')).toHaveText(of(ENCAP));
  await page.getByRole('button', { name: 'VXLAN encapsulation' }).first().click();
  await expect(frame.getByTestId('embed-stage')).toHaveText('encapsulate');
  await expect(page.locator('#frame-step')).toHaveText(`step ${ENCAP + 1} of ${N}: encap at centos7-1`);
  await page.getByRole('button', { name: 'delivered to the pod' }).click();
  await expect(page.locator('#el-step')).toHaveText(`step ${DELIVER + 1} of ${N}: deliver at ghost-ep2`);
  await page.getByRole('button', { name: 'VXLAN encapsulation' }).first().click();
  await page.waitForTimeout(1200); // let the packet finish moving before the picture
  await page.screenshot({ path: 'e2e-output/screenshots/embed-docs.png', fullPage: true });
  await page.setViewportSize({ width: 480, height: 900 });
  await page.waitForTimeout(600);
  await page.screenshot({ path: 'e2e-output/screenshots/embed-docs-480.png', fullPage: true });
  for (const el of [page.locator('packet-walk#pw-element').getByTestId('embed'), frame.getByTestId('embed')]) {
    const overflow = await el.evaluate((e) => e.scrollWidth - e.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  }
});

test('the embed fits a narrow iframe, autoplays, and speaks Chinese with lang=zh', async ({ page }) => {
  await page.setViewportSize({ width: 480, height: 560 });
  await page.goto(`${APP}/embed.html?src=docker-network-modes&autoplay=1&lang=zh`);
  await expect(page.getByTestId('embed-play')).toHaveAttribute('data-playing', 'true');
  await expect(page.getByTestId('embed-counter')).not.toHaveText(/^1 \//);
  await expect(page.getByTestId('embed-play')).toContainText('暂停');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  for (const id of ['topology', 'embed-step', 'embed-controls']) await expect(page.getByTestId(id)).toBeInViewport();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(480);
  await page.screenshot({ path: 'e2e-output/screenshots/embed-480.png' });
});

test('axe: the embed page has no serious or critical accessibility violations', async ({ page }) => {
  test.slow();
  for (const q of ['src=canal-nodeport&flow=client-to-nodeport&step=13&controls=full', 'src=calico-ipip&controls=minimal', 'src=nope']) {
    await page.goto(`${APP}/embed.html?${q}`);
    await expect(page.getByTestId('embed')).not.toHaveAttribute('data-phase', 'loading');
    const r = await new AxeBuilder({ page }).analyze();
    const bad = r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${q}: ${v.id} (${v.nodes.length}) ${v.nodes[0]?.target}`);
    expect(bad).toEqual([]);
  }
});

test('cluster files: a bundled one plays in the embed expanded at build time; one given by #s= is refused with the way to expand it', async ({ page }) => {
  await page.goto(`${APP}/embed.html?src=cluster-flannel-service&flow=laptop-to-nodeport&step=3`);
  await expect(page.getByTestId('embed-title')).toContainText('Built from Kubernetes objects');
  await expect(page.getByTestId('embed-counter')).toHaveText(/^3 \/ \d+$/);
  const cluster = readFileSync(resolve('scenarios/cluster-flannel-service.yaml'), 'utf8');
  await page.goto(`${APP}/embed.html#s=${deflateRawSync(Buffer.from(cluster)).toString('base64url')}`);
  await expect(page.getByTestId('embed-errors')).toContainText('npm run cluster');
});
