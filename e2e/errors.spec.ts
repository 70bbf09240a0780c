/**
 * The error direction on screen: a Service request DNATed on node1 and rejected on node2 (ICMP port
 * unreachable) travels back as an error packet, conntrack un-DNATs its quoted header to the
 * ClusterIP on node1, and the client's socket gets ECONNREFUSED. The scenario is loaded from a
 * file (e2e/scenarios/service-reject.yaml); the expected steps come from the engine in Node.
 * Screenshots of the step panel and the outcome go to e2e-output/screenshots/.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { deflateRawSync } from 'node:zlib';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { simulate, type TraceStep } from '../app/engine';
import { flowInput, loadScenario } from '../app/scenario';
import { bundledTrace, expect, openMoment, test } from './fixtures';
import { readBundledFromDisk } from '../app/store/disk-fixtures';

/**
 * How many distinct positions the packet envelope takes while `act` moves it, other than where it
 * was before: sampled in the page every animation frame for 1.5 s (one round trip, so a loaded
 * machine cannot make the test miss a short animation between two slow samples).
 */
async function positionsDuring(page: Page, act: () => Promise<void>): Promise<number> {
  const before = await page.getByTestId('packet').getAttribute('transform');
  await page.evaluate(() => {
    const seen = new Set<string>();
    (window as unknown as { __positions: Set<string> }).__positions = seen;
    const end = performance.now() + 1500;
    const tick = () => {
      seen.add(document.querySelector('[data-testid="packet"]')?.getAttribute('transform') ?? '');
      if (performance.now() < end) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  await act();
  await page.waitForTimeout(1600);
  const seen = await page.evaluate(() => [...(window as unknown as { __positions: Set<string> }).__positions]);
  return seen.filter((x) => x !== (before ?? '')).length;
}

const NAME = 'service-reject.yaml';
const TEXT = readFileSync(fileURLToPath(new URL(`./scenarios/${NAME}`, import.meta.url)), 'utf8');
const TRACE = (() => {
  const r = loadScenario(TEXT, NAME);
  if (!r.ok) throw new Error(`${NAME} does not load: ${r.errors.map((e) => e.message).join('; ')}`);
  return simulate(r.scenario.world, flowInput(r.scenario.flows[0]));
})();
const at = (pred: (s: TraceStep) => boolean): number => {
  const i = TRACE.steps.findIndex(pred);
  if (i < 0) throw new Error(`no such step in ${NAME}: ${String(pred)}`);
  return i;
};
const DROP = at((s) => s.stage === 'drop');
const REJECT = at((s) => s.stage === 'rule' && !!s.rule?.text.includes('-j REJECT'));
const WIRE_RX = at((s) => s.direction === 'error' && s.wire === 'rx');
const FIRST_ERROR = at((s) => s.direction === 'error');
const UNNAT = at((s) => s.direction === 'error' && s.changed.some((c) => c.field === 'embedded.ip.dst'));
const ERROR_HOP = at((s) => s.direction === 'error' && s.stage === 'xmit' && !!s.link);

async function openFile(page: Page): Promise<void> {
  await openMoment(page, 'k8s-clusterip-dns');
  await page.getByTestId('file-input').setInputFiles({ name: NAME, mimeType: 'text/yaml', buffer: Buffer.from(TEXT) });
  await expect(page.getByTestId('flow-select')).toHaveValue('pod-to-kube-dns-rejected');
  await expect(page.getByTestId('busy')).toHaveCount(0);
}

/** Serious and critical axe violations (colour contrast of the error colours among them). */
async function seriousViolations(page: Page): Promise<string[]> {
  const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id}: ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(' '))
          .join(' | ')}`,
    );
}

async function goTo(page: Page, i: number): Promise<void> {
  await page.getByTestId(`scrub-${i}`).click();
  await expect(page.getByTestId('step-counter')).toHaveText(new RegExp(`^${i + 1} / ${TRACE.steps.length}$`));
}

test.describe('an ICMP error travels back', () => {
  // An axe run over the app's DOM takes several seconds on a busy 2-core machine.
  test.describe.configure({ timeout: 120_000 });
  test('the drop answers, the error is animated in its own direction, the quoted header is un-NATed, the app sees ECONNREFUSED', async ({ page }) => {
    await openFile(page);
    await expect(page.getByTestId('legend-error')).toBeVisible();
    await expect(page.locator('[data-testid="scrubber-group"][data-direction="error"]').first()).toBeVisible();

    // The rule as written and as iptables-save prints it back; the hook's in and out devices.
    await goTo(page, REJECT);
    await expect(page.getByTestId('rule-matched')).toContainText('-A FORWARD -p udp -d 10.244.1.2 --dport 53 -j REJECT');
    await expect(page.getByTestId('rule-canonical')).toContainText('-A FORWARD -d 10.244.1.2/32 -p udp -m udp --dport 53 -j REJECT --reject-with icmp-port-unreachable');
    await expect(page.getByTestId('step-devices')).toHaveText(/in eth0 · out cni0/);
    await page.getByTestId('step-panel').screenshot({ path: 'e2e-output/screenshots/error-reject-rule.png' });

    await goTo(page, DROP);
    await expect(page.getByTestId('step-answer')).toHaveText(/ICMP port unreachable \(type 3, code 3\) back to 10\.244\.0\.5/);
    await expect(page.getByTestId('outcome-request')).toHaveAttribute('data-result', 'dropped');
    await expect(page.getByTestId('outcome-answer')).toHaveCount(0); // said once, by the step
    await expect(page.getByTestId('outcome-app')).toHaveCount(0); // not before the error arrives

    await goTo(page, FIRST_ERROR);
    await expect(page.getByTestId('outcome-answer')).toContainText('ICMP port unreachable');
    await expect(page.getByTestId('step-direction')).toHaveAttribute('data-direction', 'error');
    await expect(page.getByTestId('step-direction')).toHaveText(/error/i);
    await expect(page.getByTestId('packet')).toHaveAttribute('data-direction', 'error');
    await expect(page.getByTestId('packet').locator('text.halo:not(.pdu)')).toHaveText('ERROR');
    await expect(page.getByTestId('step-error-note')).toBeVisible();
    await expect(page.getByTestId('hdr-section-embedded')).toContainText('Quoted packet');
    await expect(page.getByTestId('hdr-embedded.ip.dst')).toHaveText(/10\.244\.1\.2/);

    // Animated: crossing a link, the envelope is somewhere between its two ends for a while.
    await goTo(page, ERROR_HOP);
    expect(await positionsDuring(page, () => page.keyboard.press('ArrowRight')), 'positions of the moving error envelope').toBeGreaterThan(1);
    await expect(page.getByTestId('step-counter')).toHaveText(new RegExp(`^${ERROR_HOP + 2} / `));
    await expect(page.getByTestId('step-direction')).toHaveAttribute('data-direction', 'error');

    const rx = TRACE.steps[WIRE_RX];
    await goTo(page, WIRE_RX);
    await expect(page.getByTestId('step-wire')).toContainText(`On the wire: tcpdump -i ${rx.interface} would capture this frame (received).`);

    await goTo(page, UNNAT);
    const dst = page.getByTestId('hdr-embedded.ip.dst');
    await expect(dst.locator('s')).toHaveText('10.244.1.2');
    await expect(dst).toContainText('10.96.0.10');
    await expect(page.getByTestId('hdr-summary-embedded')).toHaveText('10.244.0.5:40123 → 10.96.0.10:53 UDP');
    await page.getByTestId('step-panel').screenshot({ path: 'e2e-output/screenshots/error-unnat-step.png' });
    await page.getByTestId('header-table').scrollIntoViewIfNeeded();
    await page.getByTestId('header-table').screenshot({ path: 'e2e-output/screenshots/error-unnat-headers.png' });

    await page.keyboard.press('End');
    await expect(page.getByTestId('outcome-error')).toHaveAttribute('data-result', 'delivered');
    await expect(page.getByTestId('outcome-error')).toContainText('ICMP port unreachable (type 3, code 3) reached the sender at netshoot/eth0');
    await expect(page.getByTestId('outcome-app')).toHaveAttribute('data-errno', 'ECONNREFUSED');
    await expect(page.getByTestId('outcome-app')).toHaveText(/ECONNREFUSED “Connection refused”/);
    await page.getByTestId('outcome').screenshot({ path: 'e2e-output/screenshots/error-outcome.png' });
    await page.screenshot({ path: 'e2e-output/screenshots/error-end.png' });
    expect(await seriousViolations(page)).toEqual([]);
  });

  test('in Chinese, dark and colour-blind safe', async ({ page }) => {
    await openFile(page);
    await page.getByTestId('lang-zh').click();
    await page.evaluate(() => {
      document.documentElement.dataset.theme = 'dark';
      document.documentElement.dataset.palette = 'okabe-ito';
    });
    await goTo(page, UNNAT);
    await expect(page.getByTestId('step-direction')).toHaveText(/错误/);
    await expect(page.getByTestId('hdr-section-embedded')).toContainText('引用的原始报文');
    await page.screenshot({ path: 'e2e-output/screenshots/error-unnat-zh-dark.png' });
    await page.keyboard.press('End');
    await expect(page.getByTestId('outcome-app')).toHaveText(/应用程序收到 ECONNREFUSED/);
    await page.getByTestId('step-panel').screenshot({ path: 'e2e-output/screenshots/error-outcome-zh-dark.png' });
    expect(await seriousViolations(page)).toEqual([]);
  });

  test('the embed shows the error direction and what the application sees', async ({ page }) => {
    const fragment = deflateRawSync(Buffer.from(TEXT)).toString('base64url');
    await page.goto(`/embed.html?step=${FIRST_ERROR + 1}&controls=full#s=${fragment}`);
    await expect(page.getByTestId('embed-counter')).toHaveText(`${FIRST_ERROR + 1} / ${TRACE.steps.length}`);
    await expect(page.getByTestId('embed-direction')).toHaveAttribute('data-direction', 'error');
    await expect(page.getByTestId('packet')).toHaveAttribute('data-direction', 'error');
    await expect(page.getByTestId('outcome-answer')).toContainText('ICMP port unreachable');
    await page.getByTestId('embed').focus();
    await page.keyboard.press('End');
    await expect(page.getByTestId('outcome-app')).toHaveAttribute('data-errno', 'ECONNREFUSED');
    await page.screenshot({ path: 'e2e-output/screenshots/error-embed.png' });
  });
});

/** Every bundled flow that sends an error back, with what the spec checks: found in the Traces, not listed by hand. */
const BUNDLED_ERRORS = readBundledFromDisk().flatMap((b) => {
  const r = loadScenario(b.text, b.file);
  if (!r.ok) return [];
  return r.scenario.flows.flatMap((f) => {
    const t = bundledTrace(b.id, f.name);
    const err = t.outcome.error;
    if (!err) return [];
    const first = t.steps.findIndex((s) => s.direction === 'error');
    return [{ scenario: b.id, flow: f.name, trace: t, first, errno: err.result === 'delivered' ? err.errno : undefined }];
  });
});

test.describe('bundled lessons with an error sent back', () => {
  test.describe.configure({ timeout: 120_000 });
  for (const c of BUNDLED_ERRORS) {
    test(`${c.scenario} / ${c.flow}: the error travels back, quoting what the client sent`, async ({ page }) => {
      const n = c.trace.steps.length;
      await openMoment(page, c.scenario, c.flow, c.first);
      await expect(page.getByTestId('step-direction')).toHaveAttribute('data-direction', 'error');
      await expect(page.getByTestId('packet')).toHaveAttribute('data-direction', 'error');
      const last = c.trace.outcome.error!.step;
      const quoted = c.trace.steps[last].packet.embedded;
      await page.getByTestId(`scrub-${last}`).click();
      await expect(page.getByTestId('step-counter')).toHaveText(`${last + 1} / ${n}`);
      await expect(page.getByTestId('step-direction')).toHaveAttribute('data-direction', 'error');
      if (quoted && c.trace.outcome.error!.netns === c.trace.flow.from) {
        // Back at the client, conntrack has undone any NAT on the quoted header: it names the address the client sent to.
        expect(quoted.ip.dst).toBe(c.trace.flow.dst);
        await expect(page.getByTestId('hdr-embedded.ip.dst')).toContainText(c.trace.flow.dst);
      }
      await page.keyboard.press('End');
      if (c.errno) await expect(page.getByTestId('outcome-app')).toHaveAttribute('data-errno', c.errno);
      await expect(page.getByTestId('outcome-error')).toBeVisible();
      await page.getByTestId('step-panel').screenshot({ path: `e2e-output/screenshots/error-${c.scenario}-${c.flow}.png` });
    });
  }
  test('k8s-service-no-endpoints over UDP: the error is animated back and its quoted header un-DNATed to the ClusterIP', async ({ page }) => {
    const c = BUNDLED_ERRORS.find((x) => x.scenario === 'k8s-service-no-endpoints' && x.trace.steps.some((s) => s.changed.some((ch) => ch.field === 'embedded.ip.dst')));
    test.skip(!c, 'no bundled lesson un-NATs a quoted header yet');
    const t = c!.trace;
    const unnat = t.steps.findIndex((s) => s.direction === 'error' && s.changed.some((ch) => ch.field === 'embedded.ip.dst'));
    const change = t.steps[unnat].changed.find((ch) => ch.field === 'embedded.ip.dst')!;
    expect(change.to).toBe(t.flow.dst);
    const hop = t.steps.findIndex((s) => s.direction === 'error' && s.stage === 'xmit' && !!s.link);
    await openMoment(page, c!.scenario, c!.flow, hop);
    expect(await positionsDuring(page, () => page.keyboard.press('ArrowRight')), 'positions of the moving error envelope').toBeGreaterThan(1);
    await page.getByTestId(`scrub-${unnat}`).click();
    const dst = page.getByTestId('hdr-embedded.ip.dst');
    await expect(dst.locator('s')).toHaveText(String(change.from));
    await expect(dst).toContainText(t.flow.dst);
    await page.getByTestId('header-table').scrollIntoViewIfNeeded();
    await page.getByTestId('header-table').screenshot({ path: 'e2e-output/screenshots/error-no-endpoints-udp-headers.png' });
    await page.keyboard.press('End');
    await expect(page.getByTestId('outcome-app')).toHaveAttribute('data-errno', 'ECONNREFUSED');
    await expect(page.getByTestId('outcome-app')).toHaveText(/ECONNREFUSED “Connection refused”/);
  });
  test('the lessons include a Service with no endpoints refused with ECONNREFUSED', () => {
    test.skip(!BUNDLED_ERRORS.some((c) => c.scenario.includes('no-endpoints')), 'scenarios/k8s-service-no-endpoints.yaml is not bundled yet');
    expect(BUNDLED_ERRORS.filter((c) => c.scenario.includes('no-endpoints')).map((c) => c.errno)).toContain('ECONNREFUSED');
  });
});
