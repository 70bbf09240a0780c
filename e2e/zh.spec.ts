/**
 * 简体中文 all the way: every step of every bundled flow, printed on its handout with `lang=zh`,
 * explains itself in Chinese (the engine's sentences are message keys rendered in the reader's
 * language; no English explanation is left on any step).
 */
import { bundledFlows, expect, momentUrl, test } from './fixtures';

const CJK = /[\u4e00-\u9fff]/;
const byScenario = new Map<string, { flow: string; steps: number }[]>();
for (const f of bundledFlows()) byScenario.set(f.scenario, [...(byScenario.get(f.scenario) ?? []), { flow: f.flow, steps: f.steps }]);

for (const [scenario, flows] of byScenario) {
  test(`zh-CN: every step of ${scenario} explains itself in Chinese`, async ({ page }) => {
    for (const f of flows) {
      await page.goto(`${momentUrl(scenario, f.flow)}&handout=1&lang=zh`);
      const explains = page.getByTestId('handout-explain');
      await expect(explains).toHaveCount(f.steps);
      // The Chinese words arrive as their own chunk: wait until the first step reads in Chinese.
      await expect(explains.first()).toHaveText(CJK);
      const english = (await explains.allTextContents()).map((t, i) => ({ i, t })).filter((x) => !CJK.test(x.t));
      expect(english, `${scenario}/${f.flow}`).toEqual([]);
    }
  });
}
