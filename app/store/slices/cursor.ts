/** Cursor slice: which step of the Trace is on screen. In challenge mode, open questions gate it. */
import type { StateCreator } from 'zustand';
import { allowedStep } from '../selectors/challenge';
import type { CursorSlice, PacketWalkState } from '../types';

/** Clamps `n` to the steps of the Trace (0 without one). */
export function clampStep(s: PacketWalkState, n: number): number {
  const last = (s.trace?.steps.length ?? 1) - 1;
  if (!Number.isFinite(n)) return 0;
  return Math.max(0, Math.min(last, Math.trunc(n)));
}

/** Where a move to `n` lands: clamped to the Trace, and stopped before an open question. */
export function moveTarget(s: PacketWalkState, n: number): number {
  return allowedStep(s, s.step, clampStep(s, n));
}

/** Creates the cursor slice. Manual moves pause playback and auto-advance. */
export const createCursorSlice: StateCreator<PacketWalkState, [], [], CursorSlice> = (set, get) => ({
  step: 0,
  stepForward: () => set({ step: moveTarget(get(), get().step + 1), playing: false, autoAdvance: false }),
  stepBack: () => set({ step: clampStep(get(), get().step - 1), playing: false, autoAdvance: false }),
  jumpTo: (n) => set({ step: moveTarget(get(), n), playing: false, autoAdvance: false }),
  jumpToStart: () => set({ step: 0, playing: false, autoAdvance: false }),
  jumpToEnd: () => set({ step: moveTarget(get(), Number.MAX_SAFE_INTEGER), playing: false, autoAdvance: false }),
});
