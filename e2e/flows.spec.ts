/**
 * Every bundled scenario and flow: opened by URL, stepped to the end, the final outcome shown; the
 * key step of each is screenshotted to e2e-output/screenshots/ for review.
 */
import { bundledFlows, bundledTrace, expect, openMoment, test } from './fixtures';

const flows = bundledFlows();

test.describe('bundled flows', () => {
  for (const f of flows) {
    test(`${f.scenario} / ${f.flow} ends with its outcome`, async ({ page }) => {
      await openMoment(page, f.scenario, f.flow);
      await expect(page.getByTestId('scenario-select')).toHaveValue(f.scenario);
      await expect(page.getByTestId('flow-select')).toHaveValue(f.flow);
      await expect(page.getByTestId('step-counter')).toHaveText(`1 / ${f.steps}`);
      await expect(page.getByTestId('outcome')).toHaveCount(0);
      await page.getByTestId('step-last').click();
      await expect(page.getByTestId('step-counter')).toHaveText(`${f.steps} / ${f.steps}`);
      await expect(page.getByTestId('outcome-request')).toContainText(f.request);
      if (f.reply) await expect(page.getByTestId('outcome-reply')).toContainText(f.reply);
      else await expect(page.getByTestId('outcome-reply')).toHaveCount(0);
      // The flow ends at the drop, or at the end of the error the kernel sent back about it.
      const t = bundledTrace(f.scenario, f.flow);
      if (t.steps.at(-1)!.stage === 'drop') await expect(page.getByTestId('drop-marker')).toBeVisible();
      if (t.outcome.error) await expect(page.getByTestId('outcome-error')).toHaveAttribute('data-result', t.outcome.error.result);
      if (t.outcome.error?.result === 'delivered' && t.outcome.error.errno) await expect(page.getByTestId('outcome-app')).toHaveAttribute('data-errno', t.outcome.error.errno);
      await expect(page.getByTestId('packet')).toBeVisible();
    });
  }

  test('playing a short flow runs to the end by itself', async ({ page }) => {
    await openMoment(page, 'docker-network-modes', 'container-mode-nginx-to-ghost');
    await page.getByTestId('speed-select').selectOption('4');
    await page.getByTestId('play-button').click();
    await expect(page.getByTestId('play-button')).toHaveAttribute('data-playing', 'true');
    await expect(page.getByTestId('outcome-reply')).toContainText('reply delivered at pause/lo', { timeout: 15_000 });
    await expect(page.getByTestId('play-button')).toHaveAttribute('data-playing', 'false');
    await expect(page.getByTestId('step-counter')).toHaveText(
      `${bundledTrace('docker-network-modes', 'container-mode-nginx-to-ghost').steps.length} / ${bundledTrace('docker-network-modes', 'container-mode-nginx-to-ghost').steps.length}`,
    );
  });
});

test.describe('screenshots', () => {
  const seen = new Set<string>();
  for (const f of flows) {
    if (seen.has(f.scenario)) continue;
    seen.add(f.scenario);
    test(`${f.scenario} key step`, async ({ page }) => {
      await openMoment(page, f.scenario, f.flow, f.keyStep);
      await page.waitForTimeout(300);
      await page.screenshot({ path: `e2e-output/screenshots/${f.scenario}.png` });
    });
  }
});
