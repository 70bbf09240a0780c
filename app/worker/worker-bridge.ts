/**
 * The browser's engine bridge: a client of the engine Web Worker. Requests are answered in order by
 * the worker; results arrive in parts and are reassembled here (see `chunked.ts`). A request that
 * takes longer than the time limit is not waited for: the worker is terminated, every request in
 * flight fails with `EngineFailure('timeout')`, and the next request starts a fresh worker, which
 * gets the scenarios it needs loaded again from the texts kept here.
 */
import { EngineFailure, type BridgeLoadResult, type EngineBridge, type TracedFlow } from '../store/engine-bridge';
import type { LoadResult } from '../scenario';
import { Assembler } from './chunked';
import type { WorkerRequest, WorkerResponse } from './protocol';

/** The longest a load or a trace may take before the worker is stopped. */
export const DEFAULT_ENGINE_TIMEOUT_MS = 10_000;

/** The part of a Worker the client uses (so tests can pass a fake). */
export interface WorkerLike {
  postMessage(msg: WorkerRequest): void;
  terminate(): void;
  onmessage: ((e: MessageEvent<WorkerResponse>) => void) | null;
  onerror: ((e: ErrorEvent) => void) | null;
  onmessageerror?: ((e: MessageEvent) => void) | null;
}

/** How to reach the worker. */
export interface WorkerBridgeOptions {
  /** Starts a worker running `engine.worker.ts`. */
  readonly spawn: () => WorkerLike;
  /** Time limit per request, in milliseconds (DEFAULT_ENGINE_TIMEOUT_MS). */
  readonly timeoutMs?: number;
}

interface Pending {
  readonly assembler: Assembler;
  readonly resolve: (v: unknown) => void;
  readonly reject: (e: Error) => void;
  readonly timer: ReturnType<typeof setTimeout>;
}

/** Creates a worker-backed engine bridge. The worker starts with the first request. */
export function createWorkerBridge(options: WorkerBridgeOptions): EngineBridge {
  const timeoutMs = options.timeoutMs ?? DEFAULT_ENGINE_TIMEOUT_MS;
  const seconds = Math.round(timeoutMs / 100) / 10;
  const sources = new Map<string, { text: string; file: string; files?: Readonly<Record<string, string>> }>();
  const pending = new Map<number, Pending>();
  let worker: WorkerLike | null = null;
  let loadedIn = new Set<string>();
  let nextId = 0;
  let nextKey = 0;

  /** Stops the worker and fails everything in flight. */
  const stop = (failure: EngineFailure) => {
    worker?.terminate();
    worker = null;
    loadedIn = new Set();
    const all = [...pending.values()];
    pending.clear();
    for (const p of all) {
      clearTimeout(p.timer);
      p.reject(failure);
    }
  };

  const onMessage = (e: MessageEvent<WorkerResponse>) => {
    const msg = e.data;
    const p = pending.get(msg.id);
    if (!p) return;
    if ('part' in msg) return p.assembler.add(msg.part);
    pending.delete(msg.id);
    clearTimeout(p.timer);
    if ('done' in msg) p.resolve(p.assembler.finish(msg.done));
    else p.reject(new EngineFailure('crashed', `the engine failed: ${msg.error}`));
  };

  const current = (): WorkerLike => {
    if (worker) return worker;
    const w = options.spawn();
    w.onmessage = onMessage;
    w.onerror = (e) => {
      e.preventDefault?.();
      stop(new EngineFailure('crashed', `the engine stopped: ${e.message || 'worker error'}`));
    };
    w.onmessageerror = () => stop(new EngineFailure('crashed', 'the engine sent a message that could not be read'));
    worker = w;
    return w;
  };

  const request = (make: (id: number) => Exclude<WorkerRequest, { op: 'release' }>): Promise<unknown> => {
    const w = current();
    const id = ++nextId;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => stop(new EngineFailure('timeout', `the engine took longer than ${seconds} s and was stopped`, seconds)), timeoutMs);
      pending.set(id, { assembler: new Assembler(), resolve, reject, timer });
      w.postMessage(make(id));
    });
  };

  return {
    async load(text, file, files): Promise<BridgeLoadResult> {
      const key = `s${++nextKey}`;
      sources.set(key, { text, file, ...(files ? { files } : {}) });
      loadedIn.add(key);
      try {
        const r = (await request((id) => ({ op: 'load', id, key, text, file, ...(files ? { files } : {}) }))) as LoadResult;
        if (r.ok) return { ok: true, key, scenario: r.scenario };
        sources.delete(key);
        return { ok: false, errors: r.errors };
      } catch (e) {
        sources.delete(key);
        throw e;
      }
    },
    async trace(key, flow, choices, breakages): Promise<TracedFlow | null> {
      const src = sources.get(key);
      if (!src) throw new EngineFailure('crashed', `no scenario loaded under key ${key}`);
      if (!loadedIn.has(key)) {
        // A fresh worker (after a timeout) does not have it yet: load it again first (answered in order).
        loadedIn.add(key);
        request((id) => ({ op: 'load', id, key, text: src.text, file: src.file, ...(src.files ? { files: src.files } : {}), quiet: true })).catch(() => undefined);
      }
      return (await request((id) => ({ op: 'trace', id, key, flow, choices: { ...choices }, breakages: [...breakages] }))) as TracedFlow | null;
    },
    release(key) {
      sources.delete(key);
      if (loadedIn.delete(key)) worker?.postMessage({ op: 'release', key });
    },
    dispose() {
      stop(new EngineFailure('crashed', 'the engine was shut down'));
      sources.clear();
    },
  };
}
