/**
 * canal-nodeport in depth: stepping by keyboard to the DNAT rule and the VXLAN encapsulation, deep
 * links that survive a reload, and taking the other branch of the random endpoint choice.
 */
import type { Page } from '@playwright/test';
import { bundledTrace, expect, openMoment, stepOf, test } from './fixtures';

const FLOW = ['canal-nodeport', 'client-to-nodeport'] as const;
/** Steps of the flow, the DNAT rule's step, and the step with the random choice of endpoint. */
const N = bundledTrace(...FLOW).steps.length;
const DNAT = stepOf(...FLOW, (s) => !!s.rule?.text.includes('--to-destination 10.244.0.74:2368'));
const CHOICE = stepOf(...FLOW, (s) => !!s.alternatives?.length);

/** Presses → until `done` holds (at most `max` times). */
async function stepUntil(page: Page, done: () => Promise<boolean>, max = 100): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await done()) return;
    await page.keyboard.press('ArrowRight');
  }
  throw new Error('condition never met');
}

test('stepping to the DNAT step and the VXLAN encapsulation', async ({ page }) => {
  await openMoment(page, 'canal-nodeport', 'client-to-nodeport');
  const matched = page.getByTestId('rule-matched');
  await stepUntil(page, async () => (await matched.count()) > 0 && (await matched.innerText()).includes('DNAT'));
  await expect(matched).toContainText('--to-destination 10.244.0.74:2368');
  await expect(page.getByTestId('chain-view')).toContainText('KUBE-SEP-UJXTJ7PNRUN6D2JD');
  await expect(page.getByTestId('hdr-ip.dst')).toContainText('172.16.240.131 → 10.244.0.74');
  await expect(page.getByTestId('hdr-l4.dport')).toContainText('31266 → 2368');
  await expect(page.getByTestId('hdr-summary-ip')).toContainText('→ 10.244.0.74:2368');
  await expect(page.getByTestId('pipeline-current')).toHaveAttribute('data-node', 'PREROUTING');
  await page.screenshot({ path: 'e2e-output/screenshots/canal-nodeport-dnat.png' });

  const stage = page.getByTestId('step-stage');
  await stepUntil(page, async () => (await stage.innerText()) === 'encapsulate');
  const outer = page.getByTestId('hdr-summary-outer0');
  await expect(outer).toContainText('172.16.240.131 → 172.16.240.132 UDP');
  await expect(outer).toContainText('→ 8472');
  await expect(page.getByTestId('packet')).toHaveAttribute('data-encap', 'vxlan');
  await page.screenshot({ path: 'e2e-output/screenshots/canal-nodeport-encap.png' });
});

test('keyboard: → ← Home End and Space', async ({ page }) => {
  await openMoment(page, 'canal-nodeport', 'client-to-nodeport');
  const counter = page.getByTestId('step-counter');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(counter).toHaveText(`3 / ${N}`);
  await page.keyboard.press('ArrowLeft');
  await expect(counter).toHaveText(`2 / ${N}`);
  await page.keyboard.press('End');
  await expect(counter).toHaveText(`${N} / ${N}`);
  await page.keyboard.press('Home');
  await expect(counter).toHaveText(`1 / ${N}`);
  await page.keyboard.press(' ');
  await expect(page.getByTestId('play-button')).toHaveAttribute('data-playing', 'true');
  await expect(counter).not.toHaveText(`1 / ${N}`);
  await page.keyboard.press(' ');
  await expect(page.getByTestId('play-button')).toHaveAttribute('data-playing', 'false');
  // Space while a button has focus only toggles playback: it does not also "click" that button
  // (clicking "First step" would rewind and pause).
  await page.keyboard.press('End');
  await page.keyboard.press('ArrowLeft');
  await expect(counter).toHaveText(`${N - 1} / ${N}`);
  await page.getByTestId('step-first').focus();
  await page.keyboard.press(' ');
  await page.waitForTimeout(300);
  await expect(page.getByTestId('play-button')).toHaveAttribute('data-playing', 'true');
  await expect(counter).not.toHaveText(`1 / ${N}`);
});

test('a deep link restores the step, and the URL follows the cursor across a reload', async ({ page }) => {
  await openMoment(page, 'canal-nodeport', 'client-to-nodeport', DNAT);
  await expect(page.getByTestId('rule-matched')).toContainText('--to-destination 10.244.0.74:2368');
  await page.keyboard.press('ArrowRight');
  // The URL numbers steps as displayed (from 1): index DNAT + 1 is step DNAT + 2.
  await expect(page).toHaveURL(new RegExp(`[?&]step=${DNAT + 2}(&|$)`));
  await expect(page).toHaveURL(/scenario=canal-nodeport/);
  await expect(page).toHaveURL(/flow=client-to-nodeport(&|$)/);
  await page.reload();
  await expect(page.getByTestId('step-counter')).toHaveText(`${DNAT + 2} / ${N}`);
  await expect(page.getByTestId('step-stage')).toHaveText('routing decision');
  await expect(page.getByTestId('route-chosen')).toContainText('10.244.0.0/24 via 10.244.0.0 dev flannel.1 onlink');
});

test('taking the other branch of the random choice re-traces to ghost-ep1, as the flow written for that branch', async ({ page }) => {
  await openMoment(page, 'canal-nodeport', 'client-to-nodeport', CHOICE);
  const alts = page.getByTestId('alternatives');
  await expect(alts).toContainText('50%');
  await expect(alts).toContainText('KUBE-SEP-MNOUPYFQRWSOE45J → 10.244.1.5:2368');
  await page.getByTestId('take-branch-2').click();
  await expect(page.getByTestId('step-counter')).toHaveText(new RegExp(`^${CHOICE + 1} / `));
  await expect(page.getByTestId('rule-matched')).toContainText('-j KUBE-SEP-MNOUPYFQRWSOE45J');
  await expect(page.getByTestId('busy')).toHaveCount(0);
  // The file writes that branch as a flow of its own: its title and narration come with it.
  await expect(page.getByTestId('flow-select')).toHaveValue('client-to-nodeport-other-endpoint');
  await expect(page).toHaveURL(/flow=client-to-nodeport-other-endpoint/);
  await page.keyboard.press('End');
  await expect(page.getByTestId('outcome-request')).toContainText('request delivered at ghost-ep1/eth0');
  // The choice survives a reload, and the first branch can be taken back.
  await page.reload();
  await expect(page.getByTestId('outcome-request')).toContainText('ghost-ep1');
  await page.goto(page.url().replace(/step=\d+/, `step=${CHOICE + 1}`));
  await expect(page.getByTestId('step-counter')).toHaveText(new RegExp(`^${CHOICE + 1} / `));
  await expect(page.getByTestId('busy')).toHaveCount(0);
  await page.getByTestId('take-branch-1').click();
  // The engine worker re-traces the flow: keys wait until the new trace is shown.
  await expect(page.getByTestId('rule-matched')).toContainText('-j KUBE-SEP-UJXTJ7PNRUN6D2JD');
  await expect(page.getByTestId('busy')).toHaveCount(0);
  await page.keyboard.press('End');
  await expect(page.getByTestId('outcome-request')).toContainText('request delivered at ghost-ep2/eth0');
});
