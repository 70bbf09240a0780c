/**
 * Breakage slice ("Break it"): the active edits of the World. Switching one re-traces the flow on
 * the broken World (the engine applies them); Reset brings back the scenario as written.
 */
import type { StateCreator } from 'zustand';
import type { Breakage, BreakageSlice, PacketWalkState } from '../types';
import { sameBreakage } from '../selectors/breakage';
import type { EngineRunner } from './engine-task';
import { retraceOnScreen } from './retrace';

/**
 * Creates the breakage slice.
 * @param runner runs the traces (off the main thread in the browser).
 */
export function createBreakageSlice(runner: EngineRunner): StateCreator<PacketWalkState, [], [], BreakageSlice> {
  return (set, get) => {
    const apply = (list: readonly Breakage[]): Promise<void> => retraceOnScreen(runner, get, set, get().choices, list, { playing: false, autoAdvance: false }, get().baseTrace);
    return {
      breakages: [],
      toggleBreakage(b) {
        const cur = get().breakages;
        return apply(cur.some((x) => sameBreakage(x, b)) ? cur.filter((x) => !sameBreakage(x, b)) : [...cur, b]);
      },
      resetBreakages() {
        return get().breakages.length ? apply([]) : Promise.resolve();
      },
    };
  };
}
