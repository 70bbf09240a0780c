/** Reading a netfilter step (issue 14): the chains the packet came through, and a rule's target beside TRACE's verdict. */
import { bundledTrace, expect, openMoment, test } from './fixtures';

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
