/** 中文 is never boxes: the language switch's glyphs ship with the app (app/ui/fonts/NOTICE.md). */
import { expect, openMoment, test } from './fixtures';

test('the CJK fallback face ships inlined and covers the language switch\'s 中文', async ({ page }) => {
  await openMoment(page, 'canal-nodeport');
  await expect(page.getByTestId('lang-zh')).toHaveText('中文');
  const loaded = await page.evaluate(async () => {
    const faces = await document.fonts.load('16px "PacketWalk CJK fallback"', '中文简体');
    return { faces: faces.length, check: document.fonts.check('16px "PacketWalk CJK fallback"', '中文') };
  });
  expect(loaded).toEqual({ faces: 1, check: true });
  await page.getByTestId('language-switch').screenshot({ path: 'e2e-output/screenshots/language-switch.png' });
});
