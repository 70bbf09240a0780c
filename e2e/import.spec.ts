/** Real nodes in (issue 13): the bundled capture example plays, and a capture file opens as a scenario. */
import { expect, openMoment, test } from './fixtures';

test('the bundled capture example plays a NodePort connection across the captured nodes', async ({ page }) => {
  await openMoment(page, 'captured-canal-3-nodes', 'laptop-to-nodeport');
  await expect(page.getByTestId('scenario-select')).toContainText('Captured: a three-node Canal cluster');
  await page.keyboard.press('End');
  await expect(page.getByTestId('outcome')).toContainText('web-2');
  await page.screenshot({ path: 'e2e-output/screenshots/captured-canal-3-nodes.png' });
});

test('a capture file opened from disk is imported: the nodes and the pods kubectl names, no flow to play yet', async ({ page }) => {
  await openMoment(page, 'canal-nodeport');
  await page.getByTestId('file-input').setInputFiles('public/examples/canal-3-nodes.capture.json');
  await expect(page.getByTestId('scenario-select')).toContainText('Captured: lab');
  for (const host of ['node-1', 'node-2', 'node-3', 'web-1', 'web-2', 'client']) await expect(page.locator(`[data-netns="${host}"]`).first()).toBeVisible();
  await expect(page.getByTestId('step-pick')).toContainText('no flow to play yet');
  await page.screenshot({ path: 'e2e-output/screenshots/capture-opened.png' });
});
