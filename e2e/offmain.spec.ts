/**
 * Heavy input off the main thread (issue 8): opening a scenario with a 30,000-rule chain, in the app
 * and in the embed page from a `#s=` link, produces no long task over 100 ms once the page is
 * interactive (loading and tracing run in the engine worker; results arrive in parts). A file over
 * the byte limit is refused by name, unread. The longest task is printed.
 */
import { mkdirSync, truncateSync, writeFileSync } from 'node:fs';
import { deflateRawSync } from 'node:zlib';
import { bundledTrace, expect, openMoment, test } from './fixtures';
import { readBundledFromDisk } from '../app/store/disk-fixtures';
import { kubeProxyDump } from '../app/bench/kube-proxy-iptables';
import { heavyScenario, longTasks, observeLongTasks, pageNow } from './heavy';

const HEAVY = heavyScenario();
const LIMIT_MS = 100;

test('app: opening a 30,000-rule scenario blocks the main thread for no more than 100 ms', async ({ page }, info) => {
  await observeLongTasks(page);
  await openMoment(page, 'canal-nodeport');
  await expect(page.getByTestId('busy')).toHaveCount(0);
  // After the first open the worker loads every other bundled file for the picker; its arrival is
  // startup work (one long task of 100–200 ms with 29 bundled files, measured with a CPU profile:
  // React's render and the topology's fit forcing a layout), not the heavy open measured here.
  await expect(page.getByTestId('scenario-select').locator('option')).toHaveCount(readBundledFromDisk().length);
  await page.waitForTimeout(500);
  // From a file on disk, as a user's file picker gives it (a buffer would be built into a File by
  // Playwright's own script in the page, a long task of the test harness, not of the app).
  mkdirSync('e2e-output', { recursive: true });
  const path = info.outputPath('heavy.yaml');
  writeFileSync(path, HEAVY);
  const t0 = await pageNow(page);
  await page.getByTestId('file-input').setInputFiles(path);
  // The busy indicator shows while the worker loads and traces.
  await expect(page.getByTestId('busy')).toBeVisible();
  await page.screenshot({ path: 'e2e-output/screenshots/busy-loading-heavy.png' });
  await expect(page.getByTestId('flow-select')).toHaveValue('heavy-ping', { timeout: 30_000 });
  await expect(page.getByTestId('busy')).toHaveCount(0);
  await expect(page.getByTestId('step-counter')).toHaveText(/^1 \/ \d+$/);
  // Stepping still responds.
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('step-counter')).toHaveText(/^2 \/ \d+$/);
  // Step on until the chain view shows the walk through BIG: 30,000 passed-over rules, collapsed.
  const run = page.getByTestId('rule-run').filter({ hasText: '1–30000' });
  for (let i = 0; i < 8 && !(await run.count()); i++) await page.keyboard.press('ArrowRight');
  await expect(run).toHaveText(/rules 1–30000: 30000 not matched/);
  await page.getByTestId('chain-view').screenshot({ path: 'e2e-output/screenshots/chain-view-collapsed-run.png' });
  await run.getByRole('button').click();
  // 200 rules are revealed, but only the lines in sight are in the page (the view is virtualised);
  // scrolled to its end, the view shows the rest of the run still collapsed.
  const lines = page.getByTestId('chain-lines');
  await expect(lines.getByTestId('rule').first()).toBeVisible();
  expect(await lines.getByTestId('rule').count()).toBeLessThan(60);
  await page.getByTestId('chain-view').screenshot({ path: 'e2e-output/screenshots/chain-view-revealed-run.png' });
  await lines.evaluate((e) => e.scrollTo({ top: e.scrollHeight }));
  await expect(page.getByTestId('rule-run').filter({ hasText: '201–30000' })).toBeVisible();
  await page.waitForTimeout(500);
  const tasks = (await longTasks(page)).filter((t) => t.start >= t0);
  const longest = Math.max(0, ...tasks.map((t) => t.duration));
  info.annotations.push({ type: 'longest task (app, heavy file)', description: `${longest.toFixed(0)} ms over ${tasks.length} long tasks` });
  console.log(`app heavy open: longest task ${longest.toFixed(0)} ms; long tasks: ${JSON.stringify(tasks.map((t) => Math.round(t.duration)))}`);
  expect(longest).toBeLessThan(LIMIT_MS);
});

// The views get the World without its rules (app/worker/view-world.ts) and the worker keeps most
// rules as their lines until a trace reads them: this open measured no long task at all (none over
// 50 ms) in four runs on 2026-12-07, where it measured 68–89 ms before; asserted like the others.
test('app: a kube-proxy node of 5,000 Services (8.6 MB) opens and walks KUBE-SERVICES to the last Service', async ({ page }, info) => {
  test.setTimeout(120_000);
  await observeLongTasks(page);
  await openMoment(page, 'canal-nodeport');
  await page.waitForTimeout(500);
  const dump = kubeProxyDump(5000);
  const path = info.outputPath('kube-proxy-5000.yaml');
  writeFileSync(path, dump.yaml);
  const t0 = await pageNow(page);
  await page.getByTestId('file-input').setInputFiles(path);
  await expect(page.getByTestId('flow-select')).toHaveValue(dump.flow, { timeout: 60_000 });
  await expect(page.getByTestId('busy')).toHaveCount(0, { timeout: 30_000 });
  // The request reaches KUBE-SERVICES: 4,999 rules passed over in one collapsed line, the last Service's rule matched.
  const run = page.getByTestId('rule-run').filter({ hasText: '1–4999' });
  for (let i = 0; i < 12 && !(await run.count()); i++) await page.keyboard.press('ArrowRight');
  await expect(run).toHaveText(/rules 1–4999: 4999 not matched/);
  await expect(page.getByTestId('rule-matched')).toContainText('-d 10.96.19.145/32');
  await page.screenshot({ path: 'e2e-output/screenshots/kube-proxy-5000.png' });
  await page.waitForTimeout(500);
  const tasks = (await longTasks(page)).filter((t) => t.start >= t0);
  const longest = Math.max(0, ...tasks.map((t) => t.duration));
  info.annotations.push({ type: 'longest task (app, 5,000 Services)', description: `${longest.toFixed(0)} ms (target < ${LIMIT_MS})` });
  console.log(`app 5,000 Services: longest task ${longest.toFixed(0)} ms (target < ${LIMIT_MS}); long tasks: ${JSON.stringify(tasks.map((t) => Math.round(t.duration)))}`);
  expect(longest).toBeLessThan(LIMIT_MS);
});

test('embed: a #s= link to a 30,000-rule scenario blocks the main thread for no more than 100 ms', async ({ page }, info) => {
  await observeLongTasks(page);
  const link = `/embed.html?controls=full#s=${deflateRawSync(Buffer.from(HEAVY)).toString('base64url')}`;
  await page.goto(link);
  // Interactive: the embed is rendered and says it is loading; the worker does the rest.
  await expect(page.getByTestId('embed')).toBeVisible();
  const t0 = await pageNow(page);
  const before = await longTasks(page);
  await expect(page.getByTestId('embed')).toHaveAttribute('data-phase', 'ready', { timeout: 30_000 });
  await expect(page.getByTestId('embed-counter')).toHaveText(/^1 \/ \d+$/);
  await page.getByTestId('embed-forward').click();
  await expect(page.getByTestId('embed-counter')).toHaveText(/^2 \/ \d+$/);
  await page.waitForTimeout(500);
  const tasks = (await longTasks(page)).filter((t) => t.start >= t0);
  const longest = Math.max(0, ...tasks.map((t) => t.duration));
  info.annotations.push({ type: 'longest task (embed #s=)', description: `${longest.toFixed(0)} ms; before interactive: ${JSON.stringify(before.map((t) => Math.round(t.duration)))}` });
  console.log(
    `embed #s= heavy: longest task ${longest.toFixed(0)} ms; after interactive: ${JSON.stringify(tasks.map((t) => Math.round(t.duration)))}; before: ${JSON.stringify(before.map((t) => Math.round(t.duration)))}`,
  );
  expect(longest).toBeLessThan(LIMIT_MS);
});

test('app: a file over the byte limit is refused by name and limit, unread, and the scenario stays', async ({ page }, info) => {
  await openMoment(page, 'canal-nodeport', 'client-to-nodeport', 5);
  // One byte over the 64 MB limit for local files, as a sparse file: the app refuses it by its size
  // before reading a byte (there is no 2 MB cap any more: a 5,000-Service node is 8.6 MB).
  const path = info.outputPath('huge.yaml');
  writeFileSync(path, '');
  truncateSync(path, 64_000_001);
  await page.getByTestId('file-input').setInputFiles(path);
  const item = page.getByTestId('error-item');
  await expect(item).toHaveAttribute('data-code', 'too-large');
  await expect(item).toContainText('huge.yaml is 64000001 bytes, larger than the 64000000-byte limit');
  await expect(page.getByTestId('scenario-select')).toHaveValue('canal-nodeport');
  await expect(page.getByTestId('step-counter')).toHaveText(`6 / ${bundledTrace('canal-nodeport', 'client-to-nodeport').steps.length}`);
  await page.screenshot({ path: 'e2e-output/screenshots/file-too-large.png' });
});
