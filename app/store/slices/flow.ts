/** Flow slice: the selected flow, random-choice overrides and the Trace (re-simulated on change). */
import type { StateCreator } from 'zustand';
import type { FlowSlice, PacketWalkState } from '../types';
import type { EngineRunner } from './engine-task';
import { keepStep, retrace, targetOf } from './retrace';

/**
 * Creates the flow slice.
 * @param runner runs the traces (off the main thread in the browser).
 */
export function createFlowSlice(runner: EngineRunner): StateCreator<PacketWalkState, [], [], FlowSlice> {
  return (set, get) => {
    /** Re-traces the flow on screen with other choices; the cursor stays on its step. */
    const rechoose = async (choices: Readonly<Record<string, number>>, pause: boolean): Promise<void> => {
      const { flowName, breakages } = get();
      const target = targetOf(get());
      if (!flowName || !target) return;
      await runner.run('tracing', target.scenario.file, () => retrace(runner.engine, target, flowName, choices, breakages), (r) => {
        if (!r) return false;
        // The steps before the decision are the same in both branches: stay on the decision's step.
        set({ ...r, step: keepStep(get().step, r.trace.steps.length), ...(pause ? { playing: false } : {}) });
      });
    };
    return {
      flowName: null,
      choices: {},
      trace: null,
      world: null,
      baseTrace: null,

      selectFlow(name) {
        const target = targetOf(get());
        if (!target || !target.scenario.flows.some((f) => f.name === name)) {
          set({ flowName: null, choices: {}, breakages: [], trace: null, world: null, baseTrace: null, step: 0, playing: false, autoAdvance: false });
          return Promise.resolve(false);
        }
        return runner.run('tracing', target.scenario.file, () => retrace(runner.engine, target, name, {}, []), (r) => {
          if (!r) return false;
          set({ ...r, step: 0, playing: false, autoAdvance: false });
        });
      },

      chooseAlternative(choice, option) {
        return rechoose({ ...get().choices, [choice]: option }, true);
      },

      resetChoices() {
        return rechoose({}, false);
      },
    };
  };
}
