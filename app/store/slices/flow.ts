/** Flow slice: the selected flow, random-choice overrides and the Trace (re-simulated on change). */
import type { StateCreator } from 'zustand';
import type { FlowSlice, PacketWalkState } from '../types';
import type { EngineRunner } from './engine-task';
import { retrace, retraceOnScreen, targetOf } from './retrace';

/**
 * Creates the flow slice.
 * @param runner runs the traces (off the main thread in the browser).
 */
export function createFlowSlice(runner: EngineRunner): StateCreator<PacketWalkState, [], [], FlowSlice> {
  return (set, get) => {
    /** Re-traces the flow on screen with other choices; the cursor stays on the decision's step. */
    const rechoose = (choices: Readonly<Record<string, number>>, pause: boolean): Promise<void> =>
      retraceOnScreen(runner, get, set, choices, get().breakages, pause ? { playing: false } : {});
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
