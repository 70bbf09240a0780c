/**
 * Running the store's engine work (loads and traces through the bridge): `busy` while it runs, only
 * the latest request's result applied (a slower, older answer never overwrites a newer one), and an
 * engine that did not answer (time limit, crash) reported in `loadErrors` instead of thrown.
 */
import { andThen, EngineFailure, type EngineBridge, type MaybePromise } from '../engine-bridge';
import type { BusyKind, LoadError, PacketWalkState } from '../types';

type Set = (partial: Partial<PacketWalkState>) => void;
type Get = () => PacketWalkState;

/** Runs engine work for the slices of one store. */
export interface EngineRunner {
  readonly engine: EngineBridge;
  /**
   * Runs `work` and hands its result to `apply` when no newer task started meanwhile.
   * @param file the scenario file the work is about (named in a failure).
   * @returns what `apply` returned; false when the result was stale or the engine failed.
   */
  run<T>(kind: BusyKind, file: string, work: () => MaybePromise<T>, apply: (result: T) => boolean | void): Promise<boolean>;
}

/** The error shown when the engine gave no answer. */
export function engineFailureError(e: unknown, file: string): LoadError {
  const f = e instanceof EngineFailure ? e : new EngineFailure('crashed', `the engine failed: ${e instanceof Error ? e.message : String(e)}`);
  return { file, line: 1, column: 1, path: '', message: f.message, code: f.code === 'timeout' ? 'engine-timeout' : 'engine-failed', seconds: f.seconds };
}

/** Creates the runner of one store. */
export function createEngineRunner(engine: EngineBridge, set: Set, get: Get): EngineRunner {
  let latest = 0;
  let running = 0;
  return {
    engine,
    run(kind, file, work, apply) {
      const ticket = ++latest;
      running++;
      set({ busy: { kind, file } });
      const settle = (ok: boolean) => {
        running--;
        if (running === 0 && get().busy) set({ busy: null });
        return ok;
      };
      const onResult = (r: Parameters<typeof apply>[0]) => settle(ticket === latest && apply(r) !== false);
      const onError = (e: unknown) => {
        if (ticket === latest) set({ loadErrors: [engineFailureError(e, file)], notice: null, playing: false, autoAdvance: false });
        return settle(false);
      };
      let out: MaybePromise<boolean>;
      try {
        out = andThen(work(), onResult);
      } catch (e) {
        out = onError(e);
      }
      return out instanceof Promise ? out.catch(onError) : Promise.resolve(out);
    },
  };
}
