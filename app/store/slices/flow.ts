/** Flow slice: the selected flow, random-choice overrides and the Trace (re-simulated on change). */
import type { StateCreator } from 'zustand';
import type { FlowSlice, PacketWalkState } from '../types';
import { keepStep, retrace } from './retrace';

/** Creates the flow slice. */
export const createFlowSlice: StateCreator<PacketWalkState, [], [], FlowSlice> = (set, get) => ({
  flowName: null,
  choices: {},
  trace: null,
  world: null,
  baseTrace: null,

  selectFlow(name) {
    const r = retrace(get(), name, {}, []);
    if (!r) {
      set({ flowName: null, choices: {}, breakages: [], trace: null, world: null, baseTrace: null, step: 0, playing: false, autoAdvance: false });
      return false;
    }
    set({ ...r, step: 0, playing: false, autoAdvance: false });
    return true;
  },

  chooseAlternative(choice, option) {
    const { flowName, choices, breakages, step } = get();
    if (!flowName) return;
    const r = retrace(get(), flowName, { ...choices, [choice]: option }, breakages);
    if (!r?.trace) return;
    // The steps before the decision are the same in both branches: stay on the decision's step.
    set({ ...r, step: keepStep(step, r.trace.steps.length), playing: false });
  },

  resetChoices() {
    const { flowName, breakages, step } = get();
    if (!flowName) return;
    const r = retrace(get(), flowName, {}, breakages);
    if (!r?.trace) return;
    set({ ...r, step: keepStep(step, r.trace.steps.length) });
  },
});
