/**
 * Lessons: the interface in English and 简体中文 with the flow's narration, challenge mode, Break it,
 * what changed, SVG/PNG export of a step and the printable handout.
 */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { createPacketWalkStore, questionGate, selectCaptions, selectQuestions } from '../app/store';
import { createInProcessBridge } from '../app/store/in-process-bridge';
import { readBundledFromDisk } from '../app/store/disk-fixtures';
import { bundledTrace, expect, momentUrl, openMoment, stepOf, test } from './fixtures';

/** canal-nodeport's DNAT rule step. */
const DNAT = stepOf('canal-nodeport', 'client-to-nodeport', (s) => !!s.rule?.text.includes('--to-destination 10.244.0.74:2368'));

/** The canal-nodeport flow's captions and challenge questions, computed in Node with the app's store. */
function canal() {
  const store = createPacketWalkStore({ engine: createInProcessBridge(), bundled: readBundledFromDisk() });
  store.getState().loadBundledScenario('canal-nodeport');
  const captions = [...selectCaptions(store.getState()).entries()];
  store.getState().setChallenge(true);
  return { captions, questions: selectQuestions(store.getState()), steps: store.getState().trace!.steps.length };
}
const CANAL = canal();

test.describe('language', () => {
  test('switching to 中文 translates the interface and shows the Chinese caption', async ({ page }) => {
    const [step, caption] = CANAL.captions[0];
    await openMoment(page, 'canal-nodeport', 'client-to-nodeport', step);
    await expect(page.getByTestId('narration-caption')).toHaveText(caption.en);
    await expect(page.getByTestId('tab-step')).toHaveText('Step');
    await page.getByTestId('lang-zh').click();
    await expect(page.getByTestId('narration-caption')).toHaveText(caption.zh);
    await expect(page.getByTestId('tab-step')).toHaveText('步骤');
    await expect(page.getByTestId('step-stage')).toHaveText('发送');
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    await expect(page).toHaveURL(/[?&]lang=zh(&|$)/);
    await expect(page.getByTestId('narration-intro')).toContainText('NodePort');
    await page.waitForTimeout(300);
    await page.screenshot({ path: 'e2e-output/screenshots/zh-caption.png' });
    // The language survives a reload through the URL, and English comes back.
    await page.reload();
    await expect(page.getByTestId('narration-caption')).toHaveText(caption.zh);
    await page.getByTestId('lang-en').click();
    await expect(page.getByTestId('narration-caption')).toHaveText(caption.en);
    await expect(page).toHaveURL(/[?&]lang=en(&|$)/);
  });

  test('a caption later in the flow shows in Chinese when the URL says lang=zh', async ({ page }) => {
    const [step, caption] = CANAL.captions.find(([, c]) => c.en.includes('DNAT'))!;
    await page.goto(`${momentUrl('canal-nodeport', 'client-to-nodeport', step)}&lang=zh`);
    await expect(page.getByTestId('narration-caption')).toHaveText(caption.zh);
    await expect(page.getByTestId('step-counter')).toHaveText(`${step + 1} / ${CANAL.steps}`);
  });
});

test.describe('browser language', () => {
  test.use({ locale: 'zh-CN' });
  test('a Chinese browser gets the Chinese interface', async ({ page }) => {
    await openMoment(page, 'canal-nodeport', 'client-to-nodeport');
    await expect(page.getByTestId('lang-zh')).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByTestId('tab-changes')).toHaveText('改写汇总');
    await expect(page).toHaveURL(/lang=zh/);
  });
});

test('challenge mode: a question blocks the step until answered, then scores', async ({ page }) => {
  await openMoment(page, 'canal-nodeport', 'client-to-nodeport');
  await page.getByTestId('challenge-toggle').click();
  await expect(page.getByTestId('challenge-score')).toHaveText(`Score 0 / ${CANAL.questions.length}`);
  const first = CANAL.questions[0];
  const gate = questionGate(first);
  // Stepping to the end stops before the first question's step.
  await page.keyboard.press('End');
  await expect(page.getByTestId('step-counter')).toHaveText(`${gate} / ${CANAL.steps}`);
  await expect(page.getByTestId('challenge-blocked')).toBeVisible();
  const box = page.locator(`[data-question="${first.id}"]`);
  await expect(box).toContainText(first.prompt.en);
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('step-counter')).toHaveText(`${gate} / ${CANAL.steps}`);
  // Answer right: feedback and score.
  await box.getByTestId(`challenge-option-${first.answer}`).click();
  await expect(box.getByTestId('challenge-feedback')).toHaveAttribute('data-result', 'correct');
  await expect(page.getByTestId('challenge-score')).toHaveText(`Score 1 / ${CANAL.questions.length}`);
  // Every other question ahead of this step: answer wrong, to see the feedback.
  for (const q of CANAL.questions.filter((x) => x !== first && questionGate(x) === gate)) {
    const wrong = q.options.find((o) => o.id !== q.answer)!;
    await page.locator(`[data-question="${q.id}"]`).getByTestId(`challenge-option-${wrong.id}`).click();
    await expect(page.locator(`[data-question="${q.id}"]`).getByTestId('challenge-feedback')).toHaveAttribute('data-result', 'wrong');
  }
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('step-counter')).toHaveText(`${gate + 1} / ${CANAL.steps}`);
  // The next question can be skipped explicitly.
  await page.keyboard.press('End');
  const next = CANAL.questions.find((q) => questionGate(q) > gate)!;
  await expect(page.getByTestId('step-counter')).toHaveText(`${questionGate(next)} / ${CANAL.steps}`);
  await page.locator(`[data-question="${next.id}"]`).getByTestId('challenge-skip').click();
  await expect(page.locator(`[data-question="${next.id}"]`).getByTestId('challenge-feedback')).toHaveAttribute('data-result', 'skipped');
  await expect(page.getByTestId('challenge-score')).toHaveAttribute('data-correct', '1');
});

test('Break it: turning ip_forward off drops the request on centos7-1, Reset restores it', async ({ page }) => {
  await openMoment(page, 'canal-nodeport', 'client-to-nodeport', DNAT);
  await page.getByTestId('tab-break').click();
  await expect(page.getByTestId('break-now-request')).toContainText('request delivered at ghost-ep2/eth0');
  const toggle = page.locator('[data-testid="breakage-toggle"][data-kind="ip-forward-off"]').first();
  await expect(page.getByTestId('break-it')).toContainText('centos7-1: net.ipv4.ip_forward = 0');
  // Checked once the worker has re-traced the broken World (check() would not wait for it).
  await toggle.click();
  await expect(toggle).toBeChecked();
  await expect(page.getByTestId('break-now-request')).toContainText('request dropped at centos7-1');
  await expect(page.getByTestId('break-before-request')).toContainText('request delivered at ghost-ep2/eth0');
  await expect(page.getByTestId('tab-break')).toContainText('1');
  await expect(page).not.toHaveURL(/break/);
  await page.getByTestId('show-failure').click();
  await expect(page.getByTestId('step-stage')).toHaveText('drop');
  await expect(page.getByTestId('outcome-request')).toContainText('request dropped at centos7-1');
  await expect(page.getByTestId('drop-marker')).toBeVisible();
  await page.getByTestId('tab-break').click();
  await page.getByTestId('breakage-reset').click();
  await expect(toggle).not.toBeChecked();
  await expect(page.getByTestId('break-now-request')).toContainText('request delivered at ghost-ep2/eth0');
  await page.keyboard.press('End');
  await page.getByTestId('tab-step').click();
  await expect(page.getByTestId('outcome-request')).toContainText('request delivered at ghost-ep2/eth0');
});

test('what changed lists the DNAT of canal-nodeport and jumps to its step', async ({ page }) => {
  await openMoment(page, 'canal-nodeport', 'client-to-nodeport');
  await page.getByTestId('tab-changes').click();
  const dnat = page.locator('[data-testid="rewrite"][data-kind="DNAT"]');
  await expect(dnat).toHaveCount(1);
  await expect(dnat).toContainText('ip.dst 172.16.240.131 → 10.244.0.74');
  await expect(dnat).toContainText('KUBE-SEP-UJXTJ7PNRUN6D2JD');
  await expect(dnat).toContainText('--to-destination 10.244.0.74:2368');
  await expect(page.locator('[data-testid="rewrite"][data-kind="MASQUERADE"]')).toHaveCount(1);
  await dnat.click();
  await expect(page.getByTestId('step-counter')).toHaveText(`${DNAT + 1} / ${CANAL.steps}`);
  await expect(page.getByTestId('rule-matched')).toContainText('DNAT');
  // At the end of the flow the summary is on the step tab too.
  await page.keyboard.press('End');
  await expect(page.getByTestId('what-changed')).toContainText('End of the flow');
  await expect(page.locator('[data-testid="rewrite"][data-kind="DNAT"]')).toHaveCount(1);
});

/** Clicks an export entry and returns the downloaded bytes and file name. */
async function download(page: Page, testId: string): Promise<{ name: string; bytes: Buffer }> {
  await page.getByTestId('export-menu').locator('summary').click();
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  const path = await dl.path();
  return { name: dl.suggestedFilename(), bytes: readFileSync(path) };
}

test('the current step exports as SVG and as PNG', async ({ page }) => {
  await openMoment(page, 'canal-nodeport', 'client-to-nodeport', DNAT);
  const svg = await download(page, 'export-svg');
  expect(svg.name).toBe(`canal-nodeport-client-to-nodeport-step-${DNAT + 1}.svg`);
  const text = svg.bytes.toString('utf8');
  expect(text).toContain('<svg');
  const parsed = await page.evaluate((t) => {
    const doc = new DOMParser().parseFromString(t, 'image/svg+xml');
    return { root: doc.documentElement.nodeName, errors: doc.getElementsByTagName('parsererror').length, ports: doc.querySelectorAll('[data-port]').length };
  }, text);
  expect(parsed).toEqual({ root: 'svg', errors: 0, ports: expect.any(Number) });
  expect(parsed.ports).toBeGreaterThan(5);
  expect(text).toContain('centos7-1');
  expect(text).not.toContain('var(--');
  const png = await download(page, 'export-png');
  expect(png.name).toBe(`canal-nodeport-client-to-nodeport-step-${DNAT + 1}.png`);
  expect([...png.bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(png.bytes.length).toBeGreaterThan(5000);
});

test('the printable handout has one block per step and what changed', async ({ page, context }) => {
  await openMoment(page, 'canal-nodeport', 'client-to-nodeport');
  await page.getByTestId('export-menu').locator('summary').click();
  const link = page.getByTestId('export-handout');
  await expect(link).toHaveAttribute('href', /handout=1/);
  const [handout] = await Promise.all([context.waitForEvent('page'), link.click()]);
  await handout.waitForLoadState();
  await expect(handout.getByTestId('handout')).toBeVisible();
  await expect(handout.getByTestId('handout-step')).toHaveCount(CANAL.steps);
  await expect(handout.getByTestId('handout-changes')).toContainText('DNAT in centos7-1/ens33');
  await expect(handout.getByTestId('handout-step').nth(DNAT)).toContainText('--to-destination 10.244.0.74:2368');
  await expect(handout.getByTestId('handout-step').nth(DNAT)).toContainText('ip.dst 172.16.240.131 → 10.244.0.74');
  await expect(handout.getByTestId('handout-print')).toBeVisible();
  await handout.emulateMedia({ media: 'print' });
  await expect(handout.getByTestId('handout-print')).toBeHidden();
  await handout.close();
});

test('challenge mode never asks "which chain next?" before the chain it is about has been on screen', async ({ page }) => {
  await openMoment(page, 'canal-nodeport', 'client-to-nodeport');
  await page.getByTestId('challenge-toggle').click();
  const chainQuestions = CANAL.questions.filter((q) => q.kind === 'next-chain');
  expect(chainQuestions.length).toBeGreaterThan(0);
  const trace = bundledTrace('canal-nodeport', 'client-to-nodeport');
  for (const q of chainQuestions) {
    const at = trace.steps[q.step];
    // An earlier step, shown before the question blocks, walked the same chain.
    expect(trace.steps.slice(0, q.step).some((s) => s.netns === at.netns && s.table === at.table && s.chain === at.chain)).toBe(true);
  }
  // The first question the learner meets is not a chain question asked before any chain.
  const first = CANAL.questions[0];
  await page.keyboard.press('End');
  await expect(page.locator(`[data-question="${first.id}"]`)).toBeVisible();
  const shownChains = trace.steps.slice(0, first.step).filter((s) => s.chain);
  if (first.kind === 'next-chain') expect(shownChains.length).toBeGreaterThan(0);
});
