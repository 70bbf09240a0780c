/**
 * The store with an engine that answers later and across a copy boundary (as the worker does):
 * busy while working, only the latest request applied, engine failures shown as errors, and plain
 * data on the main thread.
 */
import { describe, expect, it, vi } from 'vitest';
import { createPacketWalkStore } from './store';
import { readBundledFromDisk } from './disk-fixtures';
import { createInProcessBridge } from './in-process-bridge';
import { EngineFailure, type EngineBridge } from './engine-bridge';

const bundled = readBundledFromDisk();
const async = () => createPacketWalkStore({ bundled, engine: createInProcessBridge({ defer: true, clone: true, partBudget: 500 }) });

describe('store with an asynchronous engine', () => {
  it('fills the catalog later, shows busy while loading, and lands on the location', async () => {
    const store = async();
    expect(store.getState().catalog).toEqual([]);
    const p = store.getState().restoreLocation({ scenario: 'canal-nodeport', flow: 'client-to-nodeport', step: 13 });
    expect(store.getState().busy).toMatchObject({ kind: 'loading' });
    await p;
    // The scenario asked for opens first; the picker's catalog fills in after it.
    await vi.waitFor(() => expect(store.getState().catalog.length).toBe(bundled.length));
    const s = store.getState();
    expect(s.busy).toBeNull();
    expect(s.scenarioId).toBe('canal-nodeport');
    expect(s.step).toBe(13);
    expect(s.trace?.steps[13]).toBeDefined();
    expect(s.trace?.outcome.reply?.result).toBe('delivered');
    // Plain data: what crossed the boundary has ordinary prototypes and survives JSON.
    expect(Object.getPrototypeOf(s.scenario!.world.netns)).toBe(Object.prototype);
    expect(JSON.parse(JSON.stringify(s.trace))).toEqual(s.trace);
  });
  it('loads only the scenario it opens before the page shows it, then the rest for the catalog', async () => {
    const inner = createInProcessBridge({ defer: true });
    const loaded: string[] = [];
    const engine: EngineBridge = { ...inner, load: (text, file) => (loaded.push(file), inner.load(text, file)) };
    // The app's bundled files are fetched on demand, as Vite's lazy glob gives them.
    const lazy = bundled.map((b) => ({ ...b, text: () => Promise.resolve(b.text) }));
    const store = createPacketWalkStore({ bundled: lazy, engine });
    let loadedWhenShown: string[] = [];
    store.subscribe((s, prev) => {
      if (s.scenarioId && !prev.scenarioId) loadedWhenShown = [...loaded];
    });
    await store.getState().restoreLocation({ scenario: 'calico-ipip' });
    expect(store.getState().scenarioId).toBe('calico-ipip');
    expect(loadedWhenShown).toEqual(['scenarios/calico-ipip.yaml']);
    await vi.waitFor(() => expect(store.getState().catalog.length).toBe(bundled.length));
    // Each file is loaded once: the opened one is not loaded again for the catalog.
    expect(loaded.length).toBe(bundled.length);
    expect(new Set(loaded).size).toBe(bundled.length);
  });
  it('applies only the latest of overlapping requests', async () => {
    const store = async();
    await store.getState().loadBundledScenario('canal-nodeport');
    const first = store.getState().selectFlow('client-to-nodeport-other-endpoint');
    const second = store.getState().selectFlow('client-to-nodeport');
    expect(await first).toBe(false);
    expect(await second).toBe(true);
    expect(store.getState().flowName).toBe('client-to-nodeport');
    expect(store.getState().busy).toBeNull();
  });
  it('shows an engine that did not answer as an error and keeps the scenario on screen', async () => {
    const inner = createInProcessBridge();
    let fail = false;
    const engine: EngineBridge = {
      ...inner,
      trace: (...a) => (fail ? Promise.reject(new EngineFailure('timeout', 'the engine took longer than 10 s and was stopped', 10)) : inner.trace(...a)),
    };
    const store = createPacketWalkStore({ bundled, engine });
    await store.getState().loadBundledScenario('canal-nodeport');
    fail = true;
    expect(await store.getState().selectFlow('client-to-nodeport-other-endpoint')).toBe(false);
    const s = store.getState();
    expect(s.flowName).toBe('client-to-nodeport');
    expect(s.busy).toBeNull();
    expect(s.loadErrors).toEqual([expect.objectContaining({ code: 'engine-timeout', seconds: 10, file: 'scenarios/canal-nodeport.yaml' })]);
  });
  it('releases a user file the engine no longer needs', async () => {
    const released: string[] = [];
    const inner = createInProcessBridge();
    const store = createPacketWalkStore({ bundled, engine: { ...inner, release: (k) => (released.push(k), inner.release(k)) } });
    const text = bundled.find((b) => b.id === 'calico-ipip')!.text;
    await store.getState().loadScenarioText(text, 'a.yaml');
    const key = store.getState().scenarioKey;
    await store.getState().loadScenarioText(text, 'b.yaml');
    expect(released).toEqual([key]);
    await store.getState().loadBundledScenario('canal-nodeport');
    expect(released).toHaveLength(2);
  });
});
