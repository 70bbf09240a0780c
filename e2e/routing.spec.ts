/**
 * Policy routing in the browser: at a routing decision made by an ip rule, the step panel lists the
 * rules with the deciding one marked, shows the table the route came from, and says why, in English
 * and 简体中文; a throw route that sent the lookup on is named.
 */
import { expect, openMoment, stepOf, test } from './fixtures';

const LESSON = 'lesson-policy-routing';
const atRouter = (flow: string) => stepOf(LESSON, flow, (s) => s.netns === 'r' && s.stage === 'route');

test('a packet marked 0x1 is routed by ip rule 100 through table 100: the rule and the route are marked', async ({ page }) => {
  await openMoment(page, LESSON, 'fwmark-to-isp-b', atRouter('fwmark-to-isp-b'));
  const routes = page.getByTestId('route-table');
  await expect(routes).toContainText('Policy rules of r (ip rule)');
  await expect(routes).toContainText('Routing table 100 of r');
  await expect(routes.getByTestId('route-chosen')).toHaveText(['100: from all fwmark 0x1/0x1 lookup 100', 'default via 10.0.2.2 dev eth2 table 100']);
  await expect(page.getByTestId('step-panel')).toContainText('the ip rule "100: from all fwmark 0x1/0x1 lookup 100" matches first and sends the lookup to table 100');
  await page.screenshot({ path: 'e2e-output/screenshots/policy-routing.png' });
  await page.getByTestId('lang-zh').click();
  await expect(page.getByTestId('step-panel')).toContainText('策略路由');
  await expect(routes).toContainText('r 的路由表 100');
});

test('a throw route in table 300 sends the lookup on to main, and the step says so', async ({ page }) => {
  await openMoment(page, LESSON, 'throw-to-main', atRouter('throw-to-main'));
  await expect(page.getByTestId('step-panel')).toContainText('the throw route "throw 192.0.2.0/25 table 300" matches: the lookup goes on');
  await expect(page.getByTestId('route-table')).toContainText('Routing table main of r');
  await expect(page.getByTestId('route-table').getByTestId('route-chosen')).toHaveText(['default via 10.0.1.2 dev eth1']);
});
