/**
 * Shared e2e helpers: a `test` whose every page fails on console errors, the bundled flows with their
 * expected outcomes and key steps (computed in Node with the same store the app uses), and URL
 * builders.
 */
import { expect, test as base, type Page } from '@playwright/test';
import { createPacketWalkStore } from '../app/store';
import { createInProcessBridge } from '../app/store/in-process-bridge';
import { readBundledFromDisk } from '../app/store/disk-fixtures';
import type { Trace, TraceStep } from '../app/engine';

/** `test` with a console/page-error collector that must stay empty. */
export const test = base.extend<{ consoleErrors: string[] }>({
  consoleErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
      await use(errors);
      expect(errors, 'console errors').toEqual([]);
    },
    { auto: true },
  ],
});
export { expect };

/** One bundled flow: where it starts, how it ends, and its most telling step. */
export interface FlowCase {
  readonly scenario: string;
  readonly flow: string;
  readonly steps: number;
  /** Expected final lines, e.g. `request delivered at ghost-ep2/eth0`. */
  readonly request: string;
  readonly reply: string | null;
  /** A step worth a screenshot: a drop, an encapsulation, a NAT rewrite, or the middle. */
  readonly keyStep: number;
}

/** Every bundled scenario's flows with their outcomes (from the engine, via the store). */
export function bundledFlows(): FlowCase[] {
  const store = createPacketWalkStore({ engine: createInProcessBridge(), bundled: readBundledFromDisk() });
  const out: FlowCase[] = [];
  for (const c of store.getState().catalog) {
    for (const f of c.flows) {
      store.getState().loadBundledScenario(c.id);
      store.getState().selectFlow(f.name);
      const t = store.getState().trace!;
      const o = t.outcome;
      const where = (x: NonNullable<typeof o.reply>) => `${x.result} at ${x.netns}${x.interface ? `/${x.interface}` : ''}`;
      const find = (p: (s: (typeof t.steps)[number]) => boolean) => t.steps.findIndex(p);
      const candidates = [
        find((s) => s.stage === 'drop'),
        find((s) => s.stage === 'encap'),
        find((s) => s.changed.some((ch) => ch.field === 'ip.dst' || ch.field === 'ip.src')),
        Math.floor(t.steps.length / 3),
      ];
      out.push({
        scenario: c.id,
        flow: f.name,
        steps: t.steps.length,
        request: `request ${where(o.request)}`,
        reply: o.reply ? `reply ${where(o.reply)}` : null,
        keyStep: candidates.find((i) => i >= 0) ?? 0,
      });
    }
  }
  return out;
}

let traceStore: ReturnType<typeof createPacketWalkStore> | null = null;

/** The Trace of a bundled flow (the first flow without `flow`), as the app computes it, in Node. */
export function bundledTrace(scenario: string, flow?: string): Trace {
  traceStore ??= createPacketWalkStore({ engine: createInProcessBridge(), bundled: readBundledFromDisk() });
  const s = traceStore.getState();
  s.loadBundledScenario(scenario);
  if (flow) traceStore.getState().selectFlow(flow);
  return traceStore.getState().trace!;
}

/**
 * The index of the first step of a bundled flow that `pred` holds for: specs name steps by what
 * they are, so they survive the engine recording more steps (as it did for every chain return).
 */
export function stepOf(scenario: string, flow: string | undefined, pred: (s: TraceStep) => boolean): number {
  const i = bundledTrace(scenario, flow).steps.findIndex(pred);
  if (i < 0) throw new Error(`no such step in ${scenario}/${flow ?? ''}: ${String(pred)}`);
  return i;
}

/** The app URL of a moment. */
export function momentUrl(scenario: string, flow?: string, step?: number): string {
  const q = new URLSearchParams({ scenario });
  if (flow) q.set('flow', flow);
  // The URL counts steps from 1, as displayed; `step` here is the Trace index.
  if (step !== undefined) q.set('step', String(step + 1));
  return `/?${q.toString()}`;
}

/** Opens a moment and waits until the app shows it. */
export async function openMoment(page: Page, scenario: string, flow?: string, step?: number): Promise<void> {
  await page.goto(momentUrl(scenario, flow, step));
  await expect(page.getByTestId('step-panel')).toBeVisible();
  await expect(page.getByTestId('scenario-select')).toHaveValue(scenario);
  // The engine worker loads and traces the moment; the busy indicator goes when it is shown.
  await expect(page.getByTestId('busy')).toHaveCount(0);
  if (step !== undefined) await expect(page.getByTestId('step-counter')).toHaveText(new RegExp(`^${step + 1} / `));
}
