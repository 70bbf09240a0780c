/**
 * Accessibility: axe-core scans of the app, its tabs, presenter mode, the dark theme, Chinese and
 * the handout, failing on any serious or critical violation.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, momentUrl, openMoment, stepOf, test } from './fixtures';

/** The DNAT rule's step of canal-nodeport's first flow. */
const DNAT = stepOf('canal-nodeport', 'client-to-nodeport', (s) => !!s.rule?.text.includes('--to-destination 10.244.0.74:2368'));

// A full axe run over the app's DOM takes several seconds on a busy 2-core machine.
test.describe.configure({ timeout: 120_000 });

/** Runs axe on the page and returns the serious and critical violations, summarised. */
async function seriousViolations(page: Page): Promise<string[]> {
  const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  return r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(' '))
          .join(' | ')}`,
    );
}

test('the app at a DNAT step', async ({ page }) => {
  await openMoment(page, 'canal-nodeport', 'client-to-nodeport', DNAT);
  expect(await seriousViolations(page)).toEqual([]);
});

test('the What changed tab', async ({ page }) => {
  await openMoment(page, 'canal-nodeport', 'client-to-nodeport', 12);
  await page.getByTestId('tab-changes').click();
  expect(await seriousViolations(page)).toEqual([]);
});

test('the Break it tab with a breakage on', async ({ page }) => {
  await openMoment(page, 'canal-nodeport', 'client-to-nodeport', 12);
  await page.getByTestId('tab-break').click();
  // The box is checked once the engine has re-traced the broken World (asynchronously, in the
  // worker): click, then wait for the state, as check() would fail on a busy machine.
  const toggle = page.locator('[data-testid="breakage-toggle"]').first();
  await toggle.click();
  await expect(toggle).toBeChecked();
  await expect(page.getByTestId('tab-break')).toContainText('1');
  expect(await seriousViolations(page)).toEqual([]);
});

test('challenge mode with a question open', async ({ page }) => {
  await openMoment(page, 'canal-nodeport', 'client-to-nodeport', 12);
  await page.getByTestId('challenge-toggle').click();
  await page.keyboard.press('End');
  await expect(page.getByTestId('challenge-question').first()).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
});

test('presenter mode', async ({ page }) => {
  await page.goto(`${momentUrl('canal-nodeport', 'client-to-nodeport', DNAT)}&present=1`);
  await expect(page.getByTestId('presenter')).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
});

test('presenter mode in the dark theme', async ({ page }) => {
  await page.addInitScript(() => localStorage.setItem('packetwalk:preferences', JSON.stringify({ theme: 'dark' })));
  await page.goto(`${momentUrl('canal-nodeport', 'client-to-nodeport', DNAT)}&present=1`);
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(page.getByTestId('presenter')).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
});

test('the dark theme with the Okabe–Ito palette, in Chinese', async ({ page }) => {
  await page.addInitScript(() => localStorage.setItem('packetwalk:preferences', JSON.stringify({ theme: 'dark', palette: 'okabe-ito' })));
  await page.goto(`${momentUrl('docker-cross-host-return-no-route')}&lang=zh`);
  await expect(page.getByTestId('step-panel')).toBeVisible();
  // The engine worker traces the moment; keys pressed before it is shown would go to no trace.
  await expect(page.getByTestId('scenario-select')).toHaveValue('docker-cross-host-return-no-route');
  await expect(page.getByTestId('busy')).toHaveCount(0);
  await page.keyboard.press('End');
  await expect(page.getByTestId('outcome-reply')).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
});

test('the handout', async ({ page }) => {
  await page.goto(`${momentUrl('canal-nodeport', 'client-to-nodeport')}&handout=1`);
  await expect(page.getByTestId('handout')).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
});
