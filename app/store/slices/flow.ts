/** Flow slice: the selected flow, random-choice overrides and the Trace (re-simulated on change). */
import type { StateCreator } from 'zustand';
import type { FlowSlice, PacketWalkState } from '../types';
import type { EngineRunner } from './engine-task';
import { keepStep, retrace, retraceOnScreen, targetOf } from './retrace';
import { twinFlow } from './twin-flow';

/**
 * Creates the flow slice.
 * @param runner runs the traces (off the main thread in the browser).
 */
export function createFlowSlice(runner: EngineRunner): StateCreator<PacketWalkState, [], [], FlowSlice> {
  return (set, get) => {
    /** Re-traces the flow on screen with other choices; the cursor stays on the decision's step. */
    const rechoose = (choices: Readonly<Record<string, number>>, pause: boolean): Promise<void> => retraceOnScreen(runner, get, set, choices, get().breakages, pause ? { playing: false } : {});
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
        return runner.run(
          'tracing',
          target.scenario.file,
          () => retrace(runner.engine, target, name, {}, []),
          (r) => {
            if (!r) return false;
            set({ ...r, step: 0, playing: false, autoAdvance: false });
          },
        );
      },

      chooseAlternative(choice, option) {
        const st = get();
        const choices = { ...st.choices, [choice]: option };
        // Another flow of the file that is this probe with these choices (canal-nodeport's
        // "other endpoint"): show that flow, with its own title and narration.
        const twin = twinFlow(targetOf(st)?.scenario.flows ?? [], st.flowName, choices);
        if (!twin) return rechoose(choices, true);
        const at = st.step;
        return get()
          .selectFlow(twin)
          .then((ok) => {
            const steps = get().trace?.steps.length ?? 0;
            if (ok !== false && steps) set({ step: keepStep(at, steps) });
          });
      },

      resetChoices() {
        return rechoose({}, false);
      },
    };
  };
}
