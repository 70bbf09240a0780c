/** Presenter slice: presenter mode, blanking the screen, and auto-advance at a chosen pace. */
import type { StateCreator } from 'zustand';
import type { PacketWalkState, PresenterSlice } from '../types';
import { selectKeySteps, nextKeyStep, prevKeyStep } from '../selectors/key-steps';
import { clampStep, moveTarget } from './cursor';

/** Auto-advance paces offered to the presenter (milliseconds per step). */
export const PRESENTER_PACES = [2000, 3000, 5000, 8000, 12000] as const;

/** Where the presenter's next goes from the step on screen: the next key step, or the next step. */
function nextTarget(s: PacketWalkState): number {
  const last = (s.trace?.steps.length ?? 1) - 1;
  return s.keyStepsOnly ? nextKeyStep(selectKeySteps(s), s.step, last) : s.step + 1;
}

/** Creates the presenter slice. */
export const createPresenterSlice: StateCreator<PacketWalkState, [], [], PresenterSlice> = (set, get) => ({
  presenting: false,
  blanked: false,
  autoAdvance: false,
  paceMs: 5000,
  keyStepsOnly: true,
  setPresenting: (on) => set({ presenting: on, blanked: false, autoAdvance: false, playing: false }),
  toggleKeyStepsOnly: () => set({ keyStepsOnly: !get().keyStepsOnly }),
  presenterNext() {
    const s = get();
    set({ step: moveTarget(s, nextTarget(s)), playing: false, autoAdvance: false });
  },
  presenterBack() {
    const s = get();
    set({ step: clampStep(s, s.keyStepsOnly ? prevKeyStep(selectKeySteps(s), s.step) : s.step - 1), playing: false, autoAdvance: false });
  },
  toggleBlank: () => set({ blanked: !get().blanked }),
  toggleAutoAdvance() {
    const { autoAdvance, trace, step } = get();
    if (autoAdvance || !trace) set({ autoAdvance: false });
    else set({ autoAdvance: true, playing: false, step: step >= trace.steps.length - 1 ? 0 : step });
  },
  setPace(ms) {
    if ((PRESENTER_PACES as readonly number[]).includes(ms)) set({ paceMs: ms });
  },
  advanceAuto() {
    const { autoAdvance, step, blanked } = get();
    if (!autoAdvance || blanked) return;
    const next = moveTarget(get(), nextTarget(get()));
    if (next === step) set({ autoAdvance: false });
    else set({ step: next });
  },
});
