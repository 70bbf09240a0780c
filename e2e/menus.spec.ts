/** The header's drop-downs (Browse, Export, View) close like menus: Esc and a click outside. */
import { expect, openMoment, test } from './fixtures';

for (const menu of ['scenario-browser', 'export-menu', 'view-menu'])
  test(`${menu} closes on Esc (focus back on its button) and on a click outside`, async ({ page }) => {
    await openMoment(page, 'canal-nodeport');
    const details = page.getByTestId(menu);
    const summary = details.locator('summary');
    await summary.click();
    await expect(details).toHaveAttribute('open', '');
    await page.keyboard.press('Escape');
    await expect(details).not.toHaveAttribute('open', '');
    await expect(summary).toBeFocused();
    await summary.click();
    await expect(details).toHaveAttribute('open', '');
    await page.mouse.click(300, 400);
    await expect(details).not.toHaveAttribute('open', '');
  });
