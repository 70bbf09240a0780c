/** 中文 is never boxes: the language switch's glyphs ship with the app (app/ui/fonts/NOTICE.md). */
import { expect, openMoment, test } from './fixtures';

test('the language switch draws 中文 with the shipped CJK face, whatever fonts the machine has', async ({ page }) => {
  await openMoment(page, 'canal-nodeport');
  await expect(page.getByTestId('lang-zh')).toHaveText('中文');
  await page.evaluate(() => document.fonts.ready);
  // The fonts Chromium really drew the button with (DevTools protocol), not what CSS asked for.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('DOM.enable');
  await cdp.send('CSS.enable');
  const doc = await cdp.send('DOM.getDocument', { depth: -1 });
  const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: doc.root.nodeId, selector: '[data-testid="lang-zh"]' });
  const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
  expect(fonts).toEqual([expect.objectContaining({ familyName: 'WenQuanYi Micro Hei', isCustomFont: true, glyphCount: 2 })]);
  await page.getByTestId('language-switch').screenshot({ path: 'e2e-output/screenshots/language-switch.png' });
});
