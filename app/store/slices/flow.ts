/** Flow slice: the selected flow, random-choice overrides and the Trace (re-simulated on change). */
import type { StateCreator } from 'zustand';
import { traceFlow } from '../engine-bridge';
import type { FlowSlice, PacketWalkState } from '../types';

/** Creates the flow slice. */
export const createFlowSlice: StateCreator<PacketWalkState, [], [], FlowSlice> = (set, get) => ({
  flowName: null,
  choices: {},
  trace: null,

  selectFlow(name) {
    const scenario = get().scenario;
    const trace = scenario ? traceFlow(scenario, name, {}) : null;
    if (!scenario || !trace) {
      set({ flowName: null, choices: {}, trace: null, step: 0, playing: false });
      return false;
    }
    set({ flowName: name, choices: {}, trace, step: 0, playing: false });
    return true;
  },

  chooseAlternative(choice, option) {
    const { scenario, flowName, choices, step } = get();
    if (!scenario || !flowName) return;
    const next = { ...choices, [choice]: option };
    const trace = traceFlow(scenario, flowName, next);
    if (!trace) return;
    // The steps before the decision are the same in both branches: stay on the decision's step.
    set({ choices: next, trace, step: Math.min(step, trace.steps.length - 1), playing: false });
  },

  resetChoices() {
    const { scenario, flowName, step } = get();
    if (!scenario || !flowName) return;
    const trace = traceFlow(scenario, flowName, {});
    if (!trace) return;
    set({ choices: {}, trace, step: Math.min(step, trace.steps.length - 1) });
  },
});
