/** Presenter slice: presenter mode, blanking the screen, and auto-advance at a chosen pace. */
import type { StateCreator } from 'zustand';
import type { PacketWalkState, PresenterSlice } from '../types';
import { moveTarget } from './cursor';

/** Auto-advance paces offered to the presenter (milliseconds per step). */
export const PRESENTER_PACES = [2000, 3000, 5000, 8000, 12000] as const;

/** Creates the presenter slice. */
export const createPresenterSlice: StateCreator<PacketWalkState, [], [], PresenterSlice> = (set, get) => ({
  presenting: false,
  blanked: false,
  autoAdvance: false,
  paceMs: 5000,
  setPresenting: (on) => set({ presenting: on, blanked: false, autoAdvance: false, playing: false }),
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
    const next = moveTarget(get(), step + 1);
    if (next === step) set({ autoAdvance: false });
    else set({ step: next });
  },
});
