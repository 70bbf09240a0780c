/**
 * The engine bridge for Node and tests: the loader and the engine run in the calling thread. By
 * default it answers synchronously, so a store's actions have settled when they return (scripts and
 * Playwright fixtures read the state at once). Options make it behave like the worker: `clone`
 * sends every result through the same chunked encoding and structured clone the worker uses, and
 * `defer` answers on a later task.
 */
import { Assembler, encodeChunked } from '../worker/chunked';
import { EngineCore } from '../worker/engine-core';
import type { BridgeLoadResult, EngineBridge, MaybePromise, TracedFlow } from './engine-bridge';

/** How the in-process bridge answers. */
export interface InProcessOptions {
  /** Copy results the way the worker boundary does (chunked, then structured clone). */
  readonly clone?: boolean;
  /** Answer with Promises resolved on a later task, like the worker. */
  readonly defer?: boolean;
  /** Nodes per part when cloning (small values exercise the chunking in tests). */
  readonly partBudget?: number;
}

/** What crossing the worker boundary does to a value. */
function crossBoundary<T>(value: T, budget?: number): T {
  const assembler = new Assembler();
  const root = encodeChunked(value, (part) => assembler.add(structuredClone(part)), budget);
  return assembler.finish(structuredClone(root)) as T;
}

/** Creates an in-process engine bridge. */
export function createInProcessBridge(options: InProcessOptions = {}): EngineBridge {
  const core = new EngineCore();
  let next = 0;
  const out = <T>(make: () => T): MaybePromise<T> => {
    const copy = () => (options.clone ? crossBoundary(make(), options.partBudget) : make());
    if (!options.defer) return copy();
    return new Promise<T>((resolve, reject) =>
      setTimeout(() => {
        try {
          resolve(copy());
        } catch (e) {
          reject(e);
        }
      }, 0),
    );
  };
  return {
    synchronous: !options.defer,
    load(text, file, files) {
      const key = `s${++next}`;
      return out((): BridgeLoadResult => {
        const r = core.load(key, text, file, files);
        return r.ok ? { ok: true, key, scenario: r.scenario } : { ok: false, errors: r.errors };
      });
    },
    trace(key, flow, choices, breakages) {
      return out((): TracedFlow | null => core.trace(key, flow, choices, breakages));
    },
    release: (key) => core.release(key),
    dispose() {},
  };
}
