/**
 * Presenting: presenter mode (clicker keys, blanking, auto-advance, `?present=1`), light and dark
 * themes, the colour-blind-safe palette, and reduced motion. Screenshots of presenter mode go to
 * e2e-output/screenshots/.
 */
import { createPacketWalkStore } from '../app/store';
import { createInProcessBridge } from '../app/store/in-process-bridge';
import { readBundledFromDisk } from '../app/store/disk-fixtures';
import { selectKeySteps } from '../app/store';
import { bundledTrace, expect, momentUrl, openMoment, stepOf, test } from './fixtures';

/** canal-nodeport's first flow: its step count and its DNAT rule step. */
const N = bundledTrace('canal-nodeport', 'client-to-nodeport').steps.length;
const DNAT = stepOf('canal-nodeport', 'client-to-nodeport', (s) => !!s.rule?.text.includes('--to-destination 10.244.0.74:2368'));
const at = (i: number) => `${i + 1} / ${N}`;

/** A canal-nodeport step that sends the packet over a link (the next step moves it along). */
const XMIT = (() => {
  const store = createPacketWalkStore({ engine: createInProcessBridge(), bundled: readBundledFromDisk() });
  store.getState().loadBundledScenario('canal-nodeport');
  return store.getState().trace!.steps.findIndex((s) => s.stage === 'xmit' && !!s.link);
})();

/** canal-nodeport's key steps, as the app computes them (selectKeySteps). */
const KEYS = (() => {
  const store = createPacketWalkStore({ engine: createInProcessBridge(), bundled: readBundledFromDisk() });
  store.getState().loadBundledScenario('canal-nodeport');
  return selectKeySteps(store.getState());
})();

test('presenter mode: clicker keys go from key step to key step, the switch goes step by step, B blanks, Esc leaves', async ({ page }) => {
  await openMoment(page, 'canal-nodeport', 'client-to-nodeport', DNAT - 1);
  await page.getByTestId('present-button').click();
  const presenter = page.getByTestId('presenter');
  await expect(presenter).toBeVisible();
  await expect(page).toHaveURL(/[?&]present=1(&|$)/);
  const counter = page.getByTestId('step-counter');
  await expect(counter).toHaveText(at(DNAT - 1));
  // Key steps (the default): the DNAT rule is one; the next and the previous ones are the app's.
  expect(KEYS).toContain(DNAT);
  expect(KEYS.length).toBeLessThan(N / 3);
  await page.keyboard.press('PageDown');
  await expect(counter).toHaveText(at(DNAT));
  await expect(page.getByTestId('presenter-detail')).toContainText('--to-destination 10.244.0.74:2368');
  await expect(page.getByTestId('presenter-key-index')).toHaveText(`${KEYS.indexOf(DNAT) + 1} of ${KEYS.length}`);
  await page.keyboard.press('Space');
  await expect(counter).toHaveText(at(KEYS[KEYS.indexOf(DNAT) + 1]));
  await page.keyboard.press('PageUp');
  await page.keyboard.press('PageUp');
  await expect(counter).toHaveText(at(KEYS[KEYS.indexOf(DNAT) - 1]));
  // Step by step.
  await page.getByTestId('presenter-key-steps').click();
  await expect(page.getByTestId('presenter-key-steps')).toHaveAttribute('aria-pressed', 'false');
  await page.getByTestId('presenter-next').click();
  const from = KEYS[KEYS.indexOf(DNAT) - 1] + 1;
  await expect(counter).toHaveText(at(from));
  await page.keyboard.press('Space');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowDown');
  await expect(counter).toHaveText(at(from + 3));
  await page.keyboard.press('ArrowLeft');
  await expect(counter).toHaveText(at(from + 2));
  await page.keyboard.press('b');
  await expect(page.getByTestId('blank-screen')).toBeVisible();
  await page.keyboard.press('b');
  await expect(page.getByTestId('blank-screen')).toHaveCount(0);
  await expect(counter).toHaveText(at(from + 2));
  await page.keyboard.press('Escape');
  await expect(presenter).toHaveCount(0);
  await expect(page.getByTestId('topology')).toBeVisible();
  await expect(page).not.toHaveURL(/present=/);
});

test('the timeline marks the key steps', async ({ page }) => {
  await openMoment(page, 'canal-nodeport', 'client-to-nodeport', 0);
  const marked = await page.locator('[data-testid^="scrub-"][data-key="true"]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-testid')!.slice('scrub-'.length))));
  expect(marked).toEqual([...KEYS]);
});

test('presenter at 1920×1080 frames the whole cross-node path in the free area, titles ≥ 18 px, and the frame sticks across steps', async ({ page }) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  const trace = bundledTrace('canal-nodeport', 'client-to-nodeport');
  const hosts = [...new Set(trace.steps.map((s) => s.netns))];
  const encap = stepOf('canal-nodeport', 'client-to-nodeport', (s) => s.stage === 'encap');
  await page.goto(`${momentUrl('canal-nodeport', 'client-to-nodeport', encap)}&present=1`);
  await expect(page.getByTestId('presenter')).toBeVisible();
  const svg = page.getByTestId('topology-svg');
  await expect(svg.locator('g.netns')).not.toHaveCount(0);
  const transform = () => svg.locator('g.viewport').getAttribute('transform');
  await expect.poll(transform).toMatch(/scale/);
  await page.waitForTimeout(700);
  const frame = await transform();
  await page.getByTestId('presenter-key-steps').click();
  const measure = () =>
    page.evaluate((names) => {
      const svgEl = document.querySelector('[data-testid="topology-svg"]') as SVGSVGElement;
      const area = svgEl.getBoundingClientRect();
      const panel = document.querySelector('[data-testid="presenter-panel"]')!.getBoundingClientRect();
      const k = svgEl.querySelector('g.viewport')!.getBoundingClientRect().width / (svgEl.querySelector('g.viewport') as SVGGElement).getBBox().width;
      const boxes = names.map((n) => {
        const r = svgEl.querySelector(`g.netns[data-netns="${n}"] rect`)!.getBoundingClientRect();
        return { n, inside: r.left >= area.left - 1 && r.right <= Math.min(area.right, panel.left) + 1 && r.top >= area.top - 1 && r.bottom <= area.bottom + 1 };
      });
      const titles = [...svgEl.querySelectorAll('text.box-title, text.machine-title')].map((t) => Number(t.getAttribute('font-size')) * k);
      return { boxes, minTitle: Math.min(...titles) };
    }, hosts);
  const m = await measure();
  expect(m.boxes.filter((b) => !b.inside).map((b) => b.n)).toEqual([]);
  expect(m.minTitle).toBeGreaterThanOrEqual(18);
  // The frame is the path's: it stays while the packet moves on, and Fit keeps it.
  await page.keyboard.press('PageDown');
  await page.keyboard.press('PageDown');
  await expect(page.getByTestId('step-counter')).toHaveText(at(encap + 2));
  await page.waitForTimeout(600);
  expect(await transform()).toBe(frame);
  await page.getByRole('button', { name: 'Fit topology to view' }).click();
  await page.keyboard.press('PageDown');
  await page.waitForTimeout(700);
  expect(await transform()).toBe(frame);
  await page.screenshot({ path: 'e2e-output/screenshots/presenter-1920-path.png' });
});

test('?present=1 opens presenter mode; auto-advance moves from key step to key step at the chosen pace', async ({ page }) => {
  await page.goto(`${momentUrl('canal-nodeport', 'client-to-nodeport', 3)}&present=1`);
  await expect(page.getByTestId('presenter')).toBeVisible();
  await expect(page.getByTestId('step-counter')).toHaveText(at(3));
  await page.getByTestId('presenter-pace').selectOption('2000');
  await page.getByTestId('presenter-auto').click();
  await expect(page.getByTestId('presenter-auto')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('step-counter')).toHaveText(at(KEYS.find((k) => k > 3)!), { timeout: 4000 });
  await page.getByTestId('presenter-auto').click();
  await expect(page.getByTestId('presenter-auto')).toHaveAttribute('aria-pressed', 'false');
});

test('presenter screenshots, light and dark, and a Chinese caption', async ({ page }) => {
  await page.goto(`${momentUrl('canal-nodeport', 'client-to-nodeport', DNAT)}&present=1`);
  await expect(page.getByTestId('presenter-panel')).toContainText('DNAT');
  await page.waitForTimeout(700);
  await page.screenshot({ path: 'e2e-output/screenshots/presenter-light.png' });
  await page.evaluate(() => localStorage.setItem('packetwalk:preferences', JSON.stringify({ language: 'en', theme: 'dark', palette: 'standard' })));
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(page.getByTestId('presenter')).toBeVisible();
  await page.waitForTimeout(700);
  await page.screenshot({ path: 'e2e-output/screenshots/presenter-dark.png' });
  await page.goto(`${momentUrl('canal-nodeport', 'client-to-nodeport', 0)}&present=1&lang=zh`);
  await expect(page.getByTestId('narration-caption')).toContainText('去程');
  await page.waitForTimeout(700);
  await page.screenshot({ path: 'e2e-output/screenshots/presenter-zh.png' });
});

test('the dark theme is applied from the View menu and persists across a reload', async ({ page }) => {
  await openMoment(page, 'canal-nodeport', 'client-to-nodeport', DNAT);
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  const lightBg = await page.evaluate(() => getComputedStyle(document.querySelector('[data-testid="topology"]')!).backgroundColor);
  await page.getByTestId('view-menu').locator('summary').click();
  await page.getByTestId('theme-dark').check();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  const darkBg = await page.evaluate(() => getComputedStyle(document.querySelector('[data-testid="topology"]')!).backgroundColor);
  expect(darkBg).not.toBe(lightBg);
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.screenshot({ path: 'e2e-output/screenshots/app-dark.png' });
});

test('the colour-blind-safe palette switches request and reply to Okabe–Ito', async ({ page }) => {
  await openMoment(page, 'canal-nodeport', 'client-to-nodeport', DNAT);
  await page.getByTestId('view-menu').locator('summary').click();
  await page.getByTestId('palette-okabe-ito').check();
  await expect(page.locator('html')).toHaveAttribute('data-palette', 'okabe-ito');
  const colour = (name: string) => page.evaluate((n) => getComputedStyle(document.documentElement).getPropertyValue(n).trim(), name);
  expect(await colour('--color-request')).toBe('#0072b2');
  expect(await colour('--color-reply')).toBe('#e69f00');
  expect(await colour('--color-drop')).toBe('#d55e00');
  const stroke = await page.locator('[data-testid="packet"] .inner rect').evaluate((el) => getComputedStyle(el).stroke);
  expect(stroke).toBe('rgb(0, 114, 178)');
});

test('reduced motion: the packet jumps to the next step without tweening', async ({ page }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await openMoment(page, 'canal-nodeport', 'client-to-nodeport', XMIT);
  await expect(page.locator('html')).toHaveAttribute('data-reduced-motion', 'true');
  const packet = page.getByTestId('packet');
  const before = await packet.getAttribute('transform');
  await page.keyboard.press('ArrowRight');
  const at = await packet.getAttribute('transform');
  await page.waitForTimeout(400);
  expect(await packet.getAttribute('transform')).toBe(at);
  expect(at).not.toBe(before);
});

test('without reduced motion the packet moves by tweening', async ({ page }) => {
  await page.emulateMedia({ reducedMotion: 'no-preference' });
  await openMoment(page, 'canal-nodeport', 'client-to-nodeport', XMIT);
  await expect(page.locator('html')).toHaveAttribute('data-reduced-motion', 'false');
  const packet = page.getByTestId('packet');
  await page.keyboard.press('ArrowRight');
  const early = await packet.getAttribute('transform');
  await page.waitForTimeout(1200);
  expect(await packet.getAttribute('transform')).not.toBe(early);
});
