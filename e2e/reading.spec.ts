/** Reading a netfilter step (issue 14): the chains the packet came through, and a rule's target beside TRACE's verdict. */
import { bundledTrace, expect, openMoment, stepOf, test } from './fixtures';

test('the DNAT step shows PREROUTING → KUBE-SERVICES → KUBE-NODEPORTS → … and "target DNAT" beside "verdict ACCEPT"', async ({ page }) => {
  const t = bundledTrace('canal-nodeport', 'client-to-nodeport');
  const i = t.steps.findIndex((s) => s.stage === 'rule' && s.chain?.startsWith('KUBE-SEP-') && (s.rule?.text ?? '').includes('DNAT'));
  await openMoment(page, 'canal-nodeport', 'client-to-nodeport', i);
  await expect(page.getByTestId('chain-path')).toContainText('PREROUTING → KUBE-SERVICES → KUBE-NODEPORTS');
  await expect(page.getByTestId('chain-path')).toContainText(t.steps[i].chain!);
  await expect(page.getByTestId('rule-target')).toHaveText('target DNAT');
  await expect(page.getByTestId('verdict')).toHaveText('verdict ACCEPT');
  await page.getByTestId('chain-view').screenshot({ path: 'e2e-output/screenshots/chain-path-dnat.png' });
});

test('the packet carries its src → dst tag, which flashes at a NAT rewrite', async ({ page }) => {
  const dnat = stepOf('canal-nodeport', 'client-to-nodeport', (s) => s.stage === 'rule' && s.changed.some((c) => c.field === 'ip.dst'));
  await openMoment(page, 'canal-nodeport', 'client-to-nodeport', dnat - 1);
  const tag = page.getByTestId('packet-tag');
  await expect(tag).toHaveText('172.16.240.1:40123 → 172.16.240.131:31266');
  await expect(tag).not.toHaveAttribute('data-changed', 'true');
  await page.keyboard.press('ArrowRight');
  await expect(tag).toHaveText('172.16.240.1:40123 → 10.244.0.74:2368');
  await expect(tag).toHaveAttribute('data-changed', 'true');
  // Encapsulated: the outer header's addresses under the inner ones.
  const encap = stepOf('canal-nodeport', 'client-to-nodeport', (s) => s.stage === 'encap');
  await openMoment(page, 'canal-nodeport', 'client-to-nodeport', encap);
  await expect(tag).toContainText('VXLAN 172.16.240.131 → 172.16.240.132');
});

test('what a step changed is at the top of the panel, and the headers are a layered tree', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  const encap = stepOf('canal-nodeport', 'client-to-nodeport', (s) => s.stage === 'encap');
  await openMoment(page, 'canal-nodeport', 'client-to-nodeport', encap);
  const changes = page.getByTestId('step-changes');
  await expect(changes).toBeVisible();
  await expect(changes).toContainText('outer IP dst');
  await expect(changes).toContainText('172.16.240.132');
  // Above the fold at 1280×720, above the header table.
  const box = (await changes.boundingBox())!;
  expect(box.y + box.height).toBeLessThan(720);
  // The inner frame sits inside the outer VXLAN header; layers fold like Wireshark's.
  await expect(page.getByTestId('hdr-section-outer0')).toHaveAttribute('data-depth', '0');
  await expect(page.getByTestId('hdr-section-eth')).toHaveAttribute('data-depth', '1');
  await expect(page.getByTestId('hdr-section-ip')).toHaveAttribute('data-depth', '1');
  await page.getByTestId('hdr-section-outer0').locator('summary').click();
  await expect(page.getByTestId('hdr-outer[0].ip.dst')).toBeHidden();
});

test('scenario text renders its Markdown subset: backticks become code, HTML stays text', async ({ page }) => {
  await openMoment(page, 'calico-ipip', undefined, 0);
  await expect(page.getByTestId('scenario-info').locator('code').filter({ hasText: 'default via 169.254.1.1' })).toHaveCount(1);
  await expect(page.getByTestId('scenario-info')).not.toContainText('`');
});
