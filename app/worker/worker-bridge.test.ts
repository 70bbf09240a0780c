/** The chunked encoding round trip, and the worker client's time limit, restart and reload. */
import { describe, expect, it } from 'vitest';
import { EngineFailure } from '../store/engine-bridge';
import { readBundledFromDisk } from '../store/disk-fixtures';
import { Assembler, encodeChunked, type Part } from './chunked';
import { EngineCore } from './engine-core';
import type { WorkerRequest, WorkerResponse } from './protocol';
import { createWorkerBridge, type WorkerLike } from './worker-bridge';

describe('chunked encoding', () => {
  it('cuts a large graph into parts of at most the budget and puts it back together, keys kept as data', () => {
    const value = { list: Array.from({ length: 500 }, (_, i) => ({ i, s: `r${i}`, sub: [i, i + 1] })), ['__proto__']: { x: 1 }, constructor: 'c', small: [1, 2] };
    Object.defineProperty(value, '__proto__', { value: { x: 1 }, enumerable: true });
    const parts: Part[] = [];
    const root = encodeChunked(value, (p) => parts.push(structuredClone(p)), 100);
    expect(parts.length).toBeGreaterThan(5);
    for (const p of parts) expect(p.items.length).toBeLessThanOrEqual(100);
    const a = new Assembler();
    for (const p of [...parts].reverse()) a.add(p);
    const back = a.finish(structuredClone(root)) as typeof value;
    expect(JSON.stringify(back)).toBe(JSON.stringify(value));
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect(Object.hasOwn(back, '__proto__')).toBe(true);
  });
  it('sends a small value inline', () => {
    const parts: Part[] = [];
    expect(encodeChunked({ a: 1 }, (p) => parts.push(p))).toEqual({ inline: { a: 1 } });
    expect(parts).toEqual([]);
  });
});

/** A fake worker running EngineCore on a later task; `hang` makes it never answer traces. */
function fakeWorker(log: string[], hang: { on: boolean }): WorkerLike {
  const core = new EngineCore();
  const w: WorkerLike = {
    onmessage: null,
    onerror: null,
    terminate: () => log.push('terminate'),
    postMessage(req: WorkerRequest) {
      log.push(req.op);
      if (req.op === 'release') return;
      if (req.op === 'trace' && hang.on) return;
      setTimeout(() => {
        const result = req.op === 'load' ? core.load(req.key, req.text, req.file) : core.trace(req.key, req.flow, req.choices, req.breakages);
        const send = (data: WorkerResponse) => w.onmessage?.({ data } as MessageEvent<WorkerResponse>);
        const done = encodeChunked(result, (part) => send({ id: req.id, part }), 500);
        send({ id: req.id, done });
      }, 1);
    },
  };
  return w;
}

describe('worker bridge', () => {
  const canal = readBundledFromDisk().find((b) => b.id === 'canal-nodeport')!;
  it('loads and traces through the worker, reassembling parts', async () => {
    const log: string[] = [];
    const bridge = createWorkerBridge({ spawn: () => fakeWorker(log, { on: false }) });
    const r = await bridge.load(canal.text, canal.file);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const t = await bridge.trace(r.key, 'client-to-nodeport', {}, []);
    expect(t?.trace.steps.length).toBe(96);
    expect(t?.world).toBeNull();
    expect(await bridge.trace(r.key, 'no-such-flow', {}, [])).toBeNull();
  });
  it('stops a trace that takes too long, reports a timeout, and reloads the scenario in a new worker', async () => {
    const log: string[] = [];
    const hang = { on: false };
    let spawned = 0;
    const bridge = createWorkerBridge({ spawn: () => (spawned++, fakeWorker(log, hang)), timeoutMs: 80 });
    const r = await bridge.load(canal.text, canal.file);
    if (!r.ok) throw new Error('load failed');
    hang.on = true;
    const t0 = Date.now();
    const err = await Promise.resolve(bridge.trace(r.key, 'client-to-nodeport', {}, [])).catch((e: unknown) => e);
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(err).toBeInstanceOf(EngineFailure);
    expect(err).toMatchObject({ code: 'timeout', seconds: 0.1 });
    expect(log).toContain('terminate');
    hang.on = false;
    const again = await bridge.trace(r.key, 'client-to-nodeport', {}, []);
    expect(again?.trace.steps.length).toBe(96);
    expect(spawned).toBe(2);
    // The new worker got the scenario again before the trace.
    expect(log.slice(log.lastIndexOf('terminate'))).toEqual(['terminate', 'load', 'trace']);
  });
});
