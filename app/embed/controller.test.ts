/** The embed controller: loading by src, host commands, notifications, and independent instances. */
import { describe, expect, it } from 'vitest';
import { createInProcessBridge } from '../store/in-process-bridge';
import { createEmbedController } from './controller';
import type { StepInfo } from './messages';
import { readEmbedOptions, type EmbedOptions } from './options';
import { scenarioFragment } from './fragment';

const opts = (o: Record<string, string>): EmbedOptions => readEmbedOptions((n) => o[n] ?? null, 'attribute');
/** A fresh environment per controller: the docs page's base URL and an in-process engine. */
const env = () => ({ base: 'https://docs.example.com/', engine: createInProcessBridge() });

describe('embed controller', () => {
  it('loads a bundled scenario at the flow and step asked for, then reports ready and the step', async () => {
    const steps: StepInfo[] = [];
    const ready: string[][] = [];
    const c = createEmbedController(opts({ src: 'canal-nodeport', flow: 'client-to-nodeport', step: '14' }), env(), { step: (i) => steps.push(i), ready: (f) => ready.push([...f]) });
    await c.load();
    expect(c.status.getState()).toMatchObject({ phase: 'ready', errors: [], bundledId: 'canal-nodeport' });
    expect(ready).toEqual([['client-to-nodeport', 'client-to-nodeport-other-endpoint']]);
    // The option and the reported step count from 1, as displayed; goto takes the Trace index.
    expect(steps).toEqual([{ step: 14, total: expect.any(Number), flow: 'client-to-nodeport', stage: 'rule', netns: 'centos7-1' }]);
    expect(steps[0].total).toBeGreaterThan(13);
    const encap = c.store.getState().trace!.steps.findIndex((s) => s.stage === 'encap');
    expect(encap).toBeGreaterThan(13);
    c.goto(encap);
    c.goto(encap);
    expect(steps.at(-1)).toMatchObject({ step: encap + 1, stage: 'encap' });
    expect(steps).toHaveLength(2);
    expect(c.selectFlow('nope')).toBe(false);
    expect(c.selectFlow('client-to-nodeport-other-endpoint')).toBe(true);
    expect(steps.at(-1)).toMatchObject({ step: 1, flow: 'client-to-nodeport-other-endpoint' });
    c.play();
    expect(c.store.getState().playing).toBe(true);
    c.pause();
    expect(c.store.getState().playing).toBe(false);
  });
  it('keeps commands sent before the scenario is shown', async () => {
    const c = createEmbedController(opts({ src: 'canal-nodeport' }), env());
    const loading = c.load();
    c.goto(40);
    await loading;
    expect(c.stepInfo()?.step).toBe(41);
  });
  it('shows an unknown flow as a notice and the first flow', async () => {
    const c = createEmbedController(opts({ src: 'canal-nodeport', flow: 'nope' }), env());
    await c.load();
    expect(c.status.getState().notice).toContain('No flow "nope"');
    expect(c.stepInfo()?.flow).toBe('client-to-nodeport');
  });
  it('loads an inline #s= scenario and reports the loader’s positioned errors for a broken one', async () => {
    const good = createEmbedController(opts({ src: await scenarioFragment('version: 1\nmetadata:\n  title: x\n') }), env());
    const errors: unknown[] = [];
    const bad = createEmbedController(opts({ src: await scenarioFragment('version: 1\nmetadata: [\n') }), env(), { error: (e) => errors.push(e) });
    await bad.load();
    expect(bad.status.getState().phase).toBe('error');
    expect(bad.status.getState().errors[0]).toMatchObject({ file: 'shared-link.yaml' });
    expect(bad.status.getState().errors[0].line).toBeGreaterThanOrEqual(2);
    expect(errors).toHaveLength(1);
    await good.load();
    expect(good.status.getState().phase).toBe('error'); // valid YAML, but not a scenario: errors with positions
    expect(good.status.getState().errors.length).toBeGreaterThan(0);
  });
  it('gives every embed its own store', async () => {
    const a = createEmbedController(opts({ src: 'canal-nodeport' }), env());
    const b = createEmbedController(opts({ src: 'canal-nodeport' }), env());
    await Promise.all([a.load(), b.load()]);
    expect(a.store).not.toBe(b.store);
    a.goto(10);
    expect(a.stepInfo()?.step).toBe(11);
    expect(b.stepInfo()?.step).toBe(1);
  });
});
