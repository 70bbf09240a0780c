/**
 * Breakage slice ("Break it"): the active edits of the World. Switching one re-traces the flow on
 * the broken World (the engine bridge applies them); Reset brings back the scenario as written.
 */
import type { StateCreator } from 'zustand';
import type { Breakage, BreakageSlice, PacketWalkState } from '../types';
import { sameBreakage } from '../selectors/breakage';
import { keepStep, retrace } from './retrace';

/** Creates the breakage slice. */
export const createBreakageSlice: StateCreator<PacketWalkState, [], [], BreakageSlice> = (set, get) => {
  const apply = (list: readonly Breakage[]) => {
    const { flowName, choices, step, baseTrace } = get();
    if (!flowName) return;
    const r = retrace(get(), flowName, choices, list, baseTrace);
    if (!r) return;
    set({ ...r, step: keepStep(step, r.trace.steps.length), playing: false, autoAdvance: false });
  };
  return {
    breakages: [],
    toggleBreakage(b) {
      const cur = get().breakages;
      apply(cur.some((x) => sameBreakage(x, b)) ? cur.filter((x) => !sameBreakage(x, b)) : [...cur, b]);
    },
    resetBreakages() {
      if (get().breakages.length) apply([]);
    },
  };
};
